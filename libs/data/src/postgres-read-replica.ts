import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { PostgresDatabase } from './postgres-database';
import { ACCOUNT_ID, AWS_REGION, isIntegerBetween, isLateBound, requirement, RESOURCE_NAME } from './private/db-validation';
import {
  createMonitoringRole,
  createPostgresKeyAndLogGroups,
  createPostgresParameterGroup,
  POSTGRES_BACKUP_WINDOW,
  POSTGRES_ENGINE_VERSION,
  postgresConnectPolicyJson,
  postgresInstanceSettings,
} from './private/postgres-parts';

/** An RDS DB instance ARN; group 1 is the region. */
const RDS_INSTANCE_ARN = /^arn:aws(?:-cn|-us-gov)?:rds:([a-z0-9-]+):\d{12}:db:[a-z][a-z0-9-]*$/;

export interface PostgresReadReplicaProps {
  /**
   * RDS identifier of the replica, e.g. `platform-production-replica`; also the prefix of its key alias, parameter
   * group and monitoring role. It stays the identifier after promotion (changing it would replace the instance).
   */
  readonly name: string;
  /** AWS account id, for ARNs in the key policy (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the replica, e.g. `eu-west-1`; the scope's AWS provider must be configured for it. */
  readonly region: string;
  /**
   * ARN of the primary ({@link PostgresDatabase.arn}) in another region: a cross-region replica names its source by
   * ARN, and the provider reads the source region from it.
   */
  readonly sourceDatabaseArn: string;
  /** DB subnet group of the secondary network's isolated database subnets. */
  readonly subnetGroupName: string;
  /** Security groups of the replica: the secondary network's database group. */
  readonly securityGroupIds: readonly string[];
  /**
   * The primary's `engineVersion` ({@link PostgresDatabase.engineVersion}). A replica runs its source's version; this
   * picks the family of the replica's parameter group (`postgres16`), which must be the source's.
   * @default '16'
   */
  readonly engineVersion?: string;
  /**
   * Let RDS apply minor version upgrades in the maintenance window, as the primary does.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /**
   * Instance class; a standby may be smaller than the primary, but after promotion it carries all the load.
   * @default 'db.t3.medium'
   */
  readonly instanceClass?: string;
  /**
   * Upper limit of storage autoscaling in GiB. The replica starts with the primary's allocated storage.
   * @default 1000
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Whether the instance is a standalone primary: `false` keeps it replicating `sourceDatabaseArn`; `true` drops
   * `replicate_source_db`, which makes the AWS provider promote the replica in place (hashicorp/aws `db_instance`
   * docs: "Removing the `replicate_source_db` attribute from an existing RDS Replicate database managed by Terraform
   * will promote the database to a fully standalone database"), and turns Multi-AZ and the final snapshot on.
   * Promotion cannot be undone: setting it back to `false` would not make the instance a replica again. Only set it
   * on an instance created as a replica (a new instance without a source has no engine to be created with).
   * @default false
   */
  readonly promoted?: boolean;
  /**
   * Days automated backups are kept, 1 to 35, in both states: RDS for PostgreSQL 14.1 and later keeps automated
   * backups of read replicas, and AWS recommends a completed backup before a promotion (PromoteReadReplica), so the
   * promoted primary has point-in-time recovery from its first minute.
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * A synchronous standby in a second AZ once promoted. The replica itself runs in one AZ: it is the standby.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Refuse deletion (`deletion_protection`); once promoted, also take a final snapshot `<name>-final` and keep
   * automated backups when the instance is destroyed. `false`, for non-production environments only.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * `prevent_destroy` on the instance and its KMS key, so no plan can destroy them (a plan that would replace the
   * replica fails instead of recreating it empty).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Days CloudWatch keeps the exported `postgresql` and `upgrade` logs; one of {@link LOG_RETENTION_DAYS}.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Tags of the instance besides `Name`, the same in both states (a tag change is an update, but a promotion should
   * change only what it must), e.g. `{ Backup: '<selection>' }` for an AWS Backup selection of the secondary region.
   * @default - `Name` only
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A cross-region, promotable read replica of a {@link PostgresDatabase}, for pilot-light and warm-standby recovery:
 * - encrypted with a key of its own region (RDS cannot use a key of another region), which also encrypts Performance
 *   Insights and the exported logs; a parameter group of the primary's family with the same settings; the same
 *   security posture as the primary (private, IAM authentication, TLS CA, enhanced monitoring, log exports);
 * - promoted in place by `promoted: true`: every argument that would force a new instance is the same in both states
 *   and only {@link PostgresReadReplica.PROMOTION_CHANGES} differ, so the plan is an update of the instance.
 * After a promotion the master user is the primary's (its password lives in the primary region's RDS-managed secret);
 * applications keep logging in with IAM authentication, which the replica has from the start.
 */
export class PostgresReadReplica extends Construct {
  /**
   * The `aws_db_instance` arguments that differ between `promoted: false` and `true`; hashicorp/aws 5.100.0 updates
   * each in place (none is ForceNew): `replicate_source_db` (removed: PromoteReadReplica), `multi_az` (ModifyDBInstance),
   * and `skip_final_snapshot` / `final_snapshot_identifier` (read at deletion only; RDS refuses a final snapshot
   * identifier when a replica is deleted, so the replica skips it).
   */
  static readonly PROMOTION_CHANGES: readonly string[] = ['replicate_source_db', 'multi_az', 'skip_final_snapshot', 'final_snapshot_identifier'];

