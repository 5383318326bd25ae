import * as fs from 'node:fs';
import * as path from 'node:path';
import { actionlint } from './actionlint';
import { WORKFLOWS_DIR } from './workflow-files';

const WORKSPACE = path.resolve(__dirname, '..');

/** Every workflow of the repository, path → text. */
function workflows(): Record<string, string> {
  const dir = path.join(WORKSPACE, WORKFLOWS_DIR);
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((file) => /\.ya?ml$/.test(file))
      .map((file) => [`${WORKFLOWS_DIR}/${file}`, fs.readFileSync(path.join(dir, file), 'utf8')]),
  );
}

describe('actionlint', () => {
  it('finds nothing in any workflow of the repository', async () => {
    const files = workflows();
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(4);
    expect(await actionlint(files)).toEqual([]);
  });

  it('reports untrusted input in a script and a job needing one that does not exist, with file, line and rule', async () => {
    const [file, content] = Object.entries(workflows()).find(([name]) => name.endsWith('/pr.yml')) as [string, string];
    const broken = `${content.trimEnd()}\n  injected:\n    runs-on: ubuntu-latest\n    needs: [no-such-job]\n    steps:\n      - run: echo "\${{ github.event.pull_request.title }}"\n`;
    const findings = await actionlint({ [file]: broken });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\.github\/workflows\/pr\.yml:\d+:\d+: .*"github\.event\.pull_request\.title" is potentially untrusted.* \[expression\]$/),
        expect.stringMatching(/^\.github\/workflows\/pr\.yml:\d+:\d+: .*no-such-job.* \[job-needs\]$/),
      ]),
    );
  });
});
