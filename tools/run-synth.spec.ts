import { exampleEcsEnvironment, exampleEnvironment } from '@platform/config/testing';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportedEnvironment, fileNamePattern, writeEnvironmentFiles } from './environment-files-testing';
import { DIAGRAM_STORE_VARIABLE } from './environment-diagrams';
import { ENVIRONMENTS_DIR_VARIABLE } from './environments';
import { parseCommandLine } from './cli-arguments';
import { thrownBy } from './cli-arguments-testing';
import { main as synthEveryMain, SYNTH_EVERY_COMMAND } from './synth-every';

const WORKSPACE = path.resolve(__dirname, '..');

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher is plain CommonJS run by node
const launcher = require('./run-synth.cjs') as {
  bundleIsCurrent(bundle: string, inputsFile: string, root: string): boolean;
  builderVersion(): string;
  parseLauncherArguments(args: readonly string[]): 'help' | 'build-only' | 'cdktf-app' | 'synth';
  usage(): string;
  OPTIONS: Record<string, { type: string; value?: string; multiple?: boolean }>;
};

/** `node tools/run-synth.cjs <args>` on environment files in `environmentsDir`. */
function runSynth(args: readonly string[], environmentsDir: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['tools/run-synth.cjs', ...args], { cwd: WORKSPACE, encoding: 'utf8', env: { ...process.env, [ENVIRONMENTS_DIR_VARIABLE]: environmentsDir, ...env } });
}

/** Every file under `dir` (relative path → content). */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .sort()
      .map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]),
  );
}

