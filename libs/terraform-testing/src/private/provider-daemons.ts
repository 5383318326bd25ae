import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link ProviderDaemonPool}. */
export interface ProviderDaemonPoolOptions {
  /** The provider binary (a `terraform-provider-*` built with the plugin SDK or framework, which accept `-debug`). */
  readonly binary: string;
  /** The daemons' environment: what terraform would have given the provider it starts. */
  readonly env: NodeJS.ProcessEnv;
  /** An idle daemon stops after this long, so a process that is done with terraform holds no memory. @default 20 s */
  readonly idleMs?: number;
  /** How long a daemon may take to print where it listens. @default 60 s */
  readonly startTimeoutMs?: number;
}

/**
 * Provider processes kept running between terraform commands, which attach to them through TF_REATTACH_PROVIDERS
 * instead of starting the provider themselves. Starting the 675 MB aws provider and handing terraform its schema is
 * most of a small command's cost: measured with terraform 1.11.4 and aws 5.100.0 on a one-resource stack, a
 * `validate` took 2.1 s of CPU, a `plan` 2.7 s and a `show -json` 1.9 s; attached to a running provider 0.85, 1.0 and
 * 0.85 s in terraform plus about 0.45 s in the provider.
 *
 * One daemon serves one command at a time (a provider process holds one configuration: two commands, or two
 * configurations of one command, would overwrite each other's region and credentials), so callers attach only for
 * a configuration with a single configuration of the provider (see singleAwsProviderConfiguration in
 * terraform-runner.ts). A daemon is started through `sh`, which stops it when its standard input closes: when this
 * process exits, however it exits, no provider is left running; its socket lives in a temp folder removed with it.
 */
export class ProviderDaemonPool {
  private readonly idle: ProviderDaemon[] = [];
  private readonly idleMs: number;
  private readonly startTimeoutMs: number;

  constructor(private readonly options: ProviderDaemonPoolOptions) {
    this.idleMs = options.idleMs ?? 20_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
  }

  /** Runs `task` with the TF_REATTACH_PROVIDERS value of a daemon no other task uses meanwhile. */
  async use<T>(task: (reattachProviders: string) => Promise<T>): Promise<T> {
    const daemon = this.takeIdle() ?? (await ProviderDaemon.start(this.options.binary, this.options.env, this.startTimeoutMs));
    try {
      return await task(daemon.reattachProviders);
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
    }
    return undefined;
  }

  private putBack(daemon: ProviderDaemon): void {
    if (!daemon.running) return;
    this.idle.push(daemon);
    daemon.stopAfterIdle(this.idleMs, () => {
      const index = this.idle.indexOf(daemon);
      if (index >= 0) this.idle.splice(index, 1);
    });
  }
}

/**
 * `sh` starts the provider, stops it once its own standard input closes (a background `cat`, reading it as fd 3: a
 * background command's standard input is /dev/null), and exits when the provider does, for whatever reason. Both
 * remove the temp folder (where go-plugin puts the unix socket): the `sh` may be gone first, e.g. killed with the
 * process group of a CLI that exits.
 */
const SUPERVISOR = 'exec 3<&0; "$0" -debug & provider=$!; { cat <&3; kill "$provider"; rm -rf "$TMPDIR"; } >/dev/null 2>&1 & wait "$provider"; rm -rf "$TMPDIR"';

class ProviderDaemon {
  private idleTimer: NodeJS.Timeout | undefined;
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly reattachProviders: string,
  ) {
    child.on('exit', () => {
      this.exited = true;
      // Lets the background `cat` of a provider that died by itself end too.
      child.stdin.end();
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  static start(binary: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProviderDaemon> {
    const socketDir = mkdtempSync(join(tmpdir(), 'provider-daemon-'));
    const child = spawn('/bin/sh', ['-c', SUPERVISOR, binary], { env: { ...env, TMPDIR: socketDir }, stdio: ['pipe', 'pipe', 'pipe'] });
    return new Promise<ProviderDaemon>((resolve, reject) => {
      let printed = '';
      const fail = (problem: string): void => {
        clearTimeout(timer);
        child.stdin.end();
        reject(new Error(`The provider ${binary} started with -debug ${problem}. It printed:\n${printed}`));
      };
      const timer = setTimeout(() => fail(`did not say where it listens within ${timeoutMs} ms`), timeoutMs);
      child.on('error', (error) => fail(`could not start (${error.message})`));
      child.on('exit', () => fail('exited'));
      child.stderr.on('data', (chunk: Buffer) => {
        printed += chunk.toString('utf8');
      });
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString('utf8');
        const reattach = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(printed)?.[1];
        if (!reattach) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout.removeAllListeners('data');
        child.stderr.removeAllListeners('data');
        // Still drained, so a chatty provider never blocks on a full pipe; nothing here keeps this process alive.
        child.stdout.resume();
        child.stderr.resume();
        for (const handle of [child, child.stdin, child.stdout, child.stderr] as { unref?: () => void }[]) handle.unref?.();
        resolve(new ProviderDaemon(child, reattach));
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

/**
 * Whether `workDir`'s configuration uses at most one configuration of the aws provider (one `provider.aws` block
 * without an alias, or none), in JSON files only and without modules: then its commands may attach to a provider
 * daemon ({@link ProviderDaemonPool}), which holds one configuration at a time (two configurations of one command
 * attached to one process overwrite each other: tried with terraform 1.11.4, a `data.aws_region` of the default
 * configuration then read the alias's region). Anything else, or anything unreadable, starts its own provider as
 * terraform does.
 */
export function singleAwsProviderConfiguration(workDir: string): boolean {
  let files: string[];
  try {
    files = readdirSync(workDir).filter((file) => file.endsWith('.tf') || file.endsWith('.tf.json'));
    let configurations = 0;
    for (const file of files) {
      if (!file.endsWith('.tf.json')) return false;
      const config = JSON.parse(readFileSync(join(workDir, file), 'utf8')) as { module?: unknown; provider?: { aws?: unknown } };
      if (config.module !== undefined) return false;
      const aws = config.provider?.aws;
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
