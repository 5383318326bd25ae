/**
 * The pure half of `npm run mutation`: which files of a project Stryker mutates, the Stryker configuration, and
 * what a mutation report says (score, surviving mutants, which of them are listed as equivalent and why).
 */
import * as path from 'node:path';
import { PlatformError } from '@platform/core';
import { CommandLineError, commandLineError, CommandSpec, parseCommandLine } from './cli-arguments';
import { SYNTHESIS_CACHE_DIR_VARIABLE } from './synthesis-cache';

/** A project whose decision logic is mutation-tested: the files Stryker mutates and the Jest project that tests them. */
export interface MutationProject {
  /** The Jest config (relative to the workspace) whose tests must kill the mutants. */
  readonly jestConfig: string;
  /**
   * Globs (relative to the workspace) of the files holding decisions: rule conditions, refinements, classifications,
   * policy statements. Not constructs' wiring, not rendering or I/O.
   */
  readonly mutate: readonly string[];
  /**
   * The spec files (globs, relative to the workspace) whose tests kill the project's mutants, when not only the specs
   * beside its files do: a `--files` run runs all of them instead of each file's own spec.
   * @default - each mutated file's own `<file>.spec.ts`
   */
  readonly testFiles?: readonly string[];
  /**
   * Keep synthesized environments (tools/synthesis-cache.ts) across mutant runs in reports/mutation/<project>/synthesis-cache.
   * Only for a project whose mutated files are off the synthesis path: a cached synthesis never runs the active
   * mutant, so a mutant of code that runs while synthesizing (guardrails, config) would survive unseen. The cache
   * refuses to keep a synthesis that ran a mutated file (synthesis-cache.ts), so a wrong setting fails the run.
   * @default false
   */
  readonly synthesisCache?: boolean;
}

const NOT_SPECS = ['!**/*.spec.ts', '!**/testing/**'];

/** The libraries that decide, by the name `npm run mutation -- <project>` takes. */
export const MUTATION_PROJECTS: Readonly<Record<string, MutationProject>> = {
  guardrails: {
    jestConfig: 'libs/guardrails/jest.config.js',
    // The rules and the readers they decide with (Terraform values, policy documents, IAM action patterns).
    mutate: [
      'libs/guardrails/src/rules/*.ts',
      'libs/guardrails/src/policy-document.ts',
      'libs/guardrails/src/terraform-values.ts',
      'libs/guardrails/src/private/iam-actions.ts',
      ...NOT_SPECS,
    ],
  },
  'plan-comment': {
    jestConfig: 'libs/plan-comment/jest.config.js',
    // The plan classification and what the comment warns about; not the GitHub client or Markdown helpers.
    mutate: ['libs/plan-comment/src/plan-changes.ts', 'libs/plan-comment/src/destroy-label.ts', 'libs/plan-comment/src/plan-json.ts', ...NOT_SPECS],
  },
  contracts: {
    // The library's near-miss specs (hand-built stacks, every contract). The whole-platform specs in
    // tools/contracts*.spec.ts evaluate whole environments, and every contract mutant is covered by their
    // all-contracts tests: with them a run tested 8 mutants a minute of 5 990 (12 h). This config finds both, so
    // `--files <contract>.ts --tests tools/contracts-<x>.spec.ts` still runs a contract against them.
    jestConfig: 'tools/mutation/contracts.jest.config.js',
    testFiles: ['libs/platform-contracts/**/*.spec.ts'],
    // For a --tests run of the whole-platform specs: synthesis runs no contract code (only readSynthesizedPlatform
    // builds the contracts' PlatformModel, after the cache), and without the cache every mutant run would synthesize
    // whole environments again (seconds each).
    synthesisCache: true,
    mutate: ['libs/platform-contracts/src/*-contract.ts', 'libs/platform-contracts/src/network-paths.ts', 'libs/platform-contracts/src/iam-policies.ts', ...NOT_SPECS],
  },
  'iam-policies': {
    jestConfig: 'libs/cluster-addons/jest.config.js',
    // The add-on policy builders (Load Balancer Controller, cluster-autoscaler, external-secrets, external-dns, velero).
    mutate: ['libs/cluster-addons/src/addon-iam-policies.ts'],
  },
  config: {
    jestConfig: 'libs/config/jest.config.js',
    // The schemas' refinements (thresholds, production minimums, cross-field rules).
    mutate: ['libs/config/src/*-schema.ts', 'libs/config/src/schema-fields.ts', ...NOT_SPECS],
  },
};

