// Jest's test sequencer for mutation runs (`npm run mutation`): runs a mutant's tests without loading the spec files
// that hold none of them.
//
// Why: Stryker's jest-runner runs, for each mutant, every spec file of the project with a `testNamePattern` naming the
// tests that cover the mutant. Jest still loads each spec file (its imports: cdktf, the provider classes, a whole
// synthesis for the contract specs) to learn which of its tests match, so a mutant covered by two tests of one file
// paid for the 20–40 files of its project: 7–18 s a mutant. This sequencer keeps, of the files Jest found, those
// that held, in the dry run, a test whose full name the pattern matches: the mutant's covering tests all run. Files
// the dry run did not run (other specs the Jest config finds) are not loaded, so neither their tests nor their load
// errors count for a mutant; Stryker's testFiles are the ones meant to.
//
// Which file holds which test is learned from the dry run, the one run without a pattern (every test of every file
// runs): its results are written to the file named by PLATFORM_MUTATION_TEST_NAMES (set by tools/mutation.ts), which
// every Stryker worker reads. Without that file, or when no known file matches, every file runs, as without this.
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** The environment variable naming the JSON file of `{ [specPath]: testFullNames[] }` from the dry run. */
const TEST_NAMES_VARIABLE = 'PLATFORM_MUTATION_TEST_NAMES';
/** Set by Stryker's jest-runner while a mutant is active (INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE). */
const ACTIVE_MUTANT_VARIABLE = '__STRYKER_ACTIVE_MUTANT__';

/**
 * The spec paths to run for `testNamePattern`: those of `paths` with a test whose full name the pattern matches
 * (the way Jest matches it: case-insensitive), or all of `paths` when there is no pattern, no file of test names, or
 * no known file matches (a test the dry run did not see).
 * @param {readonly string[]} paths
 * @param {string | undefined} testNamePattern
 * @param {Readonly<Record<string, readonly string[]>> | undefined} testNamesByPath
 * @returns {readonly string[]}
 */
function specPathsToRun(paths, testNamePattern, testNamesByPath) {
  if (!testNamePattern || testNamesByPath === undefined) return paths;
  const pattern = new RegExp(testNamePattern, 'i');
  const holding = paths.filter((specPath) => (testNamesByPath[specPath] ?? []).some((name) => pattern.test(name)));
  return holding.length > 0 ? holding : paths;
}

/**
 * `{ [specPath]: testFullNames[] }` of a Jest run's aggregated results.
 * @param {{ readonly testResults: ReadonlyArray<{ readonly testFilePath: string; readonly testResults: ReadonlyArray<{ readonly fullName: string }> }> }} results
 * @returns {Record<string, string[]>}
 */
function testNamesOf(results) {
  return Object.fromEntries(results.testResults.map((file) => [file.testFilePath, file.testResults.map((test) => test.fullName)]));
}

/** @returns {Record<string, string[]> | undefined} */
function readTestNames(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

class CoveringSpecSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
    const testNamesFile = process.env[TEST_NAMES_VARIABLE];
    // A relative name is resolved in the working directory: the sandbox Stryker's workers run in.
    this.testNamesFile = testNamesFile ? path.resolve(testNamesFile) : undefined;
  }

  async sort(tests) {
    const sorted = await super.sort(tests);
    if (!this.testNamesFile || !this.testNamePattern) return sorted;
    const wanted = new Set(specPathsToRun(sorted.map((test) => test.path), this.testNamePattern, readTestNames(this.testNamesFile)));
    return sorted.filter((test) => wanted.has(test.path));
  }

  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    // Only a run without a pattern saw every test of every file (Stryker's dry run); a failed one is not kept, nor a
    // mutant's run without a pattern (a static mutant's, were ignoreStatic ever off).
    if (!this.testNamesFile || this.testNamePattern || results.numRuntimeErrorTestSuites > 0 || process.env[ACTIVE_MUTANT_VARIABLE] !== undefined) return;
    const temporary = `${this.testNamesFile}.${process.pid}`;
    fs.writeFileSync(temporary, JSON.stringify(testNamesOf(results)));
    fs.renameSync(temporary, this.testNamesFile);
  }
}

module.exports = CoveringSpecSequencer;
module.exports.specPathsToRun = specPathsToRun;
module.exports.testNamesOf = testNamesOf;
module.exports.TEST_NAMES_VARIABLE = TEST_NAMES_VARIABLE;
