import { EnvironmentConfig } from '@platform/config';
import { Construct } from 'constructs';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';

/** Stack kinds every environment has, in dependency order; a stack is named `<environment>-<kind>`. */
export const STACK_KINDS = ['network', 'cluster', 'cluster-addons', 'data'] as const;

/** Names of the stacks `addEnvironmentStacks` creates for an environment. */
export function environmentStackNames(environment: Pick<EnvironmentConfig, 'name'>): string[] {
  return STACK_KINDS.map((kind) => `${environment.name}-${kind}`);
}

/** Adds every stack of one environment to an app; later stacks read earlier ones through cross-stack references. */
export function addEnvironmentStacks(scope: Construct, environment: EnvironmentConfig): PlatformStack[] {
  const network = new NetworkStack(scope, environment);
  const cluster = new ClusterStack(scope, environment, network);
  const addons = new ClusterAddonsStack(scope, environment, cluster, network);
  const data = new DataStack(scope, environment, network);
  return [network, cluster, addons, data];
}
