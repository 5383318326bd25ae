/**
 * Compares two syntheses of the same apps stack by stack (`<root>/<app>/stacks/<stack>/cdk.tf.json`): whether the
 * Terraform JSON is byte-identical, the same JSON written differently, different only in cdktf's `//` comment blocks
 * (which Terraform ignores), or different, with the differing paths and values. `npm run check:cdktn` reads it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * - identical: the same bytes.
 * - formatting: the same JSON (objects compared by key, arrays by position), written differently.
 * - metadata: differs only under `//` keys, cdktf's comments in the JSON (its version, guardrail notes).
 * - different: resources, providers, backends, outputs… differ.
 * - missing: only one synthesis wrote the stack.
 */
export type StackVerdict = 'identical' | 'formatting' | 'metadata' | 'different' | 'missing';

/** One place where the JSON differs; values as short JSON, `(absent)` where one side has no value. */
export interface JsonDifference {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

export interface StackComparison {
  /** `<app>/<stack>`. */
  readonly stack: string;
  readonly verdict: StackVerdict;
  /** The first differences found (at most the limit given). */
  readonly differences: readonly JsonDifference[];
  /** How many differences there are in all. */
  readonly differenceCount: number;
}

const ABSENT = '(absent)';
const VALUE_LIMIT = 80;
const METADATA_KEY = '//';

interface RawDifference {
  readonly path: readonly (string | number)[];
  readonly before: unknown;
  readonly after: unknown;
}

/** Every path where `after` differs from `before`: a whole subtree once where one side lacks it or changes type. */
export function jsonDifferences(before: unknown, after: unknown, at: readonly (string | number)[] = []): RawDifference[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) =>
      index < before.length && index < after.length ? jsonDifferences(before[index], after[index], [...at, index]) : [{ path: [...at, index], before: before[index], after: after[index] }],
    ).flat();
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      key in before && key in after ? jsonDifferences(before[key], after[key], [...at, key]) : [{ path: [...at, key], before: before[key], after: after[key] }],
    );
  }
  return Object.is(before, after) ? [] : [{ path: at, before, after }];
}

/** `resource.aws_s3_bucket.logs.tags["cost-center"]`, `["//"].metadata.version`, `rule[0].id`. */
export function formatJsonPath(at: readonly (string | number)[]): string {
  if (at.length === 0) return '(root)';
  return at
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_][\w-]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

/** Compares one stack's JSON texts; `undefined` where a synthesis did not write the stack. */
export function compareStackJson(stack: string, before: string | undefined, after: string | undefined, limit: number): StackComparison {
  if (before === undefined || after === undefined) {
    const difference = { path: '(file)', before: before === undefined ? ABSENT : 'cdk.tf.json', after: after === undefined ? ABSENT : 'cdk.tf.json' };
    return { stack, verdict: 'missing', differences: limit > 0 ? [difference] : [], differenceCount: 1 };
  }
  if (before === after) return { stack, verdict: 'identical', differences: [], differenceCount: 0 };
  const raw = jsonDifferences(JSON.parse(before), JSON.parse(after));
  const verdict: StackVerdict = raw.length === 0 ? 'formatting' : raw.every(({ path: at }) => at[0] === METADATA_KEY) ? 'metadata' : 'different';
  // Resource differences first: the metadata ones are expected whenever the library changes.
  const ordered = [...raw.filter(({ path: at }) => at[0] !== METADATA_KEY), ...raw.filter(({ path: at }) => at[0] === METADATA_KEY)];
  return {
    stack,
    verdict,
    differences: ordered.slice(0, limit).map(({ path: at, before: left, after: right }) => ({ path: formatJsonPath(at), before: shortJson(left), after: shortJson(right) })),
    differenceCount: raw.length,
  };
}

/** Compares every stack either synthesis wrote (maps of `<app>/<stack>` to JSON text, as readSynthesis returns). */
export function compareSyntheses(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, limit: number): StackComparison[] {
  const stacks = [...new Set([...before.keys(), ...after.keys()])].sort();
  return stacks.map((stack) => compareStackJson(stack, before.get(stack), after.get(stack), limit));
}

/**
 * Reads every `<app>/stacks/<stack>/cdk.tf.json` under `root`, keyed `<app>/<stack>`. `rewrite` replaces a text in
 * every file first: a synthesis run in a copy of the workspace writes the copy's absolute path where the workspace
 * writes its own (the bootstrap's local state files), which is where it ran, not what it runs on.
 */
export function readSynthesis(root: string, rewrite?: { readonly from: string; readonly to: string }): Map<string, string> {
  const stacks = new Map<string, string>();
  for (const app of fs.readdirSync(root).sort()) {
    const stacksDir = path.join(root, app, 'stacks');
    if (!fs.existsSync(stacksDir)) continue;
    for (const stack of fs.readdirSync(stacksDir).sort()) {
      const file = path.join(stacksDir, stack, 'cdk.tf.json');
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      stacks.set(`${app}/${stack}`, rewrite ? text.split(rewrite.from).join(rewrite.to) : text);
    }
  }
  return stacks;
}

/** Whether a stack's Terraform resources differ (or it is missing): what the check fails on. */
export function hasResourceDifferences(comparisons: readonly StackComparison[]): boolean {
  return comparisons.some(({ verdict }) => verdict === 'different' || verdict === 'missing');
}

const VERDICT_LABELS: Readonly<Record<StackVerdict, string>> = {
  identical: 'identical',
  formatting: 'same JSON, formatted differently',
  metadata: 'same resources, "//" metadata differs',
  different: 'DIFFERENT',
  missing: 'MISSING on one side',
};

/** One line per stack with its verdict and, below, its first differences; then the count of each verdict. */
export function formatComparisons(comparisons: readonly StackComparison[]): string {
  const lines: string[] = [];
  for (const { stack, verdict, differences, differenceCount } of comparisons) {
    lines.push(`${VERDICT_LABELS[verdict].padEnd(38)} ${stack}`);
    for (const difference of differences) lines.push(`    ${difference.path}: ${difference.before} -> ${difference.after}`);
    if (differenceCount > differences.length) lines.push(`    … ${differenceCount - differences.length} more`);
  }
  const counts = (Object.keys(VERDICT_LABELS) as StackVerdict[])
    .map((verdict) => [verdict, comparisons.filter((comparison) => comparison.verdict === verdict).length] as const)
    .filter(([, count]) => count > 0)
    .map(([verdict, count]) => `${count} ${VERDICT_LABELS[verdict]}`);
  lines.push(`${comparisons.length} stacks: ${counts.join('; ') || 'none'}`);
  return lines.join('\n');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortJson(value: unknown): string {
  if (value === undefined) return ABSENT;
  const text = JSON.stringify(value);
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text;
}
