import { convergenceProblems, parseSmokeArguments, SMOKE_COMMAND } from './smoke';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';

describe('convergenceProblems', () => {
  it('is empty when every stack planned without changes', () => {
    expect(convergenceProblems([{ stack: 'staging-network', outcome: 'no-changes' }, { stack: 'staging-data', outcome: 'no-changes' }])).toEqual([]);
  });

  it('names each stack that still has changes or could not be planned', () => {
    expect(
      convergenceProblems([
        { stack: 'staging-network', outcome: 'no-changes' },
        { stack: 'staging-cluster', outcome: 'changes' },
        { stack: 'staging-data', outcome: 'failed', error: 'terraform plan failed in cdktf.out/staging/stacks/staging-data (exit 1)' },
      ]),
    ).toEqual([
      'staging-cluster has not converged: a fresh plan still shows changes (above)',
      'staging-data could not be planned: terraform plan failed in cdktf.out/staging/stacks/staging-data (exit 1)',
    ]);
  });
});

describe('the command line of npm run smoke', () => {
  it('takes one environment the workspace synthesizes', () => {
    expect(parseSmokeArguments(['staging'])).toBe('staging');
    expect(() => parseSmokeArguments([])).toThrow(/^<environment>: missing\. Fix: npm run smoke -- <environment>$/);
  });

  itFollowsTheCommandLineConvention(SMOKE_COMMAND, parseSmokeArguments, ['staging']);
});
