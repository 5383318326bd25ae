import { ArchitectureGraph, bottomNode, DiagramCluster, DiagramEdge, DiagramNode, topNode } from './graph';
import { NETWORK_TIER_TYPES, networkTiers } from './private/network-tiers';
import { replicationEdges as copyEdges, EdgeEnd } from './private/replication-edges';
import { groupOf, MAX_DETAIL_LINES, RESOURCE_GROUPS } from './private/resource-groups';
import { backendOf, literal, ResourceBlock, resourceBlocks, stackRegion, StackJson, stateAddress } from './private/stack-json';

export type { StackJson } from './private/stack-json';

/** The node every public entry point (CloudFront, internet-facing load balancers, ingresses, DNS) is reached from. */
export const INTERNET_NODE = 'internet';

const plural = (count: number, [one, many]: readonly [string, string]) => `${count} ${count === 1 ? one : many}`;

/** Detail lines, the rest summed up as `+N more`. */
function detailLines(lines: readonly string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return [...lines];
  return [...lines.slice(0, MAX_DETAIL_LINES - 1), `+${lines.length - MAX_DETAIL_LINES + 1} more`];
}

interface DrawnStack {
  readonly name: string;
  readonly region: string;
  readonly json: StackJson;
  readonly resources: readonly ResourceBlock[];
  readonly cluster: DiagramCluster;
  /** Ids of the nodes the internet reaches. */
  readonly publicNodes: readonly string[];
  /** The id of the box each resource (`<type>.<name>`) is drawn in; network tiers are not boxes and are left out. */
  readonly nodeOf: ReadonlyMap<string, string>;
}

/**
 * A stack as a cluster: its network tiers (VPC → AZ → subnet tier), then one box per resource group with its count
 * and a few details, then one box summing up what no group claims.
 */
function drawStack(name: string, json: StackJson): DrawnStack {
  const resources = resourceBlocks(json);
  const id = `stack/${name}`;
  const grouped = new Map<string, { counted: ResourceBlock[]; related: number }>();
  const other: ResourceBlock[] = [];
  for (const resource of resources) {
    if (NETWORK_TIER_TYPES.includes(resource.type)) continue;
    const match = groupOf(resource.type);
    if (!match) {
      other.push(resource);
      continue;
    }
    const entry = grouped.get(match.group.id) ?? { counted: [], related: 0 };
    if (match.counted) entry.counted.push(resource);
    else entry.related += 1;
    grouped.set(match.group.id, entry);
  }
  const nodes: DiagramNode[] = [];
  const publicNodes: string[] = [];
  /** The lines of shared boxes (ResourceGroup.box), filled as their groups come. */
  const boxes = new Map<string, string[]>();
  for (const group of RESOURCE_GROUPS) {
    const entry = grouped.get(group.id);
    if (!entry) continue;
    // Only related resources (an EKS add-on in a stack without the cluster): summed up with the others.
    if (entry.counted.length === 0) {
      other.push(...resources.filter((resource) => groupOf(resource.type)?.group === group));
      continue;
    }
    const count = plural(entry.counted.length, group.noun);
    if (group.box !== undefined) {
      const shared = boxes.get(group.box);
      if (shared) shared.push(count);
      else {
        const lines = [group.box, count];
        boxes.set(group.box, lines);
        nodes.push({ id: `${id}/${group.box}`, kind: group.kind, lines });
      }
      continue;
    }
    const details = entry.counted.map((resource) => (group.detail ?? ((block) => block.name))(resource)).filter((line): line is string => line !== undefined);
    const node = { id: `${id}/${group.id}`, kind: group.kind, lines: [count, ...detailLines(details)] };
    nodes.push(node);
    if (group.public && entry.counted.some(group.public)) publicNodes.push(node.id);
  }
  if (other.length > 0) {
    const byType = new Map<string, number>();
    for (const { type } of other) byType.set(type, (byType.get(type) ?? 0) + 1);
    nodes.push({ id: `${id}/other`, kind: 'other', lines: [plural(other.length, ['other resource', 'other resources']), ...detailLines([...byType].map(([type, count]) => `${type} ×${count}`))] });
  }
  const nodeOf = new Map<string, string>();
  for (const resource of resources) {
    if (NETWORK_TIER_TYPES.includes(resource.type)) continue;
    const group = groupOf(resource.type)?.group;
    const drawn = group !== undefined && (grouped.get(group.id)?.counted.length ?? 0) > 0;
    nodeOf.set(`${resource.type}.${resource.name}`, `${id}/${!drawn ? 'other' : (group.box ?? group.id)}`);
  }
  const clusters = networkTiers(id, resources);
  // A frame with nothing in it is not drawn: one box says so.
  if (nodes.length === 0 && clusters.length === 0) nodes.push({ id: `${id}/empty`, kind: 'other', lines: ['no resources'] });
  return {
    name,
    region: stackRegion(json) ?? 'region unknown',
    json,
    resources,
    cluster: { id, label: `${name} · ${plural(resources.length, ['resource', 'resources'])}`, kind: 'stack', nodes, clusters },
    publicNodes,
    nodeOf,
  };
}

