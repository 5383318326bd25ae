import { IngressHealthEndpoint } from '@platform/cluster-addons';
import { defaultWorkloadHosts, deployedWorkloadServices, EnvironmentConfig, regionalIngressName } from '@platform/config';
import {
  BackupPlan,
  BackupVault,
  BucketReplication,
  EndpointHealthCheck,
  HealthCheckedFailoverRecord,
  seed002PostgresRules,
} from '@platform/recovery';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { PlatformStack } from './platform-stack';
import { SecondaryRecoveryStack } from './secondary-recovery-stack';
import { backupSelectionTags, breakGlassRoles, ownsFailoverRecords, productionVaultLock } from './recovery-settings';

export interface RecoveryStackDependencies {
  readonly data: DataStack;
  /** The EKS cluster stack (velero's bucket is replicated); none on ECS. */
  readonly cluster?: ClusterStack;
  /** Where copies land: the secondary region's recovery stack. */
  readonly secondary: SecondaryRecoveryStack;
}

/**
 * `<env>-recovery`: the primary region's side of disaster recovery —
 * - an AWS Backup vault (own key; vault lock in production) and plan with seed 002's rules (every 6 hours kept 7
 *   days, daily and monthly kept 30), each recovery point copied to the secondary region's vault, selecting
 *   `Backup=<resource prefix>` (PostgreSQL, the cluster's EBS volumes);
 * - replication of the buckets that hold data into their replicas in the secondary region (Replication Time Control:
 *   15 minutes); ECR replication lives with the repositories (cluster or services stack), before the first push;
 * - on EKS with a secondary network: Route 53 health checks on each region's ingress name and failover records for
 *   the application hosts (PRIMARY the primary region, SECONDARY the secondary; the primary's removed once failed over).
 * It reads the secondary region's stacks (copies need their targets), never the other way round.
 */
export class RecoveryStack extends PlatformStack {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, environment: EnvironmentConfig, { data, cluster, secondary }: RecoveryStackDependencies) {
    super(scope, environment, 'recovery');
    const { accountId, region, resourcePrefix, production } = environment;
    this.addDependency(secondary);
    this.addDependency(data);

    this.vault = new BackupVault(this, 'vault', {
      name: resourcePrefix,
      accountId,
      region,
      lock: production ? productionVaultLock() : undefined,
      preventDestroy: production,
      // The apply role replaces the vault's access policy when it changes, which the policy denies to everyone else.
      breakGlassRoleArns: breakGlassRoles(environment),
    });
    this.plan = new BackupPlan(this, 'plan', {
      name: resourcePrefix,
      accountId,
      region,
      vault: this.vault,
      rules: seed002PostgresRules(secondary.vault.vaultArn),
      selectionTags: backupSelectionTags(environment),
    });

    new BucketReplication(this, 'storage-replication', {
      name: `${resourcePrefix}-storage`,
      sourceBucketName: data.storage.bucketName,
      sourceBucketArn: data.storage.bucketArn,
      sourceKmsKeyArn: data.storage.keyArn,
      destination: secondary.storageReplica,
      accountId,
      region,
    });
    if (cluster?.backupBucket !== undefined && secondary.veleroReplica !== undefined) {
      new BucketReplication(this, 'velero-replication', {
        name: `${resourcePrefix}-velero`,
        sourceBucketName: cluster.backupBucket.bucketName,
        sourceBucketArn: cluster.backupBucket.bucketArn,
        sourceKmsKeyArn: cluster.backupBucket.keyArn,
        destination: secondary.veleroReplica,
        accountId,
        region,
      });
    }

    if (ownsFailoverRecords(environment)) this.addFailoverRecords(environment);
    new TerraformOutput(this, 'backup_vault_name', { value: this.vault.vaultName, description: 'Backup vault of the primary region' });
  }

  /**
   * One health check per region on its ingress name (`https://ingress.<region>.<zone>/healthz`, which the shared ALB
   * answers itself with 200 through its HTTPS listener and certificate: IngressHealthEndpoint), and
   * per application host a PRIMARY record to the primary region's ingress name and a SECONDARY to the secondary's.
   * Roles are fixed by region, never swapped: Route 53 refuses two PRIMARY records for one name, and while the
   * primary region is down this stack (its state is there) cannot change anything anyway. The health checks move
   * traffic; once failed over, this stack's next apply removes the primary's records, so a recovered primary region
   * with stale data takes no traffic back.
   */
  private addFailoverRecords(environment: EnvironmentConfig): void {
    const zone = environment.dnsZoneName as string;
    const { recovery } = environment;
    const regions = recovery.activeRegion === 'secondary' ? [recovery.secondaryRegion] : [environment.region, recovery.secondaryRegion];
    const hosts = environment.workloads.hosts ?? defaultWorkloadHosts(zone);
    const hostKeys = [...new Set(deployedWorkloadServices(environment.workloads).flatMap((service) => (service.routes ?? []).map((route) => route.host)))].sort();
    for (const region of regions) {
      const check = new EndpointHealthCheck(this, `ingress-health-${region}`, {
        name: `${environment.resourcePrefix}-ingress-${region}`,
        fqdn: regionalIngressName(zone, region),
        type: 'HTTPS',
        port: 443,
        resourcePath: IngressHealthEndpoint.PATH,
      });
      for (const key of hostKeys) {
        new HealthCheckedFailoverRecord(this, `failover-${key}-${region}`, {
          zoneId: environment.dnsZoneId as string,
          zoneName: zone,
          name: hosts[key],
          setIdentifier: region,
          role: region === environment.region ? 'PRIMARY' : 'SECONDARY',
          cname: regionalIngressName(zone, region),
          healthCheck: check.healthCheckId,
        });
      }
    }
  }
}
