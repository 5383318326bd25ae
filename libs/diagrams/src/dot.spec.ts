import { toDot } from './dot';
import { ArchitectureGraph } from './graph';

const GRAPH: ArchitectureGraph = {
  title: 'demo "quoted"',
  nodes: [{ id: 'internet', kind: 'internet', lines: ['internet'] }],
  clusters: [
    {
      id: 'region/eu-central-1',
      label: 'eu-central-1',
      kind: 'region',
      nodes: [],
      clusters: [
        {
          id: 'stack/a',
          label: 'a',
          kind: 'stack',
          nodes: ['1', '2', '3', '4', '5'].map((n) => ({ id: `stack/a/${n}`, kind: 'data' as const, lines: [`box <${n}> & co`, 'detail'] })),
          clusters: [],
        },
        { id: 'stack/b', label: 'b', kind: 'stack', nodes: [{ id: 'stack/b/1', kind: 'compute', lines: ['one'] }], clusters: [] },
      ],
    },
  ],
  edges: [
    { from: 'internet', to: 'stack/a/1', kind: 'traffic' },
    { from: 'stack/a/5', to: 'stack/b/1', kind: 'cross-stack', label: '2 outputs', fromCluster: 'stack/a', toCluster: 'stack/b' },
  ],
};

describe('toDot', () => {
  const dot = toDot(GRAPH);

  it('writes clusters as nested subgraphs whose names start with cluster, and escapes quotes', () => {
    expect(dot).toMatch(/^digraph architecture \{\n {2}graph \[label="demo \\"quoted\\"".*compound=true/);
    expect(dot).toContain('  subgraph "cluster_region/eu-central-1" {\n    label="eu-central-1";');
    expect(dot).toContain('    subgraph "cluster_stack/a" {');
  });

  it('writes boxes with a bold title and escaped HTML-like labels, filled by kind', () => {
    expect(dot).toContain('"stack/a/1" [label=<<b>box &lt;1&gt; &amp; co</b><br/><font point-size="9">detail</font>>, fillcolor="#fef9c3"];');
    expect(dot).toContain('"internet" [shape=ellipse, label=<<b>internet</b>>');
  });

  it('lays a stack\'s boxes out in rows of four, each row on one rank below the one before', () => {
    expect(dot).toContain('{ rank=same; "stack/a/1"; "stack/a/2"; "stack/a/3"; "stack/a/4"; }');
    expect(dot).toContain('"stack/a/1" -> "stack/a/5" [style=invis];');
  });

  it('clips arrows between stacks at their frames and labels them', () => {
    expect(dot).toContain('"stack/a/5" -> "stack/b/1" [color="#64748b", fontcolor="#475569", style=dashed, label="2 outputs", ltail="cluster_stack/a", lhead="cluster_stack/b"];');
    expect(dot).toContain('"internet" -> "stack/a/1" [color="#7c3aed", penwidth=1.5];');
  });

  it('is deterministic', () => {
    expect(toDot(GRAPH)).toBe(dot);
  });
});
