/** What a node stands for: sets its colour, and whether the internet reaches it. */
export type NodeKind = 'internet' | 'edge' | 'network' | 'compute' | 'data' | 'observability' | 'security' | 'delivery' | 'recovery' | 'other';

/** A box: one resource group of a stack (collapsed, with its count), or one subnet tier of an AZ. */
export interface DiagramNode {
  /** Unique in the graph. */
  readonly id: string;
  /** The first line is the title (e.g. `3 SQS queues`); the others details (names, sizes). */
  readonly lines: readonly string[];
  readonly kind: NodeKind;
}

/** What a cluster stands for: sets its frame. */
export type ClusterKind = 'region' | 'stack' | 'vpc' | 'zone';

/** A framed group: a region, a stack, a VPC or an Availability Zone. */
export interface DiagramCluster {
  /** Unique in the graph. */
  readonly id: string;
  readonly label: string;
  readonly kind: ClusterKind;
  readonly nodes: readonly DiagramNode[];
  readonly clusters: readonly DiagramCluster[];
}

/** What an edge stands for: sets its style. */
export type EdgeKind = 'cross-stack' | 'traffic' | 'replication';

/**
 * An arrow from node to node; `fromCluster`/`toCluster` clip it at a cluster's frame (a stack's outputs read by
 * another stack are drawn between the two stacks' frames).
 */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** @default - no label */
  readonly label?: string;
  /** @default - the arrow starts at the node */
  readonly fromCluster?: string;
  /** @default - the arrow ends at the node */
  readonly toCluster?: string;
}

/** An environment's architecture, ready to be written as DOT ({@link toDot}). */
export interface ArchitectureGraph {
  readonly title: string;
  /** Nodes outside every cluster (the internet). */
  readonly nodes: readonly DiagramNode[];
  readonly clusters: readonly DiagramCluster[];
  readonly edges: readonly DiagramEdge[];
}

/** Every node of a cluster, its own first, then those of its clusters. */
export function nodesOf(cluster: DiagramCluster): DiagramNode[] {
  return [...cluster.nodes, ...cluster.clusters.flatMap(nodesOf)];
}

/**
 * Boxes per row of a cluster's own boxes, drawn below its inner clusters: the subnet tiers of a zone one above the
 * other, a stack's boxes in a grid rather than one long row.
 */
export const COLUMNS: Readonly<Record<ClusterKind, number>> = { region: 4, stack: 4, vpc: 4, zone: 1 };

/** A cluster's own boxes in rows of {@link COLUMNS}. */
export function rowsOf(cluster: DiagramCluster): DiagramNode[][] {
  const columns = COLUMNS[cluster.kind];
  return Array.from({ length: Math.ceil(cluster.nodes.length / columns) }, (_, row) => cluster.nodes.slice(row * columns, (row + 1) * columns));
}

/** The box in a cluster's top row: where arrows into it end. */
export function topNode(cluster: DiagramCluster): DiagramNode | undefined {
  return cluster.clusters.length > 0 ? topNode(cluster.clusters[0]) : cluster.nodes[0];
}

/** The box in a cluster's bottom row: where arrows out of it start. */
export function bottomNode(cluster: DiagramCluster): DiagramNode | undefined {
  const rows = rowsOf(cluster);
  return rows.length > 0 ? rows[rows.length - 1][0] : cluster.clusters.length > 0 ? bottomNode(cluster.clusters[cluster.clusters.length - 1]) : undefined;
}
