/**
 * Validates and plans an environment's stacks with the real terraform binary, without AWS credentials or network.
 * Usage: npm run plan:offline -- <environment> [stack...] [--skip-synth] [--keep-work-dir]
 * Synthesizes with `nx run <environment>:synth` first (unless --skip-synth), then plans every selected stack that
 * needs only the aws provider, including stacks that read other stacks' outputs (cdktf cross-stack references: they
 * read their producers' placeholder outputs); the others are listed as skipped with the reason. Exits non-zero on any
 * failure.
 */
import { PlatformError } from '@platform/core';
import {
  formatDiagnostics,
  offlinePlan,
  offlinePlanBlockers,
  readStack,
  requireToolchain,
  ToolchainMissingError,
  type PlanSummary,
} from '@platform/terraform-testing';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CommandSpec, parseCommandLine, reportCommandLine, synopsis } from './cli-arguments';
import { mapWithConcurrency } from './map-with-concurrency';
import { outputOf, readManifest, requireSynthApp, stacksInDependencyOrder, synthesize } from './synthesized-app';

export const PLAN_OFFLINE_COMMAND = {
  command: 'npm run plan:offline --',
  description: "Validates and plans an environment's AWS-only stacks with the real terraform, without credentials or network.",
  positionals: [
    { name: 'environment', description: 'the environment (or bootstrap) to plan' },
    { name: 'stack', description: 'the stacks to plan (default: every one)', optional: true, variadic: true },
  ],
  options: {
    'skip-synth': { type: 'boolean', description: 'plan what cdktf.out/<environment> holds instead of synthesizing first' },
    'keep-work-dir': { type: 'boolean', description: "keep each stack's terraform working folder (printed)" },
  },
} as const satisfies CommandSpec;

export interface PlanOfflineOptions {
  readonly environment: string;
  readonly stacks: readonly string[];
  readonly skipSynth: boolean;
  readonly keepWorkDir: boolean;
  /** Stacks planned at once: one per core (terraform plan with the aws provider keeps a core busy). */
  readonly concurrency: number;
}

async function main(): Promise<number> {
  const options = parsePlanOfflineArguments(process.argv.slice(2));
  // Before synth, so a machine without terraform learns it in a second rather than after every stack fails.
  requireToolchain();
  if (!options.skipSynth) synthesize(options.environment);
  const manifest = readManifest(options.environment);
  const selected = stacksInDependencyOrder(manifest, options.stacks);
  const outdir = outputOf(options.environment);
  const started = Date.now();

  // Each stack reads its producers' placeholder outputs from their synthesized JSON, not from their plans, so the
  // stacks are independent: planned side by side, one per core, the largest first (so no large one is left alone at
  // the end), and reported in dependency order.
  const dirOf = (name: string) => join(outdir, manifest.stacks[name].workingDirectory);
  const sizes = new Map(await Promise.all(selected.map(async (name) => [name, resourceCount(await readStack(dirOf(name)))] as const)));
  const largestFirst = [...selected].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  const planned = await mapWithConcurrency(largestFirst, options.concurrency, (name) => planOneStack(name, dirOf(name), options.keepWorkDir));
  const reports = selected.map((name) => planned[largestFirst.indexOf(name)]);
  for (const report of reports) console.log(report.text);
  const failures = reports.filter((report) => report.failed).length;
  console.log(`${selected.length} stack(s), ${options.concurrency} at a time: ${seconds(started)}`);

  if (failures > 0) {
    console.error(`error: ${failures} of ${selected.length} stack(s) failed`);
    return 1;
  }
  return 0;
}

export function parsePlanOfflineArguments(args: readonly string[]): PlanOfflineOptions {
  const { values, positionals } = parseCommandLine(PLAN_OFFLINE_COMMAND, args);
  const [environment, ...stacks] = positionals;
  return {
    environment: requireSynthApp(environment, `Usage: ${synopsis(PLAN_OFFLINE_COMMAND)}`),
    stacks,
    skipSynth: values['skip-synth'],
    keepWorkDir: values['keep-work-dir'],
    concurrency: availableParallelism(),
  };
}

/** Resources and data sources a stack declares: how long its plan takes, roughly. */
function resourceCount(stack: { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> }): number {
  return [stack.resource, stack.data].reduce((sum, blocks) => sum + Object.values(blocks ?? {}).reduce((count, instances) => count + Object.keys(instances).length, 0), 0);
}

/** What planning one stack printed, and whether it failed. */
interface StackReport {
  readonly text: string;
  readonly failed: boolean;
}

/** Validates and plans one stack offline; never throws: a failure is reported. */
async function planOneStack(name: string, stackDir: string, keepWorkDir: boolean): Promise<StackReport> {
  const started = Date.now();
  try {
    const blockers = offlinePlanBlockers(await readStack(stackDir));
    if (blockers.length > 0) return { text: `${name}: skipped: ${blockers.join('; ')}`, failed: false };
    const { validateDiagnostics, plan, workDir } = await offlinePlan(stackDir, { keepWorkDir, plannedValues: false });
    const warnings = validateDiagnostics.length > 0 ? ` (${validateDiagnostics.length} warning(s))` : '';
    const lines = [`${name}: validate ok${warnings}; plan: ${planLine(plan)} [${seconds(started)}]`];
    if (validateDiagnostics.length > 0) lines.push(formatDiagnostics(validateDiagnostics));
    for (const [type, count] of Object.entries(plan.resourceCountsByType).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`    ${type.padEnd(48)} ${String(count).padStart(4)}`);
    }
    if (keepWorkDir) lines.push(`    work dir: ${workDir}`);
    return { text: lines.join('\n'), failed: false };
  } catch (error) {
    return { text: `${name}: FAILED [${seconds(started)}]\n${(error as Error).message}`, failed: true };
  }
}

function planLine(plan: PlanSummary): string {
  const replaced = plan.replace > 0 ? ` (${plan.replace} replaced)` : '';
  return `${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy${replaced}`;
}

function seconds(startedMs: number): string {
  return `${((Date.now() - startedMs) / 1000).toFixed(1)} s`;
}

if (require.main === module) {
  main().then(
    (exitCode) => {
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      const commandLine = reportCommandLine(error);
      if (commandLine !== undefined) {
        process.exitCode = commandLine;
        return;
      }
      // Input errors are explained by their message; anything else is a bug and keeps its stack trace.
      const explained = error instanceof PlatformError || error instanceof ToolchainMissingError;
      console.error(explained ? `error: ${error.message}` : error);
      process.exitCode = 1;
    },
  );
}
