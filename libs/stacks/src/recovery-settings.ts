import { EnvironmentConfig } from '@platform/config';
import { BackupVaultLock } from '@platform/recovery';
import { BootstrapStack } from './bootstrap-stack';
import { hasSecondaryNetwork } from './secondary-site';

/**
 * The lock of production vaults: recovery points are kept at least 7 days (seed 002's shortest rule) and at most 35
 * (RDS's longest automated retention); after the 3-day grace period nobody can shorten that or delete the vault.
 */
export function productionVaultLock(): BackupVaultLock {
  return { minRetentionDays: 7, maxRetentionDays: 35 };
}

/** The tag AWS Backup selects an environment's resources by: `Backup=<resource prefix>`. */
export function backupSelectionTags(environment: Pick<EnvironmentConfig, 'resourcePrefix' | 'recovery'>): Record<string, string> {
  return environment.recovery.strategy === 'none' ? {} : { Backup: environment.resourcePrefix };
}

/**
 * Whether external-dns publishes each region's ingress load balancer as `ingress.<region>.<zone>`: EKS with a secondary
 * network and a zone, where the failover records point at those names (whether or not the region runs applications).
 */
export function publishesRegionalIngressName(environment: Pick<EnvironmentConfig, 'compute' | 'recovery' | 'dnsZoneName' | 'dnsZoneId'>): boolean {
  return environment.compute === 'eks' && hasSecondaryNetwork(environment) && environment.dnsZoneName !== undefined && environment.dnsZoneId !== undefined;
}

/** Whether Terraform owns the application hosts' records as Route 53 failover records (and external-dns leaves them alone). */
export function ownsFailoverRecords(environment: Pick<EnvironmentConfig, 'compute' | 'recovery' | 'dnsZoneName' | 'dnsZoneId' | 'workloads'>): boolean {
  return publishesRegionalIngressName(environment) && environment.workloads.enabled;
}

/**
 * Who may delete recovery points or change a vault's protection: `recovery.breakGlassRoleArns`, and the environment's
 * GitHub apply role, which replaces the vault's access policy when it changes (denied to everyone else).
 */
export function breakGlassRoles(environment: EnvironmentConfig): string[] {
  const applyRole = BootstrapStack.githubRoleArns(environment)?.apply;
  return [...environment.recovery.breakGlassRoleArns, ...(applyRole === undefined ? [] : [applyRole])];
}
