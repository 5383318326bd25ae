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
import { RecoveryStack } from './recovery-stack';
import { SecondaryRecoveryStack } from './secondary-recovery-stack';
import { hasSecondaryNetwork, hasStandbyCluster, secondarySite } from './secondary-site';
import { StandbyDataStack } from './standby-data-stack';
import { StandbySearchStack } from './standby-search-stack';
import { ServicesStack } from './services-stack';
import { WorkloadsStack } from './workloads-stack';

/**
 * Stack kinds an environment can have, in dependency order; a stack is named `<environment>-<kind>`, and a stack of
 * its secondary region (disaster recovery) `<environment>-<kind>-<region>`.
 */
export const STACK_KINDS = ['network', 'cluster', 'cluster-addons', 'cluster-config', 'data', 'monitoring', 'services', 'observability', 'workloads', 'search', 'recovery'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/** The stacks of an EKS environment that an ECS environment does not have, and the one it has instead. */
const EKS_ONLY_KINDS: readonly StackKind[] = ['cluster', 'cluster-addons', 'cluster-config', 'observability', 'workloads'];
const ECS_ONLY_KINDS: readonly StackKind[] = ['services'];

/**
 * The stack kinds an environment has. EKS: all but `services`, with `observability` only when something runs in the
 * cluster and `workloads` only when the environment runs services. ECS: network, data, monitoring, services.
 */
export function environmentStackKinds(environment: Pick<EnvironmentConfig, 'compute' | 'observability' | 'workloads' | 'recovery' | 'data'>): string[] {
  return stackPlacements(environment).map(({ kind, secondary }) => (secondary ? `${kind}-${environment.recovery.secondaryRegion}` : kind));
}

/**
 * Each stack of an environment with the config it is built from (the environment's, or its secondary site's, whose
 * state store is in the secondary region) and its kind as its state key names it (`<kind>` or `<kind>-<region>`).
 */
export function environmentStackStates(environment: EnvironmentConfig): { environment: EnvironmentConfig; kind: string }[] {
  const site = environment.recovery.strategy === 'none' ? undefined : secondarySite(environment);
  return stackPlacements(environment).map(({ kind, secondary }) =>
    secondary && site !== undefined ? { environment: site, kind: `${kind}-${site.region}` } : { environment, kind },
  );
}

/** Each stack of an environment: its kind and whether it lives in the secondary region. */
function stackPlacements(environment: Pick<EnvironmentConfig, 'compute' | 'observability' | 'workloads' | 'recovery' | 'data'>): { kind: StackKind; secondary: boolean }[] {
  const primary = primaryStackKinds(environment).map((kind) => ({ kind, secondary: false }));
  if (environment.recovery.strategy === 'none') return primary;
  // The copies' stack comes before the data stack, which replicates its secrets with that stack's key.
  const secondary: StackKind[] = [];
  if (hasSecondaryNetwork(environment)) {
    secondary.push('network', 'data');
    if (hasStandbyCluster(environment)) secondary.push('cluster', 'cluster-addons', 'cluster-config');
    // A serving EKS site alarms like the primary (its monitoring stack) and runs the applications.
    if (environment.recovery.activeRegion === 'secondary' && environment.compute === 'eks') secondary.push('monitoring');
    if (environment.recovery.activeRegion === 'secondary' && environment.compute === 'eks' && environment.workloads.enabled) secondary.push('workloads');
    // A serving ECS site runs the services, with the alarms their releases roll back on.
    if (environment.recovery.activeRegion === 'secondary' && environment.compute === 'ecs') secondary.push('monitoring', 'services');
    // A serving site's OpenSearch, applied after DNS has failed over (it takes longer to create than the promotion).
    if (environment.recovery.activeRegion === 'secondary' && environment.data.search.enabled) secondary.push('search');
  }
  const data = primary.findIndex(({ kind }) => kind === 'data');
  return [...primary.slice(0, data), { kind: 'recovery', secondary: true }, ...primary.slice(data), ...secondary.map((kind) => ({ kind, secondary: true })), { kind: 'recovery', secondary: false }];
}

/** Kinds only disaster recovery adds: the recovery stacks, and a serving secondary site's search stack. */
const DR_ONLY_KINDS: readonly StackKind[] = ['search', 'recovery'];

/** The primary region's stack kinds, without those of disaster recovery. */
function primaryStackKinds(environment: Pick<EnvironmentConfig, 'compute' | 'observability' | 'workloads'>): StackKind[] {
  if (environment.compute === 'ecs') return STACK_KINDS.filter((kind) => !EKS_ONLY_KINDS.includes(kind) && !DR_ONLY_KINDS.includes(kind));
  return STACK_KINDS.filter(
    (kind) =>
      !ECS_ONLY_KINDS.includes(kind) &&
      !DR_ONLY_KINDS.includes(kind) &&
      (kind !== 'observability' || hasInClusterObservability(environment.observability)) &&
      (kind !== 'workloads' || environment.workloads.enabled),
  );
}

/** Names of the stacks `addEnvironmentStacks` creates for an environment. */
export function environmentStackNames(environment: Pick<EnvironmentConfig, 'name' | 'compute' | 'observability' | 'workloads' | 'recovery' | 'data'>): string[] {
  return environmentStackKinds(environment).map((kind) => `${environment.name}-${kind}`);
}

/** Adds every stack of one environment to an app; later stacks read earlier ones through cross-stack references. */
export function addEnvironmentStacks(scope: Construct, environment: EnvironmentConfig): PlatformStack[] {
  const site = environment.recovery.strategy === 'none' ? undefined : secondarySite(environment);
  const copies = site === undefined ? undefined : new SecondaryRecoveryStack(scope, site);
  const primary = environment.compute === 'ecs' ? addEcsEnvironmentStacks(scope, environment, copies) : addEksEnvironmentStacks(scope, environment, copies);
  if (site === undefined || copies === undefined) return primary.stacks;
  // In the order environmentStackNames lists them.
  const order = environmentStackNames(environment);
  return [copies, ...primary.stacks, ...addSecondaryStacks(scope, environment, site, primary, copies)].sort((a, b) => order.indexOf(a.node.id) - order.indexOf(b.node.id));
}

/** The primary region's stacks the recovery stacks read. */
interface PrimaryStacks {
  readonly stacks: PlatformStack[];
  readonly data: DataStack;
  readonly cluster?: ClusterStack;
}

function addEksEnvironmentStacks(scope: Construct, environment: EnvironmentConfig, copies?: SecondaryRecoveryStack): PrimaryStacks {
  const network = new NetworkStack(scope, environment);
  const cluster = new ClusterStack(scope, environment, network);
  const addons = new ClusterAddonsStack(scope, environment, cluster, network);
  const config = new ClusterConfigStack(scope, environment, cluster, addons);
  const data = new DataStack(scope, environment, network, cluster, copies);
  const monitoring = new MonitoringStack(scope, environment, cluster, data);
  const stacks: PlatformStack[] = [network, cluster, addons, config, data, monitoring];
  const observability = hasInClusterObservability(environment.observability) ? new ObservabilityStack(scope, environment, { cluster, addons, config, data }) : undefined;
  if (observability !== undefined) stacks.push(observability);
  if (environment.workloads.enabled) {
    stacks.push(new WorkloadsStack(scope, environment, { network, cluster, addons, config, data, observability }));
  }
  return { stacks, data, cluster };
}

/** The stacks of an ECS Fargate environment (seed 003): no cluster; the services stack runs the containers. */
function addEcsEnvironmentStacks(scope: Construct, environment: EnvironmentConfig, copies?: SecondaryRecoveryStack): PrimaryStacks {
  const network = new NetworkStack(scope, environment);
  const data = new DataStack(scope, environment, network, undefined, copies);
  const monitoring = new MonitoringStack(scope, environment, undefined, data);
  const services = new ServicesStack(scope, environment, { network, data, monitoring });
  return { stacks: [network, data, monitoring, services], data };
}

/**
 * The secondary region's stacks after the copies' (in the order environmentStackKinds lists them) and the primary's
 * recovery stack: with pilot light or warm standby a network and a data tier with the
 * PostgreSQL replica; with warm standby a standby cluster at its minimum size with its add-ons; once failed over
 * (`recovery.activeRegion: 'secondary'`) the applications there too: on EKS the workloads, on ECS the monitoring and
 * services stacks on the standby data tier.
 */
function addSecondaryStacks(scope: Construct, environment: EnvironmentConfig, site: EnvironmentConfig, primary: PrimaryStacks, secondary: SecondaryRecoveryStack): PlatformStack[] {
  const stacks: PlatformStack[] = [];
  if (hasSecondaryNetwork(environment)) {
    const network = new NetworkStack(scope, site);
    const standbyCluster = hasStandbyCluster(environment) ? new ClusterStack(scope, site, network) : undefined;
    const data = new StandbyDataStack(scope, site, network, secondary, standbyCluster);
    // Order only (no state is read): the replica's source must exist before it. A failover deploys the site's stacks
    // with --ignore-missing-stack-dependencies, as the primary's cannot be planned then.
    data.addDependency(primary.data);
    stacks.push(network, data);
    if (site.site?.active === true && site.compute === 'ecs') {
      const monitoring = new MonitoringStack(scope, site, undefined, data);
      stacks.push(monitoring, new ServicesStack(scope, site, { network, data, monitoring }));
    }
    if (standbyCluster !== undefined) {
      const addons = new ClusterAddonsStack(scope, site, standbyCluster, network);
      const config = new ClusterConfigStack(scope, site, standbyCluster, addons);
      stacks.push(standbyCluster, addons, config);
      if (site.site?.active === true) stacks.push(new MonitoringStack(scope, site, standbyCluster, data));
      if (site.site?.active === true && site.workloads.enabled) {
        stacks.push(new WorkloadsStack(scope, site, { network, cluster: standbyCluster, addons, config, data, observability: undefined }));
      }
    }
    if (site.site?.active === true && site.data.search.enabled) stacks.push(new StandbySearchStack(scope, site, network));
  }
  stacks.push(new RecoveryStack(scope, environment, { data: primary.data, cluster: primary.cluster, secondary }));
  return stacks;
}
