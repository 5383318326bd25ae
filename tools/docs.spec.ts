import * as path from 'node:path';
import { citingFiles, documentationFiles, documentationProblems, exportedClassesAndFunctions, relativeLinks, sectionReferences, sectionTitles, unmentioned } from './docs-drift';

const WORKSPACE = path.resolve(__dirname, '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'docs-drift');

describe('the documentation', () => {
  it('has drifted nowhere: every library has a README naming its exports, every relative link resolves, the README keeps its two commands', () => {
    expect(documentationProblems(WORKSPACE)).toEqual([]);
  });

  it('checks the sections cited by the source of every library, app, environment and tool, and by knip.jsonc, but not by specs', () => {
    const files = citingFiles(WORKSPACE);
    expect(files).toEqual(expect.arrayContaining(['libs/config/src/load-environment.ts', 'environments/production/environment.ts', 'tools/plan.ts', 'knip.jsonc']));
    expect(files.filter((file) => file.endsWith('.spec.ts') || file.includes('/fixtures/'))).toEqual([]);
  });

  it('checks the root README, every docs page and every library README', () => {
    const files = documentationFiles(WORKSPACE);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'libs/network/README.md', 'libs/observability/README.md']));
    expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThan(0);
  });
});

describe('the drift check, on a fixture workspace', () => {
  it('reads the classes and functions an index exports, through `export *` and named re-exports, and nothing else', () => {
    expect(exportedClassesAndFunctions(path.join(FIXTURE, 'libs', 'widgets', 'src', 'index.ts'))).toEqual(['Widget', 'buildWidget', 'widgetCount']);
  });

  it('reports a missing README, an export the README does not name, a broken link and a lost command, each with its fix', () => {
    expect(documentationProblems(FIXTURE)).toEqual([
      'libs/gadgets/README.md: missing. Fix: write it (what the library builds, its constructs and props with defaults, an example, the decisions taken)',
      'libs/widgets/README.md: does not name widgetCount (exported by libs/widgets/src/index.ts). Fix: document each, or stop exporting it',
      "README.md: no longer shows the command 'npm test'. Fix: keep it in \"Two commands\" (CI runs the README's test command)",
      "libs/widgets/README.md: the link '../../docs/lost.md' points at nothing. Fix: correct the path relative to libs/widgets/",
      "libs/widgets/src/widget.ts: cites section 'Environment config' of README.md, which has no such heading. Fix: name the file and heading that hold it now (e.g. a page under docs/)",
    ]);
  });

  it('reads a cited section after the bare README, README.md or a path, with a comma, a colon or a comment line break between', () => {
    const source = [
      '// (README, "Bootstrap") README.md: "Two commands" and docs/operations.md "Deploy one environment".',
      ' * Needs credentials (see README,',
      ' * "Deploy one environment"). Not a citation: MY_README "x", README (no quotes), docs/a.md plus "text".',
    ].join('\n');
    expect(sectionReferences(source)).toEqual([
      ['README.md', 'Bootstrap'],
      ['README.md', 'Two commands'],
      ['docs/operations.md', 'Deploy one environment'],
      ['README.md', 'Deploy one environment'],
    ]);
  });

  it('takes headings, without code marks, and the bold titles that open a paragraph as sections', () => {
    expect([...sectionTitles('# Top\n\n## The `state` bucket ##\ntext **not a title**\n**First deploy** (by hand)')]).toEqual(['Top', 'The state bucket', 'First deploy']);
  });

  it('counts a name only as a whole word', () => {
    expect(unmentioned(['Widget', 'buildWidget'], 'see `Widgets` and buildWidgetFast')).toEqual(['Widget', 'buildWidget']);
  });

  it('takes relative links and images outside code, without their anchors, and leaves web links and anchors alone', () => {
    const markdown = '[a](docs/a.md#x) ![d](docs/diagrams/) [w](https://x.org/b.md) [s](#section) `[c](c.md)` [e](<docs/with space.md>)';
    expect(relativeLinks(markdown)).toEqual(['docs/a.md', 'docs/diagrams/', 'docs/with space.md']);
  });
});
