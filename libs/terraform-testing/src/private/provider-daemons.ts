import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_PROVIDER_VERSION, terraformPlatform } from '../toolchain';

/** Options of {@link ProviderDaemonPool}. */
export interface ProviderDaemonPoolOptions {
  /** The provider binary (a `terraform-provider-*` built with the plugin SDK or framework, which accept `-debug`). */
  readonly binary: string;
  /** The daemons' environment: what terraform would have given the provider it starts. */
  readonly env: NodeJS.ProcessEnv;
  /** An idle daemon stops after this long, so a process that is done with terraform holds no memory. @default 10 s */
  readonly idleMs?: number;
  /** How long a daemon may take to print where it listens (well under a terraform test's 60 s). @default 15 s */
  readonly startTimeoutMs?: number;
  /** Where the daemons' socket folders go. @default the temp directory, or /tmp where that path is too long */
  readonly socketRoot?: string;
}

/** What a task attached to a daemon gets. */
export interface ProviderDaemonLease {
  /** The TF_REATTACH_PROVIDERS value that attaches terraform to this daemon. */
  readonly reattachProviders: string;
  /** What the daemon printed since the lease began (the provider's own diagnostics, e.g. a panic's trace). */
  readonly printed: () => string;
}

/** A daemon did not start; terraform can still start the provider itself. */
export class ProviderDaemonStartError extends Error {}

/**
 * Provider processes kept running between terraform commands, which attach to them through TF_REATTACH_PROVIDERS
 * instead of starting the provider themselves. Starting the 675 MB aws provider and handing terraform its schema is
 * most of a small command's cost: measured with terraform 1.11.4 and aws 5.100.0 on a one-resource stack, a
 * `validate` took 2.1 s of CPU, a `plan` 2.7 s and a `show -json` 1.9 s; attached to a running provider 0.85, 1.0 and
 * 0.85 s in terraform plus about 0.45 s in the provider.
 *
 * One daemon serves one command at a time (a provider process holds one configuration: two commands, or two
 * configurations of one command, would overwrite each other's region and credentials), so callers attach only for
 * a configuration with a single configuration of the provider ({@link singleAwsProviderConfiguration}). A daemon is
 * started through `sh` ({@link SUPERVISOR}), which stops it when this process's end of its standard input closes,
 * so a process that exits, even killed, leaves no provider running. What carries over from one command to the next
 * is the last configuration until the next command configures it again: a `validate` (which does not configure the
 * provider) runs with the previous command's client where a fresh provider has none. A plugin-framework resource's
 * validation could read it; every suite's validate results (held to no warnings) are the same attached or not.
 */
export class ProviderDaemonPool {
  private readonly idle: ProviderDaemon[] = [];
  private readonly idleMs: number;
  private readonly startTimeoutMs: number;

  constructor(private readonly options: ProviderDaemonPoolOptions) {
    this.idleMs = options.idleMs ?? 10_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 15_000;
  }

  /**
   * Runs `task` attached to a daemon no other task uses meanwhile.
   * @throws ProviderDaemonStartError when no daemon was idle and a new one did not start (`task` did not run).
   */
  async use<T>(task: (lease: ProviderDaemonLease) => Promise<T>): Promise<T> {
    const daemon = this.takeIdle() ?? (await ProviderDaemon.start(this.options, this.startTimeoutMs));
    const printedBefore = daemon.printedLength;
    try {
      return await task({ reattachProviders: daemon.reattachProviders, printed: () => daemon.printedSince(printedBefore) });
    } finally {
      this.putBack(daemon);
    }
  }

  /** Stops every idle daemon now. */
  stopIdle(): void {
    for (const daemon of this.idle.splice(0)) daemon.stop();
  }

  private takeIdle(): ProviderDaemon | undefined {
    for (let daemon = this.idle.pop(); daemon; daemon = this.idle.pop()) {
      daemon.clearIdleTimer();
      if (daemon.running) return daemon;
      daemon.stop();
    }
    return undefined;
  }

