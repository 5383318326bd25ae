import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbInstanceAutomatedBackupsReplication } from '@cdktf/provider-aws/lib/db-instance-automated-backups-replication';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ACCOUNT_ID, AWS_REGION, isIntegerBetween, isLateBound, KMS_KEY_ARN, requirement, RESOURCE_NAME } from './private/db-validation';
import {
  createMonitoringRole,
  createPostgresKeyAndLogGroups,
  createPostgresParameterGroup,
  POSTGRES_BACKUP_WINDOW,
  POSTGRES_CA_CERT_IDENTIFIER,
  POSTGRES_ENGINE_VERSION,
  POSTGRES_LOG_EXPORTS,
  POSTGRES_MAINTENANCE_WINDOW,
  POSTGRES_PARAMETERS,
  postgresConnectPolicyJson,
  postgresInstanceSettings,
  postgresParameterGroupFamily,
} from './private/postgres-parts';

export interface PostgresDatabaseProps {
  /** RDS identifier of the primary, prefix of every other name, e.g. `platform-production`. */
  readonly name: string;
  /** AWS account id, for ARNs in IAM and KMS policies (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the instance, e.g. `eu-central-1`. */
  readonly region: string;
  /** DB subnet group over the isolated database subnets (`NetworkAttributes.dbSubnetGroupName`). */
  readonly subnetGroupName: string;
  /** Security groups of the instances: the network's database group (5432 from the application group only). */
  readonly securityGroupIds: readonly string[];
  /**
   * PostgreSQL version: the major version (`'16'`, `'15'`) while `autoMinorVersionUpgrade` is on, a full minor
   * version (`'16.8'`) only with it off. RDS picks the major version's default minor at creation and upgrades it in
   * the maintenance window; the provider reads the version as a prefix (the running one is `engine_version_actual`),
   * so an upgrade causes no diff. A pinned minor version would: after RDS upgrades, every plan wants it back. The
   * major version picks the parameter group family.
   * @default '16'
   */
  readonly engineVersion?: string;
  /**
   * Let RDS apply minor version upgrades in the maintenance window (primary and replicas). `false` keeps the minor
   * version `engineVersion` names until it is changed here.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /**
   * Instance class of the primary and the replicas.
   * @default 'db.t3.medium'
   */
  readonly instanceClass?: string;
  /**
   * Initial gp3 storage in GiB.
   * @default 100
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Upper limit of storage autoscaling in GiB; at least `allocatedStorageGiB`.
   * @default 1000
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * A synchronous standby in a second AZ with automatic failover.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Days automated backups (and point-in-time recovery) are kept, 1 to 35. 0, which turns backups off, is refused.
   * @default 30
   */
  readonly backupRetentionDays?: number;
  /**
   * Refuse deletion (`deletion_protection`) and take a final snapshot `<name>-final` when the instance is destroyed,
   * keeping its automated backups; refuse `terraform destroy` of the KMS key (`prevent_destroy`), without which
   * snapshots and backups cannot be read. `false`, for non-production environments only, switches all four off so
   * `terraform destroy` tears the database down.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Number of same-region read replicas, keyed `replica-1`, `replica-2`, ...; removing the last one removes only it.
   * @default 0
   */
  readonly readReplicas?: number;
  /**
   * Name of the database created in the instance.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Master user name. Its password is generated and rotated by RDS in Secrets Manager, never by Terraform.
   * @default 'postgres'
   */
  readonly masterUsername?: string;
  /**
   * Database user the applications log in as with IAM authentication (`rds-db:connect`, see
   * {@link PostgresDatabase.connectPolicyJson}); not the master user. RDS does not create it: run once, as the master
   * user, `CREATE USER <name>; GRANT rds_iam TO <name>;` and grant it what the application needs (docs/runbook.md).
   * @default 'app'
   */
  readonly applicationUsername?: string;
  /**
   * Days CloudWatch keeps the exported `postgresql` and `upgrade` logs; one of {@link LOG_RETENTION_DAYS}.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Days between rotations of the RDS-managed master password (Secrets Manager managed rotation, no Lambda; seed
   * 003: 30). Applications never hold it: they log in with IAM authentication.
   * @default 30
   */
  readonly masterPasswordRotationDays?: number;
  /**
   * Second region automated backups are replicated to (`aws_db_instance_automated_backups_replication`), for
   * point-in-time recovery after a regional outage. Needs `replicationProvider` and `replicationKmsKeyArn`.
   * @default - backups stay in `region`
   */
  readonly backupReplicationRegion?: string;
  /**
   * AWS provider (an alias) configured for `backupReplicationRegion`; the replication is created there.
   * @default - none; required with `backupReplicationRegion`
   */
  readonly replicationProvider?: TerraformProvider;
  /**
   * ARN of a KMS key in `backupReplicationRegion` that encrypts the replicated backups.
   * @default - none; required with `backupReplicationRegion`
   */
  readonly replicationKmsKeyArn?: string;
  /**
   * Tags of the primary instance besides `Name`, e.g. `{ Backup: 'platform-production' }` for an AWS Backup selection
   * by tag. Same-region replicas do not get them: a selection picks the primary, whose backups hold their data.
   * @default - `Name` only
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * RDS for PostgreSQL, production defaults throughout:
 * - Multi-AZ, gp3 storage with autoscaling, encrypted with its own rotating KMS key, never publicly accessible;
 * - master password managed by RDS in Secrets Manager (`manage_master_user_password`), encrypted with the same key:
 *   no password is ever in Terraform code or state; IAM database authentication on for applications;
 * - parameter group: TLS enforced, `pg_stat_statements`, slow statement (> 1 s), connection and lock wait logging;
 * - 30 days of backups in a fixed night window, maintenance right after; deletion protection and a final snapshot;
 * - Performance Insights (7 days, KMS), enhanced monitoring every 60 s, `postgresql` and `upgrade` logs exported
 *   to KMS-encrypted log groups with retention (created here, so RDS does not create them without one);
 * - optional read replicas and cross-region replication of automated backups.
 */
export class PostgresDatabase extends Construct {
  static readonly DEFAULT_ENGINE_VERSION = '16';
  static readonly DEFAULT_INSTANCE_CLASS = 'db.t3.medium';
  static readonly PORT = 5432;
  /** Database RDS creates at launch, when `databaseName` is not given. */
  static readonly DEFAULT_DATABASE_NAME = 'app';
  static readonly BACKUP_WINDOW = POSTGRES_BACKUP_WINDOW;
  static readonly MAINTENANCE_WINDOW = POSTGRES_MAINTENANCE_WINDOW;
  static readonly LOG_EXPORTS: readonly string[] = POSTGRES_LOG_EXPORTS;
  static readonly CA_CERT_IDENTIFIER = POSTGRES_CA_CERT_IDENTIFIER;
  /** Parameters of the parameter group; static ones apply at the next reboot. */
  static readonly PARAMETERS = POSTGRES_PARAMETERS;

