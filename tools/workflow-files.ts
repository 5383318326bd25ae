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

/** A step of a workflow job, as parsed. */
export interface WorkflowStep {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
}
/** A job of a workflow, as parsed: steps, or a call of a reusable workflow. */
export interface WorkflowJob {
  /** A job that calls a reusable workflow: `./.github/workflows/<file>`, with its inputs in `with` and no steps. */
  readonly uses?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly 'runs-on'?: string;
  readonly environment?: string;
  readonly permissions?: Record<string, string> | string;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly strategy?: { matrix: Record<string, unknown>; 'fail-fast'?: boolean };
  readonly outputs?: Record<string, string>;
  readonly 'timeout-minutes'?: number;
  readonly env?: Record<string, string>;
  readonly steps?: WorkflowStep[];
}
/** An input of `workflow_call` or `workflow_dispatch`. */
export interface WorkflowInput {
  readonly options?: string[];
  readonly type: string;
  readonly required?: boolean;
  readonly default?: unknown;
}
/** A workflow file, as parsed (the fields the specs read). */
export interface Workflow {
  readonly on: Record<string, unknown> & {
    workflow_call?: { inputs?: Record<string, WorkflowInput>; outputs?: Record<string, { value: string }> };
    workflow_dispatch?: { inputs?: Record<string, WorkflowInput> } | null;
  };
  readonly permissions?: unknown;
  readonly env?: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, WorkflowJob>;
}
