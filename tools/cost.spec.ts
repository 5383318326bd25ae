import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Output } from './cli-arguments';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { COST_COMMAND, costCommand, parseCostArguments } from './cost';

/** Runs the command in-process, capturing what it prints. */
function run(args: readonly string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = costCommand(args, output);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cost', () => {
  describe('on bad input: exits 1 with the problem and the fix', () => {
    it.each([
      ['an unknown environment', ['nowhere'], /^error: nowhere: unknown environment\. Fix: use one of .*development.*production/],
      ['--skip-synth without a synthesized environment', ['development', '--skip-synth', '--out-dir', path.join(os.tmpdir(), `cost-missing-${process.pid}`)], /^error: development: no synthesized stacks in .*Fix: run without --skip-synth/],
    ])('%s', (_case, args, message) => {
      const { code, err, out } = run(args);
      expect(code).toBe(1);
      expect(err).toMatch(message);
      expect(out).toBe('');
    });
  });

  describe('on a wrong command line: exits 2 with the problem and the fix', () => {
    it.each([
      ['no environment', [], /^error: <environment>: missing\. Fix: npm run cost -- <environment> \[options\]$/],
      ['two environments', ['development', 'production'], /^error: 'production': unexpected argument\. Fix: npm run cost --/],
      ['an unknown option', ['development', '--fast'], /^error: --fast: unknown option\. Fix: use one of --json, --out-dir, --skip-synth, --help$/],
    ])('%s', (_case, args, message) => {
      const { code, err, out } = run(args);
      expect(code).toBe(2);
      expect(err).toMatch(message);
      expect(out).toBe('');
    });

    it('prints the usage on --help and exits 0', () => {
      const { code, out, err } = run(['--help']);
      expect([code, err]).toEqual([0, '']);
      expect(out).toMatch(/^Usage: npm run cost -- <environment> \[options\]\n/);
    });

    itFollowsTheCommandLineConvention(COST_COMMAND, parseCostArguments, ['development']);
  });

  describe('on a synthesized environment', () => {
    let outDir: string;
    beforeAll(() => {
      // What synth writes: <out-dir>/<env>/stacks/<stack>/cdk.tf.json; a NAT gateway over a 10 USD budget.
      outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-'));
      const write = (stack: string, json: object) => {
        fs.mkdirSync(path.join(outDir, 'development', 'stacks', stack), { recursive: true });
        fs.writeFileSync(path.join(outDir, 'development', 'stacks', stack, 'cdk.tf.json'), JSON.stringify(json));
      };
      const provider = { aws: [{ region: 'eu-central-1' }] };
      write('development-network', { provider, resource: { aws_nat_gateway: { nat: {} }, aws_s3_bucket: { logs: {} } } });
      write('development-monitoring', { provider, resource: { aws_budgets_budget: { budget: { budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: '10', limit_unit: 'USD' } } } });
    });
    afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

    it('prints the table, total, budget, difference and not-priced list, and exits 0 even over budget', () => {
      const { code, out } = run(['development', '--skip-synth', '--out-dir', outDir]);
      expect(code).toBe(0);
      // 0.052 × 730 = 37.96 against 10.00
      expect(out).toMatch(/development-network\n {8}\$37\.96 {2}aws_nat_gateway\.nat\n/);
      expect(out).toMatch(/\$37\.96 {2}total\n {6}\$10\.00 {2}budget\n {5}-\$27\.96 {2}OVER BUDGET \(warning only\)/);
      expect(out).toContain('aws_s3_bucket (1): usage-priced');
    });

    it('--json prints the estimate as JSON', () => {
      const { code, out } = run(['development', '--skip-synth', '--out-dir', outDir, '--json']);
      expect(code).toBe(0);
      const estimate = JSON.parse(out);
      expect(estimate).toMatchObject({ environment: 'development', budgetUsd: 10 });
      expect(estimate.totalMonthlyUsd).toBeCloseTo(37.96, 6);
      expect(estimate.lineItems[0]).toMatchObject({ stack: 'development-network', address: 'aws_nat_gateway.nat', quantity: 730, unit: 'hours', unitPriceUsd: 0.052 });
    });
  });
});
