import { DbInstance, DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { RDS_RULES } from './rds-rules';

/** A PostgreSQL instance configured like PostgresDatabase, with its TLS-only parameter group; `overrides` break it. */
function database(scope: Construct, overrides: Partial<DbInstanceConfig> = {}, forceSsl: string | null = '1'): DbInstance {
  const parameters = new DbParameterGroup(scope, 'Parameters', {
    family: 'postgres14',
    parameter: forceSsl === null ? [] : [{ name: 'rds.force_ssl', value: forceSsl }],
  });
  return new DbInstance(scope, 'db', {
    engine: 'postgres',
    engineVersion: '14.12',
    instanceClass: 'db.t3.medium',
    allocatedStorage: 100,
    storageEncrypted: true,
    kmsKeyId: 'arn:aws:kms:eu-central-1:1:key/k',
    multiAz: true,
    backupRetentionPeriod: 30,
    deletionProtection: true,
    iamDatabaseAuthenticationEnabled: true,
    monitoringInterval: 60,
    monitoringRoleArn: 'arn:aws:iam::1:role/monitoring',
    enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
    autoMinorVersionUpgrade: true,
    parameterGroupName: parameters.name,
    copyTagsToSnapshot: true,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: 'arn:aws:kms:eu-central-1:1:key/k',
    ...overrides,
  });
}

describe('RDS rules', () => {
  testRulePack(RDS_RULES, (stack) => database(stack), {
    'PLAT-RDS-001': [{ name: 'unencrypted storage', build: (stack) => database(stack, { storageEncrypted: false }), path: 'db', problem: 'storage_encrypted is false' }],
    'PLAT-RDS-002': [{ name: 'a single-AZ production database', build: (stack) => database(stack, { multiAz: false }), path: 'db', problem: 'multi_az is false' }],
    'PLAT-RDS-003': [
      { name: '3 days of backups in production', build: (stack) => database(stack, { backupRetentionPeriod: 3 }), path: 'db', problem: 'backup_retention_period is 3, below 7 days (production)' },
      { name: 'backups turned off outside production', build: (stack) => database(stack, { backupRetentionPeriod: 0 }), path: 'db', problem: 'below 1 day', production: false },
      { name: 'the 1-day API default in production', build: (stack) => database(stack, { backupRetentionPeriod: undefined }), path: 'db', problem: 'backup_retention_period is 1' },
    ],
    'PLAT-RDS-004': [{ name: 'no deletion protection in production', build: (stack) => database(stack, { deletionProtection: undefined }), path: 'db', problem: 'deletion_protection is not set' }],
    'PLAT-RDS-005': [{ name: 'a public endpoint', build: (stack) => database(stack, { publiclyAccessible: true }), path: 'db', problem: 'publicly_accessible is true' }],
    'PLAT-RDS-006': [
      { name: 'password-only logins', build: (stack) => database(stack, { iamDatabaseAuthenticationEnabled: undefined }), path: 'db', problem: 'iam_database_authentication_enabled is not set' },
    ],
    'PLAT-RDS-007': [{ name: 'enhanced monitoring off', build: (stack) => database(stack, { monitoringInterval: 0 }), path: 'db', problem: 'monitoring_interval is 0' }],
    'PLAT-RDS-008': [{ name: 'no log exports', build: (stack) => database(stack, { enabledCloudwatchLogsExports: [] }), path: 'db', problem: 'enabled_cloudwatch_logs_exports is empty' }],
    'PLAT-RDS-009': [{ name: 'minor upgrades off', build: (stack) => database(stack, { autoMinorVersionUpgrade: false }), path: 'db', problem: 'auto_minor_version_upgrade is false' }],
    'PLAT-RDS-010': [
      { name: 'rds.force_ssl 0', build: (stack) => database(stack, {}, '0'), path: 'db', problem: 'parameter group test/Parameters sets rds.force_ssl to "0"' },
      { name: 'PostgreSQL 14 without rds.force_ssl', build: (stack) => database(stack, {}, null), path: 'db', problem: 'parameter group test/Parameters does not set rds.force_ssl' },
      {
        name: 'MySQL with the default parameter group',
        build: (stack) => database(stack, { engine: 'mysql', engineVersion: '8.0', parameterGroupName: undefined }),
        path: 'db',
        problem: 'no parameter group of this stack sets require_secure_transport',
      },
    ],
    'PLAT-RDS-011': [{ name: 'snapshots without tags', build: (stack) => database(stack, { copyTagsToSnapshot: false }), path: 'db', problem: 'copy_tags_to_snapshot is false' }],
    'PLAT-RDS-012': [
      { name: 'Performance Insights on the AWS managed key', build: (stack) => database(stack, { performanceInsightsKmsKeyId: undefined }), path: 'db', problem: 'performance_insights_kms_key_id is not set' },
    ],
  });

  it('leaves Multi-AZ, deletion protection and the 7-day minimum to production', () => {
    const relaxed = (stack: Construct) => database(stack, { multiAz: false, deletionProtection: false, backupRetentionPeriod: 1 });
    for (const ruleId of ['PLAT-RDS-002', 'PLAT-RDS-003', 'PLAT-RDS-004']) expect(findingsOf(ruleId, relaxed, false)).toEqual([]);
  });

  it('exempts read replicas from Multi-AZ and backup retention', () => {
    const withReplica = (stack: Construct) => {
      const primary = database(stack);
      new DbInstance(stack, 'replica', {
        instanceClass: 'db.t3.medium',
        replicateSourceDb: primary.identifier,
        storageEncrypted: true,
        multiAz: false,
        backupRetentionPeriod: 0,
        deletionProtection: true,
      });
    };
    expect([...findingsOf('PLAT-RDS-002', withReplica), ...findingsOf('PLAT-RDS-003', withReplica)]).toEqual([]);
  });

  it('trusts the rds.force_ssl default of PostgreSQL 15 and later', () => {
    expect(findingsOf('PLAT-RDS-010', (stack) => database(stack, { engineVersion: '16.8', parameterGroupName: undefined }))).toEqual([]);
  });

  it.each([
    [1, 0],
    [0, 1],
  ])('PLAT-RDS-007 at its boundary: a monitoring interval of %i s gives %i finding', (monitoringInterval, findings) => {
    expect(findingsOf('PLAT-RDS-007', (stack) => database(stack, { monitoringInterval }))).toHaveLength(findings);
  });
});

describe('RDS rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: Construct) => void, production = true) => findingsOf(ruleId, build, production).map(({ problem }) => problem);

  it.each<[string, Partial<DbInstanceConfig>, boolean, string[]]>([
    ['exactly 7 days in production', { backupRetentionPeriod: 7 }, true, []],
    ['6 days in production', { backupRetentionPeriod: 6 }, true, ['backup_retention_period is 6, below 7 days (production)']],
    ['exactly 1 day elsewhere', { backupRetentionPeriod: 1 }, false, []],
    ['0 days elsewhere', { backupRetentionPeriod: 0 }, false, ['backup_retention_period is 0, below 1 day']],
    ['the 1-day API default elsewhere', { backupRetentionPeriod: undefined }, false, []],
    ['a count known only at apply time', { backupRetentionPeriod: '${var.days}' as unknown as number }, false, ['backup_retention_period is ${var.days} (known only at apply time), below 1 day']],
  ])('PLAT-RDS-003: %s', (_, overrides, production, expected) => {
    expect(problems('PLAT-RDS-003', (stack) => database(stack, overrides), production)).toEqual(expected);
  });

  /** An instance of `engine` with its own parameter group holding `parameters`, or none (`null`). */
  const withParameters = (engine: string, engineVersion: string | undefined, parameters: { name: string; value: string }[] | null) => (stack: Construct) => {
    const group = parameters === null ? undefined : new DbParameterGroup(stack, 'Own', { family: 'x', parameter: parameters });
    database(stack, { engine, engineVersion, parameterGroupName: group?.name });
  };

  it.each<[string, (stack: Construct) => void, string[]]>([
    ['PostgreSQL 15.0 on the default group (the first major forcing TLS)', withParameters('postgres', '15.0', null), []],
    ['PostgreSQL 14 on the default group', withParameters('postgres', '14.12', null), ['no parameter group of this stack sets rds.force_ssl']],
    ['PostgreSQL of a version known only at apply time', withParameters('postgres', '${var.version}', null), ['no parameter group of this stack sets rds.force_ssl']],
    ['PostgreSQL without an engine_version (the newest major)', withParameters('postgres', undefined, null), []],
    ['MySQL without an engine_version', withParameters('mysql', undefined, null), ['no parameter group of this stack sets require_secure_transport']],
    ['MySQL with require_secure_transport ON', withParameters('mysql', '8.0', [{ name: 'require_secure_transport', value: 'ON' }]), []],
    ['MariaDB with require_secure_transport 1', withParameters('mariadb', '10.11', [{ name: 'require_secure_transport', value: '1' }]), []],
    ['MariaDB with require_secure_transport OFF', withParameters('mariadb', '10.11', [{ name: 'require_secure_transport', value: 'OFF' }]), ['parameter group test/Own sets require_secure_transport to "OFF"']],
    ['PostgreSQL 14 with a group setting other parameters only', withParameters('postgres', '14.12', [{ name: 'log_connections', value: '1' }]), ['parameter group test/Own does not set rds.force_ssl']],
    ['an engine without a TLS parameter (Oracle)', withParameters('oracle-se2', '19', null), []],
  ])('PLAT-RDS-010: %s', (_, build, expected) => {
    expect(problems('PLAT-RDS-010', build)).toEqual(expected);
  });

  it('PLAT-RDS-012 asks for a key only when Performance Insights is on', () => {
    expect(problems('PLAT-RDS-012', (stack) => database(stack, { performanceInsightsEnabled: false, performanceInsightsKmsKeyId: undefined }))).toEqual([]);
  });
});