describe('tools/run-synth.cjs: the bundled synth plain node runs (npm run synth, nx run <app>:synth, cdktf synth)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'run-synth-'));
  const environments = (name: string, files: Record<string, string>) => writeEnvironmentFiles(root, name, files);
  const exported = exportedEnvironment;
  const valid = () =>
    environments('valid', {
      staging: `import { defineEnvironment } from '@platform/config';\nimport { organization } from '@platform/environments/common';\n\nexport const environment = defineEnvironment({ ...${JSON.stringify(exampleEnvironment())}, contactEmail: organization.contactEmail });\n`,
      'storymagic-staging': exported(exampleEcsEnvironment({ name: 'storymagic-staging', accountId: '210987654321' })),
    });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes byte for byte what the TypeScript program writes under tsx, @platform imports included', () => {
    const dir = valid();
    // Each run with an empty diagram store of its own: both draw every diagram (Graphviz runs in the bundle too).
    const bundled = runSynth(['--out-root', path.join(root, 'bundled')], dir, { [DIAGRAM_STORE_VARIABLE]: path.join(root, 'bundled-store') });
    expect(bundled.stderr).not.toMatch(/^error/m);
    expect(bundled.status).toBe(0);
    const tsx = spawnSync(process.execPath, ['--import', 'tsx', 'tools/synth-every.ts', '--out-root', path.join(root, 'tsx')], {
      cwd: WORKSPACE,
      encoding: 'utf8',
      env: { ...process.env, [ENVIRONMENTS_DIR_VARIABLE]: dir, [DIAGRAM_STORE_VARIABLE]: path.join(root, 'tsx-store') },
    });
    expect(tsx.status).toBe(0);
    const written = tree(path.join(root, 'bundled'));
    expect(Object.keys(written)).toContain(path.join('staging', 'stacks', 'staging-network', 'cdk.tf.json'));
    // Graphviz, external to the bundle, is loaded from node_modules when a diagram must be drawn.
    expect(written[path.join('storymagic-staging', 'diagram.svg')]).toMatch(/<svg[\s\S]*storymagic&#45;staging&#45;network/);
    expect(written).toEqual(tree(path.join(root, 'tsx')));
    expect(bundled.stdout).toMatch(/^storymagic-staging diagram \(redrawn\) /m);
    expect(bundled.stdout.replaceAll(`${path.sep}bundled${path.sep}`, `${path.sep}tsx${path.sep}`)).toBe(tsx.stdout);
  });

  it('--app writes only that app, as nx run <app>:synth does', () => {
    const out = path.join(root, 'one-app');
    const run = runSynth(['--out-root', out, '--app', 'storymagic-staging'], valid());
    expect(run.status).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['storymagic-staging']);
    const unknown = runSynth(['--out-root', out, '--app', 'prod'], valid());
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^error: --app: no app named prod\. Fix: name one of staging, storymagic-staging, bootstrap/m);
  });

  it('names the TypeScript line of an environment file that throws while it loads, as bad input without a stack', () => {
    const dir = environments('throws', { staging: `const zones: string[] = [];\n\n// line 4 throws\nexport const environment = zones[0].toUpperCase();\n` });
    const run = runSynth(['--out-root', path.join(root, 'throws', 'out')], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: ${fileNamePattern(path.join(dir, 'staging', 'environment.ts'))}:4:\\d+: Cannot read properties of undefined .*\\. Fix: `, 'm'));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(root, 'throws', 'out'))).toBe(false);
  });

  it('names the file, line and column of a syntax error, without a stack trace; other apps still synthesize', () => {
    const valid = exported(exampleEcsEnvironment({ name: 'storymagic-staging', accountId: '210987654321' }));
    const dir = environments('syntax', { staging: `export const environment = {\n  name: 'staging',,\n};\n`, 'storymagic-staging': valid });
    const run = runSynth(['--out-root', path.join(root, 'syntax', 'out')], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: \S*\/syntax\/environments\/staging\/environment\.ts:2:19: Expected identifier but found ","\. Fix: /m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // The broken file is not read by another environment's own app (nx run storymagic-staging:synth).
    const other = runSynth(['--out-root', path.join(root, 'syntax', 'out'), '--app', 'storymagic-staging'], dir);
    expect(other.stderr).not.toMatch(/^error/m);
    expect(other.status).toBe(0);
  });

  it('names the field of an invalid environment, with the file and the line it is written on', () => {
    const dir = environments('invalid', { staging: exported({ ...exampleEnvironment(), network: { vpcCidr: '10.40.0.0/33' } }) });
    const run = runSynth(['--out-root', path.join(root, 'invalid', 'out')], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: Environment 'staging' \(.*invalid\/environments\/staging\/environment\.ts\) is invalid:\n\s+- network.vpcCidr: /m);
    const line = Number(/- network\.vpcCidr: .*environment\.ts:(\d+)\)$/m.exec(run.stderr)?.[1]);
    expect(fs.readFileSync(path.join(dir, 'staging', 'environment.ts'), 'utf8').split('\n')[line - 1]).toContain('"vpcCidr": "10.40.0.0/33"');
  });

  it("checks PromQL with the Prometheus linter in the bundle too (its ES module build there): a type error names the rule's field", () => {
    const base = exampleEnvironment() as { observability?: { alerting?: Record<string, unknown> } };
    const rule = { alert: 'QueueTooDeep', expr: 'histogram_quantile(0.9, rate(queue_depth))', for: '5m', severity: 'warning', summary: 's', description: 'd' };
    const input = { ...base, observability: { ...base.observability, alerting: { ...base.observability?.alerting, rules: [rule] } } };
    const run = runSynth(['--out-root', path.join(root, 'promql', 'out')], environments('promql', { staging: exported(input) }));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^\s+- observability\.alerting\.rules\.0\.expr: expected type matrix in call to function "rate", got vector in 'queue_depth' .*\. Fix: /m);
  });

  it('refuses an environment file importing a library other than the configuration', () => {
    const dir = environments('imports', { staging: `import { PlatformError } from '@platform/core';\nexport const environment = new PlatformError('x');\n` });
    const run = runSynth(['--out-root', path.join(root, 'imports', 'out')], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/imports @platform\/core\. Fix: environment files may import @platform\/config and @platform\/environments\/<name>/);
  });

  describe('rebuilds the bundle only when an input changed', () => {
    const dir = path.join(root, 'fingerprints');
    const bundle = path.join(dir, 'synth.cjs');
    const inputsFile = path.join(dir, 'inputs.json');
    const source = path.join(dir, 'source.ts');
    const record = (inputs: Record<string, string>, builder = launcher.builderVersion()) => fs.writeFileSync(inputsFile, JSON.stringify({ builder, inputs }));
    const fingerprint = () => {
      const stat = fs.statSync(source);
      return `${stat.size}:${stat.mtimeMs}`;
    };
    beforeEach(() => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(bundle, '');
      fs.writeFileSync(source, 'export const a = 1;\n');
    });

    it('is current while every input is as recorded', () => {
      record({ 'source.ts': fingerprint() });
      expect(launcher.bundleIsCurrent(bundle, inputsFile, dir)).toBe(true);
    });

    it('is stale when an input was edited, removed, or the builder changed, or nothing was recorded', () => {
      record({ 'source.ts': fingerprint() });
      fs.writeFileSync(source, 'export const a = 22;\n');
      expect(launcher.bundleIsCurrent(bundle, inputsFile, dir)).toBe(false);
      record({ 'source.ts': fingerprint() });
      fs.rmSync(source);
      expect(launcher.bundleIsCurrent(bundle, inputsFile, dir)).toBe(false);
      fs.writeFileSync(source, 'export const a = 1;\n');
      record({ 'source.ts': fingerprint() }, 'another-esbuild/1');
      expect(launcher.bundleIsCurrent(bundle, inputsFile, dir)).toBe(false);
      fs.rmSync(inputsFile);
      expect(launcher.bundleIsCurrent(bundle, inputsFile, dir)).toBe(false);
    });
  });
});

describe('the command line of tools/run-synth.cjs (parseArgs directly, in the words of tools/cli-arguments.ts)', () => {
  const launcherError = (args: readonly string[]) => thrownBy(() => launcher.parseLauncherArguments(args)) as Error & { exitCode?: number };

  it('keeps every invocation working: npm run synth, --app, --out-root, cdktf-app, --build-only, --help', () => {
    expect(launcher.parseLauncherArguments([])).toBe('synth');
    expect(launcher.parseLauncherArguments(['--app', 'staging', '--app=bootstrap', '--out-root=/tmp/x'])).toBe('synth');
    expect(launcher.parseLauncherArguments(['cdktf-app', 'staging', 'production'])).toBe('cdktf-app');
    expect(launcher.parseLauncherArguments(['--build-only'])).toBe('build-only');
    expect(launcher.parseLauncherArguments(['-h'])).toBe('help');
    expect(launcher.usage()).toMatch(/--out-root <dir> +where the apps are written[\s\S]*--build-only[\s\S]*-h, --help/);
  });

  it('declares the options of synth-every.ts, which the bundle checks again', () => {
    const { 'build-only': buildOnly, help, ...synthOptions } = launcher.OPTIONS;
    expect([buildOnly.type, help.type]).toEqual(['boolean', 'boolean']);
    expect(Object.fromEntries(Object.entries(synthOptions).map(([name, { type, value, multiple }]) => [name, { type, value, multiple }]))).toEqual(
      Object.fromEntries(Object.entries(SYNTH_EVERY_COMMAND.options).map(([name, option]) => [name, { type: option.type, value: option.value, multiple: 'multiple' in option ? option.multiple : undefined }])),
    );
  });

  it.each([['--bogus'], ['--out-root'], ['--build-only=yes'], ['stray']])('refuses %s with exit code 2 and the message tools/cli-arguments.ts gives', (arg) => {
    const error = launcherError([arg]);
    expect(error.exitCode).toBe(2);
    const same = { ...SYNTH_EVERY_COMMAND, command: 'node tools/run-synth.cjs', options: { ...SYNTH_EVERY_COMMAND.options, 'build-only': { type: 'boolean', description: '' } } } as const;
    expect(error.message).toBe((thrownBy(() => parseCommandLine(same, [arg])) as Error).message);
  });

  it.each([['--out-root='], ['--out-root', ' ']])('refuses an empty output root %j (every app would land in the current folder), as synth-every.ts does', (...args) => {
    const error = launcherError(args);
    expect([error.exitCode, error.message]).toEqual([2, '--out-root: is empty. Fix: name a folder, e.g. --out-root cdktf.out']);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      synthEveryMain(args);
      expect([process.exitCode, stderr.mock.calls]).toEqual([2, [['error: --out-root: is empty. Fix: name a folder, e.g. --out-root cdktf.out\n']]]);
    } finally {
      stderr.mockRestore();
      process.exitCode = undefined;
    }
  });

  it('exits 2 before building anything, run as npm runs it', () => {
    const run = spawnSync(process.execPath, ['tools/run-synth.cjs', '--out-dir', 'x'], { cwd: WORKSPACE, encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', 'error: --out-dir: unknown option. Fix: use one of --out-root, --app, --build-only, --help\n']);
  });
});
