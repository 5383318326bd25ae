// Octokit and some of its dependencies ship only ES modules; Jest runs CommonJS here, so swc transforms them too.
const preset = require('../../jest.preset.js');

const ESM_PACKAGES = ['@octokit', 'universal-user-agent', 'before-after-hook', 'content-type', 'json-with-bigint'];

module.exports = {
  ...preset,
  displayName: 'plan-comment',
  rootDir: __dirname,
  transform: {
    ...preset.transform,
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};
