import { dotHash, isSvgOf } from '@platform/diagrams';
import type { SynthesizedStack } from '@platform/stacks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIAGRAM_FILE, DIAGRAM_STORE, DIAGRAM_STORE_LIMIT, DIAGRAM_STORE_VARIABLE, diagramStore, environmentDots, readDiagrams, writeDiagrams } from './environment-diagrams';

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
  /** A diagram store of its own per test (the default is the workspace's). */
  const storeOf = (dir: string) => path.join(dir, 'store');

  it('renders a diagram the first time, and writes it back without rendering while its drawing is unchanged', async () => {
    const dir = out('unchanged');
    const first = fakeRenderer();
    await writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), readDiagrams(dir), first.render, storeOf(dir));
    expect(first.rendered).toEqual(['digraph { a }']);
    const previous = readDiagrams(dir);
    // The synthesis replaces the environment's folder: the diagram read before it is written back.
    fs.rmSync(path.join(dir, 'staging', DIAGRAM_FILE));
    const again = fakeRenderer();
    const written = writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), previous, again.render, storeOf(dir));
    expect(written).toEqual([{ environment: 'staging', file: path.join(dir, 'staging', DIAGRAM_FILE), rendered: false }]);
    expect(again.rendered).toEqual([]);
    expect(isSvgOf(fs.readFileSync(path.join(dir, 'staging', DIAGRAM_FILE), 'utf8'), 'digraph { a }')).toBe(true);
  });

  it('renders again when the drawing changed', async () => {
    const dir = out('changed');
    await writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), new Map(), fakeRenderer().render, storeOf(dir));
    const renderer = fakeRenderer();
    const written = await writeDiagrams(dir, new Map([['staging', 'digraph { b }']]), readDiagrams(dir), renderer.render, storeOf(dir));
    expect(renderer.rendered).toEqual(['digraph { b }']);
    expect(written).toEqual([expect.objectContaining({ environment: 'staging', rendered: true })]);
    expect(isSvgOf(fs.readFileSync(path.join(dir, 'staging', DIAGRAM_FILE), 'utf8'), 'digraph { b }')).toBe(true);
  });

  it('takes an unchanged drawing from the store when the output folder has none (a new --out-root, a removed cdktf.out)', async () => {
    const store = storeOf(out('store-first'));
    await writeDiagrams(out('store-first'), new Map([['staging', 'digraph { a }']]), new Map(), fakeRenderer().render, store);
    const dir = out('store-second');
    const again = fakeRenderer();
    const written = writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), readDiagrams(dir), again.render, store);
    expect(again.rendered).toEqual([]);
    expect(written).toEqual([{ environment: 'staging', file: path.join(dir, 'staging', DIAGRAM_FILE), rendered: false }]);
    expect(isSvgOf(fs.readFileSync(path.join(dir, 'staging', DIAGRAM_FILE), 'utf8'), 'digraph { a }')).toBe(true);
    // Another drawing is not answered by the store's picture of the first.
    const changed = fakeRenderer();
    await writeDiagrams(out('store-third'), new Map([['staging', 'digraph { b }']]), new Map(), changed.render, store);
    expect(changed.rendered).toEqual(['digraph { b }']);
  });

  it('renders again when the store holds a picture of other text under the name (an edited or truncated file)', async () => {
    const dir = out('store-tampered');
    const store = storeOf(dir);
    fs.mkdirSync(store, { recursive: true });
    fs.writeFileSync(path.join(store, `${dotHash('digraph { a }')}.svg`), `<svg><!-- diagram-source-sha256: ${dotHash('digraph { z }')} --></svg>`);
    const renderer = fakeRenderer();
    await writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), new Map(), renderer.render, store);
    expect(renderer.rendered).toEqual(['digraph { a }']);
  });

  it('keeps the most recently used pictures in the store, up to its limit', async () => {
    const dir = out('store-limit');
    const store = storeOf(dir);
    const renderer = fakeRenderer();
    const first = 'digraph { first }';
    await writeDiagrams(dir, new Map([['staging', first]]), new Map(), renderer.render, store);
    // Older than the rest: the one to drop.
    fs.utimesSync(path.join(store, `${dotHash(first)}.svg`), new Date(0), new Date(0));
    for (let n = 0; n < DIAGRAM_STORE_LIMIT; n += 1) await writeDiagrams(dir, new Map([['staging', `digraph { n${n} }`]]), new Map(), renderer.render, store);
    const names = fs.readdirSync(store);
    expect(names).toHaveLength(DIAGRAM_STORE_LIMIT);
    expect(names).not.toContain(`${dotHash(first)}.svg`);
    expect(names).toContain(`${dotHash(`digraph { n${DIAGRAM_STORE_LIMIT - 1} }`)}.svg`);
  });

  it('still writes the diagram when the store cannot be written (a cache: a read-only workspace costs a redraw only)', async () => {
    const dir = out('store-unwritable');
    // A file where the store's folder should be: every write into it fails.
    const store = path.join(dir, 'not-a-folder');
    fs.writeFileSync(store, '');
    const renderer = fakeRenderer();
    const written = await writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), new Map(), renderer.render, store);
    expect(written).toEqual([{ environment: 'staging', file: path.join(dir, 'staging', DIAGRAM_FILE), rendered: true }]);
    expect(isSvgOf(fs.readFileSync(path.join(dir, 'staging', DIAGRAM_FILE), 'utf8'), 'digraph { a }')).toBe(true);
  });

  it('counts a picture written back from the output folder as used, so the pruning keeps it', async () => {
    const dir = out('store-touch');
    const store = storeOf(dir);
    await writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), new Map(), fakeRenderer().render, store);
    const file = path.join(store, `${dotHash('digraph { a }')}.svg`);
    fs.utimesSync(file, new Date(0), new Date(0));
    writeDiagrams(dir, new Map([['staging', 'digraph { a }']]), readDiagrams(dir), fakeRenderer().render, store);
    expect(fs.statSync(file).mtimeMs).toBeGreaterThan(0);
  });

  it("uses the workspace's .cache/diagrams unless PLATFORM_DIAGRAM_STORE names another folder", () => {
    expect(diagramStore({})).toBe(DIAGRAM_STORE);
    expect(DIAGRAM_STORE).toMatch(/[/\\]\.cache[/\\]diagrams$/);
    expect(diagramStore({ [DIAGRAM_STORE_VARIABLE]: '/elsewhere' })).toBe('/elsewhere');
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
