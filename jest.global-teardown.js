// Removes the run's temp root (jest.global-setup.js), with everything the run left in it.
const fs = require('node:fs');
const path = require('node:path');

module.exports = function removeRunTempRoot() {
  const root = process.env.PLATFORM_RUN_TMPDIR;
  const shared = process.env.PLATFORM_TEST_CACHE_DIR;
  // Only the folder the setup made: never the cache folder itself or anything outside it.
  if (root === undefined || shared === undefined || path.dirname(root) !== shared || !path.basename(root).startsWith('platform-jest-')) {
    throw new Error(`jest.global-teardown.js: PLATFORM_RUN_TMPDIR '${root}' is not a run temp root made by jest.global-setup.js in '${shared}'; nothing removed`);
  }
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  if (process.env.PLATFORM_MACHINE_TMPDIR === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = process.env.PLATFORM_MACHINE_TMPDIR;
  delete process.env.PLATFORM_RUN_TMPDIR;
};