  private putBack(daemon: ProviderDaemon): void {
    if (!daemon.running) {
      daemon.stop();
      return;
    }
    this.idle.push(daemon);
    daemon.stopAfterIdle(this.idleMs, () => {
      const index = this.idle.indexOf(daemon);
      if (index >= 0) this.idle.splice(index, 1);
    });
  }
}

/**
 * The `sh` around each daemon. It ignores HUP, INT and TERM (so a signal to the whole process group, as a CLI's
 * Ctrl-C sends, still leaves it to clean up; set before the provider starts, so none arrives first), starts the
 * provider with HUP and TERM back to their defaults (dash keeps INT ignored in a background job; the provider
 * handles it itself), and starts a watcher: `cat` reads the
 * shell's standard input (as fd 3: a background command's standard input is /dev/null) until this process's end
 * closes, then the watcher stops the provider (TERM, then KILL 2 s later for one that started ignoring TERM). The
 * shell waits for the provider, whatever ends it, kills the watcher (so it never signals a pid reused after the
 * provider was reaped; its `cat` ends when this process's end closes), and removes the temp folder holding
 * go-plugin's unix socket; the watcher removes it too, for when the shell itself was killed.
 */
const SUPERVISOR = [
  'exec 3<&0',
  "trap '' HUP INT TERM",
  '( trap - HUP INT TERM; exec "$0" -debug ) & provider=$!',
  '{ cat <&3; kill "$provider"; rm -rf "$TMPDIR"; sleep 2; kill -KILL "$provider"; } >/dev/null 2>&1 & watcher=$!',
  'wait "$provider"; status=$?',
  'kill -KILL "$watcher" 2>/dev/null',
  'rm -rf "$TMPDIR"',
  'exit "$status"',
].join('\n');

/**
 * Longest socket folder path that still fits go-plugin's `<folder>/plugin<up to 10 digits>` into a unix socket path
 * (107 bytes on Linux, 103 on macOS).
 */
const LONGEST_SOCKET_FOLDER = 103 - '/plugin4294967295'.length;

/** A new socket folder, in `root` or else in /tmp when `root` is too deep for a socket path (Jest's run folder may be). */
function socketFolder(root: string): string {
  const problems: string[] = [];
  for (const base of [root, '/tmp']) {
    try {
      const folder = mkdtempSync(join(base, 'pd-'));
      if (folder.length <= LONGEST_SOCKET_FOLDER) return folder;
      rmSync(folder, { recursive: true, force: true });
      problems.push(`${base}: too deep for a unix socket path (at most ${LONGEST_SOCKET_FOLDER} characters)`);
    } catch (error) {
      problems.push(`${base}: ${(error as Error).message}`);
    }
  }
  throw new ProviderDaemonStartError(`no folder for the provider's socket: ${problems.join('; ')}`);
}

/** Kept of what a daemon prints: enough for a panic's trace. */
const PRINTED_LIMIT = 64 * 1024;

