import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mayAttach, ProviderDaemonPool, ProviderDaemonStartError, singleAwsProviderConfiguration } from './provider-daemons';

const WORKSPACE = join(__dirname, '..', '..', '..', '..');
/** For a test that starts node with tsx: seconds on a loaded machine. */
const CHILD_PROCESS_TIMEOUT_MS = 30_000;
/** tsx's CommonJS hook: loads the TypeScript module in a child node without tsx's own wrapper process. */
const TSX_CJS = require.resolve('tsx/cjs');
const dir = mkdtempSync(join(tmpdir(), 'provider-daemons-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for a provider started with -debug: notes its pid and TMPDIR, prints the line terraform needs, waits. */
function fakeProvider(name: string, script = `echo "Provider started. Set TF_REATTACH_PROVIDERS='{\\"fake\\":{\\"Pid\\":$$}}'"\nexec sleep 300`): { binary: string; starts: string } {
  const binary = join(dir, name);
  const starts = join(dir, `${name}.starts`);
  writeFileSync(binary, `#!/bin/sh\n[ "$1" = -debug ] || exit 3\necho "$$ $TMPDIR" >> ${JSON.stringify(starts)}\n${script}\n`);
  chmodSync(binary, 0o755);
  return { binary, starts };
}

/** The pid and TMPDIR of every daemon started so far. */
function started(starts: string): { pid: number; socketDir: string }[] {
  if (!existsSync(starts)) return [];
  return readFileSync(starts, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [pid, socketDir] = line.split(' ');
      return { pid: Number(pid), socketDir };
    });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('ProviderDaemonPool', () => {
  it('gives a task the TF_REATTACH_PROVIDERS of its own daemon: reused one after another, a second one side by side', async () => {
    const { binary, starts } = fakeProvider('reuse');
    const pool = new ProviderDaemonPool({ binary, env: { PATH: process.env.PATH } });
    const first = await pool.use(async ({ reattachProviders }) => reattachProviders);
    const again = await pool.use(async ({ reattachProviders }) => reattachProviders);
    expect(again).toBe(first);
    expect(started(starts)).toHaveLength(1);
    expect(JSON.parse(first)).toEqual({ fake: { Pid: started(starts)[0].pid } });

    let release: () => void = () => undefined;
    const held = pool.use(({ reattachProviders }) => new Promise<string>((resolve) => (release = () => resolve(reattachProviders))));
    const beside = await pool.use(async ({ reattachProviders }) => reattachProviders);
    release();
    expect(beside).not.toBe(await held);
    expect(started(starts)).toHaveLength(2);
    pool.stopIdle();
    expect(await eventually(() => started(starts).every(({ pid, socketDir }) => !alive(pid) && !existsSync(socketDir)))).toBe(true);
  });

  it('stops a daemon idle for idleMs, and starts a new one for the next task', async () => {
    const { binary, starts } = fakeProvider('idle');
    const pool = new ProviderDaemonPool({ binary, env: { PATH: process.env.PATH }, idleMs: 100 });
    await pool.use(async () => undefined);
    const [{ pid, socketDir }] = started(starts);
    expect(existsSync(socketDir)).toBe(true);
    expect(await eventually(() => !alive(pid) && !existsSync(socketDir))).toBe(true);
    await pool.use(async () => undefined);
    expect(started(starts)).toHaveLength(2);
    pool.stopIdle();
  });

  it('does not hand out a daemon that died, and passes the task failure through', async () => {
    const { binary, starts } = fakeProvider('died');
    const pool = new ProviderDaemonPool({ binary, env: { PATH: process.env.PATH } });
    await expect(pool.use(async () => Promise.reject(new Error('plan failed')))).rejects.toThrow('plan failed');
    // Asked again without yielding to the event loop, so the exit event cannot have been handled: the pool must ask
    // whether the pid lives.
    process.kill(started(starts)[0].pid, 'SIGKILL');
    for (let waited = 0; alive(started(starts)[0].pid) && waited < 200; waited += 1) spawnSync('sleep', ['0.05']);
    await pool.use(async () => undefined);
    expect(started(starts)).toHaveLength(2);
    pool.stopIdle();
  });

  it('fails with what the provider printed when it exits or never says where it listens', async () => {
    const exits = fakeProvider('exits', 'echo "no credentials here" >&2; exit 1');
    const exited = new ProviderDaemonPool({ binary: exits.binary, env: { PATH: process.env.PATH } }).use(async () => undefined);
    await expect(exited).rejects.toThrow(ProviderDaemonStartError);
    await expect(exited).rejects.toThrow(/started with -debug exited \(exit code 1\)\. It printed:\nno credentials here/);
    expect(existsSync(started(exits.starts)[0].socketDir)).toBe(false);
    const silent = fakeProvider('silent', 'exec sleep 300');
    await expect(new ProviderDaemonPool({ binary: silent.binary, env: { PATH: process.env.PATH }, startTimeoutMs: 2000 }).use(async () => undefined)).rejects.toThrow(
      'did not say where it listens within 2000 ms',
    );
    expect(await eventually(() => started(silent.starts).length === 1 && !alive(started(silent.starts)[0].pid))).toBe(true);
  });

  it('hands a task what the daemon printed during it, not before', async () => {
    const { binary } = fakeProvider('chatty', `trap 'echo "panic: on request" >&2' USR1\necho "at start" >&2\nsleep 1\necho "Provider started. Set TF_REATTACH_PROVIDERS='{\\"fake\\":{\\"Pid\\":$$}}'"\nwhile :; do sleep 0.05; done`);
    const pool = new ProviderDaemonPool({ binary, env: { PATH: process.env.PATH } });
    const printed = await pool.use(async ({ reattachProviders, printed: since }) => {
      process.kill((JSON.parse(reattachProviders) as { fake: { Pid: number } }).fake.Pid, 'SIGUSR1');
      expect(await eventually(() => since().includes('panic'))).toBe(true);
      return since();
    });
    expect(printed).toBe('panic: on request\n');
    pool.stopIdle();
  });

  it('puts its socket folder in /tmp when the temp directory is too deep for a unix socket path', async () => {
    const deep = join(dir, 'd'.repeat(90));
    mkdirSync(deep);
    const { binary, starts } = fakeProvider('deep');
    const pool = new ProviderDaemonPool({ binary, env: { PATH: process.env.PATH }, socketRoot: deep });
    await pool.use(async () => undefined);
    expect(started(starts)[0].socketDir).toMatch(/^\/tmp\/pd-/);
    expect(readdirSync(deep)).toEqual([]);
    pool.stopIdle();
    expect(await eventually(() => !existsSync(started(starts)[0].socketDir))).toBe(true);
  });

  it('cleans up after a signal to its whole process group (a CLI interrupted), not only after its own exit', async () => {
    const { binary, starts } = fakeProvider('group');
    const script = `
      const { ProviderDaemonPool } = require(${JSON.stringify(require.resolve('./provider-daemons'))});
      new ProviderDaemonPool({ binary: ${JSON.stringify(binary)}, env: { PATH: process.env.PATH } }).use(async () => process.kill(-process.pid, 'SIGTERM'));
      setInterval(() => undefined, 1000);`;
    // Its own process group (detached), so the signal reaches the daemon's sh and watcher but not Jest.
    const child = spawn(process.execPath, ['-r', TSX_CJS, '-e', script], { detached: true, stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(await eventually(() => started(starts).length === 1 && !alive(started(starts)[0].pid) && !existsSync(started(starts)[0].socketDir))).toBe(true);
  }, CHILD_PROCESS_TIMEOUT_MS);

  it('leaves no daemon running when the process that started it exits, even without stopping it', async () => {
    const { binary, starts } = fakeProvider('orphan');
    const script = `
      const { ProviderDaemonPool } = require(${JSON.stringify(require.resolve('./provider-daemons'))});
      new ProviderDaemonPool({ binary: ${JSON.stringify(binary)}, env: { PATH: process.env.PATH } }).use(async () => undefined);`;
    const child = spawnSync(join(WORKSPACE, 'node_modules', '.bin', 'tsx'), ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const [{ pid, socketDir }] = started(starts);
    expect(await eventually(() => !alive(pid) && !existsSync(socketDir))).toBe(true);
  }, CHILD_PROCESS_TIMEOUT_MS);
});

describe('singleAwsProviderConfiguration', () => {
  const workDir = (name: string, files: Record<string, unknown>): string => {
    const path = join(dir, name.replace(/\//g, '-'));
    mkdirSync(path);
    for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const region = (name: string) => ({ region: name });

  it.each([
    ['one configuration (cdktf writes a list)', { 'cdk.tf.json': { provider: { aws: [region('eu-central-1')] } } }],
    ['one configuration written as an object', { 'main.tf.json': { provider: { aws: region('eu-central-1') } } }],
    ['no aws provider block', { 'cdk.tf.json': { resource: { terraform_data: { x: {} } } } }],
    ['no configuration file at all', {}],
  ])('is true for %s', (name, files) => {
    expect(singleAwsProviderConfiguration(workDir(`single ${name}`, files))).toBe(true);
  });

  it.each([
    ['an aliased configuration beside the default', { 'cdk.tf.json': { provider: { aws: [region('eu-central-1'), { alias: 'secondary', region: 'eu-west-1' }] } } }],
    ['only an aliased configuration (the implicit default is another)', { 'cdk.tf.json': { provider: { aws: [{ alias: 'secondary', region: 'eu-west-1' }] } } }],
    ['two files with a configuration each', { 'a.tf.json': { provider: { aws: [region('eu-central-1')] } }, 'b.tf.json': { provider: { aws: [region('eu-west-1')] } } }],
    ['a custom CA bundle (added again on a second configuration, which fails)', { 'cdk.tf.json': { provider: { aws: [{ ...region('eu-central-1'), custom_ca_bundle: '/ca.pem' }] } } }],
    ['a module (it may configure providers of its own)', { 'cdk.tf.json': { provider: { aws: [region('eu-central-1')] }, module: { vpc: { source: './vpc' } } } }],
    ['an HCL file, which is not read', { 'cdk.tf.json': { provider: { aws: [region('eu-central-1')] } }, 'extra.tf': 'provider "aws" {}' }],
    ['a file that is not JSON', { 'cdk.tf.json': '{' }],
  ])('is false for %s', (name, files) => {
    expect(singleAwsProviderConfiguration(workDir(`multiple ${name}`, files))).toBe(false);
  });

  it.each([
    ['the list form of provider blocks', { 'cdk.tf.json': { provider: [{ aws: region('eu-central-1') }, { aws: { alias: 'x', region: 'eu-west-1' } }] } }],
    ['hashicorp/aws under another local name', { 'cdk.tf.json': { terraform: { required_providers: { amazon: { source: 'hashicorp/aws' } } }, provider: { amazon: [region('eu-west-1')] } } }],
  ])('is false for %s, which it does not read', (name, files) => {
    expect(singleAwsProviderConfiguration(workDir(`unread ${name}`, files))).toBe(false);
  });

  it('is true with hashicorp/aws required under its usual name', () => {
    const files = { 'cdk.tf.json': { terraform: { required_providers: { aws: { source: 'registry.terraform.io/hashicorp/aws' } } }, provider: { aws: [region('eu-central-1')] } } };
    expect(singleAwsProviderConfiguration(workDir('usual name', files))).toBe(true);
  });

  it('is false for a folder that cannot be read', () => {
    expect(singleAwsProviderConfiguration(join(dir, 'missing'))).toBe(false);
  });
});

describe('mayAttach', () => {
  const single = mkdtempSync(join(dir, 'attach-'));
  writeFileSync(join(single, 'cdk.tf.json'), JSON.stringify({ provider: { aws: [{ region: 'eu-central-1' }] } }));

  it.each(['plan', 'validate', 'show', 'providers'])('lets %s attach', (command) => {
    expect(mayAttach([command, '-no-color'], single, {})).toBe(true);
  });

  it.each(['init', 'apply', 'destroy', 'import', 'console', 'state'])('lets %s start its own provider (it may open files relative to the work dir)', (command) => {
    expect(mayAttach([command], single, {})).toBe(false);
  });

  it('is off with PLATFORM_PROVIDER_DAEMONS=off and while any TF_LOG* is set (the provider logs only when terraform starts it)', () => {
    expect(mayAttach(['plan'], single, { PLATFORM_PROVIDER_DAEMONS: 'off' })).toBe(false);
    expect(mayAttach(['plan'], single, { PLATFORM_PROVIDER_DAEMONS: 'on' })).toBe(true);
    expect(mayAttach(['plan'], single, { TF_LOG_PROVIDER: 'DEBUG' })).toBe(false);
  });
});
