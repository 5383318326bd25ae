// The contracts' mutation run: the library's own specs (what `npm run mutation -- contracts` runs) and the
// whole-platform ones in tools/contracts*.spec.ts (an environment synthesized once, a contract evaluated on a copy of
// its stacks changed the way a regression would change them), in one Jest project rooted at the workspace, so
// `--files <contract>.ts --tests tools/contracts-<x>.spec.ts` can run a contract against those too.
const path = require('node:path');

const workspace = path.resolve(__dirname, '..', '..');

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'platform-contracts (mutation)',
  rootDir: workspace,
  roots: ['<rootDir>/libs/platform-contracts', '<rootDir>/tools'],
  testMatch: ['<rootDir>/libs/platform-contracts/**/*.spec.ts', '<rootDir>/tools/contracts*.spec.ts'],
};
