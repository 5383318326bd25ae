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
  // The last line: @nx/eslint-plugin prints a warning to stdout where no project graph is cached yet (a fresh clone).
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as string[][];
}

describe('ESLint keeps the specs honest (eslint-plugin-jest)', () => {
  /** A spec text, and exactly the rules it breaks. */
  const cases: [string, string, string[]][] = [
    ['a spec whose tests run and assert', "describe('a', () => {\n  it('b', () => {\n    expect(1).toBe(1);\n  });\n});\n", []],
    ['a focused test', "it.only('b', () => {\n  expect(1).toBe(1);\n});\n", ['jest/no-focused-tests']],
    ['a focused suite', "describe.only('a', () => {\n  it('b', () => {\n    expect(1).toBe(1);\n  });\n});\n", ['jest/no-focused-tests']],
    ['a skipped test', "it.skip('b', () => {\n  expect(1).toBe(1);\n});\n", ['jest/no-disabled-tests']],
    ['a test without an assertion', "it('b', () => {\n  const x = 1;\n  void x;\n});\n", ['jest/expect-expect']],
    ['an expect never asserted', "it('b', () => {\n  expect(1);\n});\n", ['jest/valid-expect']],
    // An assertion that may not run passes silently when it does not: each must run on every pass.
    ['an expect under an if', "it('b', () => {\n  const x = Math.random();\n  if (x > 0.5) expect(x).toBeGreaterThan(0.5);\n});\n", ['jest/no-conditional-expect']],
    [
      'an expect in a catch block',
      "it('b', () => {\n  try {\n    JSON.parse('{');\n  } catch (error) {\n    expect(error).toBeInstanceOf(SyntaxError);\n  }\n});\n",
      ['jest/no-conditional-expect'],
    ],
    ['an expect in a promise’s catch', "it('b', async () => {\n  await Promise.reject(new Error('x')).catch((error) => expect(error).toBeInstanceOf(Error));\n});\n", ['jest/no-conditional-expect']],
    ['the same check, unconditional', "it('b', () => {\n  expect(() => JSON.parse('{')).toThrow(SyntaxError);\n});\n", []],
  ];

  it('accepts a test that runs and asserts, and refuses one focused, skipped, asserting nothing, half an expect or an expect that may not run', () => {
    const reported = lintSpecs(cases.map(([, text]) => text));
    expect(Object.fromEntries(cases.map(([what], index) => [what, reported[index]]))).toEqual(Object.fromEntries(cases.map(([what, , rules]) => [what, rules])));
  });
});
