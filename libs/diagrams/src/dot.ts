import { ArchitectureGraph, bottomNode, ClusterKind, DiagramCluster, DiagramEdge, DiagramNode, EdgeKind, NodeKind, rowsOf, topNode } from './graph';

const FONT = 'Helvetica';

const NODE_FILL: Record<NodeKind, string> = {
  internet: '#ffffff',
  edge: '#ede9fe',
  network: '#dbeafe',
  compute: '#dcfce7',
  data: '#fef9c3',
  observability: '#ffedd5',
  security: '#f1f5f9',
  delivery: '#e0f2fe',
  recovery: '#fce7f3',
  other: '#ffffff',
};

const CLUSTER_STYLE: Record<ClusterKind, string> = {
  region: 'style="rounded,bold"; color="#334155"; fontsize=16',
  stack: 'style="rounded,filled"; color="#94a3b8"; fillcolor="#f8fafc"; fontsize=12',
  vpc: 'style="dashed,filled"; color="#2563eb"; fillcolor="#eff6ff"; fontsize=11',
  zone: 'style="dotted,filled"; color="#2563eb"; fillcolor="#ffffff"; fontsize=10',
};

const EDGE_STYLE: Record<EdgeKind, string> = {
  'cross-stack': 'color="#64748b", fontcolor="#475569", style=dashed',
  traffic: 'color="#7c3aed", penwidth=1.5',
  replication: 'color="#db2777", fontcolor="#be185d", penwidth=1.5, style=bold',
};

/** A DOT double-quoted string. */
const quoted = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** Text inside a DOT HTML-like label. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function nodeLine(node: DiagramNode, indent: string): string {
  const [title, ...details] = node.lines;
  const label = [`<b>${html(title)}</b>`, ...details.map((line) => `<font point-size="9">${html(line)}</font>`)].join('<br/>');
  const shape = node.kind === 'internet' ? 'shape=ellipse, ' : '';
  return `${indent}${quoted(node.id)} [${shape}label=<${label}>, fillcolor="${NODE_FILL[node.kind]}"];`;
}

/**
 * Layout hints: each row of a cluster's own boxes on one rank, each row below the one before (an invisible arrow
 * between their first boxes), the first below the inner clusters.
 */
function gridLines(cluster: DiagramCluster, indent: string): string[] {
  const rows = rowsOf(cluster);
  const heads = rows.map((row) => row[0]);
  const above = cluster.clusters.length > 0 ? bottomNode(cluster.clusters[cluster.clusters.length - 1]) : undefined;
  const chain = above ? [above, ...heads] : heads;
  // The zones of a VPC side by side: their top tiers on one rank.
  const zoneTops = cluster.kind === 'vpc' ? cluster.clusters.map(topNode).filter((node): node is DiagramNode => node !== undefined) : [];
  return [
    ...(zoneTops.length > 1 ? [`${indent}{ rank=same; ${zoneTops.map((node) => quoted(node.id)).join('; ')}; }`] : []),
    ...rows.filter((row) => row.length > 1).map((row) => `${indent}{ rank=same; ${row.map((node) => quoted(node.id)).join('; ')}; }`),
    ...chain.slice(1).map((node, index) => `${indent}${quoted(chain[index].id)} -> ${quoted(node.id)} [style=invis];`),
  ];
}

function clusterLines(cluster: DiagramCluster, indent: string): string[] {
  const inner = `${indent}  `;
  return [
    `${indent}subgraph ${quoted(`cluster_${cluster.id}`)} {`,
    `${inner}label=${quoted(cluster.label)}; ${CLUSTER_STYLE[cluster.kind]};`,
    ...cluster.nodes.map((node) => nodeLine(node, inner)),
    ...gridLines(cluster, inner),
    ...cluster.clusters.flatMap((child) => clusterLines(child, inner)),
    `${indent}}`,
  ];
}

function edgeLine(edge: DiagramEdge): string {
  const attributes = [
    EDGE_STYLE[edge.kind],
    ...(edge.label ? [`label=${quoted(edge.label)}`] : []),
    ...(edge.fromCluster ? [`ltail=${quoted(`cluster_${edge.fromCluster}`)}`] : []),
    ...(edge.toCluster ? [`lhead=${quoted(`cluster_${edge.toCluster}`)}`] : []),
  ];
  return `  ${quoted(edge.from)} -> ${quoted(edge.to)} [${attributes.join(', ')}];`;
}

/**
 * The graph in Graphviz's DOT language: clusters as `subgraph cluster_…` frames (arrows between stacks clipped at
 * their frames: `compound=true`), nodes as rounded boxes filled by kind, their first line bold. Deterministic: the
 * same graph gives the same text, so its hash says whether a rendered picture is current.
 */
export function toDot(graph: ArchitectureGraph): string {
  return [
    'digraph architecture {',
    `  graph [label=${quoted(graph.title)}, labelloc=t, fontsize=20, fontname="${FONT}", compound=true, rankdir=TB, newrank=true, nodesep=0.3, ranksep=0.6];`,
    `  node [shape=box, style="rounded,filled", fontname="${FONT}", fontsize=11, color="#475569", margin="0.15,0.06"];`,
    `  edge [fontname="${FONT}", fontsize=9, arrowsize=0.7];`,
    ...graph.nodes.map((node) => nodeLine(node, '  ')),
    ...graph.clusters.flatMap((cluster) => clusterLines(cluster, '  ')),
    ...graph.edges.map(edgeLine),
    '}',
    '',
  ].join('\n');
}