/** Where a project's reports and state live, relative to the workspace. */
export function mutationPaths(project: string) {
  return {
    /**
     * Stryker's incremental file, so a rerun tests only mutants whose code or covering tests changed. Not committed
     * (megabytes, rewritten by every run): it stays in reports/ locally, and the weekly workflow caches it.
     */
    incremental: path.join('reports', 'mutation', project, 'incremental.json'),
    /** Surviving mutants that no test can kill, each with the reason: committed, reviewed like code. */
    equivalents: path.join('tools', 'mutation', `${project}.equivalents.json`),
    html: path.join('reports', 'mutation', project, 'mutation.html'),
    json: path.join('reports', 'mutation', project, 'mutation.json'),
    /** Synthesized environments kept across mutant runs (MutationProject.synthesisCache), keyed by the sandbox's code. */
    synthesisCache: path.join('reports', 'mutation', project, 'synthesis-cache'),
  };
}

export const MUTATION_COMMAND = {
  command: 'npm run mutation --',
  description: "Mutates a project's decision logic with Stryker, runs the project's own Jest tests against each mutant, and prints the mutation score and every surviving mutant (exit 1 below --break).",
  positionals: [{ name: 'project', description: `one of ${Object.keys(MUTATION_PROJECTS).join(', ')}` }],
  options: {
    files: {
      type: 'string',
      value: 'file,...',
      description: 'mutate only these files (comma-separated), e.g. one rule file you changed, and run only their own specs (<file>.spec.ts beside each)',
    },
    tests: {
      type: 'string',
      value: 'spec,...',
      description: "with --files: run these specs (comma-separated) instead of the files' own, for files tested by a shared spec (e.g. kubernetes-rules.spec.ts covers the kubernetes-*-rules.ts files)",
    },
    concurrency: { type: 'string', value: 'n', default: '1', description: 'Jest workers Stryker runs at once, 1 to 4 (mutation runs are CPU-heavy)' },
    force: { type: 'boolean', description: 'test every mutant again, ignoring the incremental file' },
    break: { type: 'string', value: 'percent', default: '85', description: 'exit 1 when the score is below this' },
  },
} as const satisfies CommandSpec;

export interface MutationOptions {
  readonly project: string;
  /** Globs narrowing the project's files; empty for all of them. */
  readonly files: readonly string[];
  /**
   * Specs to run instead of each file's own `<file>.spec.ts` (only with files).
   * @default - the files' own specs
   */
  readonly tests?: readonly string[];
  readonly concurrency: number;
  readonly force: boolean;
  readonly breakAt: number;
}

/** Parses `npm run mutation`'s arguments (tools/cli-arguments.ts: `--help` throws HelpRequested, a wrong command line CommandLineError). */
export function parseMutationArguments(args: readonly string[]): MutationOptions {
  const { values, positionals } = parseCommandLine(MUTATION_COMMAND, args);
  const [project] = positionals;
  if (!Object.hasOwn(MUTATION_PROJECTS, project)) {
    throw commandLineError(MUTATION_COMMAND, project, `not a project mutation testing knows (${Object.keys(MUTATION_PROJECTS).join(', ')})`);
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 4) {
    throw new CommandLineError(`--concurrency ${values.concurrency} is not a whole number from 1 to 4. Fix: --concurrency 1 (or 2 on an idle machine)`);
  }
  const breakAt = Number(values.break);
  if (!/^\d+(\.\d+)?$/.test(values.break) || breakAt > 100) {
    throw new CommandLineError(`--break ${values.break} is not a percentage. Fix: --break 85`);
  }
  const files = values.files?.split(',').filter((glob) => glob !== '') ?? [];
  // `--files=` would silently mean the whole project, a run of many minutes.
  if (values.files !== undefined && files.length === 0) throw new CommandLineError('--files: names no file. Fix: --files libs/<project>/src/<file>.ts (comma-separated), or leave --files out for the whole project');
  const tests = values.tests?.split(',').filter((spec) => spec !== '') ?? [];
  if (values.tests !== undefined && (files.length === 0 || tests.length === 0)) {
    throw new CommandLineError('--tests: names no spec, or comes without --files (the whole project runs every spec). Fix: --files <file>.ts --tests <spec>.spec.ts');
  }
  return { project, files, ...(tests.length > 0 ? { tests } : {}), concurrency, force: values.force, breakAt };
}

