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
import { WorkloadsStack } from './workloads-stack';

/** Stack kinds an environment can have, in dependency order; a stack is named `<environment>-<kind>`. */
export const STACK_KINDS = ['network', 'cluster', 'cluster-addons', 'cluster-config', 'data', 'monitoring', 'observability', 'workloads'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/**
 * The stack kinds an environment has: all of them, but `observability` only when something runs in the cluster and
 * `workloads` only when the environment runs services.
 */
export function environmentStackKinds(environment: Pick<EnvironmentConfig, 'observability' | 'workloads'>): StackKind[] {
  return STACK_KINDS.filter(
    (kind) => (kind !== 'observability' || hasInClusterObservability(environment.observability)) && (kind !== 'workloads' || environment.workloads.enabled),
  );
}

/** Names of the stacks `addEnvironmentStacks` creates for an environment. */
export function environmentStackNames(environment: Pick<EnvironmentConfig, 'name' | 'observability' | 'workloads'>): string[] {
  return environmentStackKinds(environment).map((kind) => `${environment.name}-${kind}`);
}

/** Adds every stack of one environment to an app; later stacks read earlier ones through cross-stack references. */
export function addEnvironmentStacks(scope: Construct, environment: EnvironmentConfig): PlatformStack[] {
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
