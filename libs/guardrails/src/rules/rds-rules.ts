import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blocksOf, isFalse, isTrue, numberOf, stringsOf } from '../terraform-values';
import { describeValue, requireSet, requireTrue } from './rule-helpers';

const DB_INSTANCE = ['aws_db_instance'];

/** Backup days RDS keeps when `backup_retention_period` is not set (the API default). */
const RDS_DEFAULT_BACKUP_DAYS = 1;
const PRODUCTION_MIN_BACKUP_DAYS = 7;

/**
 * Parameter that refuses unencrypted connections, and the value that turns it on, per engine family; `defaultOnFrom`:
 * the first major version whose default parameter group turns it on (PostgreSQL 15 sets rds.force_ssl to 1).
 */
const TLS_PARAMETERS: readonly { engines: RegExp; parameter: string; on: readonly string[]; defaultOnFrom?: number }[] = [
  { engines: /^postgres/, parameter: 'rds.force_ssl', on: ['1'], defaultOnFrom: 15 },
  { engines: /^(mysql|mariadb)/, parameter: 'require_secure_transport', on: ['1', 'ON'] },
];

const isReplica = (instance: StackResource) => instance.config.replicate_source_db !== undefined;

function tlsProblem(instance: StackResource, stack: StackIndex): string | undefined {
  const engine = String(instance.config.engine ?? '');
  const tls = TLS_PARAMETERS.find(({ engines }) => engines.test(engine));
  if (tls === undefined) return undefined;
  const group = stack.resolve(instance.config.parameter_group_name);
  const setting = group && blocksOf(group.config.parameter).find(({ name }) => name === tls.parameter);
  if (setting) {
    return tls.on.includes(String(setting.value)) ? undefined : `parameter group ${group.constructPath} sets ${tls.parameter} to ${describeValue(setting.value)}`;
  }
  const major = numberOf(String(instance.config.engine_version ?? '').split('.')[0]);
  // Without an engine_version RDS creates the newest major, which has the default on where any major has.
  const defaultOn = tls.defaultOnFrom !== undefined && (instance.config.engine_version === undefined || (major ?? 0) >= tls.defaultOnFrom);
  if (defaultOn) return undefined;
  return group ? `parameter group ${group.constructPath} does not set ${tls.parameter}` : `no parameter group of this stack sets ${tls.parameter}`;
}

