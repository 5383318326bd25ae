import { Rule } from '../rule';
import { isFalse, isNonEmptyString, numberOf, stringsOf } from '../terraform-values';
import { describeValue, requireTrue } from './rule-helpers';

const REPLICATION_GROUP = ['aws_elasticache_replication_group'];

export const ELASTICACHE_RULES: readonly Rule[] = [
  {
    id: 'PLAT-EC-001',
    checkovIds: ['CKV_AWS_29'],
    complianceIds: ['FSBP-ElastiCache.4'],
    severity: 'error',
    resourceTypes: REPLICATION_GROUP,
    description: 'Cache data, snapshots and swap are encrypted at rest.',
    fix: 'set at_rest_encryption_enabled = true with a customer managed kms_key_id (RedisCache from @platform/data does)',
    check: (group) => requireTrue(group.config, 'at_rest_encryption_enabled'),
  },
  {
    id: 'PLAT-EC-002',
    checkovIds: ['CKV_AWS_30'],
    complianceIds: ['FSBP-ElastiCache.5'],
    severity: 'error',
    resourceTypes: REPLICATION_GROUP,
    description: 'Clients reach the cache over TLS only.',
    fix: 'set transit_encryption_enabled = true and leave transit_encryption_mode at "required"',
    check(group) {
      if (group.config.transit_encryption_mode === 'preferred') return 'transit_encryption_mode is "preferred", which still accepts plaintext connections';
      return requireTrue(group.config, 'transit_encryption_enabled');
    },
  },
  {
    id: 'PLAT-EC-003',
    checkovIds: ['CKV_AWS_31'],
    complianceIds: ['FSBP-ElastiCache.6'],
    severity: 'error',
    resourceTypes: REPLICATION_GROUP,
    description: 'Clients authenticate: RBAC user groups or an AUTH token.',
    fix: 'attach an aws_elasticache_user_group through user_group_ids (RedisCache uses IAM-authenticated users), or set an auth_token',
    check: (group) =>
      stringsOf(group.config.user_group_ids).length > 0 || isNonEmptyString(group.config.auth_token) ? undefined : 'has neither user_group_ids nor an auth_token',
  },
  {
    id: 'PLAT-EC-004',
    checkovIds: ['CKV2_AWS_50'],
    complianceIds: ['FSBP-ElastiCache.3'],
    severity: 'error',
    resourceTypes: REPLICATION_GROUP,
    productionOnly: true,
    description: 'Production caches fail over to a replica automatically.',
    fix: 'run at least 2 nodes and set automatic_failover_enabled = true (data.redis.nodes and data.redis.multiAz in the environment config)',
    check: (group) => requireTrue(group.config, 'automatic_failover_enabled'),
  },
  {
    id: 'PLAT-EC-005',
    checkovIds: [],
    complianceIds: ['FSBP-ElastiCache.2'],
    severity: 'error',
    resourceTypes: REPLICATION_GROUP,
    description: 'Minor engine versions (security patches) are applied in the maintenance window.',
    fix: 'remove auto_minor_version_upgrade = false (the default is true)',
    check: ({ config }) => (isFalse(config.auto_minor_version_upgrade) ? 'auto_minor_version_upgrade is false' : undefined),
  },
  {
    id: 'PLAT-EC-006',
    checkovIds: [],
    complianceIds: ['FSBP-ElastiCache.1'],
    severity: 'error',
    resourceTypes: REPLICATION_GROUP,
    description: 'Caches take daily snapshots (snapshot_retention_limit of 1 day or more), so a flush or a bad write can be rolled back.',
    fix: 'set snapshot_retention_limit to the days to keep (data.redis.snapshotRetentionDays in the environment config)',
    check({ config }) {
      const days = numberOf(config.snapshot_retention_limit);
      return days !== undefined && days >= 1 ? undefined : `snapshot_retention_limit is ${describeValue(config.snapshot_retention_limit)}`;
    },
  },
];
