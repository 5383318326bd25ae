import type { EnvironmentConfig } from './environment-schema';

/** Names of an ECS environment's cluster and services, known before the services stack exists. */
export interface EcsServiceNames {
  /** The ECS cluster: the resource prefix, e.g. `storymagic-production` (seed 003). */
  readonly clusterName: string;
  /**
   * Service key → ECS service name `<resource prefix>-<key>`, e.g. `storymagic-production-api` (seed 003 writes
   * `storymagic-api`): its task family, log group `/ecs/<name>` and roles `<name>-*` then carry the environment's
   * prefix, the only role names the GitHub apply role may create and pass.
   */
  readonly serviceNames: Readonly<Record<string, string>>;
}

/**
 * The names the services stack gives its ECS cluster and services, computed from the config so that the monitoring
 * stack, which is deployed first, can alarm on them, and the whole-platform contracts find them. Undefined for an EKS
 * environment.
 */
export function ecsServiceNames(environment: Pick<EnvironmentConfig, 'ecs' | 'resourcePrefix'>): EcsServiceNames | undefined {
  if (environment.ecs === undefined) return undefined;
  return {
    clusterName: environment.resourcePrefix,
    serviceNames: Object.fromEntries(Object.keys(environment.ecs.services).map((key) => [key, `${environment.resourcePrefix}-${key}`])),
  };
}
