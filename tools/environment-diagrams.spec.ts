import { dotHash, isSvgOf } from '@platform/diagrams';
import type { SynthesizedStack } from '@platform/stacks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIAGRAM_FILE, environmentDots, readDiagrams, writeDiagrams } from './environment-diagrams';

/** Stands in for Graphviz: an "SVG" stamped like renderSvg's, and a count of calls. */
function fakeRenderer() {
  const rendered: string[] = [];
  const render = async (dot: string) => {
    rendered.push(dot);
    return `<svg><!-- diagram-source-sha256: ${dotHash(dot)} --></svg>`;
  };
  return { rendered, render };
}

describe('environment diagrams of npm run synth', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'environment-diagrams-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const out = (name: string) => {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, 'staging'), { recursive: true });
    return dir;
  };

  it('renders a diagram the first time, and writes it back without rendering while its drawing is unchanged', async () => {
    const dir = out('unchanged');
    const first = fakeRenderer();
    await writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), readDiagrams(dir), first.render);
    expect(first.rendered).toEqual(['digraph { a }']);
    const previous = readDiagrams(dir);
    // The synthesis replaces the environment's folder: the diagram read before it is written back.
    fs.rmSync(path.join(dir, 'staging', DIAGRAM_FILE));
    const again = fakeRenderer();
    const written = writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), previous, again.render);
    expect(written).toEqual([{ environment: 'staging', file: path.join(dir, 'staging', DIAGRAM_FILE), rendered: false }]);
    expect(again.rendered).toEqual([]);
    expect(isSvgOf(fs.readFileSync(path.join(dir, 'staging', DIAGRAM_FILE), 'utf8'), 'digraph { a }')).toBe(true);
  });

  it('renders again when the drawing changed', async () => {
    const dir = out('changed');
    await writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), new Map(), fakeRenderer().render);
    const renderer = fakeRenderer();
    const written = await writeDiagrams(dir, new Map([['staging', 'digraph { b }']]), readDiagrams(dir), renderer.render);
    expect(renderer.rendered).toEqual(['digraph { b }']);
    expect(written).toEqual([expect.objectContaining({ environment: 'staging', rendered: true })]);
    expect(isSvgOf(fs.readFileSync(path.join(dir, 'staging', DIAGRAM_FILE), 'utf8'), 'digraph { b }')).toBe(true);
  });

  it('draws an environment from the stacks in its own folder only, not the bootstrap stacks of its account', () => {
    const dir = path.join(root, 'out');
    const stack = (name: string, folder: string) =>
      ({ environment: 'staging', stack: name, file: path.join(dir, folder, 'stacks', name, 'cdk.tf.json'), json: { resource: { aws_sqs_queue: { q: { name: name } } } } }) as unknown as SynthesizedStack;
    const dots = environmentDots(dir, [stack('staging-data', 'staging'), stack('bootstrap-1-eu-central-1', 'bootstrap')], ['staging']);
    expect(dots.get('staging')).toContain('staging-data');
    expect(dots.get('staging')).not.toContain('bootstrap');
  });
});
