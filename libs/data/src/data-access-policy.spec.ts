import { synthJson } from '@platform/terraform-testing';
import { DataAccessPolicy, DataAccessPolicyProps } from './data-access-policy';
import { PostgresDatabase } from './postgres-database';
import { RedisCache } from './redis-cache';

const COMMON = { name: 'platform-prod', accountId: '123456789012', region: 'eu-central-1', subnetGroupName: 'platform-prod-database' };

function synth(policies: Record<string, (stores: { database: PostgresDatabase; cache: RedisCache }) => DataAccessPolicyProps>) {
  return synthJson((scope) => {
    const database = new PostgresDatabase(scope, 'postgres', { ...COMMON, securityGroupIds: ['sg-database'] });
    const cache = new RedisCache(scope, 'redis', { ...COMMON, securityGroupIds: ['sg-cache'] });
    for (const [id, props] of Object.entries(policies)) new DataAccessPolicy(scope, id, props({ database, cache }));
  });
}

describe('DataAccessPolicy', () => {
  const json = synth({
    backend: ({ database, cache }) => ({ roleName: 'platform-prod-novel-engine-backend', database, cache }),
    users: ({ database }) => ({ roleName: 'platform-prod-user-service', database }),
  });
  const instance = json.resources('aws_db_instance')[0];
  const databaseUser = `arn:aws:rds-db:eu-central-1:123456789012:dbuser:${json.ref(instance, 'resource_id')}/app`;
  const connectToPostgres = { Sid: 'ConnectToPostgresAsApplicationUser', Effect: 'Allow', Action: 'rds-db:connect', Resource: databaseUser };
  const connectToRedis = {
    Sid: 'ConnectToRedisAsApplicationUser',
    Effect: 'Allow',
    Action: 'elasticache:Connect',
    Resource: ['arn:aws:elasticache:eu-central-1:123456789012:replicationgroup:platform-prod', 'arn:aws:elasticache:eu-central-1:123456789012:user:platform-prod-app'],
  };

  it('grants a role exactly rds-db:connect as the application user of the instance and elasticache:Connect as the Redis application user', () => {
    const policy = json.resource('aws_iam_role_policy', 'backend');
    expect(policy).toMatchObject({ name: 'data-access', role: 'platform-prod-novel-engine-backend' });
    expect(JSON.parse(policy.policy as string)).toEqual({ Version: '2012-10-17', Statement: [connectToPostgres, connectToRedis] });
  });

  it('grants only what the role uses', () => {
    expect(JSON.parse(json.resource('aws_iam_role_policy', 'users').policy as string).Statement).toEqual([connectToPostgres]);
  });

  it('refuses a policy that grants nothing, and an empty role name', () => {
    expect(() => synth({ nothing: () => ({ roleName: 'platform-prod-worker' }) })).toThrow(
      'nothing: database: neither database nor cache is given, so the policy would grant nothing. Fix: pass the PostgresDatabase, the RedisCache or both',
    );
    expect(() => synth({ nameless: ({ cache }) => ({ roleName: '', cache }) })).toThrow("nameless: roleName: is empty. Fix: pass the name of the service account's IAM role");
  });
});
