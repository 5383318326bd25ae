import { EnvironmentConfig } from '@platform/config';
import { hasStandbyCluster, secondarySite } from './secondary-site';

/**
 * Names of the buckets of an environment that hold data, in every region it uses, as the stacks name them: the
 * application storage bucket (data stack; its replica in the secondary region), velero's backups (cluster stack;
 * their replica, and a warm standby's own), and the Terraform state (bootstrap stacks), which holds secrets. The
 * audit trail records their S3 data events; the spec checks the list against the synthesized stacks.
 */
export function dataBucketNames(environment: EnvironmentConfig): string[] {
  const { accountId } = environment;
  const velero = environment.compute === 'eks' && environment.cluster.addons.velero;
  const names = [`${environment.resourcePrefix}-storage-${accountId}`, environment.state.bucket];
  if (velero) names.push(`${environment.resourcePrefix}-backups-${accountId}-${environment.region}`);
  if (environment.recovery.strategy !== 'none') {
    const site = secondarySite(environment);
    names.push(`${site.resourcePrefix}-storage-${accountId}`, site.state.bucket);
    if (velero) names.push(`${site.resourcePrefix}-velero-backups-${accountId}`);
    if (velero && hasStandbyCluster(environment)) names.push(`${site.resourcePrefix}-backups-${accountId}-${site.region}`);
  }
  return names;
}
