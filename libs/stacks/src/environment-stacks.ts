import { EnvironmentConfig } from '@platform/config';
import { Construct } from 'constructs';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';

/** Stack kinds every environment has, in dependency order; a stack is named `<environment>-<kind>`. */
const STACK_FACTORIES = {
  network: (scope: Construct, id: string, environment: EnvironmentConfig) => new NetworkStack(scope, id, environment),
} satisfies Record<string, (scope: Construct, id: string, environment: EnvironmentConfig) => PlatformStack>;

/** Names of the stacks `addEnvironmentStacks` creates for an environment. */
export function environmentStackNames(environment: Pick<EnvironmentConfig, 'name'>): string[] {
  return Object.keys(STACK_FACTORIES).map((kind) => `${environment.name}-${kind}`);
}

/** Adds every stack of one environment to an app. */
export function addEnvironmentStacks(scope: Construct, environment: EnvironmentConfig): PlatformStack[] {
  return Object.entries(STACK_FACTORIES).map(([kind, create]) => create(scope, `${environment.name}-${kind}`, environment));
}
