import { convergenceProblems } from './smoke';

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