  /** The primary instance. */
  readonly instance: DbInstance;
  /** ARN of the primary: the `sourceDatabaseArn` of a {@link PostgresReadReplica} in another region. */
  readonly arn: string;
  /** PostgreSQL version as configured (`'16'`), for replicas that build their own parameter group of the same family. */
  readonly engineVersion: string;
  /** Parameter group family of {@link engineVersion}, e.g. `postgres16`. */
  readonly parameterGroupFamily: string;
  /** Read replicas by name (`replica-1`, ...). */
  readonly replicas: Readonly<Record<string, DbInstance>>;
  /** Host name of the primary (`aws_db_instance.address`), without the port. */
  readonly endpoint: string;
  readonly port: number;
  /** Name of the database created in the instance. */
  readonly databaseName: string;
  /** ARN of the Secrets Manager secret RDS keeps the master user name and password in (JSON keys `username`, `password`). */
  readonly masterUserSecretArn: string;
  /** Database user the applications log in as with IAM authentication (no password). */
  readonly applicationUsername: string;
  /**
   * IAM policy (JSON) an application role needs to log in as {@link applicationUsername}: `rds-db:connect` on
   * `arn:aws:rds-db:<region>:<account>:dbuser:<instance resource id>/<user>` of the primary.
   */
  readonly connectPolicyJson: string;
  /** Encrypts storage, snapshots, Performance Insights, the master user secret and the exported logs. */
  readonly key: KmsKey;
  readonly parameterGroup: DbParameterGroup;
  /** Role RDS enhanced monitoring publishes OS metrics with. */
  readonly monitoringRole: IamRole;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? PostgresDatabase.DEFAULT_ENGINE_VERSION;
    const autoMinorVersionUpgrade = props.autoMinorVersionUpgrade ?? true;
    const instanceClass = props.instanceClass ?? PostgresDatabase.DEFAULT_INSTANCE_CLASS;
    const allocatedStorage = props.allocatedStorageGiB ?? 100;
    const maxAllocatedStorage = props.maxAllocatedStorageGiB ?? 1000;
    const backupRetentionPeriod = props.backupRetentionDays ?? 30;
    const readReplicas = props.readReplicas ?? 0;
    const logRetentionDays = props.logRetentionDays ?? 365;
    const protect = props.deletionProtection ?? true;
    const rotationDays = props.masterPasswordRotationDays ?? 30;
    this.databaseName = props.databaseName ?? PostgresDatabase.DEFAULT_DATABASE_NAME;
    this.applicationUsername = props.applicationUsername ?? 'app';
    this.validate(props, { engineVersion, autoMinorVersionUpgrade, instanceClass, allocatedStorage, maxAllocatedStorage, backupRetentionPeriod, readReplicas, logRetentionDays, rotationDays });

