import { actionsOf, namedSecretArn, renderPolicyDocument, rolePolicies } from './iam-policies';
import { PlatformModel } from './platform-model';

describe('rolePolicies', () => {
  const model = new PlatformModel({
    roles: {
      provider: { aws: [{ region: 'eu-central-1', allowed_account_ids: ['123456789012'] }] },
      data: {
        aws_iam_policy_document: {
          trust: {
            statement: [
              {
                actions: ['sts:AssumeRoleWithWebIdentity'],
                principals: [{ type: 'Federated', identifiers: ['arn:aws:iam::123456789012:oidc-provider/oidc.example'] }],
                condition: [
                  { test: 'StringEquals', variable: 'oidc.example:sub', values: ['system:serviceaccount:ns:sa'] },
                  { test: 'StringEquals', variable: 'oidc.example:aud', values: ['sts.amazonaws.com'] },
                ],
              },
            ],
          },
        },
      },
      resource: {
        aws_iam_role: { app: { name: 'app', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' }, other: { name: 'other', assume_role_policy: '{"Statement":[]}' } },
        aws_s3_bucket: { logs: { bucket: 'logs' } },
        aws_secretsmanager_secret: { key: { name: 'project/env/api-key' } },
        aws_iam_role_policy: {
          read: { name: 'read', role: '${aws_iam_role.app.id}', policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${aws_s3_bucket.logs.arn}/*"}]}' },
          secret: { name: 'secret', role: '${aws_iam_role.other.id}', policy: '{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"${aws_secretsmanager_secret.key.arn}"}]}' },
        },
        aws_iam_role_policy_attachment: { ro: { role: '${aws_iam_role.app.name}', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
      },
    },
  });
  const [app, other] = rolePolicies(model);

  it('gives each role its own inline policies, references resolved, and its AWS managed policies by ARN', () => {
    expect(app.name).toBe('app');
    expect(app.arn).toBe('arn:aws:iam::123456789012:role/app');
    expect(app.policies).toEqual([{ name: 'read', document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }] } }]);
    expect(app.awsManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(other.awsManagedPolicyArns).toEqual([]);
  });

  it('names a secret by reference with the ARN AWS gives it (name and random suffix), as the simulator expects', () => {
    const secret = model.resources('aws_secretsmanager_secret')[0];
    expect(namedSecretArn(model, secret)).toBe('arn:aws:secretsmanager:eu-central-1:123456789012:secret:project/env/api-key-AbCdEf');
    expect(other.policies).toEqual([{ name: 'secret', document: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: namedSecretArn(model, secret) }] } }]);
  });

  it('renders an aws_iam_policy_document trust policy as Terraform does', () => {
    expect(app.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Principal: { Federated: ['arn:aws:iam::123456789012:oidc-provider/oidc.example'] },
          Condition: { StringEquals: { 'oidc.example:sub': ['system:serviceaccount:ns:sa'], 'oidc.example:aud': ['sts.amazonaws.com'] } },
        },
      ],
    });
  });

  it('lists the actions a document names, not its NotActions', () => {
    expect(actionsOf(renderPolicyDocument({ statement: [{ actions: ['a:B', 'c:D'] }, { not_actions: ['e:F'] }] }))).toEqual(['a:B', 'c:D']);
  });
});
