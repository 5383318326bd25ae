import { PlatformError } from '@platform/core';
import * as fs from 'node:fs';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '..');
const SHARED_SETTINGS = 'common';

/** Environments that exist: folders under environments/ with an environment.ts (common settings excluded). */
export function knownEnvironments(): string[] {
  const root = path.join(WORKSPACE, 'environments');
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

/** Path of an environment's file relative to the workspace, for messages. */
export function environmentFile(name: string): string {
  return path.join('environments', name, 'environment.ts');
}

/** Loads an environment file's `environment` export (unvalidated). */
export function importEnvironment(name: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- environments are discovered at run time
  return require(path.join(WORKSPACE, environmentFile(name))).environment;
}