    const { name, region, accountId } = props;
    const partition = partitionOf(region);
    const replicaNames = Array.from({ length: readReplicas }, (_, index) => `replica-${index + 1}`);
    const identifiers = [name, ...replicaNames.map((replica) => `${name}-${replica}`)];
    this.engineVersion = engineVersion;
    this.parameterGroupFamily = postgresParameterGroupFamily(engineVersion);

    const { key, logGroups } = createPostgresKeyAndLogGroups(this, {
      description: `Encrypts the PostgreSQL database ${name}: storage, snapshots, Performance Insights, master user secret, logs`,
      alias: `${name}-postgres`,
      accountId,
      region,
      identifiers,
      logRetentionDays,
      preventDestroy: protect,
    });
    this.key = key;
    this.parameterGroup = createPostgresParameterGroup(this, { name, engineVersion });
    const { role: monitoringRole, policy: monitoringPolicy } = createMonitoringRole(this, { name, accountId, region });
    this.monitoringRole = monitoringRole;

    /** Settings the primary and every replica share. */
    const common = {
      ...postgresInstanceSettings({
        instanceClass,
        parameterGroup: this.parameterGroup,
        securityGroupIds: props.securityGroupIds,
        maxAllocatedStorage,
        key: this.key,
        autoMinorVersionUpgrade,
        deletionProtection: protect,
        monitoringRole: this.monitoringRole,
        dependsOn: [monitoringPolicy, ...logGroups],
      }),
      engineVersion,
    };

    this.instance = new DbInstance(this, 'Resource', {
      ...common,
      identifier: name,
      engine: 'postgres',
      dbName: this.databaseName,
      username: props.masterUsername ?? 'postgres',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.key.arn,
      dbSubnetGroupName: props.subnetGroupName,
      port: PostgresDatabase.PORT,
      multiAz: props.multiAz ?? true,
      allocatedStorage,
      backupRetentionPeriod,
      backupWindow: PostgresDatabase.BACKUP_WINDOW,
      deleteAutomatedBackups: !protect,
      skipFinalSnapshot: !protect,
      finalSnapshotIdentifier: protect ? `${name}-final` : undefined,
      tags: { ...props.tags, Name: name },
    });

