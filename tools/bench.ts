/**
 * `npm run bench`: our synth path against the naive cdktf path of the same code, in one run, plus the offline plan
 * of production and (with --test-suite) `npm test`. Prints a table and one `BENCH_JSON {...}` line for tracking.
 * Options: see BENCH_COMMAND in bench-report.ts (`npm run bench -- --help`).
 *
 * - Ours: `npm run synth -- --out-root <tmp>` exactly as a person runs it, after one untimed run that builds the
 *   synth bundle.
 * - Naive: a temporary copy of the repository's tracked files (node_modules linked, the repository untouched) made a
 *   plain cdktf project: cdktf.json's `app` is `npx ts-node -r tsconfig-paths/register tools/synth.ts` (ts-node
 *   type-checks: no transpile-only, no swc), and tools/synth.ts first imports the roots of @cdktf/provider-aws,
 *   -kubernetes and -helm, which load every resource class and its declarations as a root import does. Run by the
 *   installed `cdktf synth`, offline (CHECKPOINT_DISABLE=1 stops its version check).
 * - Peak RSS: NODE_OPTIONS preloads a file into every node process of the tree (npm, cdktf, npx, the app) that
 *   writes its own `process.resourceUsage().maxRSS` when it exits; a run's figure is the largest.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BenchReport,
  compareStackOutputs,
  formatReport,
  jsonLine,
  parseBenchArguments,
  Run,
  RunSummary,
  SingleRun,
  Skipped,
  summarize,
} from './bench-report';
import { reportCommandLine } from './cli-arguments';
import { copyWorkingTree } from './workspace-copy';

const WORKSPACE = path.resolve(__dirname, '..');
const PLAN_ENVIRONMENT = 'production';
const NAIVE_APP = 'npx ts-node -r tsconfig-paths/register tools/synth.ts';
const NAIVE_OUTPUT = 'cdktf.out/naive';
const PROVIDER_ROOT_IMPORTS = ['@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'].map((root) => `import '${root}';\n`).join('');
/** Every node process of a run writes its peak RSS (KiB) into $BENCH_RSS_DIR/<pid>. */
const RSS_PRELOAD = `process.on('exit', () => require('node:fs').writeFileSync(require('node:path').join(process.env.BENCH_RSS_DIR, String(process.pid)), String(process.resourceUsage().maxRSS)));\n`;