/** The Stryker configuration (stryker.config.json) for one project. */
export function strykerConfig(options: Pick<MutationOptions, 'project' | 'files' | 'tests' | 'concurrency' | 'force'>): Record<string, unknown> {
  const project = MUTATION_PROJECTS[options.project];
  const paths = mutationPaths(options.project);
  return {
    testRunner: 'jest',
    plugins: ['@stryker-mutator/jest-runner'],
    // The project's own Jest config, so its swc transformer compiles the instrumented sources.
    // The sequencer runs, per mutant, only the spec files holding a test that covers it (covering-spec-sequencer.js).
    jest: { projectType: 'custom', configFile: project.jestConfig, enableFindRelatedTests: false, config: { testSequencer: COVERING_SPEC_SEQUENCER } },
    coverageAnalysis: 'perTest',
    mutate: options.files.length > 0 ? [...options.files, ...project.mutate.filter((glob) => glob.startsWith('!'))] : project.mutate,
    ...(options.files.length > 0 ? { testFiles: options.tests ?? project.testFiles ?? filesOf(options.files).map((file) => file.replace(/\.ts$/, '.spec.ts')) } : {}),
    // Mutants that run only while a module loads (rule descriptions, constant tables) need every test rerun each:
    // they are text, not decisions, and ignoring them keeps a run within minutes.
    ignoreStatic: true,
    incremental: true,
    incrementalFile: paths.incremental,
    force: options.force,
    concurrency: options.concurrency,
    // A busy shared machine slows every test run, and a worker restarted after a timeout starts cold: a short
    // timeout cascades into false timeouts. A mutant is a timeout only a minute past the dry run's pace.
    timeoutFactor: 3,
    timeoutMS: 60_000,
    reporters: ['html', 'json', 'progress'],
    htmlReporter: { fileName: paths.html },
    jsonReporter: { fileName: paths.json },
    tempDirName: '.stryker-tmp',
    ignorePatterns: ['cdktf.out', 'reports', 'coverage', 'dist', 'tmp', '.nx', '.cache'],
    thresholds: { high: 90, low: 85, break: null },
  };
}

/** The Jest test sequencer of mutation runs: a mutant's run loads only the spec files holding its tests. */
export const COVERING_SPEC_SEQUENCER = path.join(__dirname, 'mutation', 'covering-spec-sequencer.js');
/**
 * Where the sequencer keeps which spec holds which test, learned in Stryker's dry run: relative, so inside the
 * sandbox Stryker's workers run in (two runs side by side never share it).
 */
export const MUTATION_TEST_NAMES_FILE = 'mutation-test-names.json';
/** The variable naming that file (the sequencer's TEST_NAMES_VARIABLE). */
export const MUTATION_TEST_NAMES_VARIABLE = 'PLATFORM_MUTATION_TEST_NAMES';

/**
 * The environment variables Stryker runs with for `project`, besides the tool's own: the sequencer's file of test
 * names, and the synthesis cache's folder for a project that keeps synthesized environments (see
 * {@link MutationProject.synthesisCache}).
 */
export function strykerEnvironment(project: string, workspace: string): Readonly<Record<string, string>> {
  const testNames = { [MUTATION_TEST_NAMES_VARIABLE]: MUTATION_TEST_NAMES_FILE };
  if (MUTATION_PROJECTS[project].synthesisCache !== true) return testNames;
  return { ...testNames, [SYNTHESIS_CACHE_DIR_VARIABLE]: path.join(workspace, mutationPaths(project).synthesisCache) };
}

/** Stryker's command-line entry point, relative to the workspace. */
export const STRYKER_BIN = 'node_modules/@stryker-mutator/core/bin/stryker.js';
/** The oldest Node major Stryker 10 runs on. */
const STRYKER_MIN_NODE_MAJOR = 22;

/**
 * How to start Stryker on `configFile`: with the running Node when it is new enough (CI sets up .nvmrc's Node 24),
 * else under `npx -p node@24` (works offline once cached), so a Node 20 machine needs nothing installed by hand.
 */
export function strykerCommand(configFile: string, nodeVersion: string, nodePath: string): { readonly command: string; readonly args: readonly string[] } {
  const major = Number(nodeVersion.replace(/^v/, '').split('.')[0]);
  const stryker = [STRYKER_BIN, 'run', configFile];
  return major >= STRYKER_MIN_NODE_MAJOR ? { command: nodePath, args: stryker } : { command: 'npx', args: ['-y', '-p', 'node@24', 'node', ...stryker] };
}

