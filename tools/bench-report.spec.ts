import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import {
  BENCH_COMMAND,
  BenchReport,
  compareStackOutputs,
  formatReport,
  identityVerdict,
  JSON_PREFIX,
  jsonLine,
  median,
  parseBenchArguments,
  summarize,
  table,
} from './bench-report';

describe('tools/bench-report: the pure parts of npm run bench', () => {
  describe('parseBenchArguments', () => {
    it('defaults to 5 runs of ours, 2 of the naive path, plans on, npm test off', () => {
      expect(parseBenchArguments([])).toEqual({ runs: 5, naiveRuns: 2, skipPlans: false, testSuite: false });
    });

    it('reads every option', () => {
      expect(parseBenchArguments(['--runs', '9', '--naive-runs=0', '--skip-plans', '--test-suite'])).toEqual({
        runs: 9,
        naiveRuns: 0,
        skipPlans: true,
        testSuite: true,
      });
    });

    it.each([
      [['--runs', '0'], /^--runs 0: needs a whole number of at least 1\. Fix: npm run bench -- \[options\]$/],
      [['--runs', '2.5'], /^--runs 2\.5: needs a whole number/],
      [['--naive-runs=-1'], /^--naive-runs -1: needs a whole number of at least 0/],
      [['production'], /^'production': unexpected argument\. Fix: npm run bench -- \[options\]$/],
    ])('rejects %j', (args, message) => {
      expect(() => parseBenchArguments(args)).toThrow(message);
    });

    itFollowsTheCommandLineConvention(BENCH_COMMAND, parseBenchArguments);
  });

  describe('median and summarize', () => {
    it('takes the middle value of an odd count and the mean of the two middle values of an even count, unsorted input', () => {
      expect(median([5, 1, 3])).toBe(3);
      expect(median([4, 1, 3, 2])).toBe(2.5);
      expect(() => median([])).toThrow(/no values/);
    });

    it('summarizes wall times in ms and the median peak RSS in MiB', () => {
      const summary = summarize([
        { wallMs: 1200.4, peakRssKiB: 200 * 1024 },
        { wallMs: 900.6, peakRssKiB: 100 * 1024 },
        { wallMs: 1000.2, peakRssKiB: 150.5 * 1024 },
      ]);
      expect(summary).toEqual({ runs: 3, medianMs: 1000, minMs: 901, maxMs: 1200, medianPeakRssMiB: 150.5 });
    });
  });

  describe('compareStackOutputs: each stack of the naive app against the same stack in our per-app folders', () => {
    let root: string;
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
      write('ours/staging/stacks/staging-network/cdk.tf.json', '{"a":1}');
      write('ours/production/stacks/production-network/cdk.tf.json', '{"b":1}');
      write('ours/bootstrap/stacks/bootstrap-state/cdk.tf.json', '{"c":1}');
      write('naive/stacks/staging-network/cdk.tf.json', '{"a":1}');
      write('naive/stacks/production-network/cdk.tf.json', '{"b":1}');
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const compare = () => compareStackOutputs(path.join(root, 'ours'), path.join(root, 'naive'));

    it('finds identical stacks identical, leaving out the stacks only ours writes (bootstrap)', () => {
      expect(compare()).toEqual({ compared: 2, differing: [], onlyNaive: [] });
      expect(identityVerdict(compare())).toBe('yes (2 stacks compared)');
    });

    it('names a stack whose bytes differ, even by whitespace', () => {
      write('naive/stacks/production-network/cdk.tf.json', '{"b": 1}');
      expect(compare()).toEqual({ compared: 2, differing: ['production-network'], onlyNaive: [] });
      expect(identityVerdict(compare())).toBe('no (2 stacks compared; differ: production-network)');
    });

    it('names a stack only the naive output holds', () => {
      write('naive/stacks/testing-network/cdk.tf.json', '{}');
      expect(identityVerdict(compare())).toBe('no (2 stacks compared; only in the naive output: testing-network)');
    });

    it('says no when nothing could be compared', () => {
      expect(identityVerdict({ compared: 0, differing: [], onlyNaive: [] })).toMatch(/^no \(0 stacks/);
    });
  });

  describe('the report', () => {
    const report: BenchReport = {
      node: 'v20.0.0',
      cpus: 2,
      loadAverage: { start: 0.5, end: 1.25 },
      synth: { runs: 5, medianMs: 2000, minMs: 1900, maxMs: 2500, medianPeakRssMiB: 160 },
      naive: { runs: 2, medianMs: 30000, minMs: 29000, maxMs: 31000, medianPeakRssMiB: 2560 },
      planOffline: { command: 'npm run plan:offline -- production', wallMs: 18000, exitCode: 2 },
      testSuite: { skipped: 'pass --test-suite to time `npm test`' },
      identical: { compared: 53, differing: [], onlyNaive: [] },
    };

    it('shows each measure, the ratio ours / naive, failures, what was not measured and the identity verdict', () => {
      const text = formatReport(report);
      expect(text).toContain('load average 0.50 at start, 1.25 at end');
      expect(text).toMatch(/\| `npm run synth` \(ours\) +\| +5 \| +2\.00 s \| +1\.90 s \| +2\.50 s \| +160\.0 \|/);
      expect(text).toMatch(/\| ours \/ naive +\| +\| +0\.067 \|.*\| +0\.063 \| ours 15\.0× faster, 16\.0× less memory/);
      expect(text).toMatch(/plan:offline -- production` +\| +1 \| +18\.00 s \|.*failed, exit 2/);
      expect(text).toMatch(/`npm test` .*not measured: pass --test-suite/);
      expect(text).toContain("Output identical to the naive path's (each stack's cdk.tf.json): yes (53 stacks compared)");
    });

    it('says why the naive path is missing instead of a ratio', () => {
      const text = formatReport({ ...report, naive: { skipped: '--naive-runs 0' }, identical: { skipped: 'the naive path was not run' } });
      expect(text).toMatch(/naive `cdktf synth` .*skipped: --naive-runs 0/);
      expect(text).not.toContain('ours / naive');
      expect(text).toContain('identical to the naive path\'s (each stack\'s cdk.tf.json): skipped: the naive path was not run');
    });

    it('writes one line: the prefix, then the whole report as JSON with a schema version', () => {
      const line = jsonLine(report);
      expect(line).not.toContain('\n');
      expect(line.startsWith(JSON_PREFIX)).toBe(true);
      expect(JSON.parse(line.slice(JSON_PREFIX.length))).toEqual({ schema: 1, ...report });
    });
  });

  it('table: aligns columns, numbers right and the label and note columns left', () => {
    expect(table(['measure', 'ms', 'note'], [['a', '5', 'x'], ['longer', '1234', '']]).split('\n')).toEqual([
      '| measure |   ms | note |',
      '|---------|-----:|------|',
      '| a       |    5 | x    |',
      '| longer  | 1234 |      |',
    ]);
  });
});
