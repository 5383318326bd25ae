/**
 * The architecture diagram of every environment `npm run synth` writes: `cdktf.out/<environment>/diagram.svg`, drawn
 * from the stacks just synthesized (@platform/diagrams). Rendering (Graphviz as WebAssembly, 1.2 MB, about 0.5 s per
 * environment) happens only for an environment whose drawing changed: each SVG carries the hash of the DOT text it
 * was rendered from, and a synthesis that gives the same DOT text writes the previous SVG back unchanged (the
 * environment's folder is replaced by every synthesis, so the previous ones are read before it), or the copy kept
 * in the workspace's diagram store (a new `--out-root`, a removed cdktf.out, another branch's drawing come back).
 */
import { writeFileAtomically } from '@platform/core';
import { architectureGraph, dotHash, isSvgOf, renderSvg, StackJson, toDot } from '@platform/diagrams';
import type { SynthesizedStack } from '@platform/stacks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WORKSPACE } from './environments';

/** Where in an environment's output folder its diagram is written. */
export const DIAGRAM_FILE = 'diagram.svg';

/**
 * Rendered diagrams kept across runs and output folders, named by {@link dotHash} (DOT text and renderer): in the
 * workspace's git-ignored .cache/, beside the synth bundle.
 */
export const DIAGRAM_STORE = path.join(WORKSPACE, '.cache', 'diagrams');
/** Names another folder as the diagram store (a spec comparing two synthesis runs gives each one of its own). */
export const DIAGRAM_STORE_VARIABLE = 'PLATFORM_DIAGRAM_STORE';

/** The diagram store this process uses: {@link DIAGRAM_STORE_VARIABLE}, else {@link DIAGRAM_STORE}. */
export function diagramStore(env: NodeJS.ProcessEnv = process.env): string {
  return env[DIAGRAM_STORE_VARIABLE] || DIAGRAM_STORE;
}
/** How many rendered diagrams the store keeps (the most recently used): six environments, a few versions each. */
export const DIAGRAM_STORE_LIMIT = 48;

/** The store's SVG of `dot`, when it holds one rendered from exactly that text by the installed renderer. */
function storedDiagram(store: string, dot: string): string | undefined {
  const file = path.join(store, `${dotHash(dot)}.svg`);
  let svg: string;
  try {
    svg = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (!isSvgOf(svg, dot)) return undefined;
  touch(file);
  return svg;
}

/**
 * Marks a stored picture as just used (what the pruning keeps). The store is a cache: a workspace it cannot write
 * (read-only, full, another owner's) costs a redraw, never the synthesis.
 */
function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Best effort, see above.
  }
}

/** Keeps `svg` (rendered from `dot`) in the store, then drops the least recently used beyond {@link DIAGRAM_STORE_LIMIT}. */
function storeDiagram(store: string, dot: string, svg: string): void {
  const file = path.join(store, `${dotHash(dot)}.svg`);
  if (fs.existsSync(file)) {
    touch(file);
    return;
  }
  const partial = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(store, { recursive: true });
    // A synthesis running at the same time never reads half a picture.
    writeFileAtomically(file, svg);
    const kept = fs
      .readdirSync(store)
      .map((name) => ({ name, used: fs.statSync(path.join(store, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.used - a.used);
    // Half-written pictures of a killed run are dropped with the oldest.
    for (const { name } of kept.slice(DIAGRAM_STORE_LIMIT)) fs.rmSync(path.join(store, name), { force: true });
  } catch {
    // A cache (see touch): the picture is in the output folder either way.
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // Nothing was written there.
    }
  }
}

/** The diagrams under `outputRoot` (by environment folder) before a synthesis replaces their folders. */
export function readDiagrams(outputRoot: string): Map<string, string> {
  const diagrams = new Map<string, string>();
  const folders = fs.existsSync(outputRoot) ? fs.readdirSync(outputRoot) : [];
  for (const folder of folders) {
    const file = path.join(outputRoot, folder, DIAGRAM_FILE);
    if (fs.existsSync(file)) diagrams.set(folder, fs.readFileSync(file, 'utf8'));
  }
  return diagrams;
}

/**
 * The DOT text of each environment's diagram, from the stacks written to its own folder (`<outputRoot>/<environment>/`;
 * the bootstrap app's stacks of an account with one environment report that environment too, but are not its app's).
 */
export function environmentDots(outputRoot: string, stacks: readonly SynthesizedStack[], environments: readonly string[]): Map<string, string> {
  return new Map(
    environments.map((environment) => {
      const folder = path.resolve(outputRoot, environment) + path.sep;
      const own = stacks.filter((stack) => stack.environment === environment && stack.file.startsWith(folder));
      return [environment, toDot(architectureGraph(environment, Object.fromEntries(own.map((stack) => [stack.stack, stack.json as StackJson]))))];
    }),
  );
}

/** What {@link writeDiagrams} did for one environment. */
export interface DiagramWritten {
  readonly environment: string;
  readonly file: string;
  /** Rendered again (the drawing changed), or the previous SVG written back. */
  readonly rendered: boolean;
}

/**
 * Writes `<outputRoot>/<environment>/diagram.svg` for each DOT text: the previous SVG when it was rendered from the
 * same text, else the store's copy of that text's rendering, else a new rendering (kept in the store). Synchronous
 * when nothing needs rendering (the usual synthesis); else returns once every changed diagram is written.
 */
export function writeDiagrams(
  outputRoot: string,
  dots: ReadonlyMap<string, string>,
  previous: ReadonlyMap<string, string>,
  render: (dot: string) => Promise<string> = renderSvg,
  store: string = diagramStore(),
): DiagramWritten[] | Promise<DiagramWritten[]> {
  const file = (environment: string) => path.join(outputRoot, environment, DIAGRAM_FILE);
  const written: DiagramWritten[] = [];
  const stale: [string, string][] = [];
  for (const [environment, dot] of dots) {
    const earlier = previous.get(environment);
    const svg = earlier !== undefined && isSvgOf(earlier, dot) ? earlier : storedDiagram(store, dot);
    if (svg === undefined) {
      stale.push([environment, dot]);
      continue;
    }
    fs.writeFileSync(file(environment), svg);
    storeDiagram(store, dot, svg);
    written.push({ environment, file: file(environment), rendered: false });
  }
  if (stale.length === 0) return written;
  return (async () => {
    for (const [environment, dot] of stale) {
      const svg = await render(dot);
      fs.writeFileSync(file(environment), svg);
      storeDiagram(store, dot, svg);
      written.push({ environment, file: file(environment), rendered: true });
    }
    return written;
  })();
}
