import type { EnvironmentConfig } from './environment-schema';

/**
 * The resource prefix of the environment as written: what its GitHub deploy roles are named by, also for the stacks
 * of its secondary region (whose own prefix adds a region code).
 */
export function deliveryResourcePrefix(environment: Pick<EnvironmentConfig, 'resourcePrefix' | 'site'>): string {
  return environment.site?.primaryResourcePrefix ?? environment.resourcePrefix;
}

/** Name of the environment's stack of `kind`: `<name>-<kind>`, or `<name>-<kind>-<region>` in its secondary region. */
export function stackNameOf(environment: Pick<EnvironmentConfig, 'name' | 'region' | 'site'>, kind: string): string {
  return environment.site === undefined ? `${environment.name}-${kind}` : `${environment.name}-${kind}-${environment.region}`;
}

/**
 * `ingress.<region>.<zone>`: the name external-dns publishes for a region's ingress load balancer, where the Route 53
 * failover records of the application hosts point (disaster recovery on EKS).
 */
export function regionalIngressName(zone: string, region: string): string {
  return `ingress.${region}.${zone}`;
}

/**
 * Name of the GitHub Actions runner in the environment's VPC (`<prefix>-github-runner`, a CodeBuild project its
 * cluster stack creates), which the workflows send its jobs to; undefined when it has none (ECS, no delivery
 * settings, or `cluster.githubRunner.enabled: false`).
 */
export function githubRunnerName(environment: Pick<EnvironmentConfig, 'compute' | 'delivery' | 'cluster' | 'resourcePrefix'>): string | undefined {
  if (environment.compute !== 'eks' || environment.delivery === undefined || !environment.cluster.githubRunner.enabled) return undefined;
  return `${environment.resourcePrefix}-github-runner`;
}