function main(): number {
  const options = parseBenchArguments(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-bench-'));
  try {
    const preload = path.join(scratch, 'report-peak-rss.cjs');
    fs.writeFileSync(preload, RSS_PRELOAD);
    const timer = new Timer(preload, scratch);

    const oursOut = (run: number) => path.join(scratch, `ours-${run}`);
    const oursCommand = (run: number) => ['npm', 'run', 'synth', '--', '--out-root', oursOut(run)];
    progress('npm run synth: warm-up');
    timer.run(oursCommand(0), WORKSPACE);
    const oursRuns: Run[] = [];
    for (let run = 1; run <= options.runs; run += 1) {
      progress(`npm run synth: run ${run}/${options.runs}`);
      fs.rmSync(oursOut(run - 1), { recursive: true, force: true });
      oursRuns.push(timer.run(oursCommand(run), WORKSPACE));
    }

    let naive: RunSummary | Skipped = { skipped: '--naive-runs 0' };
    let identical: BenchReport['identical'] = { skipped: 'the naive path was not run' };
    if (options.naiveRuns > 0) {
      const project = naiveProject(scratch);
      const naiveRuns: Run[] = [];
      for (let run = 1; run <= options.naiveRuns; run += 1) {
        progress(`naive cdktf synth: run ${run}/${options.naiveRuns}`);
        fs.rmSync(path.join(project, NAIVE_OUTPUT), { recursive: true, force: true });
        naiveRuns.push(timer.run(['node_modules/.bin/cdktf', 'synth'], project, { CHECKPOINT_DISABLE: '1' }));
      }
      naive = summarize(naiveRuns);
      identical = compareStackOutputs(oursOut(options.runs), path.join(project, NAIVE_OUTPUT));
    }

    const report: BenchReport = {
      node: process.version,
      cpus: os.cpus().length,
      synth: summarize(oursRuns),
      naive,
      identical,
      planOffline: options.skipPlans ? { skipped: '--skip-plans' } : planOffline(timer),
      testSuite: options.testSuite ? timer.once(['npm', 'test']) : { skipped: 'pass --test-suite to time `npm test`' },
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
    };
    progress('');
    console.log(formatReport(report));
    console.log(jsonLine(report));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
  return 0;
}

/** Runs commands with every node process reporting its peak RSS. */
class Timer {
  constructor(
    private readonly preload: string,
    private readonly scratch: string,
  ) {}

  /** Runs `command` to completion; throws when it fails (a failed synth has nothing to compare). */
  run(command: readonly string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Run {
    const rssDir = fs.mkdtempSync(path.join(this.scratch, 'rss-'));
    const env = {
      ...benchEnvironment(),
      ...extraEnv,
      BENCH_RSS_DIR: rssDir,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(this.preload)}`.trim(),
    };
    const { wallMs, exitCode, output } = timed(command, cwd, env);
    if (exitCode !== 0) throw new Error(`\`${command.join(' ')}\` (in ${cwd}) failed, exit ${exitCode}:\n${output.slice(-4000)}`);
    const peaks = fs.readdirSync(rssDir).map((pid) => Number(fs.readFileSync(path.join(rssDir, pid), 'utf8')));
    fs.rmSync(rssDir, { recursive: true, force: true });
    return { wallMs, peakRssKiB: Math.max(0, ...peaks) };
  }

  /** Times `command` once in the workspace; a failure is reported, not thrown. */
  once(command: readonly string[]): SingleRun {
    progress(command.join(' '));
    const { wallMs, exitCode } = timed(command, WORKSPACE, benchEnvironment());
    return { command: command.join(' '), wallMs: Math.round(wallMs), exitCode };
  }
}

function timed(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): { wallMs: number; exitCode: number; output: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.error) throw new Error(`\`${command.join(' ')}\` did not start: ${child.error.message}`);
  return { wallMs, exitCode: child.status ?? 1, output: `${child.stdout}${child.stderr}` };
}

/** The bench's environment without settings that would change what is measured (ts-node modes, other environment files). */
function benchEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TS_NODE_') && name !== 'PLATFORM_ENVIRONMENTS_DIR' && name !== 'CDKTF_OUTDIR'),
  );
}

/** The repository's tracked files copied into `scratch`/naive, made a plain cdktf project (see the file comment). */
function naiveProject(scratch: string): string {
  progress('naive cdktf synth: copying the repository');
  const project = path.join(scratch, 'naive');
  copyWorkingTree(WORKSPACE, project);
  fs.symlinkSync(fs.realpathSync(path.join(WORKSPACE, 'node_modules')), path.join(project, 'node_modules'));
  const cdktfJson = path.join(project, 'cdktf.json');
  fs.writeFileSync(cdktfJson, JSON.stringify({ ...JSON.parse(fs.readFileSync(cdktfJson, 'utf8')), app: NAIVE_APP, output: NAIVE_OUTPUT }, null, 2));
  const entry = path.join(project, 'tools', 'synth.ts');
  fs.writeFileSync(entry, PROVIDER_ROOT_IMPORTS + fs.readFileSync(entry, 'utf8'));
  return project;
}

function planOffline(timer: Timer): SingleRun | Skipped {
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).error) return { skipped: 'terraform not installed' };
  return timer.once(['npm', 'run', 'plan:offline', '--', PLAN_ENVIRONMENT]);
}

/** Rewrites one status line on a terminal; in logs the table alone is enough. */
function progress(status: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${status}`);
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    progress('');
    // A failed run's message says what failed; its stack would only point into this file.
    const code = reportCommandLine(error);
    if (code === undefined) console.error(`error: ${(error as Error).message}`);
    process.exitCode = code ?? 1;
  }
}
