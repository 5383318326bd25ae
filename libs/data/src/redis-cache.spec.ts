import { synthJson } from '@platform/terraform-testing';
import { TerraformStack, Testing } from 'cdktf';
import { RedisCache, RedisCacheProps } from './redis-cache';

const PROPS: RedisCacheProps = {
  name: 'platform-prod',
  accountId: '123456789012',
  region: 'eu-central-1',
  subnetGroupName: 'platform-prod-database',
  securityGroupIds: ['sg-cache'],
};

const synth = (props: Partial<RedisCacheProps> = {}) => synthJson((scope) => new RedisCache(scope, 'redis', { ...PROPS, ...props }));

describe('RedisCache', () => {
  const json = synth();
  const group = json.resources('aws_elasticache_replication_group')[0];
  const keyArn = json.ref(json.resource('aws_kms_key', 'Key'), 'arn');

  it.each([
    [undefined, true],
    [false, false],
  ])('with preventDestroy %s, sets prevent_destroy %s on the replication group and its key', (preventDestroy, expected) => {
    const synthesized = synth({ preventDestroy });
    const resources = ['aws_kms_key', 'aws_elasticache_replication_group'].flatMap((type) => synthesized.resources(type));
    expect(resources).toHaveLength(2);
    for (const resource of resources) expect(resource.lifecycle).toMatchObject({ prevent_destroy: expected });
  });

  it('creates a Redis 7.1 primary and replica that fail over across AZs', () => {
    expect(group).toMatchObject({
      replication_group_id: 'platform-prod',
      engine: 'redis',
      engine_version: '7.1',
      node_type: 'cache.t3.medium',
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      subnet_group_name: 'platform-prod-database',
      security_group_ids: ['sg-cache'],
      port: 6379,
    });
  });

  it('encrypts at rest with its own rotating key and requires TLS in transit', () => {
    expect(group).toMatchObject({ at_rest_encryption_enabled: 'true', kms_key_id: keyArn, transit_encryption_enabled: true, transit_encryption_mode: 'required' });
    expect(json.resource('aws_kms_key', 'Key').enable_key_rotation).toBe(true);
  });

  it('evicts least recently used keys through a redis7 parameter group', () => {
    const parameters = json.resource('aws_elasticache_parameter_group', 'ParameterGroup');
    expect(group.parameter_group_name).toBe(json.ref(parameters, 'name'));
    expect(parameters).toMatchObject({ family: 'redis7', parameter: [{ name: 'maxmemory-policy', value: 'allkeys-lru' }] });
  });

  it('replaces its parameter group new before old, under a name that changes with every attribute forcing a replacement', () => {
    // Destroy-first would fail: the replication group still uses the old group. The provider has no name_prefix
    // here, so the name carries what forces a replacement (family, and the description derived from name and family).
    const parameters = json.resource('aws_elasticache_parameter_group', 'ParameterGroup');
    expect(parameters.lifecycle).toMatchObject({ create_before_destroy: true });
    expect(parameters).toMatchObject({ name: 'platform-prod-redis7', family: 'redis7' });
    expect(parameters.description).toBe('Redis 7 settings of platform-prod: evict least recently used keys when memory is full');
    const other = synth({ engineVersion: '7.0' }).resource('aws_elasticache_parameter_group', 'ParameterGroup');
    expect([other.name, other.family, other.description]).toEqual([parameters.name, parameters.family, parameters.description]);
  });

  it('keeps snapshots 7 days, snapshots and maintains at night, and snapshots before deletion', () => {
    expect(group).toMatchObject({
      snapshot_retention_limit: 7,
      snapshot_window: '03:00-04:00',
      maintenance_window: 'sun:05:00-sun:06:00',
      final_snapshot_identifier: 'platform-prod-final',
    });
  });

  it('delivers the slow log and the engine log to encrypted log groups with retention', () => {
    const logGroups = ['slow-log', 'engine-log'].map((logType) => json.resource('aws_cloudwatch_log_group', `LogGroup-${logType}`));
    expect(json.resources('aws_cloudwatch_log_group')).toHaveLength(2);
    expect(logGroups.map((g) => g.name)).toEqual(['/aws/elasticache/platform-prod/slow-log', '/aws/elasticache/platform-prod/engine-log']);
    for (const logGroup of logGroups) expect(logGroup).toMatchObject({ retention_in_days: 365, kms_key_id: keyArn });
    expect(group.log_delivery_configuration).toEqual(
      logGroups.map((logGroup, index) => ({
        destination: json.ref(logGroup, 'name'),
        destination_type: 'cloudwatch-logs',
        log_format: 'json',
        log_type: ['slow-log', 'engine-log'][index],
      })),
    );
  });

  it('authenticates the application with IAM and replaces the default user by a disabled one', () => {
    const app = json.resource('aws_elasticache_user', 'ApplicationUser');
    const disabledDefault = json.resource('aws_elasticache_user', 'DisabledDefaultUser');
    expect(app).toMatchObject({ user_id: 'platform-prod-app', user_name: 'platform-prod-app', authentication_mode: { type: 'iam' }, access_string: 'on ~* +@all -@dangerous' });
    expect(disabledDefault).toMatchObject({ user_id: 'platform-prod-default', user_name: 'default', access_string: 'off -@all', authentication_mode: { type: 'no-password-required' } });
    const userGroup = json.resource('aws_elasticache_user_group', 'UserGroup');
    expect(userGroup.user_ids).toEqual([json.ref(disabledDefault, 'user_id'), json.ref(app, 'user_id')]);
    expect(group.user_group_ids).toEqual([json.ref(userGroup, 'user_group_id')]);
  });

  it('has no token, password or secret anywhere', () => {
    expect(group).not.toHaveProperty('auth_token');
    const text = JSON.stringify(json.json);
    expect(text).not.toMatch(/password"|passwords"|auth_token|secret_string/);
  });

  it('tells which IAM permission an application role needs to connect', () => {
    const cache = new RedisCache(new TerraformStack(Testing.app(), 'stack'), 'redis', PROPS);
    expect(JSON.parse(cache.connectPolicyJson).Statement).toEqual([
      expect.objectContaining({
        Action: 'elasticache:Connect',
        Resource: ['arn:aws:elasticache:eu-central-1:123456789012:replicationgroup:platform-prod', 'arn:aws:elasticache:eu-central-1:123456789012:user:platform-prod-app'],
      }),
    ]);
  });

  it('runs a single node without failover when multiAz is off', () => {
    expect(synth({ nodes: 1, multiAz: false }).resources('aws_elasticache_replication_group')[0]).toMatchObject({
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
    });
  });

  describe('validation', () => {
    it.each<[string, Partial<RedisCacheProps>, RegExp]>([
      ['Multi-AZ with one node', { nodes: 1 }, /redis: multiAz: needs at least 2 nodes to fail over to another AZ, but nodes is 1\. Fix: set nodes to 2 or more, or multiAz to false/],
      ['Redis 6', { engineVersion: '6.2' }, /engineVersion: '6.2' is not a Redis OSS 7 version/],
      ['seven nodes', { nodes: 7 }, /nodes: 7 is not a node count from 1 to 6/],
      ['snapshots turned off', { snapshotRetentionDays: 0 }, /snapshotRetentionDays: 0 is outside 1 to 35 days/],
      ['a name too long for the user ids', { name: 'a'.repeat(33) }, /name: 'a+' is not a replication group id/],
      ['a disabled application user', { applicationAccessString: 'off ~* +@all' }, /applicationAccessString: .* does not start with 'on'/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
