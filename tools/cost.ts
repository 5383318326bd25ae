/**
 * Estimates an environment's monthly AWS cost offline from its synthesized stacks and the pinned price table of
 * @platform/cost, and holds it against the environment's synthesized budget (aws_budgets_budget). Over budget is a
 * warning: the exit code stays 0.
 *
 *   npm run cost -- <environment> [--json] [--out-dir <dir>] [--skip-synth]
 *
 * Synthesizes the environment first, as `nx run <environment>:synth` does, into <out-dir>/<environment> (default
 * cdktf.out); --skip-synth reads what is there.
 */
import { PlatformError } from '@platform/core';
import { estimateSynthesizedEnvironment, formatCostReport, type CdktfStackJson } from '@platform/cost';
import { synthesizeEnvironments } from '@platform/stacks';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CommandSpec, Output, parseCommandLine, processOutput, reportCommandLine } from './cli-arguments';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';
import { WORKSPACE } from './synthesized-app';

export const COST_COMMAND = {
  command: 'npm run cost --',
  description: "Estimates an environment's monthly AWS cost offline and holds it against its budget (over budget is a warning).",
  positionals: [{ name: 'environment', description: 'the environment to estimate' }],
  options: {
    json: { type: 'boolean', description: 'print the estimate as JSON' },
    'out-dir': { type: 'string', value: 'dir', default: 'cdktf.out', description: 'where the environment is synthesized (<dir>/<environment>)' },
    'skip-synth': { type: 'boolean', description: 'read what <dir>/<environment> holds instead of synthesizing' },
  },
} as const satisfies CommandSpec;

/** Runs the command with `args` (without node and the script); returns the exit code. */
export function costCommand(args: readonly string[], output: Output = processOutput): number {
  try {
    const { environment, json, outDir, skipSynth } = parseCostArguments(args);
    const dir = join(outDir, environment);
    if (!skipSynth) {
      synthesizeEnvironments([{ input: importEnvironment(environment), expectedName: environment, source: environmentFile(environment) }], dir);
    }
    const estimate = estimateSynthesizedEnvironment(environment, readStacks(dir, environment));
    output.out(json ? JSON.stringify(estimate, null, 2) : formatCostReport(estimate));
    return 0;
  } catch (error) {
    const commandLine = reportCommandLine(error, output);
    if (commandLine !== undefined) return commandLine;
    if (!(error instanceof PlatformError)) throw error;
    output.err(`error: ${error.message}`);
    return 1;
  }
}

export function parseCostArguments(args: readonly string[]): { environment: string; json: boolean; outDir: string; skipSynth: boolean } {
  const { values, positionals } = parseCommandLine(COST_COMMAND, args);
  const [environment] = positionals;
  const known = knownEnvironments();
  if (!known.includes(environment)) {
    throw new PlatformError(`${environment}: unknown environment. Fix: use one of ${known.join(', ')}, or add environments/${environment}/environment.ts and apps/${environment}`);
  }
  return { environment, json: values.json, outDir: resolve(WORKSPACE, values['out-dir']), skipSynth: values['skip-synth'] };
}

/** Stack name → `cdk.tf.json` of every stack in `<dir>/stacks`. */
function readStacks(dir: string, environment: string): Record<string, CdktfStackJson> {
  const stacksDir = join(dir, 'stacks');
  if (!existsSync(stacksDir)) {
    throw new PlatformError(`${environment}: no synthesized stacks in ${stacksDir}. Fix: run without --skip-synth, or \`npx nx run ${environment}:synth\``);
  }
  return Object.fromEntries(
    readdirSync(stacksDir)
      .filter((stack) => existsSync(join(stacksDir, stack, 'cdk.tf.json')))
      .map((stack) => [stack, JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as CdktfStackJson]),
  );
}

if (require.main === module) process.exitCode = costCommand(process.argv.slice(2));
