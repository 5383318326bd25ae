import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommandLine } from './cli-arguments';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { SYNTH_COMMAND } from './synth';

const WORKSPACE = path.resolve(__dirname, '..');

/** The root cdktf.json's `app` command (tools/synth.ts, bundled by tools/run-synth.cjs), as `cdktf synth` runs it. */
const CDKTF_APP = (JSON.parse(fs.readFileSync(path.join(WORKSPACE, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ');

function synth(args: string[], outdir: string) {
  expect(CDKTF_APP.slice(0, 3)).toEqual(['node', 'tools/run-synth.cjs', 'cdktf-app']);
  return spawnSync(process.execPath, [...CDKTF_APP.slice(1), ...args], { cwd: WORKSPACE, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir } });
}

describe('tools/synth.ts (the app of the root cdktf.json, run as cdktf runs it)', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-')), 'all');
  });
  afterEach(() => fs.rmSync(path.dirname(outdir), { recursive: true, force: true }));

  /** One synthesis of every environment, shared by the tests that read it (each takes seconds). */
  let everything: { result: ReturnType<typeof synth>; outdir: string } | undefined;
  const synthesizeEverything = () => {
    if (everything === undefined) {
      const shared = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synth-cli-all-')), 'all');
      everything = { result: synth([], shared), outdir: shared };
    }
    return everything;
  };
  afterAll(() => {
    if (everything !== undefined) fs.rmSync(path.dirname(everything.outdir), { recursive: true, force: true });
  });

  it('synthesizes every environment into one cdktf output and lists the stacks', () => {
    const { result, outdir } = synthesizeEverything();
    // stderr carries only the policy summary of each environment and its warnings.
    expect(result.stderr).not.toMatch(/^error/m);
    for (const environment of ['development', 'production', 'staging', 'storymagic-development', 'storymagic-production', 'testing']) {
      expect(result.stderr).toMatch(new RegExp(`^policy ${environment}: \\d+ rules, \\d+ checks: \\d+ passed, 0 errors`, 'm'));
    }
    expect(result.status).toBe(0);
    const eks = ['network', 'cluster', 'cluster-addons', 'cluster-config', 'data', 'monitoring', 'observability', 'workloads'];
    const ecs = ['network', 'data', 'monitoring', 'services'];
    // Disaster recovery: the copies' stack before the data, the secondary region's stacks, the backups last.
    const withCopies = (kinds: string[]) => [...kinds.slice(0, kinds.indexOf('data')), 'recovery-eu-west-1', ...kinds.slice(kinds.indexOf('data'))];
    const production = [...withCopies(eks), ...['network', 'data', 'cluster', 'cluster-addons', 'cluster-config'].map((kind) => `${kind}-eu-west-1`), 'recovery'];
    const staging = [...withCopies(eks), 'recovery'];
    const storymagicProduction = [...withCopies(ecs), 'network-eu-west-1', 'data-eu-west-1', 'recovery'];
    const named = (env: string, kinds: string[]) => kinds.map((kind) => `${env}-${kind}`);
    const stacks = [
      ...named('development', eks),
      ...named('production', production),
      ...named('staging', staging),
      ...named('storymagic-development', ecs),
      ...named('storymagic-production', storymagicProduction),
      ...named('testing', eks),
    ];
    expect(result.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(stacks);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([...stacks].sort());
  }, 60_000);

  it('gives every stack of every environment its own encrypted, locked state object in its account’s bucket', () => {
    const { result, outdir } = synthesizeEverything();
    expect(result.status).toBe(0);
    const backends = fs.readdirSync(path.join(outdir, 'stacks')).map((stack) => {
      const { s3 } = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')).terraform.backend;
      return { stack, ...s3 };
    });
    expect(backends.length).toBeGreaterThanOrEqual(4);
    for (const backend of backends) {
      // Each project (platform, storymagic) has its own lock table, in its own accounts.
      const project = backend.stack.startsWith('storymagic-') ? 'storymagic' : 'platform';
      expect(backend).toMatchObject({ encrypt: true, dynamodb_table: `${project}-terraform-locks`, kms_key_id: expect.stringMatching(/^arn:aws:kms:/) });
      const [, environment, kind, region] = /^(.*?)-(network|cluster|cluster-addons|cluster-config|data|monitoring|observability|workloads|services|recovery)(-eu-west-1)?$/.exec(backend.stack) ?? [];
      expect(backend.key).toBe(`${environment}/${kind}${region ?? ''}.tfstate`);
      // A secondary region's stacks keep their state in that region's store.
      expect(backend.region).toBe(region === undefined ? 'eu-central-1' : 'eu-west-1');
    }
    const locations = backends.map(({ bucket, key }) => `s3://${bucket}/${key}`);
    expect(new Set(locations).size).toBe(locations.length);
    // One bucket per account and region: production state never lands in the development bucket.
    const accountAndRegionOf = (bucket: string) => /-(\d{12}-[a-z]+-[a-z]+-\d)$/.exec(bucket)?.[1];
    expect(new Set(backends.map(({ bucket }) => bucket)).size).toBe(new Set(backends.map(({ bucket }) => accountAndRegionOf(bucket))).size);
  }, 60_000);

  it('rejects an unknown environment, listing the known ones, and writes nothing', () => {
    const result = synth(['prod'], outdir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "error: Unknown environment 'prod'. Known environments: development, production, staging, storymagic-development, storymagic-production, testing. Fix: use one of those",
    );
    expect(fs.existsSync(outdir)).toBe(false);
  }, 60_000);

  it('rejects an environment asked for twice as duplicate stack names', () => {
    const result = synth(['staging', 'staging'], outdir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Duplicate stack name 'staging-network'/);
    expect(fs.existsSync(outdir)).toBe(false);
  }, 60_000);
});

describe('the command line of the root cdktf app (cdktf-app)', () => {
  itFollowsTheCommandLineConvention(SYNTH_COMMAND, (args) => parseCommandLine(SYNTH_COMMAND, args));
});
