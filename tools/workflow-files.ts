/** The GitHub Actions workflows as the contracts read them: every `.github/workflows/*.yml`, parsed. */
import { PlatformError } from '@platform/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';

const WORKSPACE = path.resolve(__dirname, '..');
export const WORKFLOWS_DIR = '.github/workflows';

/** Parsed workflows by path relative to the workspace, e.g. `.github/workflows/deploy.yml`. */
export function readWorkflows(root = WORKSPACE): Record<string, unknown> {
  const dir = path.join(root, WORKFLOWS_DIR);
  const files = fs.readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)).sort();
  return Object.fromEntries(
    files.map((file) => {
      const document = parseDocument(fs.readFileSync(path.join(dir, file), 'utf8'));
      if (document.errors.length > 0) throw new PlatformError(`${WORKFLOWS_DIR}/${file}: ${document.errors.map(String).join('; ')}. Fix: make it valid YAML`);
      return [`${WORKFLOWS_DIR}/${file}`, document.toJS() as unknown];
    }),
  );
}
