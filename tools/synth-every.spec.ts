import { exampleEcsEnvironment, exampleEnvironment } from '@platform/config/testing';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportedEnvironment, writeEnvironmentFiles } from './environment-files-testing';
import { ENVIRONMENTS_DIR_VARIABLE } from './environments';
import { SYNTH_EVERY_COMMAND, synthesizeEvery } from './synth-every';
import { parseCommandLine } from './cli-arguments';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';

const WORKSPACE = path.resolve(__dirname, '..');

describe('npm run synth (tools/synth-every.ts): every environment and the bootstrap app in one process', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-every-'));
  const saved = process.env[ENVIRONMENTS_DIR_VARIABLE];
  const environments = (name: string, files: Record<string, string>) => writeEnvironmentFiles(root, name, files);
  const exported = exportedEnvironment;
  afterEach(() => {
    if (saved === undefined) delete process.env[ENVIRONMENTS_DIR_VARIABLE];
    else process.env[ENVIRONMENTS_DIR_VARIABLE] = saved;
    process.setSourceMapsEnabled(true);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes each environment where its nx synth writes it, and the bootstrap app beside them', () => {
    process.env[ENVIRONMENTS_DIR_VARIABLE] = environments('valid', { staging: exported(exampleEnvironment()), 'storymagic-staging': exported(exampleEcsEnvironment({ name: 'storymagic-staging', accountId: '210987654321' })) });
    const out = path.join(root, 'valid', 'cdktf.out');
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stacks = synthesizeEvery(out);
    jest.restoreAllMocks();
    expect(fs.readdirSync(out).sort()).toEqual(['bootstrap', 'staging', 'storymagic-staging']);
    expect(stacks.filter((stack) => stack.environment === 'staging').map((stack) => path.relative(out, stack.file))).toContain(path.join('staging', 'stacks', 'staging-network', 'cdk.tf.json'));
    expect(stacks.some((stack) => stack.stack.startsWith('bootstrap-') && stack.file.startsWith(path.join(out, 'bootstrap')))).toBe(true);
    // An environment's policy report links the diagram main() draws beside its stacks; the bootstrap's has none.
    expect(fs.readFileSync(path.join(out, 'staging', 'policy', 'staging.md'), 'utf8')).toContain('[diagram](../diagram.svg)');
    expect(fs.readdirSync(path.join(out, 'bootstrap', 'policy')).map((file) => fs.readFileSync(path.join(out, 'bootstrap', 'policy', file), 'utf8')).join('')).not.toContain('diagram');
  });

  it('validates every environment before it writes anything: one broken file, no output at all', () => {
    const broken = { ...exampleEcsEnvironment({ name: 'storymagic-staging', accountId: '210987654321' }), region: 'eu-centrall-1' };
    process.env[ENVIRONMENTS_DIR_VARIABLE] = environments('broken', { staging: exported(exampleEnvironment()), 'storymagic-staging': exported(broken) });
    const out = path.join(root, 'broken', 'cdktf.out');
    expect(() => synthesizeEvery(out)).toThrow(/storymagic-staging.*region/s);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('checks every output folder before it writes any: a folder it did not write (a mistyped root) stops it with nothing written', () => {
    process.env[ENVIRONMENTS_DIR_VARIABLE] = environments('foreign', { staging: exported(exampleEnvironment()), 'storymagic-staging': exported(exampleEcsEnvironment({ name: 'storymagic-staging', accountId: '210987654321' })) });
    const out = path.join(root, 'foreign', 'out');
    fs.mkdirSync(path.join(out, 'storymagic-staging'), { recursive: true });
    fs.writeFileSync(path.join(out, 'storymagic-staging', 'notes.txt'), 'not a synthesis output');
    expect(() => synthesizeEvery(out)).toThrow(`${path.join(out, 'storymagic-staging')}: exists and is not the output of a synthesis`);
    expect(fs.readdirSync(out)).toEqual(['storymagic-staging']);
    expect(fs.readdirSync(path.join(out, 'storymagic-staging'))).toEqual(['notes.txt']);
  });

  it('refuses environments whose bootstrap stores collide before it writes any of them', () => {
    // Both are valid alone; one account and region with two state buckets is not (the bootstrap makes one).
    process.env[ENVIRONMENTS_DIR_VARIABLE] = environments('collide', { staging: exported(exampleEnvironment()), 'storymagic-staging': exported(exampleEcsEnvironment({ name: 'storymagic-staging' })) });
    const out = path.join(root, 'collide', 'cdktf.out');
    expect(() => synthesizeEvery(out)).toThrow(/^state\.bucket: .*Fix: use one bucket per account and region/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('names the TypeScript line of an environment file that throws while it is imported', () => {
    const dir = environments('throws', { staging: `const zones: string[] = [];\n\n// line 3 throws\nexport const environment = zones[0].toUpperCase();\n` });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/synth-every.ts', '--out-root', path.join(root, 'throws', 'out')], {
      cwd: WORKSPACE,
      encoding: 'utf8',
      env: { ...process.env, [ENVIRONMENTS_DIR_VARIABLE]: dir },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${path.join(dir, 'staging', 'environment.ts')}:4`);
  });
});

describe('the command line of npm run synth', () => {
  itFollowsTheCommandLineConvention(SYNTH_EVERY_COMMAND, (args) => parseCommandLine(SYNTH_EVERY_COMMAND, args));
});
