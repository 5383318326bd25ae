import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { partitionOf } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { createDataKey } from './db-kms-key';

/**
 * Parts every RDS for PostgreSQL instance of this library has, whatever its role (the primary and its same-region
 * replicas in PostgresDatabase, a cross-region replica in PostgresReadReplica): one definition, so a promoted replica
 * runs with exactly the primary's settings.
 */

/** PostgreSQL versions the library supports: a major version (`'16'`) or a minor one (`'16.8'`). */
export const POSTGRES_ENGINE_VERSION = /^1[56](\.\d+)?$/;

export const POSTGRES_BACKUP_WINDOW = '03:00-04:00';
export const POSTGRES_MAINTENANCE_WINDOW = 'sun:04:00-sun:05:00';
export const POSTGRES_CA_CERT_IDENTIFIER = 'rds-ca-rsa2048-g1';

/** Log types RDS exports to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS: readonly string[] = ['postgresql', 'upgrade'];

/** Parameters of the parameter group; static ones apply at the next reboot. */
export const POSTGRES_PARAMETERS: readonly { readonly name: string; readonly value: string; readonly applyMethod: 'immediate' | 'pending-reboot' }[] = [
  { name: 'shared_preload_libraries', value: 'pg_stat_statements', applyMethod: 'pending-reboot' },
  { name: 'max_connections', value: '200', applyMethod: 'pending-reboot' },
  // Seed 003: 16 MB per sort or hash operation (the unit is kB).
  { name: 'work_mem', value: '16384', applyMethod: 'immediate' },
  { name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' },
  { name: 'log_min_duration_statement', value: '1000', applyMethod: 'immediate' },
  { name: 'log_connections', value: '1', applyMethod: 'immediate' },
  { name: 'log_disconnections', value: '1', applyMethod: 'immediate' },
  { name: 'log_lock_waits', value: '1', applyMethod: 'immediate' },
];

/** `postgres16` for `'16'` or `'16.8'`. */
export function postgresParameterGroupFamily(engineVersion: string): string {
  return `postgres${engineVersion.split('.')[0]}`;
}

/** Where RDS writes an instance's exported log, e.g. `/aws/rds/instance/platform-prod/postgresql`. */
export function rdsLogGroupName(identifier: string, log: string): string {
  return `/aws/rds/instance/${identifier}/${log}`;
}

/** The log groups of {@link POSTGRES_LOG_EXPORTS} of each instance identifier. */
export function rdsLogGroupNames(identifiers: readonly string[]): string[] {
  return identifiers.flatMap((identifier) => POSTGRES_LOG_EXPORTS.map((log) => rdsLogGroupName(identifier, log)));
}

export interface PostgresKeyAndLogGroupsProps {
  /** What the key encrypts, for its description. */
  readonly description: string;
  /** Alias without `alias/`. */
  readonly alias: string;
  readonly accountId: string;
  readonly region: string;
  /** Identifiers of the instances whose logs the groups receive. */
  readonly identifiers: readonly string[];
  readonly logRetentionDays: number;
  readonly preventDestroy: boolean;
}

/**
 * The instance key (rotating, CloudWatch Logs limited to the instances' log groups) and the log groups RDS exports
 * to, created here with retention and the key, so RDS does not create them without either.
 */
export function createPostgresKeyAndLogGroups(scope: Construct, props: PostgresKeyAndLogGroupsProps): { key: KmsKey; logGroups: CloudwatchLogGroup[] } {
  const partition = partitionOf(props.region);
  const groupNames = rdsLogGroupNames(props.identifiers);
  const key = createDataKey(scope, 'Key', {
    description: props.description,
    alias: props.alias,
    accountId: props.accountId,
    region: props.region,
    logGroupArns: groupNames.map((groupName) => `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${groupName}`),
    preventDestroy: props.preventDestroy,
  });
  const logGroups = groupNames.map(
    (groupName) =>
      new CloudwatchLogGroup(scope, `LogGroup-${groupName.split('/').slice(-2).join('-')}`, {
        name: groupName,
        retentionInDays: props.logRetentionDays,
        kmsKeyId: key.arn,
      }),
  );
  return { key, logGroups };
}

/** The parameter group with {@link POSTGRES_PARAMETERS}, in the region of `scope`'s provider. */
export function createPostgresParameterGroup(scope: Construct, props: { readonly name: string; readonly engineVersion: string }): DbParameterGroup {
  const family = postgresParameterGroupFamily(props.engineVersion);
  const majorVersion = family.replace('postgres', '');
  return new DbParameterGroup(scope, 'ParameterGroup', {
    // A generated name (prefix + unique suffix): create_before_destroy needs the new group to exist beside the old.
    namePrefix: `${props.name}-${family}-`,
    family,
    description: `PostgreSQL ${majorVersion} settings of ${props.name}: TLS only, pg_stat_statements, slow statement and connection logging`,
    parameter: POSTGRES_PARAMETERS.map((parameter) => ({ ...parameter })),
    // A major upgrade brings a group of the new family; the instance moves to it before the old one is deleted
    // (deleting first fails: the instance still uses it).
    lifecycle: { createBeforeDestroy: true },
  });
}

/** The role RDS enhanced monitoring publishes OS metrics with, and the attachment of AWS's policy for it. */
export function createMonitoringRole(scope: Construct, props: { readonly name: string; readonly accountId: string; readonly region: string }): { role: IamRole; policy: IamRolePolicyAttachment } {
  const role = new IamRole(scope, 'MonitoringRole', {
    name: `${props.name}-rds-monitoring`,
    description: `Lets RDS enhanced monitoring of ${props.name} publish OS metrics to CloudWatch Logs`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'monitoring.rds.amazonaws.com' },
          Action: 'sts:AssumeRole',
          // Confused-deputy guard: only RDS acting for this account may assume the role.
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        },
      ],
    }),
  });
  const policy = new IamRolePolicyAttachment(scope, 'MonitoringRolePolicy', {
    role: role.name,
    policyArn: `arn:${partitionOf(props.region)}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
  });
  return { role, policy };
}

/** What {@link postgresInstanceSettings} needs. */
export interface PostgresInstanceSettingsProps {
  readonly instanceClass: string;
  readonly parameterGroup: DbParameterGroup;
  readonly securityGroupIds: readonly string[];
  readonly maxAllocatedStorage: number;
  readonly key: KmsKey;
  readonly autoMinorVersionUpgrade: boolean;
  readonly deletionProtection: boolean;
  readonly monitoringRole: IamRole;
  /** The monitoring policy attachment and the log groups: RDS must find them before the instance starts. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * Settings every instance shares, primary or replica, whatever its region: private, encrypted gp3 with autoscaling,
 * TLS CA, IAM authentication, no major upgrades by surprise, Performance Insights and enhanced monitoring, log exports.
 */
export function postgresInstanceSettings(props: PostgresInstanceSettingsProps) {
  return {
    instanceClass: props.instanceClass,
    parameterGroupName: props.parameterGroup.name,
    vpcSecurityGroupIds: [...props.securityGroupIds],
    publiclyAccessible: false,
    storageType: 'gp3',
    maxAllocatedStorage: props.maxAllocatedStorage,
    storageEncrypted: true,
    kmsKeyId: props.key.arn,
    caCertIdentifier: POSTGRES_CA_CERT_IDENTIFIER,
    iamDatabaseAuthenticationEnabled: true,
    autoMinorVersionUpgrade: props.autoMinorVersionUpgrade,
    allowMajorVersionUpgrade: false,
    copyTagsToSnapshot: true,
    deletionProtection: props.deletionProtection,
    maintenanceWindow: POSTGRES_MAINTENANCE_WINDOW,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: props.key.arn,
    performanceInsightsRetentionPeriod: 7,
    monitoringInterval: 60,
    monitoringRoleArn: props.monitoringRole.arn,
    enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
    dependsOn: [...props.dependsOn],
  } satisfies Partial<DbInstanceConfig>;
}
