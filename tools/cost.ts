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
import { parseArgs } from 'node:util';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';
import { WORKSPACE } from './synthesized-app';

export const USAGE = 'Usage: npm run cost -- <environment> [--json] [--out-dir <dir>] [--skip-synth]';

/** Where the command writes; tests capture it. */
export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processOutput: Output = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

/** Runs the command with `args` (without node and the script); returns the exit code. */
export function costCommand(args: readonly string[], output: Output = processOutput): number {
  try {
    const { environment, json, outDir, skipSynth } = parseArguments(args);
    const dir = join(outDir, environment);
    if (!skipSynth) {
      synthesizeEnvironments([{ input: importEnvironment(environment), expectedName: environment, source: environmentFile(environment) }], dir);
    }
    const estimate = estimateSynthesizedEnvironment(environment, readStacks(dir, environment));
    output.out(json ? JSON.stringify(estimate, null, 2) : formatCostReport(estimate));
    return 0;
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    output.err(`error: ${error.message}`);
    return 1;
  }
}

function parseArguments(args: readonly string[]): { environment: string; json: boolean; outDir: string; skipSynth: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false }, 'out-dir': { type: 'string', default: 'cdktf.out' }, 'skip-synth': { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new PlatformError(`${(error as Error).message}. ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new PlatformError(`${positionals.length === 0 ? 'No environment given' : `One environment at a time, got ${positionals.join(', ')}`}. ${USAGE}`);
  }
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
