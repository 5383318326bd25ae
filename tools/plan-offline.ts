/**
 * Validates and plans an environment's stacks with the real terraform binary, without AWS credentials or network.
 * Usage: npm run plan:offline -- <environment> [stack...] [--skip-synth] [--keep-work-dir]
 * Synthesizes with `nx run <environment>:synth` first (unless --skip-synth), then plans every selected stack that
 * needs only the aws provider; the others are listed as skipped with the reason. Exits non-zero on any failure.
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
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const WORKSPACE = join(__dirname, '..');
const USAGE = 'Usage: npm run plan:offline -- <environment> [stack...] [--skip-synth] [--keep-work-dir]';

interface Options {
  readonly environment: string;
  readonly stacks: readonly string[];
  readonly skipSynth: boolean;
  readonly keepWorkDir: boolean;
}

/** The parts of cdktf's `manifest.json` this script reads; paths are relative to the manifest's directory. */
interface CdktfManifest {
  readonly stacks: Readonly<Record<string, { readonly workingDirectory: string }>>;
}

async function main(): Promise<number> {
  const options = parseArguments(process.argv.slice(2));
  const environments = synthEnvironments();
  if (!environments.includes(options.environment)) {
    throw new PlatformError(`Unknown environment '${options.environment}'. ${knownEnvironmentsHint(environments)}`);
  }
  // Before synth, so a machine without terraform learns it in a second rather than after every stack fails.
  requireToolchain();

  if (!options.skipSynth) {
    const synth = spawnSync('npx', ['nx', 'run', `${options.environment}:synth`], { cwd: WORKSPACE, stdio: 'inherit' });
    if (synth.status !== 0) {
      console.error(`error: \`nx run ${options.environment}:synth\` failed (${synth.error?.message ?? `exit ${synth.status}`})`);
      return 1;
    }
  }

  const outdir = join(WORKSPACE, 'cdktf.out', options.environment);
  const manifest = readManifest(outdir, options.environment, environments);
  const selected = selectStacks(manifest, options.stacks);

  let failures = 0;
  for (const name of selected) {
    const stackDir = join(outdir, manifest.stacks[name].workingDirectory);
    const started = Date.now();
    try {
      const blockers = offlinePlanBlockers(await readStack(stackDir));
      if (blockers.length > 0) {
        console.log(`${name}: skipped: ${blockers.join('; ')}`);
        continue;
      }
      const { validateDiagnostics, plan, workDir } = await offlinePlan(stackDir, { keepWorkDir: options.keepWorkDir });
      const warnings = validateDiagnostics.length > 0 ? ` (${validateDiagnostics.length} warning(s))` : '';
      console.log(`${name}: validate ok${warnings}; plan: ${planLine(plan)} [${seconds(started)}]`);
      if (validateDiagnostics.length > 0) {
        console.log(formatDiagnostics(validateDiagnostics));
      }
      for (const [type, count] of Object.entries(plan.resourceCountsByType).sort(([a], [b]) => a.localeCompare(b))) {
        console.log(`    ${type.padEnd(48)} ${String(count).padStart(4)}`);
      }
      if (options.keepWorkDir) {
        console.log(`    work dir: ${workDir}`);
      }
    } catch (error) {
      failures += 1;
      console.log(`${name}: FAILED [${seconds(started)}]\n${(error as Error).message}`);
    }
  }

  if (failures > 0) {
    console.error(`error: ${failures} of ${selected.length} stack(s) failed`);
    return 1;
  }
  return 0;
}

function parseArguments(args: readonly string[]): Options {
  const flags = new Set(args.filter((arg) => arg.startsWith('-')));
  const unknownFlags = [...flags].filter((flag) => flag !== '--skip-synth' && flag !== '--keep-work-dir');
  const [environment, ...stacks] = args.filter((arg) => !arg.startsWith('-'));
  if (unknownFlags.length > 0 || !environment) {
    const problem = unknownFlags.length > 0 ? `Unknown option ${unknownFlags.join(', ')}` : 'No environment given';
    throw new PlatformError(`${problem}. ${USAGE}\n${knownEnvironmentsHint(synthEnvironments())}`);
  }
  return { environment, stacks, skipSynth: flags.has('--skip-synth'), keepWorkDir: flags.has('--keep-work-dir') };
}

/** Directories under apps/ whose project.json has a synth target: the environments `nx run <env>:synth` knows. */
function synthEnvironments(): string[] {
  const apps = join(WORKSPACE, 'apps');
  if (!existsSync(apps)) {
    return [];
  }
  return readdirSync(apps)
    .filter((name) => {
      const projectFile = join(apps, name, 'project.json');
      if (!existsSync(projectFile)) {
        return false;
      }
      const project = JSON.parse(readFileSync(projectFile, 'utf8')) as { targets?: Record<string, unknown> };
      return project.targets?.synth !== undefined;
    })
    .sort();
}

function knownEnvironmentsHint(environments: readonly string[]): string {
  return environments.length > 0
    ? `Known environments: ${environments.join(', ')}.`
    : 'No environments found: no apps/<env>/project.json has a synth target.';
}

function readManifest(outdir: string, environment: string, environments: readonly string[]): CdktfManifest {
  const file = join(outdir, 'manifest.json');
  if (!existsSync(file)) {
    throw new PlatformError(
      `No ${relative(WORKSPACE, file)}: environment '${environment}' has not been synthesized there ` +
        `(run without --skip-synth, or check where apps/${environment}/src/main.ts writes). ${knownEnvironmentsHint(environments)}`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as CdktfManifest;
}

function selectStacks(manifest: CdktfManifest, requested: readonly string[]): string[] {
  const available = Object.keys(manifest.stacks).sort();
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new PlatformError(`Unknown stack ${unknown.map((name) => `'${name}'`).join(', ')}. Stacks: ${available.join(', ')}.`);
  }
  return requested.length > 0 ? [...requested] : available;
}

function planLine(plan: PlanSummary): string {
  const replaced = plan.replace > 0 ? ` (${plan.replace} replaced)` : '';
  return `${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy${replaced}`;
}

function seconds(startedMs: number): string {
  return `${((Date.now() - startedMs) / 1000).toFixed(1)} s`;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    // Input errors are explained by their message; anything else is a bug and keeps its stack trace.
    const explained = error instanceof PlatformError || error instanceof ToolchainMissingError;
    console.error(explained ? `error: ${error.message}` : error);
    process.exitCode = 1;
  },
);
