/** Test helpers: folders of environment files (`<dir>/<name>/environment.ts`) for PLATFORM_ENVIRONMENTS_DIR. */
import { escapeRegExp } from '@platform/core';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `files` (environment name → file text) into `<root>/<name>/environments/`; returns that folder. */
export function writeEnvironmentFiles(root: string, name: string, files: Readonly<Record<string, string>>): string {
  const dir = path.join(root, name, 'environments');
  for (const [environment, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, environment), { recursive: true });
    fs.writeFileSync(path.join(dir, environment, 'environment.ts'), text);
  }
  return dir;
}

/** The text of an environment file exporting `input` as it is. */
export function exportedEnvironment(input: unknown): string {
  return `export const environment = ${JSON.stringify(input, null, 2)};\n`;
}

/**
 * A regular expression source matching `file` as the tools name it in messages: relative to the workspace when it
 * lies inside (a Jest run's temp folder does: .cache/test), else absolute.
 */
export function fileNamePattern(file: string, workspace = path.resolve(__dirname, '..')): string {
  return `(?:${[file, path.relative(workspace, file)].map(escapeRegExp).join('|')})`;
}
