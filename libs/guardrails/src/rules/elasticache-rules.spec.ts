import { ElasticacheReplicationGroup, ElasticacheReplicationGroupConfig } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { ELASTICACHE_RULES } from './elasticache-rules';

/** A Redis replication group configured like RedisCache; `overrides` break it. */
function cache(scope: Construct, overrides: Partial<ElasticacheReplicationGroupConfig> = {}): ElasticacheReplicationGroup {
  return new ElasticacheReplicationGroup(scope, 'cache', {
    replicationGroupId: 'cache',
    description: 'Redis cache',
    engine: 'redis',
    nodeType: 'cache.t3.medium',
    numCacheClusters: 2,
    atRestEncryptionEnabled: 'true',
    kmsKeyId: 'arn:aws:kms:eu-central-1:1:key/k',
    transitEncryptionEnabled: true,
    transitEncryptionMode: 'required',
    userGroupIds: ['cache-users'],
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    snapshotRetentionLimit: 7,
    ...overrides,
  });
}

describe('ElastiCache rules', () => {
  testRulePack(ELASTICACHE_RULES, (stack) => cache(stack), {
    'PLAT-EC-001': [{ name: 'no encryption at rest', build: (stack) => cache(stack, { atRestEncryptionEnabled: 'false' }), path: 'cache', problem: 'at_rest_encryption_enabled is "false"' }],
    'PLAT-EC-002': [
      { name: 'plaintext connections', build: (stack) => cache(stack, { transitEncryptionEnabled: false, transitEncryptionMode: undefined }), path: 'cache', problem: 'transit_encryption_enabled is false' },
      { name: 'TLS only preferred', build: (stack) => cache(stack, { transitEncryptionMode: 'preferred' }), path: 'cache', problem: 'still accepts plaintext connections' },
    ],
    'PLAT-EC-003': [{ name: 'no authentication', build: (stack) => cache(stack, { userGroupIds: undefined }), path: 'cache', problem: 'has neither user_group_ids nor an auth_token' }],
    'PLAT-EC-004': [
      { name: 'no failover in production', build: (stack) => cache(stack, { automaticFailoverEnabled: false, multiAzEnabled: false, numCacheClusters: 1 }), path: 'cache', problem: 'automatic_failover_enabled is false' },
    ],
    'PLAT-EC-005': [{ name: 'patches held back', build: (stack) => cache(stack, { autoMinorVersionUpgrade: 'false' }), path: 'cache', problem: 'auto_minor_version_upgrade is false' }],
    'PLAT-EC-006': [{ name: 'no snapshots', build: (stack) => cache(stack, { snapshotRetentionLimit: 0 }), path: 'cache', problem: 'snapshot_retention_limit is 0' }],
  });

  it('accepts an AUTH token instead of a user group', () => {
    expect(findingsOf('PLAT-EC-003', (stack) => cache(stack, { userGroupIds: undefined, authToken: 'a-long-enough-auth-token' }))).toEqual([]);
  });

  it('lets a single-node cache without failover pass outside production', () => {
    expect(findingsOf('PLAT-EC-004', (stack) => cache(stack, { automaticFailoverEnabled: false, numCacheClusters: 1 }), false)).toEqual([]);
  });

  it.each([
    [1, 0],
    [0, 1],
  ])('PLAT-EC-006 at its boundary: snapshots kept %i days give %i finding', (snapshotRetentionLimit, findings) => {
    expect(findingsOf('PLAT-EC-006', (stack) => cache(stack, { snapshotRetentionLimit }))).toHaveLength(findings);
  });
});

describe('ElastiCache rules at their thresholds', () => {
  it.each([
    [1, []],
    [0, ['snapshot_retention_limit is 0']],
  ])('PLAT-EC-006: %i snapshot day(s)', (snapshotRetentionLimit, expected) => {
    expect(findingsOf('PLAT-EC-006', (stack) => cache(stack, { snapshotRetentionLimit })).map(({ problem }) => problem)).toEqual(expected);
  });

  it('PLAT-EC-002 accepts transit encryption without a mode (required is the default)', () => {
    expect(findingsOf('PLAT-EC-002', (stack) => cache(stack, { transitEncryptionMode: undefined }))).toEqual([]);
  });
});
