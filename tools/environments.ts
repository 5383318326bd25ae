import { PlatformError } from '@platform/core';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder holding nx.json, found from this file's location (also when it runs bundled, see run-synth.cjs). */
function findWorkspace(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No nx.json above ${start}: run the tools from inside the workspace`);
  }
}

/** The workspace's root folder (the one holding nx.json). */
export const WORKSPACE = findWorkspace(__dirname);

/** The workspace's environments/ folder: what `@platform/environments/<name>` imports resolve to (tsconfig.base.json). */
export const WORKSPACE_ENVIRONMENTS = path.join(WORKSPACE, 'environments');
const SHARED_SETTINGS = 'common';

/**
 * Variable naming another folder of environment files (`<dir>/<name>/environment.ts`) to read instead of the
 * workspace's environments/, e.g. to run the synth CLI on deliberately broken configs in tests.
 */
export const ENVIRONMENTS_DIR_VARIABLE = 'PLATFORM_ENVIRONMENTS_DIR';

/** The folder environment files are read from: {@link ENVIRONMENTS_DIR_VARIABLE}, else the workspace's environments/. */
export function environmentsRoot(): string {
  return path.resolve(process.env[ENVIRONMENTS_DIR_VARIABLE] ?? WORKSPACE_ENVIRONMENTS);
}

/** Environments that exist: folders under environments/ with an environment.ts (common settings excluded). */
export function knownEnvironments(): string[] {
  const root = environmentsRoot();
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new PlatformError(`${ENVIRONMENTS_DIR_VARIABLE}: ${root} is not a folder. Fix: point it at a folder of <name>/environment.ts files, or unset it`);
  }
  return fs
    .readdirSync(root)
    .filter((name) => name !== SHARED_SETTINGS && fs.existsSync(path.join(root, name, 'environment.ts')))
    .sort();
}

/** Checks names against the known environments; the error lists them and how to add one. */
export function resolveEnvironmentNames(requested: readonly string[]): string[] {
  const known = knownEnvironments();
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new PlatformError(
      `Unknown environment ${unknown.map((name) => `'${name}'`).join(', ')}. Known environments: ${known.join(', ')}. ` +
        `Fix: use one of those, or add environments/<name>/environment.ts and apps/<name>.`,
    );
  }
  return requested.length > 0 ? [...requested] : known;
}

/** Path of an environment's file for messages: relative to the workspace, or absolute when outside it. */
export function environmentFile(name: string, file = 'environment.ts'): string {
  const absolute = environmentPath(name, file);
  const relative = path.relative(WORKSPACE, absolute);
  return relative.startsWith('..') ? absolute : relative;
}

/** Absolute path of a file in an environment's folder, e.g. its `release.json`. */
export function environmentPath(name: string, file: string): string {
  return path.join(environmentsRoot(), name, file);
}

/** Loads an environment file (absolute path) and returns its exports. */
export type EnvironmentModuleLoader = (file: string) => Record<string, unknown>;

// Under tsx and Jest, `require` compiles TypeScript itself; the bundled synth (run by plain node) installs its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- environments are discovered at run time
let loadEnvironmentModule: EnvironmentModuleLoader = (file) => require(file) as Record<string, unknown>;

/** Replaces how environment files are loaded (see compile-environment.ts, used by the bundled synth). */
export function useEnvironmentLoader(loader: EnvironmentModuleLoader): void {
  loadEnvironmentModule = loader;
}

/** Loads an environment file's `environment` export (unvalidated). */
export function importEnvironment(name: string): unknown {
  return loadEnvironmentModule(path.join(environmentsRoot(), name, 'environment.ts')).environment;
}
