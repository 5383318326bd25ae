/**
 * `npm run synth`, the README's main command, in one process: every environment into `cdktf.out/<environment>/`
 * (exactly what `nx run <environment>:synth` writes) and the bootstrap app into `cdktf.out/bootstrap/`, then one line
 * per stack, and each environment's architecture diagram (`cdktf.out/<environment>/diagram.svg`, rendered only when
 * it changed: environment-diagrams.ts). One process pays node's start-up and the module loading once instead of once per app (Nx would start
 * eight), and it turns source maps off once the environment files are loaded: tsx enables them process-wide and
 * cdktf records a stack trace for every token it creates, each mapped through them. Errors in an environment file
 * are raised while it is imported, with source maps still on, so they name the TypeScript line a person wrote.
 *
 * Every environment file is imported and validated before anything is written: bad input writes nothing.
 * Usage: node --import tsx tools/synth-every.ts [--out-root DIR] [--app NAME ...] (what `npm run synth` runs, bundled by
 * tools/run-synth.cjs; default cdktf.out)
 */
import { PlatformError } from '@platform/core';
import {
  LoadedEnvironment,
  printPolicySummaries,
  securityBaselines,
  stateGroups,
  assertReplaceable,
  synthesizeBootstrapOf,
  type OutputReplacement,
  SynthesizedStack,
  synthesizeValidatedEnvironments,
  validateEnvironments,
} from '@platform/stacks';
import * as path from 'node:path';
import { CommandLineError, CommandSpec, parseCommandLine, reportCommandLine } from './cli-arguments';
import { DIAGRAM_FILE, DiagramWritten, environmentDots, readDiagrams, writeDiagrams } from './environment-diagrams';
import { environmentFile, environmentPath, importEnvironment, knownEnvironments } from './environments';
import { describeInputError } from './locate-field';

/** Where each app writes, as its `nx run <app>:synth` does. */
const OUTPUT_ROOT = 'cdktf.out';

/**
 * cdktf captures a full stack trace for every token it creates, only to print it should the token fail to resolve
 * (a bug in a construct, never bad input): about a quarter of synth's time. Skipped unless PLATFORM_SYNTH_TRACES=1,
 * which an unexpected error's message suggests. The output is byte-identical either way.
 */
function skipTokenCreationTraces(): void {
  if (process.env[TRACES_VARIABLE] === '1') return;
  // A private file of the package (which declares no exports): the function cdktf calls for every token it creates.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- its exports object is patched, an import binding cannot be
  const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
  stackTrace.captureStackTrace = () => [];
}

/**
 * Called once the environment files are loaded: from here on only the platform's own code runs, so source maps
 * (which tsx turns on process-wide) and cdktf's token creation traces only cost time (see above).
 */
function onlyPlatformCodeFromHere(): void {
  process.setSourceMapsEnabled(false);
  skipTokenCreationTraces();
}

/** Set to 1 to keep cdktf's token creation traces (for a construct bug's error message). */
const TRACES_VARIABLE = 'PLATFORM_SYNTH_TRACES';

/** The bootstrap app's name: its output folder and `nx run bootstrap:synth`. */
const BOOTSTRAP_APP = 'bootstrap';

/** What a synthesis writes, once every environment it reads is loaded and validated. */
interface PreparedSynthesis {
  /** Every environment read, validated as one set (the bootstrap app reads them all). */
  readonly validated: readonly LoadedEnvironment[];
  /** The environments whose own app is synthesized. */
  readonly environments: readonly LoadedEnvironment[];
  readonly bootstrap: boolean;
}

/** Loads and validates what `apps` (default: every app) need; nothing is written. */
function prepareSynthesis(apps: readonly string[] | undefined): PreparedSynthesis {
  const known = knownEnvironments();
  const unknown = (apps ?? []).filter((app) => app !== BOOTSTRAP_APP && !known.includes(app));
  if (unknown.length > 0) {
    throw new PlatformError(`--app: no app named ${unknown.join(', ')}. Fix: name one of ${[...known, BOOTSTRAP_APP].join(', ')}`);
  }
  const bootstrap = apps === undefined || apps.includes(BOOTSTRAP_APP);
  // The bootstrap app reads every environment (it holds their state); an environment's app reads its own.
  const names = bootstrap ? known : known.filter((name) => apps?.includes(name));
  const sources = names.map((name) => ({ name, input: importEnvironment(name), expectedName: name, source: environmentFile(name) }));
  onlyPlatformCodeFromHere();
  // Every config, and what they share (stack names, state locations, the bootstrap's state stores and account
  // baselines), is validated before anything is written.
  const validated = validateEnvironments(sources);
  if (bootstrap) {
    stateGroups(validated.map(({ config }) => config));
    securityBaselines(validated.map(({ config }) => config));
  }
  const environments = validated.filter(({ config }) => apps === undefined || apps.includes(config.name));
  return { validated, environments, bootstrap };
}