/** One mutant of a mutation-testing-report-schema report (the parts read here). */
interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
}

/** The parts of Stryker's JSON report (mutation-testing-report-schema) read here. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[] }>>;
}

/** A surviving mutant no test can kill, listed in `<project>.equivalents.json`. Matched by text, not line number. */
export interface EquivalentMutant {
  /** Workspace-relative file. */
  readonly file: string;
  /** Stryker's mutator, e.g. `ConditionalExpression`. */
  readonly mutator: string;
  /** The source text Stryker replaced, exactly. */
  readonly original: string;
  /** What Stryker put in its place, exactly. */
  readonly replacement: string;
  /** Why no test can tell the mutant from the original. */
  readonly reason: string;
}

export interface Survivor {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
  /** Set when the survivor is listed as equivalent. */
  readonly equivalentBecause?: string;
}

export interface MutationSummary {
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly timeout: number;
  readonly errors: number;
  readonly ignored: number;
  /** Stryker's mutation score: detected / (detected + survived + no coverage), in percent. */
  readonly score: number;
  /** The same with listed equivalent mutants left out. */
  readonly scoreWithoutEquivalents: number;
  readonly survivors: readonly Survivor[];
  /** Listed equivalents that no survivor matched any more: the code changed, so the entry should go. */
  readonly staleEquivalents: readonly EquivalentMutant[];
}

/** A `--files` entry: a file, optionally narrowed Stryker's way to lines (`a.ts:10-40`, columns allowed: `a.ts:10:2-40:5`). */
function fileAndLines(entry: string): { readonly file: string; readonly lines?: { readonly from: number; readonly to: number } } {
  const match = /^(.*?):(\d+)(?::\d+)?-(\d+)(?::\d+)?$/.exec(entry);
  return match === null ? { file: entry } : { file: match[1], lines: { from: Number(match[2]), to: Number(match[3]) } };
}

/**
 * The summary of a `--files` run without the stale equivalents of files named with a line range: their other
 * mutants were not run, so an entry no survivor matched may well hold outside the range.
 */
export function withoutStaleOutsideRanges(summary: MutationSummary, entries: readonly string[], workspace: string): MutationSummary {
  const ranged = entries.map(fileAndLines).filter(({ lines }) => lines !== undefined).map(({ file }) => path.resolve(workspace, file));
  return { ...summary, staleEquivalents: summary.staleEquivalents.filter(({ file }) => !ranged.includes(path.resolve(workspace, file))) };
}

/** The files of `--files` entries, without their line ranges. */
export function filesOf(entries: readonly string[]): readonly string[] {
  return entries.map((entry) => fileAndLines(entry).file);
}

/**
 * The summary of a run: of a `--files` run only what it tested ({@link narrowMutationReport}), judged against the
 * listed equivalents of the files it named (the others' mutants did not run), with no stale entries for a file named
 * with a line range ({@link withoutStaleOutsideRanges}).
 */
export function summarizeRun(full: MutationReport, listed: readonly EquivalentMutant[], entries: readonly string[], workspace: string): MutationSummary {
  const named = filesOf(entries).map((file) => path.resolve(workspace, file));
  const equivalents = named.length === 0 ? listed : listed.filter(({ file }) => named.includes(path.resolve(workspace, file)));
  return withoutStaleOutsideRanges(summarizeMutationReport(narrowMutationReport(full, entries, workspace), workspace, equivalents), entries, workspace);
}

/**
 * The part of a report a `--files` run tested: its files, and of a file named with a line range only the mutants
 * wholly inside those lines, the ones Stryker instruments (the report also holds earlier runs' results from the
 * incremental file). All of it without entries.
 */
export function narrowMutationReport(report: MutationReport, entries: readonly string[], workspace: string): MutationReport {
  if (entries.length === 0) return report;
  const wanted = entries.map(fileAndLines).map(({ file, lines }) => ({ file: path.resolve(workspace, file), lines }));
  const files = Object.entries(report.files).flatMap(([file, content]) => {
    const named = wanted.filter((entry) => entry.file === path.resolve(workspace, file));
    if (named.length === 0) return [];
    if (named.some((entry) => entry.lines === undefined)) return [[file, content] as const];
    const mutants = content.mutants.filter(({ location }) => named.some(({ lines }) => lines !== undefined && location.start.line >= lines.from && location.end.line <= lines.to));
    return [[file, { ...content, mutants }] as const];
  });
  return { files: Object.fromEntries(files) };
}

