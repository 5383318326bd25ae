/**
 * The architecture diagram of every environment `npm run synth` writes: `cdktf.out/<environment>/diagram.svg`, drawn
 * from the stacks just synthesized (@platform/diagrams). Rendering (Graphviz as WebAssembly, 1.2 MB, about 0.5 s per
 * environment) happens only for an environment whose drawing changed: each SVG carries the hash of the DOT text it
 * was rendered from, and a synthesis that gives the same DOT text writes the previous SVG back unchanged (the
 * environment's folder is replaced by every synthesis, so the previous ones are read before it).
 */
import { architectureGraph, isSvgOf, renderSvg, StackJson, toDot } from '@platform/diagrams';
import type { SynthesizedStack } from '@platform/stacks';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where in an environment's output folder its diagram is written. */
export const DIAGRAM_FILE = 'diagram.svg';

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
 * same text, else a new rendering. Synchronous when nothing needs rendering (the usual synthesis); else returns once
 * every changed diagram is written.
 */
export function writeDiagrams(
  outputRoot: string,
  dots: ReadonlyMap<string, string>,
  previous: ReadonlyMap<string, string>,
  render: (dot: string) => Promise<string> = renderSvg,
): DiagramWritten[] | Promise<DiagramWritten[]> {
  const file = (environment: string) => path.join(outputRoot, environment, DIAGRAM_FILE);
  const stale = [...dots].filter(([environment, dot]) => !isSvgOf(previous.get(environment), dot));
  const kept = [...dots].filter(([environment]) => !stale.some(([name]) => name === environment));
  const written: DiagramWritten[] = kept.map(([environment]) => {
    fs.writeFileSync(file(environment), previous.get(environment) as string);
    return { environment, file: file(environment), rendered: false };
  });
  if (stale.length === 0) return written;
  return (async () => {
    for (const [environment, dot] of stale) {
      fs.writeFileSync(file(environment), await render(dot));
      written.push({ environment, file: file(environment), rendered: true });
    }
    return written;
  })();
}
