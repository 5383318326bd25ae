/**
 * What run-synth.cjs bundles and plain `node` runs: the synth commands with environment files compiled by esbuild
 * (compile-environments.ts) instead of tsx, their `@platform/config` imports served by this bundle's copy of the
 * library. (One thread: a worker thread synthesizing half of the environments was slower on two cores, both
 * threads competing with the garbage collector's.)
 */
import * as config from '@platform/config';
import { PlatformError } from '@platform/core';
import * as path from 'node:path';
import { compiledEnvironmentLoader } from './compile-environments';
import { environmentPath, knownEnvironments, useEnvironmentLoader, WORKSPACE_ENVIRONMENTS } from './environments';
import { synthCommand } from './synth';
import { main as synthEvery } from './synth-every';

/** The libraries environment files may import (their Nx tag allows configuration libraries only). */
const ENVIRONMENT_LIBRARIES = { '@platform/config': config };

/**
 * `cdktf-app [environment...]`: the root cdktf.json's app (synth.ts); anything else: `npm run synth` (synth-every.ts).
 * `cacheDir` keeps the compiled environment files between runs (recompiled when one of them changes).
 */
export function main(args: readonly string[], cacheDir?: string): void {
  // On while environment files load, so an exception they throw names their line; synth-every.ts turns them off.
  process.setSourceMapsEnabled(true);
  try {
    const files = [...knownEnvironments().map((name) => environmentPath(name, 'environment.ts')), path.join(WORKSPACE_ENVIRONMENTS, 'common', 'environment.ts')];
    useEnvironmentLoader(compiledEnvironmentLoader(files, ENVIRONMENT_LIBRARIES, WORKSPACE_ENVIRONMENTS, cacheDir && path.join(cacheDir, 'environments.json')));
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  if (args[0] === 'cdktf-app') synthCommand(args.slice(1));
  else synthEvery(args);
}