class ProviderDaemon {
  private idleTimer: NodeJS.Timeout | undefined;
  private exited = false;
  private output = '';
  /** Characters printed before `output`'s first one (what was dropped to keep within PRINTED_LIMIT). */
  private dropped = 0;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly reattachProviders: string,
    private readonly pid: number | undefined,
    printed: string,
  ) {
    this.record(printed);
    child.on('exit', () => {
      this.exited = true;
      // Lets the watcher of a provider that died by itself end too.
      child.stdin.end();
    });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: string) => this.record(chunk));
  }

  /** Not exited, as far as this process can tell (the exit event may not have been handled yet: the pid is asked). */
  get running(): boolean {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return false;
    if (this.pid === undefined) return true;
    try {
      process.kill(this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  get printedLength(): number {
    return this.dropped + this.output.length;
  }

  printedSince(length: number): string {
    return this.output.slice(Math.max(0, length - this.dropped));
  }

  private record(text: string): void {
    this.output += text;
    if (this.output.length > PRINTED_LIMIT) {
      this.dropped += this.output.length - PRINTED_LIMIT;
      this.output = this.output.slice(-PRINTED_LIMIT);
    }
  }

  static start({ binary, env, socketRoot = tmpdir() }: ProviderDaemonPoolOptions, timeoutMs: number): Promise<ProviderDaemon> {
    const socketDir = socketFolder(socketRoot);
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn('/bin/sh', ['-c', SUPERVISOR, binary], { env: { ...env, TMPDIR: socketDir }, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      rmSync(socketDir, { recursive: true, force: true });
      return Promise.reject(new ProviderDaemonStartError(`The provider ${binary} could not be started with -debug: ${(error as Error).message}`));
    }
    // Whole characters only, however the output is split into chunks.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    return new Promise<ProviderDaemon>((resolve, reject) => {
      let printed = '';
      const fail = (problem: string): void => {
        clearTimeout(timer);
        child.stdin.end();
        rmSync(socketDir, { recursive: true, force: true });
        reject(new ProviderDaemonStartError(`The provider ${binary} started with -debug ${problem}. It printed:\n${printed}`));
      };
      const timer = setTimeout(() => fail(`did not say where it listens within ${timeoutMs} ms`), timeoutMs);
      child.on('error', (error) => fail(`could not start (${error.message})`));
      // 'close', not 'exit': everything it printed has been read by then.
      child.on('close', (code, signal) => fail(`exited (${signal ?? `exit code ${code}`})`));
      child.stderr.on('data', (chunk: string) => {
        printed += chunk;
      });
      child.stdout.on('data', (chunk: string) => {
        printed += chunk;
        const reattach = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(printed)?.[1];
        if (!reattach) return;
        clearTimeout(timer);
        for (const event of ['close', 'error'] as const) child.removeAllListeners(event);
        child.stdout.removeAllListeners('data');
        child.stderr.removeAllListeners('data');
        // Nothing here keeps this process alive: the daemon ends with it (see SUPERVISOR).
        for (const handle of [child, child.stdin, child.stdout, child.stderr] as { unref?: () => void }[]) handle.unref?.();
        resolve(new ProviderDaemon(child, reattach, providerPid(reattach), printed));
      });
    });
  }

  clearIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  stopAfterIdle(ms: number, onStop: () => void): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => {
      onStop();
      this.stop();
    }, ms);
    this.idleTimer.unref();
  }

  stop(): void {
    this.clearIdleTimer();
    this.child.stdin.end();
  }
}

