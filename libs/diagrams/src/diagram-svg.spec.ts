import * as fs from 'node:fs';
import * as path from 'node:path';
import { dotHash, isSvgOf, renderer, renderSvg, svgSourceHash } from './diagram-svg';

describe('renderSvg', () => {
  const dot = 'digraph { "a" -> "b" }';

  it('renders DOT as SVG offline, stamped with the hash of the DOT text', async () => {
    const svg = await renderSvg(dot);
    expect(svg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    expect(svgSourceHash(svg)).toBe(dotHash(dot));
    expect(isSvgOf(svg, dot)).toBe(true);
    expect(isSvgOf(svg, 'digraph { "a" -> "c" }')).toBe(false);
  });

  it('stamps the version of @viz-js/viz, so that an upgrade draws the picture again', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('@viz-js/viz')), '..', 'package.json'), 'utf8')) as { version: string };
    expect(renderer()).toBe(`@viz-js/viz@${version}`);
    expect(svgSourceHash(await renderSvg(dot))).toBe(dotHash(dot, `@viz-js/viz@${version}`));
    expect(dotHash(dot, '@viz-js/viz@0.0.1')).not.toBe(dotHash(dot));
  });

  it('says nothing is current without a picture or without a stamp', () => {
    expect(isSvgOf(undefined, dot)).toBe(false);
    expect(isSvgOf('<svg></svg>', dot)).toBe(false);
  });

  it('fails on invalid DOT with Graphviz\'s message', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/syntax error/);
  });
});
