import { EnvironmentInput } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeEnvironments } from './synthesize-environments';

/** The example environment with a monthly budget of `limit` USD. */
const withBudget = (limit: number): EnvironmentInput => {
  const environment = exampleEnvironment();
  return { ...environment, observability: { ...environment.observability, budget: { monthlyLimitUsd: limit } } } as EnvironmentInput;
};

describe('synthesizeEnvironments: the budget warning', () => {
  let outdir: string;
  let stderr: string[];
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-budget-'));
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => {
      stderr.push(String(text));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('over the budget, warns on stderr naming the environment, estimate, budget and three biggest items, and still writes the stacks', () => {
    const stacks = synthesizeEnvironments([{ input: withBudget(1) }], path.join(outdir, 'staging'));
    const warning = stderr.join('');
    expect(warning).toMatch(/^warning: staging: estimated monthly cost \$[\d,]+\.\d\d exceeds its budget \$1\.00 by \$[\d,]+\.\d\d /);
    expect(warning.trimEnd().split('\n').slice(1)).toHaveLength(3);
    expect(warning).toMatch(/\n {2}aws_\S+ \(staging-\w+\) \$[\d,]+\.\d\d: /);
    for (const { file } of stacks) expect(fs.existsSync(file)).toBe(true);
  });

  it('within the budget, prints nothing', () => {
    synthesizeEnvironments([{ input: withBudget(1_000_000) }], path.join(outdir, 'staging'));
    expect(stderr.join('')).toBe('');
  });
});