/** The region most stacks are in (the first by name on a tie): the primary; the others are secondary (disaster recovery). */
function primaryRegion(stacks: readonly DrawnStack[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { region } of stacks) counts.set(region, (counts.get(region) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]?.[0];
}

/** Calls `visit` with every string in a JSON value that mentions a remote state (a plain recursion: generators are slower). */
function remoteStateStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') {
    if (value.includes('terraform_remote_state')) visit(value);
  } else if (Array.isArray(value)) {
    for (const item of value) remoteStateStrings(item, visit);
  } else if (typeof value === 'object' && value !== null) {
    // `//`: cdktf's metadata of each block (construct path, unique id), never a reference.
    for (const key in value) if (key !== '//') remoteStateStrings((value as Record<string, unknown>)[key], visit);
  }
}

/** The outputs a stack reads from each of its remote states: remote state name → output names. */
function outputsRead(stack: StackJson): Map<string, Set<string>> {
  const read = new Map<string, Set<string>>();
  const reference = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
  // Providers too: a Kubernetes stack's providers read the cluster's endpoint from the cluster stack's outputs.
  const { provider, resource, data, output, locals } = stack as StackJson & { output?: unknown; locals?: unknown };
  remoteStateStrings([provider, resource, data, output, locals], (text) => {
    for (const [, state, output] of text.matchAll(reference)) {
      const outputs = read.get(state) ?? new Set<string>();
      read.set(state, outputs.add(output));
    }
  });
  return read;
}

/**
 * One arrow per remote state a stack reads from another stack of the environment (matched by its S3 state address),
 * from the producing stack's frame to the consuming one's, labelled with the number of distinct outputs read.
 */
function crossStackEdges(stacks: readonly DrawnStack[]): DiagramEdge[] {
  const byState = new Map<string, DrawnStack>();
  for (const stack of stacks) {
    const address = stateAddress(backendOf(stack.json));
    if (address) byState.set(address, stack);
  }
  const edges: DiagramEdge[] = [];
  for (const consumer of stacks) {
    const remoteStates = Object.entries(consumer.json.data?.terraform_remote_state ?? {});
    const read = remoteStates.length > 0 ? outputsRead(consumer.json) : new Map<string, Set<string>>();
    for (const [name, remote] of remoteStates) {
      const config = (remote as { config?: Record<string, unknown> }).config ?? {};
      const producer = byState.get(stateAddress(config) ?? '');
      if (!producer || producer === consumer) continue;
      edges.push({
        // From the producer's bottom row to the consumer's top: Graphviz then ranks the consumer below the producer,
        // so the stacks are layered in the order they are deployed.
        from: (bottomNode(producer.cluster) as DiagramNode).id,
        to: (topNode(consumer.cluster) as DiagramNode).id,
        fromCluster: producer.cluster.id,
        toCluster: consumer.cluster.id,
        kind: 'cross-stack',
        label: plural(read.get(name)?.size ?? 0, ['output', 'outputs']),
      });
    }
  }
  return edges;
}