/** The provider's pid, from the reattach configuration it printed (`{"<address>": {"Pid": n, ...}}`). */
function providerPid(reattachProviders: string): number | undefined {
  try {
    const pid = (Object.values(JSON.parse(reattachProviders) as Record<string, { Pid?: unknown }>)[0] ?? {}).Pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `workDir`'s configuration uses at most one configuration of the aws provider (one `provider.aws` block
 * without an alias, or none), in JSON files only, without modules and with hashicorp/aws under its usual local name
 * `aws`: then its commands may attach to a provider daemon ({@link ProviderDaemonPool}), which holds one
 * configuration at a time (two configurations of one command attached to one process overwrite each other: tried
 * with terraform 1.11.4, a `data.aws_region` of the default configuration then read the alias's region). Anything
 * else, or anything unreadable, starts its own provider as terraform does.
 */
export function singleAwsProviderConfiguration(workDir: string): boolean {
  try {
    let configurations = 0;
    for (const file of readdirSync(workDir).filter((name) => name.endsWith('.tf') || name.endsWith('.tf.json'))) {
      if (!file.endsWith('.tf.json')) return false;
      const config = JSON.parse(readFileSync(join(workDir, file), 'utf8')) as { module?: unknown; provider?: unknown; terraform?: unknown };
      if (config.module !== undefined || !plainObjectOrAbsent(config.provider) || !plainObjectOrAbsent(config.terraform)) return false;
      const requirements = (config.terraform as { required_providers?: unknown } | undefined)?.required_providers;
      if (!plainObjectOrAbsent(requirements)) return false;
      const renamed = Object.entries((requirements ?? {}) as Record<string, unknown>).some(
        ([name, requirement]) => name !== 'aws' && /(^|\/)hashicorp\/aws$/i.test(String((requirement as { source?: unknown } | null)?.source ?? '')),
      );
      if (renamed) return false;
      const aws = (config.provider as { aws?: unknown } | undefined)?.aws;
      const blocks = aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
      // A CA bundle is added to the provider's HTTP client when it is configured: a second configuration fails.
      if (blocks.some((block) => typeof block !== 'object' || block === null || 'alias' in block || 'custom_ca_bundle' in block)) return false;
      configurations += blocks.length;
    }
    return configurations <= 1;
  } catch {
    return false;
  }
}

/** The JSON syntax also allows a block as a list of objects: such a configuration is not read here. */
function plainObjectOrAbsent(value: unknown): boolean {
  return value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

/** Terraform commands that may attach: they read configuration and plans; none opens files relative to the work dir. */
const ATTACHING_COMMANDS = new Set(['plan', 'validate', 'show', 'providers']);

/**
 * Whether `terraform <args>` in `workDir` may attach to a daemon of `binary`: a command of {@link ATTACHING_COMMANDS},
 * a single configuration ({@link singleAwsProviderConfiguration}), daemons not turned off (PLATFORM_PROVIDER_DAEMONS
 * =off) and no TF_LOG* set (the provider's log goes to terraform's log only when terraform starts it).
 */
export function mayAttach(args: readonly string[], workDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return ATTACHING_COMMANDS.has(args[0] ?? '') && daemonsAllowedBy(env) && singleAwsProviderConfiguration(workDir);
}

/** Daemons not turned off (PLATFORM_PROVIDER_DAEMONS=off) and no TF_LOG* set. */
export function daemonsAllowedBy(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PLATFORM_PROVIDER_DAEMONS !== 'off' && !Object.keys(env).some((name) => name.startsWith('TF_LOG'));
}

/**
 * The aws provider binary in the unpacked mirror folder `dir` (`<mirror>/registry.terraform.io/hashicorp/aws/
 * <version>/<platform>/`, what the development override points at), if there is one; looked up once per folder. A
 * packed mirror (zips, what `terraform providers mirror` writes) has none: its commands start the provider as
 * terraform does.
 */
export function unpackedProviderBinary(dir: string): string | undefined {
  if (!binaries.has(dir)) {
    let binary: string | undefined;
    try {
      binary = readdirSync(dir).find((file) => file.startsWith('terraform-provider-aws'));
    } catch {
      binary = undefined;
    }
    binaries.set(dir, binary === undefined ? undefined : join(dir, binary));
  }
  return binaries.get(dir);
}

const binaries = new Map<string, string | undefined>();

/** Where an unpacked mirror holds hashicorp/aws {@link AWS_PROVIDER_VERSION} for this platform. */
export function unpackedAwsProviderDir(providerMirror: string): string {
  return join(providerMirror, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION, terraformPlatform());
}

const pools = new Map<string, ProviderDaemonPool>();
/** Set once a daemon failed to start: this process's commands then start their own provider. */
let turnedOff: string | undefined;

/** This process's pool for `binary` (started with `env`), unless daemons were turned off by a failed start. */
export function providerDaemonPool(binary: string, env: NodeJS.ProcessEnv): ProviderDaemonPool | undefined {
  if (turnedOff !== undefined) return undefined;
  let pool = pools.get(binary);
  if (!pool) {
    pool = new ProviderDaemonPool({ binary, env });
    pools.set(binary, pool);
  }
  return pool;
}

/** After a daemon failed to start: warns once, and this process's commands start their own provider from now on. */
export function turnOffProviderDaemons(error: Error): void {
  if (turnedOff !== undefined) return;
  turnedOff = error.message;
  console.warn(`terraform-testing: attaching terraform to a running provider is off for this process; each command starts its own (slower). ${error.message}`);
}

/**
 * Stops this process's idle daemons. describeWithTerraform calls it after each suite: Jest gives every spec file
 * its own modules, so a finished file's daemons (about 650 MB each) would otherwise wait out their idle time.
 */
export function stopProviderDaemons(): void {
  for (const pool of pools.values()) pool.stopIdle();
}
