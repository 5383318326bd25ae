import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { EnvironmentConfig } from '@platform/config';
import { ConstructValidationError, PlatformError } from '@platform/core';
import { PostgresDatabase } from '@platform/data';
import { suppress } from '@platform/guardrails';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { hasSecondaryNetwork, secondarySite } from './secondary-site';

export interface RestoreDrillStackProps {
  /**
   * The network stack of the region the drill restores into ({@link RestoreDrillStack.siteOf}): its database subnet
   * group and security groups are read through cross-stack references to that stack's state, in the same region.
   */
  readonly network: NetworkStack;
  /**
   * Class of the scratch instance. The drill proves that the data restores and how long it takes, not how fast the
   * instance serves, so the smallest class will do.
   * @default RestoreDrillStack.DEFAULT_INSTANCE_CLASS ('db.t3.micro')
   */
  readonly instanceClass?: string;
}

/**
 * `<env>-restore-drill` (`<env>-restore-drill-<secondary region>` where the drill runs in the secondary region): a
 * scratch PostgreSQL instance restored from the AWS Backup recovery point given as the Terraform variable
 * `recovery_point_arn`, for the restore drill (`npm run dr -- plan-restore-drill <env>`, docs/disaster-recovery.md, "Restore drill").
 * Not part of the environment's app: only that command synthesizes it, and the drill destroys it when done.
 *
 * Where: an environment that keeps a secondary network (pilot light, warm standby) restores in its secondary region
 * from the copy vault there, which proves the cross-region copies restore, and reads only that region's network
 * stack (never the primary's state: the drill rehearses a restore while the primary region is down). Backup and
 * restore restores in the primary region's network from the primary vault.
 *
 * Scratch settings: single-AZ, smallest class, no public endpoint, no backups, no deletion protection, no final
 * snapshot; IAM authentication on, so the checks log in as the application user with a token, as the applications
 * do. The instance keeps the snapshot's engine version, encryption key, users and data. A client security group
 * (`<prefix>-drill-client`) is the only way in: a host given it inside the VPC (e.g. an AWS CloudShell VPC environment)
 * runs the checks; the database security group admits it for the drill's lifetime only.
 */
export class RestoreDrillStack extends PlatformStack {
  static readonly DEFAULT_INSTANCE_CLASS = 'db.t3.micro';
  /** Port the checks connect to. */
  static readonly PORT = PostgresDatabase.PORT;
  /** Database the restored instance holds: the environment's (DataStack keeps PostgresDatabase's default). */
  static readonly DATABASE_NAME = PostgresDatabase.DEFAULT_DATABASE_NAME;
  /** Name of the Terraform variable holding the recovery point to restore. */
  static readonly RECOVERY_POINT_VARIABLE = 'recovery_point_arn';
  /**
   * An RDS snapshot ARN, which is what AWS Backup's recovery points of RDS instances are
   * (`arn:aws:rds:<region>:<account>:snapshot:awsbackup:job-…`, copies `…:copyjob-…`). Terraform's regex (RE2) and
   * JavaScript's read it alike.
   */
  static readonly RECOVERY_POINT_PATTERN = '^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:snapshot:[A-Za-z0-9:_-]+$';
  /** Tag every resource of the drill carries. */
  static readonly PURPOSE_TAG = { Purpose: 'restore-drill' } as const;

  /**
   * The config of the region the drill restores into: the secondary site for strategies that keep a secondary
   * network, the environment itself for backup-restore.
   * @throws PlatformError for `recovery.strategy: 'none'`, which keeps no recovery point to restore.
   */
  static siteOf(environment: EnvironmentConfig): EnvironmentConfig {
    if (environment.recovery.strategy === 'none') {
      throw new PlatformError(
        `${environment.name}: recovery.strategy is 'none': AWS Backup keeps no recovery point to restore. Fix: set recovery.strategy to 'backup-restore', 'pilot-light' or 'warm-standby'`,
      );
    }
    return hasSecondaryNetwork(environment) ? secondarySite(environment) : environment;
  }

  readonly recoveryPointArn: TerraformVariable;
  readonly instance: DbInstance;
  /** Give this group to the host that runs the checks. */
  readonly clientSecurityGroup: SecurityGroup;

