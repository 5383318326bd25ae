/**
 * CI lints, tests and plans only the projects `nx affected` reports for a pull request's commits, so a project missing
 * from that set ships unchecked and an extra one costs a needless plan. Unlike workspace.spec.ts (`--files`), these cases
 * make real commits and go through the git diff CI relies on (`--base`/`--head`).
 */
import { join, resolve } from 'node:path';
import { CommitRange, TemporaryWorktree } from './temporary-worktree';

const WORKSPACE = resolve(__dirname, '..');

// One worktree from HEAD, one commit per case compared with its own parent, so each case sees only its change. The
// changes append a comment or text line, so the project graph nx reads from the worktree is HEAD's every time.
let worktree: TemporaryWorktree | undefined;

beforeAll(() => {
  worktree = TemporaryWorktree.create(WORKSPACE);
}, 30_000);

afterAll(() => worktree?.remove());

function createdWorktree(): TemporaryWorktree {
  if (!worktree) throw new Error('The temporary worktree was not created (see the beforeAll error).');
  return worktree;
}

function affectedBetween({ base, head }: CommitRange): string[] {
  const checkout = createdWorktree();
  const nx = join(checkout.path, 'node_modules', '.bin', 'nx');
  const output = checkout.run(nx, ['show', 'projects', '--affected', `--base=${base}`, `--head=${head}`, '--json'], {
    NX_DAEMON: 'false',
    NX_SKIP_NX_CACHE: 'true',
    NX_NO_CLOUD: 'true',
    CI: 'true',
  });
  return (JSON.parse(output) as string[]).sort();
}

describe('nx affected for a commit', () => {
  it.each([
    // The staging app reads its config; bootstrap creates every environment's state store from its config.
    ['environments/staging/environment.ts', '// affected.spec: staging config change', ['bootstrap', 'environments-staging', 'staging']],
    // network <- config (validates the network settings) <- every environment config <- every app; network <- stacks
    // <- every app and tools; config <- platform-contracts (reads the config). The other construct libraries, core and
    // terraform-testing do not import network.
    [
      'libs/network/src/network.ts',
      '// affected.spec: network library change',
      [
        'bootstrap',
        'config',
        'development',
        'environments-common',
        'environments-development',
        'environments-production',
        'environments-staging',
        'environments-storymagic-development',
        'environments-storymagic-production',
        'environments-testing',
        'network',
        'platform-contracts',
        'production',
        'stacks',
        'staging',
        'storymagic-development',
        'storymagic-production',
        'testing',
        'tools',
      ],
    ],
    // The root README lies in no project's folder; only the tools' tests list it among their inputs (tools/docs.spec.ts
    // checks its links and commands), so a documentation change runs them and deploys nothing.
    ['README.md', 'affected.spec: documentation change', ['tools']],
  ])('a commit changing only %s affects exactly the expected projects', (file, line, expected) => {
    expect(affectedBetween(createdWorktree().commitAppendedLine(file, line))).toEqual(expected);
  }, 30_000);
});
