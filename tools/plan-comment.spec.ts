import { FakeGitHubApi } from '@platform/plan-comment/testing';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseSubcommand, usage } from './cli-arguments';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { main, PLAN_COMMENT_PROGRAM } from './plan-comment';
import { CLUSTER_DEFERRAL } from './plan';

const WORKSPACE = join(__dirname, '..');
const FIXTURES = join(WORKSPACE, 'libs', 'plan-comment', 'src', 'fixtures');
const MARKER = '<!-- platform-plan-comment:plan -->';
const partMarker = (part: number) => (part === 1 ? MARKER : `<!-- platform-plan-comment:plan:part-${part} -->`);

/** A `terraform show -json` plan creating `count` buckets: large enough a list to need several comments. */
function largePlan(count: number): string {
  const resource_changes = Array.from({ length: count }, (_, index) => ({ address: `aws_s3_bucket.tenant["tenant-${index}"]`, mode: 'managed', change: { actions: ['create'] } }));
  return JSON.stringify({ format_version: '1.2', resource_changes });
}

/** Runs the CLI in this process, capturing what it writes. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(args, env, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { exitCode, out: out.join('\n'), err: err.join('\n') };
}

describe('plan-comment CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-comment-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [[], /^error: <command>: missing\. Fix: npm run plan-comment -- <render\|post\|drift> \(--help for more\)$/],
    [['publish'], /^error: publish: unknown command\. Fix: use one of render, post, drift$/],
    [['render', '--plans', 'x'], /^error: --plans: unknown option\. Fix: use one of --plan, --plans-dir, --artifact-url, --run-url, --environment-url, --link-jobs, --marker, --title, --out, --out-dir, --no-cost, --help$/],
    [['render'], /error: render needs either --plan options or --plans-dir, not both/],
    [['render', '--plan', 'development:network.json'], /error: --plan 'development:network.json' is not <env>:<stack>:<path-to-show-json>/],
    [['render', '--plans-dir', 'plans', 'extra'], /^error: 'extra': unexpected argument\. Fix: npm run plan-comment -- render \[options\]$/],
    [['post', '--repo', 'octo-org', '--pr', '1', '--body-file', 'c.md'], /error: --repo 'octo-org' is not <owner>\/<name>/],
    [['post', '--repo', 'octo-org/platform', '--pr', 'abc', '--body-file', 'c.md'], /error: --pr 'abc' is not a whole number/],
    [['drift', '--repo', 'octo-org/platform', '--environment', 'production', '--body-file', 'c.md'], /error: --exit-code is required/],
    [['render', '--plans-dir', 'plans', '--out', 'c.md', '--out-dir', 'comment'], /error: render writes to --out or --out-dir, not both/],
    [['render', '--plans-dir', 'plans', '--environment-url', 'staging'], /error: --environment-url 'staging' is not <env>=<url>/],
    [['post', '--repo', 'octo-org/platform', '--pr', '1'], /error: post needs either --body-file or --body-dir/],
  ])('exits 2 on a wrong command line: %j', async (args, message) => {
    const { exitCode, err } = await run(args);
    expect(exitCode).toBe(2);
    expect(err).toMatch(message);
  });

  it('prints the commands for --help and a command\'s options for <command> --help, and exits 0', async () => {
    const program = await run(['--help']);
    expect([program.exitCode, program.err]).toEqual([0, '']);
    expect(program.out).toMatch(/^Usage: npm run plan-comment -- <command> \[options\]\n[\s\S]*\n {2}render {2}Markdown of the plans/);
    const render = await run(['render', '-h']);
    expect([render.exitCode, render.out]).toEqual([0, usage(PLAN_COMMENT_PROGRAM.commands.render)]);
  });

  it('exits 2 when GITHUB_TOKEN is missing', async () => {
    writeFileSync(join(dir, 'c.md'), 'comment');
    const { exitCode, err } = await run(['post', '--repo', 'octo-org/platform', '--pr', '12', '--body-file', join(dir, 'c.md')]);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/GITHUB_TOKEN is not set/);
  });

  it('renders --plan files into --out and logs one line per stack', async () => {
    const out = join(dir, 'comment.md');
    const result = await run([
      'render',
      '--plan', `development:development-state:${join(FIXTURES, 'create.json')}`,
      '--plan', `production:production-state:${join(FIXTURES, 'replace-and-delete.json')}`,
      '--artifact-url', 'https://github.com/octo-org/platform/actions/runs/1/artifacts/2',
      '--out', out,
    ]);

    expect(result).toMatchObject({ exitCode: 0, err: '' });
    expect(result.out.split('\n')).toEqual([
      'development/development-state: 10 to add',
      'production/production-state: 2 to replace, 1 to destroy, 1 to change, 1 to add (destructive)',
      expect.stringMatching(/^wrote .*comment\.md \(\d+ characters\)$/),
    ]);
    const comment = readFileSync(out, 'utf8');
    expect(comment.startsWith(`${MARKER}\n`)).toBe(true);
    expect(comment).toContain('| production | production-state | 1 | 1 | 1 | 2 | ⚠️ destroys resources |');
    // The bootstrap stack's KMS key, 1.00 a month: created in development, kept in production.
    expect(comment).toContain('### Monthly cost estimate');
    expect(comment).toContain('| development | $0.00 | $1.00 | +$1.00 |');
  });

  it('leaves the cost estimate out with --no-cost', async () => {
    const { exitCode, out } = await run(['render', '--no-cost', '--plan', `development:development-state:${join(FIXTURES, 'create.json')}`]);
    expect(exitCode).toBe(0);
    expect(out).toContain('| development | development-state | 10 |');
    expect(out).not.toContain('Monthly cost');
  });

  it('renders every <env>/<stack>.json of --plans-dir to stdout, the log lines to stderr', async () => {
    mkdirSync(join(dir, 'staging'));
    mkdirSync(join(dir, 'development'));
    copyFileSync(join(FIXTURES, 'no-op.json'), join(dir, 'staging', 'staging-state.json'));
    writeFileSync(join(dir, 'staging', 'staging-state.txt'), 'No changes.');
    copyFileSync(join(FIXTURES, 'create.json'), join(dir, 'development', 'development-state.json'));

    const { exitCode, out, err } = await run(['render', '--plans-dir', dir, '--marker', 'plan-all']);

    expect(exitCode).toBe(0);
    expect(out.startsWith('<!-- platform-plan-comment:plan-all -->\n')).toBe(true);
    expect(err).toBe('development/development-state: 10 to add\nstaging/staging-state: no changes');
  });

  it('lists a stack deferred until its producer applies, and refuses a deferred note it cannot read', async () => {
    mkdirSync(join(dir, 'staging'));
    copyFileSync(join(FIXTURES, 'create.json'), join(dir, 'staging', 'staging-network.json'));
    writeFileSync(join(dir, 'staging', 'staging-cluster.deferred'), JSON.stringify({ producers: ['staging-network'], error: 'Unsupported attribute' }));

    const { exitCode, out } = await run(['render', '--plans-dir', dir, '--no-cost']);

    expect(exitCode).toBe(0);
    expect(out).toMatch(/\| staging \| staging-cluster \| 0 \| 0 \| 0 \| 0 \| ⏳ not planned yet: planned and applied after staging-network \(reads outputs they create\) \|/);
    writeFileSync(join(dir, 'staging', 'staging-cluster.deferred'), '{"error":"x"}');
    const broken = await run(['render', '--plans-dir', dir, '--no-cost']);
    expect(broken.exitCode).toBe(1);
    expect(broken.err).toMatch(/staging-cluster\.deferred is not a deferred stack's note/);
  });

  it('lists a stack a pull request does not plan (tools/plan.ts --aws-only) as planned by the deploy workflow, next to a deferred one', async () => {
    mkdirSync(join(dir, 'production'));
    copyFileSync(join(FIXTURES, 'create.json'), join(dir, 'production', 'production-network.json'));
    writeFileSync(join(dir, 'production', 'production-cluster-addons.deferred'), JSON.stringify(CLUSTER_DEFERRAL));
    writeFileSync(join(dir, 'production', 'production-data.deferred'), JSON.stringify({ producers: ['production-network'], error: 'Unsupported attribute' }));

    const { exitCode, out } = await run(['render', '--plans-dir', dir, '--no-cost']);

    expect(exitCode).toBe(0);
    expect(out).toMatch(/\| production \| production-cluster-addons \| 0 \| 0 \| 0 \| 0 \| ⏳ not planned in pull requests \(needs the private cluster API\): planned by the deploy workflow \|/);
    expect(out).toMatch(/\| production \| production-data \| 0 \| 0 \| 0 \| 0 \| ⏳ not planned yet: planned and applied after production-network \(reads outputs they create\) \|/);
    writeFileSync(join(dir, 'production', 'production-cluster-addons.deferred'), JSON.stringify({ ...CLUSTER_DEFERRAL, reason: 'maintenance' }));
    const broken = await run(['render', '--plans-dir', dir, '--no-cost']);
    expect(broken.exitCode).toBe(1);
    expect(broken.err).toMatch(/production-cluster-addons\.deferred is not a deferred stack's note/);
  });

  it('writes a comment too long for one as parts of --out-dir, replacing the parts of an earlier render', async () => {
    const out = join(dir, 'comment');
    mkdirSync(join(dir, 'plans', 'production'), { recursive: true });
    writeFileSync(join(dir, 'plans', 'production', 'production-tenants.json'), largePlan(3000));
    mkdirSync(out);
    writeFileSync(join(out, 'part-9.md'), 'stale');

    const { exitCode, out: log } = await run(['render', '--plans-dir', join(dir, 'plans'), '--out-dir', out, '--run-url', 'https://github.com/octo-org/platform/actions/runs/42']);

    expect(exitCode).toBe(0);
    expect(log).toMatch(/^production\/production-tenants: 3000 to add\nwrote 2 part\(s\) to .*comment \(\d+, \d+ characters\)$/);
    expect(readdirSync(out).sort()).toEqual(['part-1.md', 'part-2.md']);
    const parts = ['part-1.md', 'part-2.md'].map((name) => readFileSync(join(out, name), 'utf8'));
    parts.forEach((part, index) => {
      expect(part.length).toBeLessThan(65_536);
      expect(part.startsWith(`${partMarker(index + 1)}\n\n## Terraform plan (part ${index + 1} of 2)`)).toBe(true);
    });
    expect(parts[0]).toContain('| [production](https://github.com/octo-org/platform/actions/runs/42) | production-tenants | 3000 |');
  });

  it.each([
    [(root: string) => writeFileSync(join(root, 'broken.json'), '{'), (root: string) => ['--plan', `dev:net:${join(root, 'broken.json')}`], /broken\.json is not JSON/],
    [() => undefined, (root: string) => ['--plans-dir', root], /error: No plans in .*: expected .*<env>\/<stack>\.json files/],
    [() => undefined, (root: string) => ['--plans-dir', join(root, 'missing')], /error: Cannot read the plans directory .*missing \(ENOENT\)/],
  ])('exits 1 on bad plans (%#)', async (prepare, args, message) => {
    prepare(dir);
    const { exitCode, err } = await run(['render', ...args(dir)]);
    expect(exitCode).toBe(1);
    expect(err).toMatch(message);
  });

  describe('against a GitHub API, run as `npm run plan-comment` runs it (tsx, Octokit loaded as ES module)', () => {
    // A tsx process takes a few seconds to start on a busy 2-core runner.
    const CLI_TIMEOUT_MS = 30_000;
    let api: FakeGitHubApi;
    beforeEach(async () => {
      api = await FakeGitHubApi.start();
    });
    afterEach(() => api.close());

    const cli = (args: string[]) =>
      promisify(execFile)(join(WORKSPACE, 'node_modules', '.bin', 'tsx'), ['tools/plan-comment.ts', ...args], {
        cwd: WORKSPACE,
        env: { ...process.env, GITHUB_TOKEN: 'test-token', GITHUB_API_URL: api.url },
      });

    it('posts the parts of --body-dir, deleting leftover parts of an earlier run, and labels a destructive plan', async () => {
      api.addPullRequest(12);
      const [first, second, third] = [1, 2, 3].map((part) => api.addComment(12, `${partMarker(part)}\nold`));
      mkdirSync(join(dir, 'comment'));
      writeFileSync(join(dir, 'comment', 'part-1.md'), `${MARKER}\nnew 1`);
      writeFileSync(join(dir, 'comment', 'part-2.md'), `${partMarker(2)}\nnew 2`);
      mkdirSync(join(dir, 'plans', 'production'), { recursive: true });
      copyFileSync(join(FIXTURES, 'replace-only.json'), join(dir, 'plans', 'production', 'production-state.json'));

      const { stdout } = await cli(['post', '--repo', 'octo-org/platform', '--pr', '12', '--body-dir', join(dir, 'comment'), '--plans-dir', join(dir, 'plans')]);

      const url = (id: number) => `https://github.com/octo-org/platform/pull/12#issuecomment-${id}`;
      expect(stdout).toBe(`updated comment ${url(first.id)}\nupdated comment ${url(second.id)}\ndeleted comment ${third.id} (part 3 of an earlier run)\nadded label destroy\n`);
      expect(api.comments.map(({ body }) => body)).toEqual([`${MARKER}\nnew 1`, `${partMarker(2)}\nnew 2`]);
      expect(api.issues[0].labels).toEqual(['destroy']);
    }, CLI_TIMEOUT_MS);

    it('links each environment to its plan job with --link-jobs', async () => {
      const job = api.addJob(42, 'plan (staging)');
      mkdirSync(join(dir, 'plans', 'staging'), { recursive: true });
      copyFileSync(join(FIXTURES, 'move-only.json'), join(dir, 'plans', 'staging', 'staging-state.json'));

      const { stdout } = await cli(['render', '--plans-dir', join(dir, 'plans'), '--run-url', 'https://github.com/octo-org/platform/actions/runs/42', '--link-jobs', '--no-cost']);

      expect(stdout).toContain(`| [staging](https://github.com/octo-org/platform/actions/runs/42/job/${job.id}) | staging-state | 0 | 0 | 0 | 0 | 2 moved |`);
    }, CLI_TIMEOUT_MS);

    it('opens the drift issue with drift', async () => {
      writeFileSync(join(dir, 'summary.md'), '1 to change');

      const { stdout } = await cli(['drift', '--repo', 'octo-org/platform', '--environment', 'staging', '--exit-code', '2', '--body-file', join(dir, 'summary.md')]);

      expect(stdout).toBe('created issue #1 https://github.com/octo-org/platform/issues/1\n');
      expect(api.issues[0]).toMatchObject({ title: 'Drift detected in staging', labels: ['drift:staging'] });
    }, CLI_TIMEOUT_MS);
  });
});

describe('the command line of npm run plan-comment', () => {
  const parse = (args: readonly string[]) => parseSubcommand(PLAN_COMMENT_PROGRAM, args);
  describe.each(Object.keys(PLAN_COMMENT_PROGRAM.commands))('%s', (command) => {
    itFollowsTheCommandLineConvention(PLAN_COMMENT_PROGRAM.commands[command as keyof typeof PLAN_COMMENT_PROGRAM.commands], parse, [command]);
  });
});
