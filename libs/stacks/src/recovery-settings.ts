import { EnvironmentConfig } from '@platform/config';
import { PlatformAwsProvider } from '@platform/core';
import { BackupVaultLock, RegistryReplication } from '@platform/recovery';
import { Construct } from 'constructs';
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

/**
 * The namespaces (first path segment) of the ECR repositories the environment creates: the cluster stack's on EKS,
 * the services stack's on ECS. ECR replication matches repositories by prefix, so each namespace covers its images.
 */
function repositoryNamespaces(environment: EnvironmentConfig, names: readonly string[]): string[] {
  const flat = names.filter((name) => !name.includes('/'));
  if (flat.length > 0) {
    throw new Error(`${environment.name}: ECR repositories ${flat.join(', ')} have no namespace, which ECR replication matches by. Fix: name them <namespace>/<image>, e.g. ${environment.project}/${flat[0]}`);
  }
  return [...new Set(names.map((name) => name.slice(0, name.indexOf('/'))))].sort();
}

/**
 * ECR replication of the repositories `names` to the environment's secondary region (with the creation template that
 * makes the replicas IMMUTABLE and encrypted there), in the stack that creates those repositories: replication only
 * copies pushes made after it exists, so it must exist before the first image is pushed. Nothing without disaster
 * recovery, in a secondary site (it replicates into it), or without repositories.
 */
export function addRegistryReplication(stack: Construct, environment: EnvironmentConfig, names: readonly string[]): void {
  if (environment.recovery.strategy === 'none' || environment.site !== undefined || names.length === 0) return;
  const { accountId, region, recovery } = environment;
  const secondary = new PlatformAwsProvider(stack, 'aws-secondary', { region: recovery.secondaryRegion, accountId, tags: environment.tags, alias: 'secondary' });
  new RegistryReplication(stack, 'registry-replication', {
    name: environment.resourcePrefix,
    accountId,
    region,
    destinationRegion: recovery.secondaryRegion,
    destinationProvider: secondary,
    repositoryPrefixes: repositoryNamespaces(environment, names),
    preventDestroy: environment.production,
  });
}
