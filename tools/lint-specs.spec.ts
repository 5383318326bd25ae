import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '..');

/**
 * The workspace's ESLint rules on each spec text, as `npm test` lints a spec: one node process (ESLint loads its flat
 * config by a dynamic import, which Jest's module system does not run). Returns the rule ids reported per text.
 */
function lintSpecs(texts: readonly string[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const texts = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const eslint = new ESLint({ cwd: process.cwd() });
    Promise.all(texts.map((text) => eslint.lintText(text, { filePath: 'libs/core/src/example.spec.ts' })))
      .then((results) => console.log(JSON.stringify(results.map(([result]) => result.messages.map((m) => m.ruleId ?? m.message)))));`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: WORKSPACE, input: JSON.stringify(texts), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[][];
}

describe('ESLint keeps the specs honest (eslint-plugin-jest)', () => {
  const cases: [string, string, string | undefined][] = [
    ['a spec whose tests run and assert', "describe('a', () => {\n  it('b', () => {\n    expect(1).toBe(1);\n  });\n});\n", undefined],
    ['a focused test', "it.only('b', () => {\n  expect(1).toBe(1);\n});\n", 'jest/no-focused-tests'],
    ['a focused suite', "describe.only('a', () => {\n  it('b', () => {\n    expect(1).toBe(1);\n  });\n});\n", 'jest/no-focused-tests'],
    ['a skipped test', "it.skip('b', () => {\n  expect(1).toBe(1);\n});\n", 'jest/no-disabled-tests'],
    ['a test without an assertion', "it('b', () => {\n  const x = 1;\n  void x;\n});\n", 'jest/expect-expect'],
    ['an expect never asserted', "it('b', () => {\n  expect(1);\n});\n", 'jest/valid-expect'],
  ];

  it('accepts a test that runs and asserts, and refuses one focused, skipped, asserting nothing or half an expect', () => {
    const reported = lintSpecs(cases.map(([, text]) => text));
    expect(Object.fromEntries(cases.map(([what], index) => [what, reported[index]]))).toEqual(
      Object.fromEntries(cases.map(([what, , rule]) => [what, rule === undefined ? [] : expect.arrayContaining([rule])])),
    );
  });
});