    // Managed rotation: RDS rotates its own secret, so no Lambda is needed; only the schedule is ours (RDS's is 7 days).
    new SecretsmanagerSecretRotation(this, 'MasterPasswordRotation', {
      secretId: this.instance.masterUserSecret.get(0).secretArn,
      rotationRules: { automaticallyAfterDays: rotationDays },
    });

    const replicas: Record<string, DbInstance> = {};
    for (const replica of replicaNames) {
      replicas[replica] = new DbInstance(this, `Replica-${replica}`, {
        ...common,
        identifier: `${name}-${replica}`,
        replicateSourceDb: this.instance.identifier,
        multiAz: false,
        // RDS takes no final snapshot of a replica; the primary's backups cover its data.
        skipFinalSnapshot: true,
        backupRetentionPeriod: 0,
        tags: { Name: `${name}-${replica}` },
      });
    }
    this.replicas = replicas;

    if (props.backupReplicationRegion !== undefined) {
      new DbInstanceAutomatedBackupsReplication(this, 'BackupReplication', {
        provider: props.replicationProvider,
        sourceDbInstanceArn: this.instance.arn,
        kmsKeyId: props.replicationKmsKeyArn,
        retentionPeriod: backupRetentionPeriod,
      });
    }

    this.arn = this.instance.arn;
    this.endpoint = this.instance.address;
    this.port = this.instance.port;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.connectPolicyJson = postgresConnectPolicyJson({ partition, region, accountId, resourceId: this.instance.resourceId, username: this.applicationUsername });
  }

