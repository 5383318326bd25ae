import { KGAS_SERVICES, MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES } from './catalogs';
import { serviceAccountRoleRequests } from './service-account-roles';

describe('serviceAccountRoleRequests', () => {
  it('asks for a role only for services with IAM statements, trusting their service account', () => {
    const [backend, frontend] = NOVEL_ENGINE_SERVICES;
    const { network: _network, ...storageOnly } = backend;
    const requests = serviceAccountRoleRequests(
      [{ ...storageOnly, iamStatements: [{ sid: 'Storage', actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::novel-engine-storage/*'] }] }, frontend],
      'novel-engine',
    );
    expect(Object.keys(requests)).toEqual(['novel-engine-backend']);
    expect(requests['novel-engine-backend']).toMatchObject({ namespace: 'novel-engine', serviceAccount: 'novel-engine-backend' });
    expect(JSON.parse(requests['novel-engine-backend'].policyJson!)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Storage', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::novel-engine-storage/*'] }],
    });
  });

  it('asks for a role for every IAM-authenticated database or cache user, without an inline policy (the data stack grants the connection); none for KGAS, whose DATABASE_URL secret carries its credentials', () => {
    const requests = serviceAccountRoleRequests([...NOVEL_ENGINE_SERVICES, ...MICROSERVICES_CATALOG, ...KGAS_SERVICES], 'production');
    expect(Object.keys(requests)).toEqual(['novel-engine-backend', 'auth-service', 'user-service', 'task-service']);
    expect(requests['auth-service']).toEqual({ namespace: 'production', serviceAccount: 'auth-service' });
  });
});
