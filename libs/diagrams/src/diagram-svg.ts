import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The comment an SVG made by {@link renderSvg} carries: the hash of the DOT text and renderer it was drawn with. */
const STAMP = /<!-- diagram-source-sha256: ([0-9a-f]{64}) -->/;

let rendererVersion: string | undefined;

/**
 * `@viz-js/viz@<version>`: part of the stamp, so that upgrading Graphviz draws every diagram again. Read from the
 * package's package.json (not exported, so found next to its entry point) without loading the 1.2 MB module.
 */
export function renderer(): string {
  rendererVersion ??= (JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('@viz-js/viz')), '..', 'package.json'), 'utf8')) as { version: string }).version;
  return `@viz-js/viz@${rendererVersion}`;
}

/** The SHA-256 (hex) of DOT text and of the renderer that draws it ({@link renderer}): what {@link renderSvg} stamps into the picture. */
export function dotHash(dot: string, drawnWith: string = renderer()): string {
  return createHash('sha256').update(`${drawnWith}\n`).update(dot).digest('hex');
}

/** The hash of the DOT text an SVG was rendered from, or undefined when it carries none (not made by {@link renderSvg}). */
export function svgSourceHash(svg: string): string | undefined {
  return STAMP.exec(svg)?.[1];
}

/** Whether `svg` was rendered from exactly `dot` by the installed renderer: then rendering again would give the same picture. */
export function isSvgOf(svg: string | undefined, dot: string): boolean {
  return svg !== undefined && svgSourceHash(svg) === dotHash(dot);
}

let viz: ReturnType<typeof import('@viz-js/viz').instance> | undefined;

/**
 * Renders DOT text as SVG with Graphviz compiled to WebAssembly (@viz-js/viz, offline), stamped with the hash of
 * the DOT text and the renderer's version ({@link svgSourceHash}). The 1.2 MB module is loaded on the first call only, so a synthesis whose
 * diagrams are current never loads it. Throws with Graphviz's message on invalid DOT.
 */
export async function renderSvg(dot: string): Promise<string> {
  // require, not import(): the synth bundle runs in a vm.Script, which has no dynamic import; @viz-js/viz is external
  // to it (tools/run-synth.cjs) and resolves to its CommonJS build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use only, see above
  viz ??= (require('@viz-js/viz') as typeof import('@viz-js/viz')).instance();
  const svg = (await viz).renderString(dot, { format: 'svg', engine: 'dot' });
  // After the XML declaration and doctype, before the <svg> element: a comment any SVG viewer ignores.
  const at = svg.indexOf('<svg');
  return `${svg.slice(0, at)}<!-- diagram-source-sha256: ${dotHash(dot)} -->\n${svg.slice(at)}`;
}
