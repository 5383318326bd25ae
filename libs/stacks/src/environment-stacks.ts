import { EnvironmentConfig } from '@platform/config';
import { Construct } from 'constructs';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';

/** Stack kinds every environment has, in dependency order; a stack is named `<environment>-<kind>`. */
const STACK_FACTORIES = {
  network: (scope: Construct, environment: EnvironmentConfig) => new NetworkStack(scope, environment),
} satisfies Record<string, (scope: Construct, environment: EnvironmentConfig) => PlatformStack>;

/** Kinds of the stacks every environment has, e.g. `network`. */
export const STACK_KINDS = Object.keys(STACK_FACTORIES);

/** Names of the stacks `addEnvironmentStacks` creates for an environment. */
export function environmentStackNames(environment: Pick<EnvironmentConfig, 'name'>): string[] {
  return STACK_KINDS.map((kind) => `${environment.name}-${kind}`);
}

/** Adds every stack of one environment to an app. */
export function addEnvironmentStacks(scope: Construct, environment: EnvironmentConfig): PlatformStack[] {
  return Object.values(STACK_FACTORIES).map((create) => create(scope, environment));
}
