import { EnvironmentConfig } from '@platform/config';
import { BackupPlan, BackupVault, ReplicaBucket, ReplicaKey, seed002PostgresRules } from '@platform/recovery';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack } from './platform-stack';
import { backupSelectionTags, breakGlassRoles, productionVaultLock } from './recovery-settings';

/**
 * `<env>-recovery-<secondary region>`: where the primary's copies land in the secondary region — the backup vault
 * AWS Backup copies recovery points into (its own key of this region; locked in production) and the replica buckets
 * of the buckets that hold data (the application's storage; velero's backups on EKS), each with its own key of this
 * region (the storage replica is also CloudFront's failover origin). Built from the secondary site's config (see secondarySite) and reads no state of the primary region, so it
 * stays plannable while that region is down. AWS resources only, planned offline.
 */
export class SecondaryRecoveryStack extends PlatformStack {
  readonly vault: BackupVault;
  /** Replica of the application's storage bucket. */
  readonly storageReplica: ReplicaBucket;
  /** Replica of velero's backup bucket, when the primary cluster runs velero. */
  readonly veleroReplica?: ReplicaBucket;
  /** Key of the application secrets' replicas in this region (Secrets Manager replicates the primary's). */
  readonly secretsKey: ReplicaKey;

  constructor(scope: Construct, site: EnvironmentConfig) {
    super(scope, site, 'recovery');
    const { accountId, region, resourcePrefix, production } = site;
    this.vault = new BackupVault(this, 'vault', {
      name: resourcePrefix,
      accountId,
      region,
      lock: production ? productionVaultLock() : undefined,
      preventDestroy: production,
      // The apply role replaces the vault's access policy when it changes, which the policy denies to everyone else.
      breakGlassRoleArns: breakGlassRoles(site),
    });
    // The site's prefix carries the region code (`platform-production-euw1`), so the names stay unique and short.
    const replica = (id: string, what: string, allowCloudFront = false) =>
      new ReplicaBucket(this, id, { bucketName: `${resourcePrefix}-${what}-${accountId}`, accountId, region, preventDestroy: production, allowCloudFront });
    // The primary's data stack puts CloudFront in front of the storage bucket when the environment has a DNS zone, with
    // this replica as failover origin. Its distribution's ARN is in the primary region's state, which this stack must
    // not read: the replica admits the account's distributions, as the storage bucket's key does.
    this.storageReplica = replica('storage-replica', 'storage', site.dnsZoneName !== undefined);
    this.secretsKey = new ReplicaKey(this, 'secrets-key', {
      accountId,
      region,
      service: 'secretsmanager',
      description: `Encrypts the replicas of ${site.name}'s application secrets in ${region}`,
      alias: `${resourcePrefix}-secrets`,
      preventDestroy: production,
    });
    if (site.compute === 'eks' && site.cluster.addons.velero) this.veleroReplica = replica('velero-replica', 'velero-backups');

    // Once the site serves, its own data is backed up here too, by the same rules (copies would go to the failed region).
    if (site.site?.active === true) {
      const rules = Object.fromEntries(Object.entries(seed002PostgresRules(this.vault.vaultArn)).map(([name, { copyTo: _copies, ...rule }]) => [name, rule]));
      new BackupPlan(this, 'plan', { name: resourcePrefix, accountId, region, vault: this.vault, rules, selectionTags: backupSelectionTags(site) });
    }

    new TerraformOutput(this, 'vault_arn', { value: this.vault.vaultArn, description: 'Backup vault the primary region copies recovery points into' });
    new TerraformOutput(this, 'storage_replica_bucket', { value: this.storageReplica.bucketName, description: 'Replica of the application storage bucket' });
  }
}
