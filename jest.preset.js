// Shared Jest settings: swc transpiles TypeScript (no type-checking: `typecheck` does that),
// and tsconfig path aliases resolve to library sources.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  // In the workspace, not the machine's temp directory (where Jest puts it by default): npm test leaves nothing there.
  cacheDirectory: path.join(__dirname, '.cache', 'jest'),
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
  setupFilesAfterEnv: [path.join(__dirname, 'jest.setup.js')],
  // A temp root per run, removed at its end: tests leave no folder behind in the temp directory.
  globalSetup: path.join(__dirname, 'jest.global-setup.js'),
  globalTeardown: path.join(__dirname, 'jest.global-teardown.js'),
};