  /** The replica (or, once promoted, the standalone primary). */
  readonly instance: DbInstance;
  /** `aws_db_instance.endpoint`: `<host>:<port>`. */
  readonly endpoint: string;
  /** Host name of the instance (`aws_db_instance.address`), without the port. */
  readonly address: string;
  readonly arn: string;
  /** RDS identifier, `name`. */
  readonly identifier: string;
  /** Key of the replica's region: storage, snapshots, Performance Insights and the exported logs. */
  readonly key: KmsKey;
  readonly parameterGroup: DbParameterGroup;
  /** Role RDS enhanced monitoring publishes OS metrics with. */
  readonly monitoringRole: IamRole;

  constructor(scope: Construct, id: string, props: PostgresReadReplicaProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? PostgresDatabase.DEFAULT_ENGINE_VERSION;
    const instanceClass = props.instanceClass ?? PostgresDatabase.DEFAULT_INSTANCE_CLASS;
    const maxAllocatedStorage = props.maxAllocatedStorageGiB ?? 1000;
    const backupRetentionPeriod = props.backupRetentionDays ?? 7;
    const logRetentionDays = props.logRetentionDays ?? 365;
    const promoted = props.promoted ?? false;
    const protect = props.deletionProtection ?? true;
    const preventDestroy = props.preventDestroy ?? true;
    this.validate(props, { engineVersion, instanceClass, maxAllocatedStorage, backupRetentionPeriod, logRetentionDays });

    const { name, region, accountId } = props;
    this.identifier = name;
    const { key, logGroups } = createPostgresKeyAndLogGroups(this, {
      description: `Encrypts the PostgreSQL replica ${name} in ${region}: storage, snapshots, Performance Insights, logs`,
      alias: `${name}-postgres`,
      accountId,
      region,
      identifiers: [name],
      logRetentionDays,
      preventDestroy,
    });
    this.key = key;
    this.parameterGroup = createPostgresParameterGroup(this, { name, engineVersion });
    const { role, policy } = createMonitoringRole(this, { name, accountId, region });
    this.monitoringRole = role;

    // engine, engine_version, username, db_name and the master password settings are left out in both states: a
    // replica inherits them from its source (the provider refuses engine and username beside replicate_source_db),
    // and engine, username and db_name force a new instance when they change, so they must not appear on promotion.
    // allocated_storage is inherited too; max_allocated_storage lets it grow.
    this.instance = new DbInstance(this, 'Resource', {
      ...postgresInstanceSettings({
        instanceClass,
        parameterGroup: this.parameterGroup,
        securityGroupIds: props.securityGroupIds,
        maxAllocatedStorage,
        key: this.key,
        autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
        deletionProtection: protect,
        monitoringRole: role,
        dependsOn: [policy, ...logGroups],
      }),
      identifier: name,
      dbSubnetGroupName: props.subnetGroupName,
      backupRetentionPeriod,
      backupWindow: POSTGRES_BACKUP_WINDOW,
      deleteAutomatedBackups: !protect,
      tags: { ...props.tags, Name: name },
      lifecycle: { preventDestroy },
      // A promotion's other changes (Multi-AZ, a standby's larger class) take effect with it, not in the next
      // maintenance window: the failover needs them now.
      applyImmediately: true,
      ...(promoted
        ? { multiAz: props.multiAz ?? true, skipFinalSnapshot: !protect, finalSnapshotIdentifier: protect ? `${name}-final` : undefined }
        : // RDS takes no final snapshot of a replica (DeleteDBInstance refuses FinalDBSnapshotIdentifier for one).
          { replicateSourceDb: props.sourceDatabaseArn, multiAz: false, skipFinalSnapshot: true }),
    });

    this.endpoint = this.instance.endpoint;
    this.address = this.instance.address;
    this.arn = this.instance.arn;
    this.partition = partitionOf(region);
    this.accountId = accountId;
    this.region = region;
  }

