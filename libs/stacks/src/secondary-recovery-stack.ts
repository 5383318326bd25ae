import { EnvironmentConfig } from '@platform/config';
import { BackupVault, ReplicaBucket } from '@platform/recovery';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack } from './platform-stack';
import { productionVaultLock } from './recovery-settings';

/**
 * `<env>-recovery-<secondary region>`: where the primary's copies land in the secondary region — the backup vault
 * AWS Backup copies recovery points into (its own key of this region; locked in production) and the replica buckets
 * of the buckets that hold data (the application's storage; velero's backups on EKS), each with its own key of this
 * region. Built from the secondary site's config (see secondarySite) and reads no state of the primary region, so it
 * stays plannable while that region is down. AWS resources only, planned offline.
 */
export class SecondaryRecoveryStack extends PlatformStack {
  readonly vault: BackupVault;
  /** Replica of the application's storage bucket. */
  readonly storageReplica: ReplicaBucket;
  /** Replica of velero's backup bucket, when the primary cluster runs velero. */
  readonly veleroReplica?: ReplicaBucket;

  constructor(scope: Construct, site: EnvironmentConfig) {
    super(scope, site, 'recovery');
    const { accountId, region, resourcePrefix, production } = site;
    this.vault = new BackupVault(this, 'vault', {
      name: resourcePrefix,
      accountId,
      region,
      lock: production ? productionVaultLock() : undefined,
      preventDestroy: production,
      breakGlassRoleArns: site.recovery.breakGlassRoleArns,
    });
    // The site's prefix carries the region code (`platform-production-euw1`), so the names stay unique and short.
    const replica = (id: string, what: string) => new ReplicaBucket(this, id, { bucketName: `${resourcePrefix}-${what}-${accountId}`, accountId, region, preventDestroy: production });
    this.storageReplica = replica('storage-replica', 'storage');
    if (site.compute === 'eks' && site.cluster.addons.velero) this.veleroReplica = replica('velero-replica', 'velero-backups');

    new TerraformOutput(this, 'vault_arn', { value: this.vault.vaultArn, description: 'Backup vault the primary region copies recovery points into' });
    new TerraformOutput(this, 'storage_replica_bucket', { value: this.storageReplica.bucketName, description: 'Replica of the application storage bucket' });
  }
}