export const RDS_RULES: readonly Rule[] = [
  {
    id: 'PLAT-RDS-001',
    checkovIds: ['CKV_AWS_16'],
    complianceIds: ['CIS-3.0-2.3.1', 'FSBP-RDS.3'],
    severity: 'error',
    resourceTypes: DB_INSTANCE,
    description: 'Database storage, backups and snapshots are encrypted.',
    fix: 'set storage_encrypted = true with a customer managed kms_key_id (PostgresDatabase from @platform/data does)',
    check: (instance) => requireTrue(instance.config, 'storage_encrypted'),
  },
  {
    id: 'PLAT-RDS-002',
    checkovIds: ['CKV_AWS_157'],
    complianceIds: ['FSBP-RDS.5'],
    severity: 'error',
    resourceTypes: DB_INSTANCE,
    productionOnly: true,
    description: 'Production databases run Multi-AZ, with a standby in a second zone (read replicas are exempt).',
    fix: 'set multi_az = true (data.postgres.multiAz in the environment config)',
    check: (instance) => (isReplica(instance) ? undefined : requireTrue(instance.config, 'multi_az')),
  },
  {
    id: 'PLAT-RDS-003',
    checkovIds: ['CKV_AWS_133'],
    complianceIds: ['FSBP-RDS.11'],
    severity: 'error',
    resourceTypes: DB_INSTANCE,
    description: `Automated backups are kept at least ${PRODUCTION_MIN_BACKUP_DAYS} days in production and are never turned off (read replicas, whose data the primary's backups cover, are exempt).`,
    fix: `set backup_retention_period to at least ${PRODUCTION_MIN_BACKUP_DAYS} in production and at least 1 elsewhere (data.postgres.backupRetentionDays)`,
    check(instance, _stack, { production }) {
      if (isReplica(instance)) return undefined;
      const value = instance.config.backup_retention_period;
      const days = value === undefined ? RDS_DEFAULT_BACKUP_DAYS : numberOf(value);
      const minimum = production ? PRODUCTION_MIN_BACKUP_DAYS : 1;
      if (days !== undefined && days >= minimum) return undefined;
      return `backup_retention_period is ${describeValue(value ?? RDS_DEFAULT_BACKUP_DAYS)}, below ${minimum} day${minimum === 1 ? '' : 's'}${production ? ' (production)' : ''}`;
    },
  },
  {
    id: 'PLAT-RDS-004',
    checkovIds: ['CKV_AWS_293'],
    complianceIds: ['FSBP-RDS.8'],
    severity: 'error',
    resourceTypes: DB_INSTANCE,
    productionOnly: true,
    description: 'Production databases refuse deletion until protection is turned off.',
    fix: 'set deletion_protection = true',
    check: (instance) => requireTrue(instance.config, 'deletion_protection'),
  },
  {
    id: 'PLAT-RDS-005',
    checkovIds: ['CKV_AWS_17'],
    complianceIds: ['CIS-3.0-2.3.3', 'FSBP-RDS.2'],
    severity: 'error',
    resourceTypes: DB_INSTANCE,
    description: 'Databases have no public endpoint.',
    fix: 'remove publicly_accessible or set it to false; reach the database from inside the VPC',
    check: (instance) => (isTrue(instance.config.publicly_accessible) ? 'publicly_accessible is true' : undefined),
  },
  {
    id: 'PLAT-RDS-006',
    checkovIds: ['CKV_AWS_161'],
    complianceIds: ['FSBP-RDS.10'],
    severity: 'warning',
    resourceTypes: DB_INSTANCE,
    description: 'Databases accept IAM authentication, so services log in with short-lived tokens instead of passwords.',
    fix: 'set iam_database_authentication_enabled = true',
    check: (instance) => requireTrue(instance.config, 'iam_database_authentication_enabled'),
  },
  {
    id: 'PLAT-RDS-007',
    checkovIds: ['CKV_AWS_118'],
    complianceIds: ['FSBP-RDS.6'],
    severity: 'warning',
    resourceTypes: DB_INSTANCE,
    description: 'Enhanced monitoring publishes OS metrics of the database host.',
    fix: 'set monitoring_interval (e.g. 60 seconds) and a monitoring_role_arn',
    check(instance) {
      const interval = numberOf(instance.config.monitoring_interval);
      return interval !== undefined && interval > 0 ? undefined : `monitoring_interval is ${describeValue(instance.config.monitoring_interval)}`;
    },
  },
  {
    id: 'PLAT-RDS-008',
    checkovIds: ['CKV_AWS_129'],
    complianceIds: ['FSBP-RDS.9'],
    severity: 'warning',
    resourceTypes: DB_INSTANCE,
    description: 'Database logs are exported to CloudWatch Logs.',
    fix: 'list the engine logs in enabled_cloudwatch_logs_exports (e.g. ["postgresql", "upgrade"])',
    check: (instance) => (stringsOf(instance.config.enabled_cloudwatch_logs_exports).length > 0 ? undefined : 'enabled_cloudwatch_logs_exports is empty'),
  },
  {
    id: 'PLAT-RDS-009',
    checkovIds: ['CKV_AWS_226'],
    complianceIds: ['CIS-3.0-2.3.2', 'FSBP-RDS.13'],
    severity: 'warning',
    resourceTypes: DB_INSTANCE,
    description: 'Minor engine versions (security patches) are applied in the maintenance window.',
    fix: 'remove auto_minor_version_upgrade = false (the default is true)',
    check: (instance) => (isFalse(instance.config.auto_minor_version_upgrade) ? 'auto_minor_version_upgrade is false' : undefined),
  },
  {
    id: 'PLAT-RDS-010',
    checkovIds: ['CKV2_AWS_69'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: DB_INSTANCE,
    description: 'Databases refuse unencrypted connections (rds.force_ssl for PostgreSQL, require_secure_transport for MySQL/MariaDB).',
    fix: 'use a parameter group of this stack that sets rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = 1 (MySQL, MariaDB)',
    check: tlsProblem,
  },
  {
    id: 'PLAT-RDS-011',
    checkovIds: ['CKV2_AWS_60'],
    complianceIds: ['FSBP-RDS.17'],
    severity: 'warning',
    resourceTypes: DB_INSTANCE,
    description: 'Snapshots carry the instance tags (data classification, owner), so they are found and governed like the database.',
    fix: 'set copy_tags_to_snapshot = true',
    check: (instance) => requireTrue(instance.config, 'copy_tags_to_snapshot'),
  },
  {
    id: 'PLAT-RDS-012',
    checkovIds: ['CKV_AWS_354'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: DB_INSTANCE,
    description: 'Performance Insights, when on, is encrypted with a customer managed KMS key (it holds query text, which can hold personal data).',
    fix: 'set performance_insights_kms_key_id to the database key',
    check: ({ config }) => (isTrue(config.performance_insights_enabled) ? requireSet(config, 'performance_insights_kms_key_id') : undefined),
  },
];