  constructor(scope: Construct, environment: EnvironmentConfig, props: RestoreDrillStackProps) {
    const site = RestoreDrillStack.siteOf(environment);
    super(scope, site, 'restore-drill');
    const instanceClass = props.instanceClass ?? RestoreDrillStack.DEFAULT_INSTANCE_CLASS;
    this.validate(site, props, instanceClass);
    const { resourcePrefix } = site;
    const name = `${resourcePrefix}-drill`;
    const net = props.network.network.attributes;
    const tags = { ...RestoreDrillStack.PURPOSE_TAG, Lifecycle: `scratch - destroyed at the end of the drill by cdktf destroy ${this.node.id}` };

    this.recoveryPointArn = new TerraformVariable(this, RestoreDrillStack.RECOVERY_POINT_VARIABLE, {
      type: 'string',
      description: `ARN of the recovery point to restore: the newest in backup vault ${resourcePrefix} (${site.region}), an RDS snapshot ARN`,
      validation: [
        {
          condition: `\${can(regex("${RestoreDrillStack.RECOVERY_POINT_PATTERN}", var.${RestoreDrillStack.RECOVERY_POINT_VARIABLE}))}`,
          errorMessage: `${RestoreDrillStack.RECOVERY_POINT_VARIABLE} must be the ARN of an RDS snapshot recovery point, arn:aws:rds:${site.region}:${site.accountId}:snapshot:awsbackup:job-... (aws backup list-recovery-points-by-backup-vault prints it).`,
        },
      ],
    });

    this.clientSecurityGroup = new SecurityGroup(this, 'client', {
      name: `${name}-client`,
      description: 'Hosts that run the restore drill checks against the scratch PostgreSQL instance',
      vpcId: net.vpcId,
      tags: { ...tags, Name: `${name}-client` },
    });
    const port = RestoreDrillStack.PORT;
    new VpcSecurityGroupEgressRule(this, 'client-to-drill', {
      securityGroupId: this.clientSecurityGroup.id,
      description: 'PostgreSQL of the scratch instance',
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: net.securityGroupIds.database,
    });
    // The database group's rules are separate resources (BaselineSecurityGroups), so this one comes and goes with the
    // drill without touching the network stack's.
    new VpcSecurityGroupIngressRule(this, 'drill-from-client', {
      securityGroupId: net.securityGroupIds.database,
      description: 'PostgreSQL from the restore drill client (removed with the drill)',
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: this.clientSecurityGroup.id,
    });

    this.instance = new DbInstance(this, 'Resource', {
      identifier: name,
      snapshotIdentifier: this.recoveryPointArn.stringValue,
      instanceClass,
      dbSubnetGroupName: net.dbSubnetGroupName,
      vpcSecurityGroupIds: [net.securityGroupIds.database],
      multiAz: false,
      publiclyAccessible: false,
      // Recovery points are encrypted; the restore keeps the snapshot's key.
      storageEncrypted: true,
      iamDatabaseAuthenticationEnabled: true,
      deletionProtection: false,
      skipFinalSnapshot: true,
      backupRetentionPeriod: 0,
      deleteAutomatedBackups: true,
      applyImmediately: true,
      // No `Backup` selection tag: the scratch copy must not be backed up itself.
      tags: { ...tags, Name: name },
    });
    const reason = 'scratch instance of the restore drill, destroyed when the drill ends; the environment database keeps';
    suppress(this.instance, 'PLAT-RDS-003', `${reason} its backups`);
    if (site.production) {
      suppress(this.instance, 'PLAT-RDS-002', `${reason} Multi-AZ`);
      suppress(this.instance, 'PLAT-RDS-004', `${reason} deletion protection`);
    }

    new TerraformOutput(this, 'drill_endpoint', { value: this.instance.address, description: 'Host of the scratch PostgreSQL instance (TLS required)' });
    new TerraformOutput(this, 'drill_resource_id', { value: this.instance.resourceId, description: 'DbiResourceId of the scratch instance (rds-db:connect resource)' });
    new TerraformOutput(this, 'client_security_group_id', { value: this.clientSecurityGroup.id, description: 'Security group the host running the checks needs' });
  }

  private validate(site: EnvironmentConfig, { network }: RestoreDrillStackProps, instanceClass: string): void {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(
      network.environment.name === site.name && network.environment.region === site.region,
      'network',
      `is the network stack ${network.node.id} (${network.environment.region}), but the drill restores ${site.name} in ${site.region}`,
      `pass the network stack built from RestoreDrillStack.siteOf(environment) (${site.name} in ${site.region})`,
    );
    require(/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceClass), 'instanceClass', `'${instanceClass}' is not an RDS instance class`, `use e.g. ${RestoreDrillStack.DEFAULT_INSTANCE_CLASS}`);
  }
}

/**
 * Adds the restore drill of `environment` to an app: the network stack of the region it restores into (the same
 * stack the environment's app has, synthesized only so the drill can reference its state) and the drill stack.
 */
export function addRestoreDrillStacks(scope: Construct, environment: EnvironmentConfig): { network: NetworkStack; drill: RestoreDrillStack } {
  const network = new NetworkStack(scope, RestoreDrillStack.siteOf(environment));
  return { network, drill: new RestoreDrillStack(scope, environment, { network }) };
}
