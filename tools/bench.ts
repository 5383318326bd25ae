/**
 * Measures synth: each environment's program (apps/<env>/src/main.ts) and the all-environments program
 * (tools/synth.ts), N runs each, printing median/min/max wall time and median peak RSS.
 * Usage: npm run bench -- [--runs N] [environment|all ...]   (default: 5 runs of every environment and all)
 *
 * Each run is `node --import tsx <program>` with CDKTF_OUTDIR set to a fresh temp directory: the same TypeScript
 * hooks (ESM and CommonJS) as the tsx CLI that `nx run <env>:synth` uses, but in one process, since the tsx CLI
 * starts node again as a child and the wrapper's own time and memory would blur the figures. (`node --require
 * tsx/cjs` starts about 0.4 s faster but is not what synth runs.) Peak RSS comes from the child itself: a preload
 * writes `process.resourceUsage().maxRSS` (KiB) when it exits, which needs no GNU time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WORKSPACE = join(__dirname, '..');
const USAGE = 'Usage: npm run bench -- [--runs N] [environment|all ...]';
/** Lifecycle order for the table; other environments follow alphabetically. */
const ENVIRONMENT_ORDER = ['development', 'testing', 'staging', 'production'];
const ALL_ENVIRONMENTS = 'all';

interface Target {
  readonly name: string;
  /** Path relative to the workspace. */
  readonly program: string;
}

interface Run {
  readonly wallMs: number;
  readonly maxRssKiB: number;
}

function main(): void {
  const { runs, names } = parseArguments(process.argv.slice(2));
  const available = targets();
  const unknown = names.filter((name) => !available.some((target) => target.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown target ${unknown.join(', ')}. Targets: ${available.map((target) => target.name).join(', ')}.`);
  }
  const selected = names.length > 0 ? available.filter((target) => names.includes(target.name)) : available;

  const scratch = mkdtempSync(join(tmpdir(), 'synth-bench-'));
  try {
    const preload = join(scratch, 'report-max-rss.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_MAX_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
    );
    const rows: string[][] = [];
    for (const target of selected) {
      const results: Run[] = [];
      for (let run = 1; run <= runs; run += 1) {
        progress(`${target.name}: run ${run}/${runs}`);
        results.push(measure(target, preload, scratch));
      }
      const wall = results.map((result) => result.wallMs);
      rows.push([
        target.name,
        median(wall).toFixed(0),
        Math.min(...wall).toFixed(0),
        Math.max(...wall).toFixed(0),
        (median(results.map((result) => result.maxRssKiB)) / 1024).toFixed(1),
      ]);
    }
    progress('');
    console.log(`Synth benchmark: ${runs} run(s) per target, node ${process.version}, \`node --import tsx <program>\`\n`);
    console.log(table(['environment', 'median wall ms', 'min', 'max', 'median peak RSS MiB'], rows));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Rewrites one status line on a terminal; in logs the table alone is enough. */
function progress(status: string): void {
  if (process.stderr.isTTY) {
    process.stderr.write(`\r\x1b[K${status}`);
  }
}

function parseArguments(args: readonly string[]): { runs: number; names: string[] } {
  let runs = 5;
  const names: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--runs') {
      index += 1;
      runs = Number(args[index]);
      if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`--runs needs a positive integer. ${USAGE}`);
      }
    } else if (arg.startsWith('-')) {
      throw new Error(`Unknown option ${arg}. ${USAGE}`);
    } else {
      names.push(arg);
    }
  }
  return { runs, names };
}

/** Every apps/<env>/src/main.ts in lifecycle order, then tools/synth.ts as "all". */
function targets(): Target[] {
  const apps = join(WORKSPACE, 'apps');
  const environments = existsSync(apps)
    ? readdirSync(apps).filter((name) => existsSync(join(apps, name, 'src', 'main.ts')))
    : [];
  const rank = (name: string) => (ENVIRONMENT_ORDER.includes(name) ? ENVIRONMENT_ORDER.indexOf(name) : ENVIRONMENT_ORDER.length);
  environments.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return [
    ...environments.map((name) => ({ name, program: join('apps', name, 'src', 'main.ts') })),
    { name: ALL_ENVIRONMENTS, program: join('tools', 'synth.ts') },
  ];
}

function measure(target: Target, preload: string, scratch: string): Run {
  const outdir = mkdtempSync(join(scratch, `${target.name}-`));
  const rssFile = join(scratch, 'max-rss');
  try {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--require', preload, '--import', 'tsx', target.program], {
      cwd: WORKSPACE,
      env: { ...process.env, CDKTF_OUTDIR: outdir, BENCH_MAX_RSS_FILE: rssFile },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) {
      throw new Error(
        `\`node --import tsx ${target.program}\` failed (${child.error?.message ?? `exit ${child.status ?? child.signal}`}):\n${child.stderr}`,
      );
    }
    return { wallMs, maxRssKiB: Number(readFileSync(rssFile, 'utf8')) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A Markdown table with aligned columns; numbers right-aligned. */
function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => `${column === 0 ? '-' : ''}${'-'.repeat(width + 1)}${column === 0 ? '' : ':'}`).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

try {
  main();
} catch (error) {
  progress('');
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