/** An arrow from each database to its read replicas (a replica names its source's ARN, ending in `:db:<identifier>`). */
function readReplicaEdges(stacks: readonly DrawnStack[]): DiagramEdge[] {
  const databases = stacks.flatMap((stack) => stack.resources.filter(({ type }) => type === 'aws_db_instance').map((resource) => ({ stack, resource })));
  return databases.flatMap(({ stack, resource }) => {
    const source = literal(resource.values, 'replicate_source_db');
    const identifier = source?.split(':db:').pop();
    const primary = databases.find((candidate) => candidate.resource !== resource && literal(candidate.resource.values, 'identifier') === identifier);
    if (!primary) return [];
    return [{ from: `stack/${primary.stack.name}/rds`, to: `stack/${stack.name}/rds`, kind: 'replication' as const, label: 'read replica' }];
  });
}

/**
 * The frame of `region` (else of the only secondary region), as an arrow's end: its top box, clipped at the frame.
 * Undefined when the environment draws no such region.
 */
function regionFrame(clusters: readonly DiagramCluster[], primary: string | undefined, region: string | undefined): EdgeEnd | undefined {
  const secondaries = clusters.filter((cluster) => cluster.id !== `region/${primary}`);
  const frame = region === undefined ? (secondaries.length === 1 ? secondaries[0] : undefined) : clusters.find((cluster) => cluster.id === `region/${region}`);
  const node = frame && topNode(frame);
  return frame && node ? { node: node.id, cluster: frame.id } : undefined;
}

/**
 * The architecture of one environment, drawn from its synthesized stacks (`cdk.tf.json` by stack name): a frame per
 * region (the primary first, then the secondary: disaster recovery), in it a frame per stack with its resource count,
 * its VPCs split into Availability Zones and subnet tiers, and a box per kind of resource with its count; arrows from
 * the internet to the public entry points, between stacks whose outputs another reads, and of what is copied to another
 * region (database read replicas, S3 and ECR replication, AWS Backup copies, Secrets Manager replicas). Pure: the same stacks give the same graph.
 */
export function architectureGraph(environment: string, stacks: Readonly<Record<string, StackJson>>): ArchitectureGraph {
  const drawn = Object.keys(stacks)
    .sort()
    .map((name) => drawStack(name, stacks[name]));
  const primary = primaryRegion(drawn);
  const regions = [...new Set(drawn.map(({ region }) => region))].sort((a, b) => Number(b === primary) - Number(a === primary) || a.localeCompare(b));
  const clusters = regions.map((region) => {
    const members = drawn.filter((stack) => stack.region === region);
    const resources = members.reduce((total, stack) => total + stack.resources.length, 0);
    const role = region === primary ? 'primary region' : 'secondary region';
    return {
      id: `region/${region}`,
      label: `${region} · ${role} · ${plural(members.length, ['stack', 'stacks'])}, ${plural(resources, ['resource', 'resources'])}`,
      kind: 'region' as const,
      nodes: [],
      clusters: members.map((stack) => stack.cluster),
    };
  });
  const publicNodes = drawn.flatMap((stack) => stack.publicNodes);
  const total = drawn.reduce((sum, stack) => sum + stack.resources.length, 0);
  return {
    title: `${environment}: ${plural(drawn.length, ['stack', 'stacks'])}, ${plural(total, ['resource', 'resources'])} in ${plural(regions.length, ['region', 'regions'])}`,
    nodes: publicNodes.length > 0 ? [{ id: INTERNET_NODE, kind: 'internet', lines: ['internet'] }] : [],
    clusters,
    edges: [
      ...publicNodes.map((to) => ({ from: INTERNET_NODE, to, kind: 'traffic' as const })),
      ...crossStackEdges(drawn),
      ...readReplicaEdges(drawn),
      ...copyEdges(drawn, (region) => regionFrame(clusters, primary, region)),
    ],
  };
}