  private validate(
    props: PostgresDatabaseProps,
    resolved: {
      engineVersion: string;
      autoMinorVersionUpgrade: boolean;
      instanceClass: string;
      allocatedStorage: number;
      maxAllocatedStorage: number;
      backupRetentionPeriod: number;
      readReplicas: number;
      logRetentionDays: number;
      rotationDays: number;
    },
  ): void {
    const require = requirement(this);
    const { engineVersion, autoMinorVersionUpgrade, instanceClass, allocatedStorage, maxAllocatedStorage, backupRetentionPeriod, readReplicas, logRetentionDays, rotationDays } = resolved;
    require(isIntegerBetween(rotationDays, 1, 365), 'masterPasswordRotationDays', `${rotationDays} is outside 1 to 365 days (the Secrets Manager limits)`, 'rotate every 1 to 365 days, e.g. 30');
    require(
      RESOURCE_NAME.test(props.name) && props.name.length <= 50,
      'name',
      `'${props.name}' is not an RDS identifier with room for '-replica-N'`,
      'use at most 50 lower-case letters, digits and single hyphens, starting with a letter, e.g. platform-production',
    );
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    require(props.subnetGroupName !== '', 'subnetGroupName', 'is empty', "pass the network's DB subnet group name");
    require(props.securityGroupIds.length > 0, 'securityGroupIds', 'the list is empty', "pass the network's database security group");
    require(
      POSTGRES_ENGINE_VERSION.test(engineVersion),
      'engineVersion',
      `'${engineVersion}' is not PostgreSQL 15 or 16 (a major version such as '16', or a minor version such as '16.8')`,
      `write '${PostgresDatabase.DEFAULT_ENGINE_VERSION}' or '15'`,
    );
    const major = engineVersion.split('.')[0];
    require(
      !autoMinorVersionUpgrade || !engineVersion.includes('.'),
      'engineVersion',
      `'${engineVersion}' pins a minor version while autoMinorVersionUpgrade is on, so every plan after RDS upgrades the minor version wants to change it back`,
      `write engineVersion: '${major}', or set autoMinorVersionUpgrade: false to keep ${engineVersion}`,
    );
    require(/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceClass), 'instanceClass', `'${instanceClass}' is not an RDS instance class`, "use a class such as 'db.t3.medium'");
    require(isIntegerBetween(allocatedStorage, 20, 65536), 'allocatedStorageGiB', `${allocatedStorage} is outside 20 to 65536 GiB`, 'allocate between 20 and 65536 GiB of gp3');
    require(
      isIntegerBetween(maxAllocatedStorage, 20, 65536) && maxAllocatedStorage >= allocatedStorage,
      'maxAllocatedStorageGiB',
      `${maxAllocatedStorage} is below allocatedStorageGiB ${allocatedStorage} or outside 20 to 65536`,
      'make the autoscaling limit at least the allocated storage, at most 65536 GiB',
    );
    require(
      isIntegerBetween(backupRetentionPeriod, 1, 35),
      'backupRetentionDays',
      `${backupRetentionPeriod} is outside 1 to 35 days (0 would turn automated backups and point-in-time recovery off)`,
      'keep backups between 1 and 35 days',
    );
    require(
      props.tags === undefined || !('Name' in props.tags),
      'tags',
      'sets Name, which the construct sets to the instance identifier',
      'leave Name out of tags',
    );
    require(isIntegerBetween(readReplicas, 0, 5), 'readReplicas', `${readReplicas} is not a count from 0 to 5`, 'ask for between 0 and 5 read replicas');
    require(
      (LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays),
      'logRetentionDays',
      `${logRetentionDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    if (props.databaseName !== undefined) {
      require(/^[a-zA-Z]\w{0,62}$/.test(props.databaseName), 'databaseName', `'${props.databaseName}' is not a PostgreSQL database name`, 'use a letter, then up to 62 letters, digits or underscores');
    }
    if (props.masterUsername !== undefined) {
      require(/^[a-zA-Z]\w{0,62}$/.test(props.masterUsername), 'masterUsername', `'${props.masterUsername}' is not a PostgreSQL user name`, 'use a letter, then up to 62 letters, digits or underscores');
    }
    if (props.applicationUsername !== undefined) {
      const master = props.masterUsername ?? 'postgres';
      require(/^[a-zA-Z]\w{0,62}$/.test(props.applicationUsername), 'applicationUsername', `'${props.applicationUsername}' is not a PostgreSQL user name`, 'use a letter, then up to 62 letters, digits or underscores');
      require(props.applicationUsername !== master, 'applicationUsername', `is the master user name ${master}, which applications must not use`, "use a user of its own, e.g. 'app'");
    }

    const replication = [props.backupReplicationRegion, props.replicationProvider, props.replicationKmsKeyArn];
    const given = replication.filter((value) => value !== undefined).length;
    require(
      given === 0 || given === replication.length,
      'backupReplicationRegion',
      'backupReplicationRegion, replicationProvider and replicationKmsKeyArn must be given together',
      'pass all three to replicate automated backups to another region, or none',
    );
    if (props.backupReplicationRegion !== undefined) {
      require(
        AWS_REGION.test(props.backupReplicationRegion) && props.backupReplicationRegion !== props.region,
        'backupReplicationRegion',
        `'${props.backupReplicationRegion}' is not a region other than ${props.region}`,
        'name a second region, e.g. eu-west-1',
      );
    }
    if (props.replicationKmsKeyArn !== undefined && !isLateBound(props.replicationKmsKeyArn)) {
      const keyRegion = KMS_KEY_ARN.exec(props.replicationKmsKeyArn)?.[1];
      require(
        keyRegion === props.backupReplicationRegion,
        'replicationKmsKeyArn',
        `'${props.replicationKmsKeyArn}' is not a KMS key ARN in ${props.backupReplicationRegion}`,
        'pass the ARN of a key in backupReplicationRegion (RDS cannot encrypt a replica with a key of another region)',
      );
    }
  }
}