/** The text between two 1-based line / 0-based column positions of a source. */
function sourceText(source: string, { start, end }: ReportMutant['location']): string {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.round((part / whole) * 10_000) / 100);

export function summarizeMutationReport(report: MutationReport, workspace: string, equivalents: readonly EquivalentMutant[]): MutationSummary {
  const counts = { Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 } as Record<string, number>;
  const survivors: Survivor[] = [];
  const used = new Set<EquivalentMutant>();
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const relative = path.isAbsolute(file) ? path.relative(workspace, file) : file;
    for (const mutant of mutants) {
      counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
      const original = sourceText(source, mutant.location);
      const replacement = mutant.replacement ?? '';
      const listed = equivalents.find((entry) => entry.file === relative && entry.mutator === mutant.mutatorName && entry.original === original && entry.replacement === replacement);
      if (listed) used.add(listed);
      survivors.push({ file: relative, line: mutant.location.start.line, mutator: mutant.mutatorName, original, replacement, equivalentBecause: listed?.reason });
    }
  }
  const detected = counts.Killed + counts.Timeout;
  const undetected = counts.Survived + counts.NoCoverage;
  const equivalent = survivors.filter((survivor) => survivor.equivalentBecause !== undefined).length;
  return {
    killed: counts.Killed,
    survived: counts.Survived,
    noCoverage: counts.NoCoverage,
    timeout: counts.Timeout,
    errors: counts.CompileError + counts.RuntimeError,
    ignored: counts.Ignored,
    score: percent(detected, detected + undetected),
    scoreWithoutEquivalents: percent(detected, detected + undetected - equivalent),
    survivors: survivors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    staleEquivalents: equivalents.filter((entry) => !used.has(entry)),
  };
}

const oneLine = (text: string) => (text.length > 100 ? `${text.slice(0, 97)}...` : text).replace(/\s*\n\s*/g, ' ');

/**
 * The run's exit code: 1 below the bar, else 0; a run that tested no mutant (a misspelt --files path, a file outside
 * the project's decision logic) has no score and is an error, never a pass.
 */
export function mutationExitCode(summary: MutationSummary, options: Pick<MutationOptions, 'project' | 'files' | 'breakAt'>): number {
  if (summary.killed + summary.survived + summary.noCoverage + summary.timeout === 0) {
    const where = options.files.length > 0 ? ` in ${options.files.join(', ')}` : '';
    throw new PlatformError(`${options.project}: no mutant was tested${where}. Fix: name files the project mutates (MUTATION_PROJECTS in tools/mutation-report.ts)`);
  }
  return summary.score < options.breakAt ? 1 : 0;
}

/** The printed result: score line, each survivor (unexplained first), stale equivalents. */
export function formatMutationSummary(project: string, summary: MutationSummary): string {
  const unexplained = summary.survivors.filter((survivor) => survivor.equivalentBecause === undefined);
  const explained = summary.survivors.filter((survivor) => survivor.equivalentBecause !== undefined);
  const lines = [
    `${project}: mutation score ${summary.score}% (${summary.scoreWithoutEquivalents}% without ${explained.length} listed equivalent mutants); ` +
      `${summary.killed} killed, ${summary.timeout} timed out, ${summary.survived} survived, ${summary.noCoverage} not covered, ${summary.errors} errors, ${summary.ignored} ignored`,
  ];
  if (unexplained.length > 0) lines.push(`surviving mutants (${unexplained.length}):`);
  for (const s of unexplained) lines.push(`  ${s.file}:${s.line} ${s.mutator}: ${oneLine(s.original)} -> ${oneLine(s.replacement)}`);
  if (explained.length > 0) lines.push(`equivalent mutants (${explained.length}, listed in ${mutationPaths(project).equivalents}):`);
  for (const s of explained) lines.push(`  ${s.file}:${s.line} ${s.mutator}: ${oneLine(s.original)} -> ${oneLine(s.replacement)} (${s.equivalentBecause})`);
  for (const entry of summary.staleEquivalents) lines.push(`stale equivalent (no such survivor; remove it): ${entry.file} ${entry.mutator}: ${oneLine(entry.original)} -> ${oneLine(entry.replacement)}`);
  return lines.join('\n');
}