/**
 * Synthesizes every environment and the bootstrap app, or only the apps named (environments and/or `bootstrap`, as
 * `nx run <app>:synth` does through run-synth.cjs); returns the stacks written, environment by environment.
 */
export function synthesizeEvery(outputRoot = OUTPUT_ROOT, apps?: readonly string[], replacement: OutputReplacement = {}): SynthesizedStack[] {
  const prepared = prepareSynthesis(apps);
  // Every app's folder is checked before any is written: a refusal (not an earlier synthesis's output) writes nothing.
  for (const app of [...prepared.environments.map(({ config }) => config.name), ...(prepared.bootstrap ? [BOOTSTRAP_APP] : [])]) {
    assertReplaceable(path.join(outputRoot, app));
  }
  return [
    // Each environment is its own app, as `nx run <environment>:synth` writes it.
    // Their policy reports link the diagram main() draws.
    ...prepared.environments.flatMap((environment) => synthesizeValidatedEnvironments([environment], path.join(outputRoot, environment.config.name), { diagram: DIAGRAM_FILE, ...replacement })),
    ...(prepared.bootstrap ? synthesizeBootstrapOf(prepared.validated.map(({ config }) => config), path.join(outputRoot, BOOTSTRAP_APP), replacement) : []),
  ];
}

/** `npm run synth`'s command line; tools/run-synth.cjs checks the same options before loading the bundle. */
export const SYNTH_EVERY_COMMAND = {
  command: 'npm run synth --',
  description: 'Synthesizes every environment into <out-root>/<environment>/ and the bootstrap app into <out-root>/bootstrap/, or only the apps named.',
  options: {
    'out-root': { type: 'string', value: 'dir', default: OUTPUT_ROOT, description: 'where the apps are written' },
    app: { type: 'string', value: 'name', multiple: true, description: 'an app to synthesize (an environment or bootstrap; repeatable; default: every one)' },
  },
} as const satisfies CommandSpec;

/** The command line of `npm run synth`; run-synth.cjs calls it in the bundle. */
export function main(args: readonly string[] = process.argv.slice(2)): void {
  try {
    const { values } = parseCommandLine(SYNTH_EVERY_COMMAND, args);
    const outputRoot = values['out-root'];
    // An empty output root would write every app into the current folder (run-synth.cjs refuses it first).
    if (outputRoot.trim() === '') throw new CommandLineError('--out-root: is empty. Fix: name a folder, e.g. --out-root cdktf.out');
    // Read before the synthesis replaces the environments' folders: kept when their drawing is unchanged.
    const previousDiagrams = readDiagrams(outputRoot);
    // The command deletes an app's previous output while it synthesizes the next (and waits for it before exiting).
    const stacks = synthesizeEvery(outputRoot, values.app.length > 0 ? values.app : undefined, { removePrevious: 'in-background' });
    const line = (environment: string, what: string, file: string) => console.log(`${environment.padEnd(12)} ${what.padEnd(28)} ${path.relative(process.cwd(), file)}`);
    for (const { environment, stack, file } of stacks) line(environment, stack, file);
    printPolicySummaries(stacks);
    const known = knownEnvironments();
    const environments = [...new Set(stacks.map(({ environment }) => environment))].filter((name) => known.includes(name));
    const print = (written: DiagramWritten[]) => written.forEach(({ environment, file, rendered }) => line(environment, rendered ? 'diagram (redrawn)' : 'diagram', file));
    const diagrams = writeDiagrams(outputRoot, environmentDots(outputRoot, stacks, environments), previousDiagrams);
    if (Array.isArray(diagrams)) print(diagrams);
    else {
      diagrams.then(print, (error: Error) => {
        console.error(`error: drawing the diagrams failed: ${error.message}`);
        process.exitCode = 1;
      });
    }
  } catch (error) {
    const commandLine = reportCommandLine(error);
    if (commandLine !== undefined) {
      process.exitCode = commandLine;
      return;
    }
    if (!(error instanceof PlatformError)) {
      if (process.env[TRACES_VARIABLE] !== '1') console.error(`A bug, not bad input: ${TRACES_VARIABLE}=1 npm run synth also shows where cdktf created the token that failed.`);
      throw error;
    }
    console.error(`error: ${describeInputError(error, (environment) => environmentPath(environment, 'environment.ts'))}`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
