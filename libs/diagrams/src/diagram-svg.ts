import { createHash } from 'node:crypto';

/** The comment an SVG made by {@link renderSvg} carries: the hash of the DOT text it was drawn from. */
const STAMP = /<!-- diagram-source-sha256: ([0-9a-f]{64}) -->/;

/** The SHA-256 of DOT text (hex): what {@link renderSvg} stamps into the picture. */
export function dotHash(dot: string): string {
  return createHash('sha256').update(dot).digest('hex');
}

/** The hash of the DOT text an SVG was rendered from, or undefined when it carries none (not made by {@link renderSvg}). */
export function svgSourceHash(svg: string): string | undefined {
  return STAMP.exec(svg)?.[1];
}

/** Whether `svg` was rendered from exactly `dot`: then rendering again would give the same picture. */
export function isSvgOf(svg: string | undefined, dot: string): boolean {
  return svg !== undefined && svgSourceHash(svg) === dotHash(dot);
}

let viz: ReturnType<typeof import('@viz-js/viz').instance> | undefined;

/**
 * Renders DOT text as SVG with Graphviz compiled to WebAssembly (@viz-js/viz, offline), stamped with the hash of
 * the DOT text ({@link svgSourceHash}). The 1.2 MB module is loaded on the first call only, so a synthesis whose
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
