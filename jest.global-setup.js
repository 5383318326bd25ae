// A temp root per Jest run, removed by jest.global-teardown.js: everything a run writes to the temp directory
// (cdktf's Testing outdirs, one `cdktf.outdir.*` per call; specs' scratch folders; terraform's and child processes'
// temp files) goes under it, because the workers and their children inherit TMPDIR. What is kept between runs on
// purpose (libs/terraform-testing's init templates, provider schemas and CLI config: minutes of terraform init)
// stays beside it in the workspace's .cache/test/ (git-ignored): PLATFORM_TEST_CACHE_DIR names it
// (libs/terraform-testing private/temp-files.ts). Nothing a run makes lands in the machine's temp directory.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = function createRunTempRoot() {
  // A run started by a spec (a nested `jest`) keeps the outermost shared folder.
  const shared = process.env.PLATFORM_TEST_CACHE_DIR ?? path.join(__dirname, '.cache', 'test');
  fs.mkdirSync(shared, { recursive: true });
  removeRootsOfEndedRuns(shared);
  // The process id in the name lets a later run remove what a killed run left (removeRootsOfEndedRuns).
  const root = fs.mkdtempSync(path.join(shared, `platform-jest-${process.pid}-`));
  process.env.PLATFORM_TEST_CACHE_DIR = shared;
  // The teardown gives the process its temp directory back.
  process.env.PLATFORM_MACHINE_TMPDIR ??= os.tmpdir();
  process.env.PLATFORM_RUN_TMPDIR = root;
  // os.tmpdir() reads TMPDIR on every call, in this process and in the workers Jest starts after this.
  process.env.TMPDIR = root;
};

/** Removes the temp roots of Jest runs that ended without their teardown (killed): their process no longer exists. */
function removeRootsOfEndedRuns(shared) {
  for (const name of fs.readdirSync(shared)) {
    const pid = /^platform-jest-(\d+)-/.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) fs.rmSync(path.join(shared, name), { recursive: true, force: true });
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error.code === 'EPERM';
  }
}

module.exports.removeRootsOfEndedRuns = removeRootsOfEndedRuns;

