/**
 * The pure parts of `npm run bench` (tools/bench.ts): its command line, the summary of timed runs, the comparison of
 * the two synth outputs, the table and the machine-readable line. No timing and no processes here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandLineError, CommandSpec, parseCommandLine } from './cli-arguments';

export const BENCH_COMMAND = {
  command: 'npm run bench --',
  description: 'Times `npm run synth` against the naive cdktf path, the offline plan of production and (optionally) `npm test`.',
  options: {
    runs: { type: 'string', value: 'n', default: '5', description: 'timed runs of `npm run synth` (after one untimed warm-up)' },
    'naive-runs': { type: 'string', value: 'n', default: '2', description: 'timed runs of the naive `cdktf synth` path (0 skips it)' },
    'skip-plans': { type: 'boolean', description: 'do not time `npm run plan:offline -- production`' },
    'test-suite': { type: 'boolean', description: 'also time `npm test` once (minutes; not measured by default)' },
  },
} as const satisfies CommandSpec;

export interface BenchOptions {
  readonly runs: number;
  /** 0 skips the naive path. */
  readonly naiveRuns: number;
  readonly skipPlans: boolean;
  readonly testSuite: boolean;
}

/** One timed run: wall time and the largest peak RSS of any node process it started. */
export interface Run {
  readonly wallMs: number;
  readonly peakRssKiB: number;
}

export interface RunSummary {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly medianPeakRssMiB: number;
}

/** A command timed once; `exitCode` non-zero when it failed (its time is still shown, marked). */
export interface SingleRun {
  readonly command: string;
  readonly wallMs: number;
  readonly exitCode: number;
}

/** Why a measure was not taken. */
export interface Skipped {
  readonly skipped: string;
}

export interface StackComparison {
  /** Stacks both outputs hold, compared byte for byte. */
  readonly compared: number;
  /** Stacks whose cdk.tf.json differ. */
  readonly differing: readonly string[];
  /** Stacks only the naive output holds. */
  readonly onlyNaive: readonly string[];
}

