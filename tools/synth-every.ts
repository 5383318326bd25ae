/**
 * `npm run synth`, the README's main command, in one process: every environment into `cdktf.out/<environment>/`
 * (exactly what `nx run <environment>:synth` writes) and the bootstrap app into `cdktf.out/bootstrap/`, then one line
 * per stack. One process pays node's start-up and the module loading once instead of once per app (Nx would start
 * eight), and it turns source maps off once the environment files are loaded: tsx enables them process-wide and
 * cdktf records a stack trace for every token it creates, each mapped through them. Errors in an environment file
 * are raised while it is imported, with source maps still on, so they name the TypeScript line a person wrote.
 *
 * Every environment file is imported and validated before anything is written: bad input writes nothing.
 * Usage: node --import tsx tools/synth-every.ts [--out-root DIR] (the `synth` script of package.json; default cdktf.out)
 */
import { PlatformError } from '@platform/core';
import { printPolicySummaries, securityBaselines, stateGroups, synthesizeBootstrap, synthesizeEnvironments, SynthesizedStack, validateEnvironments } from '@platform/stacks';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';

/** Where each app writes, as its `nx run <app>:synth` does. */
const OUTPUT_ROOT = 'cdktf.out';

/**
 * cdktf captures a full stack trace for every token it creates, only to print it should the token fail to resolve
 * (a bug in a construct, never bad input): about a quarter of synth's time. Skipped unless PLATFORM_SYNTH_TRACES=1,
 * which an unexpected error's message suggests. The output is byte-identical either way.
 */
function skipTokenCreationTraces(): void {
  if (process.env[TRACES_VARIABLE] === '1') return;
  // A file of the package, not one of its exports: required by path.
  const load = createRequire(__filename);
  const stackTrace = load(path.join(path.dirname(load.resolve('cdktf')), 'tokens', 'private', 'stack-trace.js')) as { captureStackTrace: () => string[] };
  stackTrace.captureStackTrace = () => [];
}

/** Set to 1 to keep cdktf's token creation traces (for a construct bug's error message). */
const TRACES_VARIABLE = 'PLATFORM_SYNTH_TRACES';

/** Synthesizes every environment and the bootstrap app; returns the stacks written, environment by environment. */
export function synthesizeEvery(outputRoot = OUTPUT_ROOT): SynthesizedStack[] {
  const sources = knownEnvironments().map((name) => ({ name, input: importEnvironment(name), expectedName: name, source: environmentFile(name) }));
  // The environment files are loaded: from here on only the platform's own code runs (see above).
  process.setSourceMapsEnabled(false);
  skipTokenCreationTraces();
  // Every config, and what they share (stack names, state locations, the bootstrap's state stores and account
  // baselines), is validated before anything is written.
  const configs = validateEnvironments(sources).map(({ config }) => config);
  stateGroups(configs);
  securityBaselines(configs);
  return [
    ...sources.flatMap((source) => synthesizeEnvironments([source], path.join(outputRoot, source.name))),
    ...synthesizeBootstrap(sources, path.join(outputRoot, 'bootstrap')),
  ];
}

function main(): void {
  try {
    const { values } = parseArgs({ options: { 'out-root': { type: 'string' } }, strict: true });
    const stacks = synthesizeEvery(values['out-root']);
    for (const { environment, stack, file } of stacks) {
      console.log(`${environment.padEnd(12)} ${stack.padEnd(28)} ${path.relative(process.cwd(), file)}`);
    }
    printPolicySummaries(stacks);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`error: ${(error as Error).message}. Usage: npm run synth [-- --out-root DIR]`);
      process.exitCode = 1;
      return;
    }
    if (!(error instanceof PlatformError)) {
      if (process.env[TRACES_VARIABLE] !== '1') console.error(`A bug, not bad input: ${TRACES_VARIABLE}=1 npm run synth also shows where cdktf created the token that failed.`);
      throw error;
    }
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
