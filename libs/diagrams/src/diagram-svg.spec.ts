import { dotHash, isSvgOf, renderSvg, svgSourceHash } from './diagram-svg';

describe('renderSvg', () => {
  const dot = 'digraph { "a" -> "b" }';

  it('renders DOT as SVG offline, stamped with the hash of the DOT text', async () => {
    const svg = await renderSvg(dot);
    expect(svg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    expect(svgSourceHash(svg)).toBe(dotHash(dot));
    expect(isSvgOf(svg, dot)).toBe(true);
    expect(isSvgOf(svg, 'digraph { "a" -> "c" }')).toBe(false);
  });

  it('says nothing is current without a picture or without a stamp', () => {
    expect(isSvgOf(undefined, dot)).toBe(false);
    expect(isSvgOf('<svg></svg>', dot)).toBe(false);
  });

  it('fails on invalid DOT with Graphviz\'s message', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/syntax error/);
  });
});