export interface BenchReport {
  readonly node: string;
  readonly cpus: number;
  /** 1-minute load average when the bench started and when it ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly synth: RunSummary;
  readonly naive: RunSummary | Skipped;
  readonly planOffline: SingleRun | Skipped;
  readonly testSuite: SingleRun | Skipped;
  readonly identical: StackComparison | Skipped;
}

/** Prefix of the JSON line, for `grep` in CI logs. */
export const JSON_PREFIX = 'BENCH_JSON ';

/** Parses the bench's arguments; throws with the usage on anything unknown or malformed. */
export function parseBenchArguments(args: readonly string[]): BenchOptions {
  const { values } = parseCommandLine(BENCH_COMMAND, args);
  return {
    runs: count('--runs', values.runs, 1),
    naiveRuns: count('--naive-runs', values['naive-runs'], 0),
    skipPlans: values['skip-plans'],
    testSuite: values['test-suite'],
  };
}

function count(option: string, text: string, minimum: number): number {
  if (!/^\d+$/.test(text) || Number(text) < minimum) throw commandLineError(BENCH_COMMAND, `${option} ${text}`, `needs a whole number of at least ${minimum}`);
  return Number(text);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(runs: readonly Run[]): RunSummary {
  const wall = runs.map((run) => run.wallMs);
  return {
    runs: runs.length,
    medianMs: Math.round(median(wall)),
    minMs: Math.round(Math.min(...wall)),
    maxMs: Math.round(Math.max(...wall)),
    medianPeakRssMiB: Math.round((median(runs.map((run) => run.peakRssKiB)) / 1024) * 10) / 10,
  };
}

export function isSkipped(value: object): value is Skipped {
  return 'skipped' in value;
}

/**
 * Compares each stack's cdk.tf.json in the naive output (`<naiveOut>/stacks/<stack>/`, one cdktf app of every
 * environment) with ours (`<oursRoot>/<app>/stacks/<stack>/`, one folder per app). Stacks only ours holds (the
 * bootstrap app's) are not compared.
 */
export function compareStackOutputs(oursRoot: string, naiveOut: string): StackComparison {
  const ours = new Map<string, string>();
  for (const app of fs.readdirSync(oursRoot)) {
    const stacks = path.join(oursRoot, app, 'stacks');
    if (!fs.existsSync(stacks)) continue;
    for (const stack of fs.readdirSync(stacks)) ours.set(stack, path.join(stacks, stack, 'cdk.tf.json'));
  }
  const differing: string[] = [];
  const onlyNaive: string[] = [];
  let compared = 0;
  for (const stack of fs.readdirSync(path.join(naiveOut, 'stacks')).sort()) {
    const mine = ours.get(stack);
    if (mine === undefined || !fs.existsSync(mine)) {
      onlyNaive.push(stack);
      continue;
    }
    compared += 1;
    if (!fs.readFileSync(mine).equals(fs.readFileSync(path.join(naiveOut, 'stacks', stack, 'cdk.tf.json')))) differing.push(stack);
  }
  return { compared, differing, onlyNaive };
}

/** "yes (53 stacks)"; "no" when a stack differs, or when nothing could be compared. */
export function identityVerdict(comparison: StackComparison): string {
  const identical = comparison.compared > 0 && comparison.differing.length === 0 && comparison.onlyNaive.length === 0;
  const details = [
    ...(comparison.differing.length > 0 ? [`differ: ${comparison.differing.join(', ')}`] : []),
    ...(comparison.onlyNaive.length > 0 ? [`only in the naive output: ${comparison.onlyNaive.join(', ')}`] : []),
  ];
  return `${identical ? 'yes' : 'no'} (${comparison.compared} stacks compared${details.map((detail) => `; ${detail}`).join('')})`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The human-readable report: a Markdown table of the measures, then the identity check. */
export function formatReport(report: BenchReport): string {
  const { synth, naive, planOffline, testSuite } = report;
  const rows: string[][] = [summaryRow('`npm run synth` (ours)', synth)];
  if (isSkipped(naive)) {
    rows.push(['naive `cdktf synth`', '-', '', '', '', '', `skipped: ${naive.skipped}`]);
  } else {
    rows.push(summaryRow('naive `cdktf synth` (ts-node type-check, provider roots)', naive));
    const wall = synth.medianMs / naive.medianMs;
    const memory = synth.medianPeakRssMiB / naive.medianPeakRssMiB;
    rows.push(['ours / naive', '', wall.toFixed(3), '', '', memory.toFixed(3), `ours ${(1 / wall).toFixed(1)}× faster, ${(1 / memory).toFixed(1)}× less memory`]);
  }
  rows.push(singleRow('`npm run plan:offline -- production`', planOffline));
  rows.push(singleRow('`npm test`', testSuite));
  const identical = isSkipped(report.identical) ? `skipped: ${report.identical.skipped}` : identityVerdict(report.identical);
  return [
    `Bench: node ${report.node}, ${report.cpus} CPUs, load average ${report.loadAverage.start.toFixed(2)} at start, ${report.loadAverage.end.toFixed(2)} at end`,
    '',
    table(['measure', 'runs', 'median wall', 'min', 'max', 'median peak RSS MiB', 'note'], rows),
    '',
    `Output identical to the naive path's (each stack's cdk.tf.json): ${identical}`,
  ].join('\n');
}

function summaryRow(label: string, summary: RunSummary): string[] {
  return [label, String(summary.runs), seconds(summary.medianMs), seconds(summary.minMs), seconds(summary.maxMs), summary.medianPeakRssMiB.toFixed(1), ''];
}

function singleRow(label: string, run: SingleRun | Skipped): string[] {
  if (isSkipped(run)) return [label, '-', '', '', '', '', `not measured: ${run.skipped}`];
  return [label, '1', seconds(run.wallMs), '', '', '', run.exitCode === 0 ? '' : `failed, exit ${run.exitCode}`];
}

/** The line CI logs keep for tracking: the prefix and the report as one JSON object. */
export function jsonLine(report: BenchReport): string {
  return `${JSON_PREFIX}${JSON.stringify({ schema: 1, ...report })}`;
}

/** A Markdown table with aligned columns: the first and last (labels, notes) left-aligned, the numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const isText = (column: number) => column === 0 || column === header.length - 1;
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (isText(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (isText(column) ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
