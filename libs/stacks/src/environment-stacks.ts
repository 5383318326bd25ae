import { EnvironmentConfig, hasInClusterObservability } from '@platform/config';
import { Construct } from 'constructs';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { ClusterConfigStack } from './cluster-config-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { MonitoringStack } from './monitoring-stack';
import { NetworkStack } from './network-stack';
import { ObservabilityStack } from './observability-stack';
import { PlatformStack } from './platform-stack';
import { ServicesStack } from './services-stack';
import { WorkloadsStack } from './workloads-stack';

/** Stack kinds an environment can have, in dependency order; a stack is named `<environment>-<kind>`. */
export const STACK_KINDS = ['network', 'cluster', 'cluster-addons', 'cluster-config', 'data', 'monitoring', 'services', 'observability', 'workloads'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/** The stacks of an EKS environment that an ECS environment does not have, and the one it has instead. */
const EKS_ONLY_KINDS: readonly StackKind[] = ['cluster', 'cluster-addons', 'cluster-config', 'observability', 'workloads'];
const ECS_ONLY_KINDS: readonly StackKind[] = ['services'];

/**
 * The stack kinds an environment has. EKS: all but `services`, with `observability` only when something runs in the
 * cluster and `workloads` only when the environment runs services. ECS: network, data, monitoring, services.
 */
export function environmentStackKinds(environment: Pick<EnvironmentConfig, 'compute' | 'observability' | 'workloads'>): StackKind[] {
  if (environment.compute === 'ecs') return STACK_KINDS.filter((kind) => !EKS_ONLY_KINDS.includes(kind));
  return STACK_KINDS.filter(
    (kind) =>
      !ECS_ONLY_KINDS.includes(kind) &&
      (kind !== 'observability' || hasInClusterObservability(environment.observability)) &&
      (kind !== 'workloads' || environment.workloads.enabled),
  );
}

/** Names of the stacks `addEnvironmentStacks` creates for an environment. */
export function environmentStackNames(environment: Pick<EnvironmentConfig, 'name' | 'compute' | 'observability' | 'workloads'>): string[] {
  return environmentStackKinds(environment).map((kind) => `${environment.name}-${kind}`);
}

/** Adds every stack of one environment to an app; later stacks read earlier ones through cross-stack references. */
export function addEnvironmentStacks(scope: Construct, environment: EnvironmentConfig): PlatformStack[] {
  if (environment.compute === 'ecs') return addEcsEnvironmentStacks(scope, environment);
  const network = new NetworkStack(scope, environment);
  const cluster = new ClusterStack(scope, environment, network);
  const addons = new ClusterAddonsStack(scope, environment, cluster, network);
  const config = new ClusterConfigStack(scope, environment, cluster, addons);
  const data = new DataStack(scope, environment, network, cluster);
  const monitoring = new MonitoringStack(scope, environment, cluster, data);
  const stacks: PlatformStack[] = [network, cluster, addons, config, data, monitoring];
  const observability = hasInClusterObservability(environment.observability) ? new ObservabilityStack(scope, environment, { cluster, addons, config, data }) : undefined;
  if (observability !== undefined) stacks.push(observability);
  if (environment.workloads.enabled) {
    stacks.push(new WorkloadsStack(scope, environment, { network, cluster, addons, config, data, observability }));
  }
  return stacks;
}

/** The stacks of an ECS Fargate environment (seed 003): no cluster; the services stack runs the containers. */
function addEcsEnvironmentStacks(scope: Construct, environment: EnvironmentConfig): PlatformStack[] {
  const network = new NetworkStack(scope, environment);
  const data = new DataStack(scope, environment, network);
  const monitoring = new MonitoringStack(scope, environment, undefined, data);
  const services = new ServicesStack(scope, environment, { network, data, monitoring });
  return [network, data, monitoring, services];
}