  private readonly partition: string;
  private readonly accountId: string;
  private readonly region: string;

  /**
   * IAM policy that lets a role log in as `username` with IAM authentication: read-only while a replica, read-write
   * once promoted (the instance's resource id, and so the policy, stay the same).
   */
  connectPolicyJson(username: string): string {
    return postgresConnectPolicyJson({ partition: this.partition, region: this.region, accountId: this.accountId, resourceId: this.instance.resourceId, username });
  }

  private validate(
    props: PostgresReadReplicaProps,
    resolved: { engineVersion: string; instanceClass: string; maxAllocatedStorage: number; backupRetentionPeriod: number; logRetentionDays: number },
  ): void {
    const require = requirement(this);
    const { engineVersion, instanceClass, maxAllocatedStorage, backupRetentionPeriod, logRetentionDays } = resolved;
    require(
      RESOURCE_NAME.test(props.name) && props.name.length <= 49,
      'name',
      `'${props.name}' is not an RDS identifier with room for '-rds-monitoring' (IAM role names have at most 64 characters)`,
      'use at most 49 lower-case letters, digits and single hyphens, starting with a letter, e.g. platform-production-replica',
    );
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass the secondary region, e.g. eu-west-1');
    if (!isLateBound(props.sourceDatabaseArn)) {
      const sourceRegion = RDS_INSTANCE_ARN.exec(props.sourceDatabaseArn)?.[1];
      require(
        sourceRegion !== undefined,
        'sourceDatabaseArn',
        `'${props.sourceDatabaseArn}' is not an RDS DB instance ARN`,
        "pass the primary's ARN (PostgresDatabase.arn), e.g. arn:aws:rds:eu-central-1:123456789012:db:platform-production",
      );
      require(
        sourceRegion !== props.region,
        'sourceDatabaseArn',
        `names a database in ${props.region}, the replica's own region`,
        'use PostgresDatabase readReplicas for a replica in the same region; this construct is for another region',
      );
    }
    require(props.subnetGroupName !== '', 'subnetGroupName', 'is empty', "pass the secondary network's DB subnet group name");
    require(props.securityGroupIds.length > 0, 'securityGroupIds', 'the list is empty', "pass the secondary network's database security group");
    require(
      POSTGRES_ENGINE_VERSION.test(engineVersion),
      'engineVersion',
      `'${engineVersion}' is not PostgreSQL 15 or 16`,
      "pass the primary's engineVersion (PostgresDatabase.engineVersion), e.g. '16'",
    );
    require(/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceClass), 'instanceClass', `'${instanceClass}' is not an RDS instance class`, "use a class such as 'db.t3.medium'");
    require(isIntegerBetween(maxAllocatedStorage, 20, 65536), 'maxAllocatedStorageGiB', `${maxAllocatedStorage} is outside 20 to 65536 GiB`, 'set the autoscaling limit between 20 and 65536 GiB');
    require(
      isIntegerBetween(backupRetentionPeriod, 1, 35),
      'backupRetentionDays',
      `${backupRetentionPeriod} is outside 1 to 35 days (0 would leave the promoted primary without point-in-time recovery)`,
      'keep backups between 1 and 35 days, e.g. 7',
    );
    require(
      (LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays),
      'logRetentionDays',
      `${logRetentionDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    require(props.tags === undefined || !('Name' in props.tags), 'tags', 'sets Name, which the construct sets to the instance identifier', 'leave Name out of tags');
  }
}
