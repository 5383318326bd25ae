import { EnvironmentConfig } from '@platform/config';
import { partitionOf } from '@platform/core';

/** Strategies that keep a network (and a PostgreSQL replica) in the secondary region. */
const REPLICATING_STRATEGIES: readonly string[] = ['pilot-light', 'warm-standby'];

/** Whether the environment keeps a network and a promotable PostgreSQL replica in its secondary region. */
export function hasSecondaryNetwork(environment: Pick<EnvironmentConfig, 'recovery'>): boolean {
  return REPLICATING_STRATEGIES.includes(environment.recovery.strategy);
}

/** Whether an EKS cluster runs in the secondary region (warm standby; and on any EKS site once failed over). */
export function hasStandbyCluster(environment: Pick<EnvironmentConfig, 'recovery' | 'compute'>): boolean {
  return environment.compute === 'eks' && hasSecondaryNetwork(environment) && (environment.recovery.strategy === 'warm-standby' || environment.recovery.activeRegion === 'secondary');
}

/** `eu-west-1` → `euw1`: short enough to keep global names (IAM roles, buckets) of both regions within AWS limits. */
export function regionCode(region: string): string {
  const [area, ...rest] = region.split('-');
  const number = rest.pop() ?? '';
  // `gov` of us-gov-west-1 and the compass words become their first letters.
  return `${area}${rest.map((word) => word.replace(/gov|north|south|east|west|central/g, (part) => part.charAt(0))).join('')}${number}`;
}

/**
 * The config of an environment's secondary region (recovery.secondaryRegion), from which the secondary's stacks are
 * built with the same stack classes as the primary's: same account, name and tags; the secondary's region, zones,
 * VPC CIDR and state store (`<project>-tfstate-<account>-<secondary region>`, made by that region's bootstrap stack); resource names prefixed `<prefix>-<region code>` so global names (IAM roles, S3
 * buckets) never collide with the primary's. Its node groups start at their minimum size (on failover the cluster
 * autoscaler grows them); its cluster stack creates no ECR repositories (images arrive by registry
 * replication, which creates them). Its `site` marks it, so stacks are named `<name>-<kind>-<region>`.
 */
export function secondarySite(environment: EnvironmentConfig): EnvironmentConfig {
  const { recovery } = environment;
  if (recovery.strategy === 'none') {
    throw new Error(`${environment.name}: recovery.strategy: 'none' has no secondary region. Fix: set recovery.strategy to 'backup-restore', 'pilot-light' or 'warm-standby'`);
  }
  const region = recovery.secondaryRegion;
  const active = recovery.activeRegion === 'secondary';
  const standingBy = !active;
  const nodeGroups = Object.fromEntries(
    // Created at the minimum. Terraform leaves the desired size to the cluster autoscaler afterwards (raising the
    // minimum above it would be refused by EKS: the provider sends the old desired size), so on failover the
    // autoscaler grows the groups, up to the primary's maxima, as the workloads' pods wait for room.
    // Serving, the site asks for the primary's desired sizes, which the autoscaler reaches as pods wait (Terraform does
    // not send a changed desired size; the capacity contract sizes the workloads against it).
    Object.entries(environment.cluster.nodeGroups).map(([name, group]) => [name, { ...group, desiredSize: active ? group.desiredSize : group.minSize }]),
  ) as EnvironmentConfig['cluster']['nodeGroups'];
  const stateBucket = `${environment.project}-tfstate-${environment.accountId}-${region}`;
  return {
    ...environment,
    region,
    // State in the secondary region's own store (its bootstrap stack): a failover must plan and apply while the
    // primary region, and the state store there, are down. Same lock table and key names, in that region.
    state: {
      ...environment.state,
      bucket: stateBucket,
      region,
      kmsKeyArn: `arn:${partitionOf(region)}:kms:${region}:${environment.accountId}:${environment.state.kmsKeyAlias}`,
    },
    availabilityZones: [...recovery.secondaryAvailabilityZones],
    // Without a secondary network (backup-restore) no stack of the site reads the CIDR; the runbook asks for one.
    // A pilot light standing by runs nothing that calls out (the replica needs no NAT gateway or endpoint); it gets
    // the primary's egress once it serves.
    network: {
      ...environment.network,
      vpcCidr: recovery.secondaryVpcCidr ?? environment.network.vpcCidr,
      subnetCidrs: undefined,
      ...(standingBy && recovery.strategy === 'pilot-light' ? { natGateways: 'none' as const, interfaceEndpoints: [] } : {}),
    },
    // While standing by the site runs no applications, and with them no search domain, queues or topics (created
    // empty on failover: they hold no data the primary's backups would restore).
    data: standingBy ? { ...environment.data, search: { ...environment.data.search, enabled: false }, queues: [], topics: [] } : environment.data,
    workloads: standingBy ? { ...environment.workloads, enabled: false } : environment.workloads,
    resourcePrefix: `${environment.resourcePrefix}-${regionCode(region)}`,
    cluster: { ...environment.cluster, nodeGroups },
    // A service-less ECS config is what a standing-by ECS site is: its services stack appears on failover.
    ecs: environment.ecs === undefined || active ? environment.ecs : { ...environment.ecs, services: {} },
    site: {
      primaryRegion: environment.region,
      primaryResourcePrefix: environment.resourcePrefix,
      active,
      runsCache: active || recovery.strategy === 'warm-standby',
      runsCompute: active || (environment.compute === 'eks' && recovery.strategy === 'warm-standby'),
    },
  };
}
