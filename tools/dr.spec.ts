import { describeWithTerraform, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { loadEnvironment } from '@platform/config';
import { drCommand, type FailoverPlan, failoverProblems, formatRunbook, planFailover } from './dr';
import { importEnvironment } from './environments';

const production = loadEnvironment(importEnvironment('production'), { expectedName: 'production' });

function captured(): { out: string[]; err: string[]; output: { out: (text: string) => void; err: (text: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (text) => out.push(text), err: (text) => err.push(text) } };
}

describe('npm run dr', () => {
  it('prints the runbook with the environment’s stacks and the RTO budget each step takes', () => {
    const runbook = formatRunbook(production);
    expect(runbook).toContain('2. Promote the PostgreSQL replica (10 min): Set recovery.activeRegion: \'secondary\' and apply production-data-eu-west-1');
    expect(runbook).toContain('Apply production-workloads-eu-west-1');
    expect(runbook).not.toMatch(/<env>|<secondary region>/);
    expect(runbook).toMatch(/Total 45 min of the 60-minute RTO\.$/);
  });

  describe('refuses a failover that would lose data or leave the platform broken', () => {
    const dataStack = 'production-data-eu-west-1';
    const base: FailoverPlan = {
      config: production,
      plans: [{ stack: dataStack, kind: 'change', changes: [{ address: 'aws_db_instance.postgres', actions: ['update'] }], replacedState: [] }],
      contracts: [{ site: 'production', failed: [] }, { site: 'production-eu-west-1', failed: [] }],
    };

    it('accepts a promotion in place with every contract holding', () => {
      expect(failoverProblems(base)).toEqual([]);
    });

    it('names a replica that would be replaced instead of promoted', () => {
      const replaced: FailoverPlan = { ...base, plans: [{ stack: dataStack, kind: 'change', changes: [{ address: 'aws_db_instance.postgres', actions: ['delete', 'create'] }], replacedState: ['aws_db_instance.postgres'] }] };
      expect(failoverProblems(replaced)).toEqual([
        `${dataStack}: the failover would replace aws_db_instance.postgres, losing its data. Fix: make the failover update it in place`,
        `${dataStack}: the failover does not promote the PostgreSQL replica in place (aws_db_instance.postgres: delete+create). Fix: change only replicate_source_db and in-place arguments on promotion (PostgresReadReplica.PROMOTION_CHANGES)`,
      ]);
    });

    it('names a failover that leaves the replica untouched', () => {
      expect(failoverProblems({ ...base, plans: [{ stack: dataStack, kind: 'change', changes: [], replacedState: [] }] })).toEqual([
        expect.stringContaining(`${dataStack}: the failover does not promote the PostgreSQL replica in place (0 aws_db_instance changes planned)`),
      ]);
    });

    it('names a contract that fails once failed over', () => {
      expect(failoverProblems({ ...base, contracts: [{ site: 'production-eu-west-1', failed: ['deploy-order'] }] })).toEqual([
        'production-eu-west-1: after the failover the contracts deploy-order fail. Fix: see npm run contracts on the failed-over config',
      ]);
    });
  });

  it.each([
    [['plan-failover', 'development'], /recovery\.strategy is 'none', which keeps no standby to fail over to\. Fix: set recovery\.strategy: 'pilot-light' or 'warm-standby'/],
    [['plan-failover', 'staging'], /recovery\.strategy is 'backup-restore', which keeps no standby/],
    [['plan-failover', 'nowhere'], /Unknown environment 'nowhere'\. Known environments: .*Usage: npm run dr/],
    [['fail-over', 'production'], /Unknown command 'fail-over'\. Usage: npm run dr/],
    [['plan-failover'], /^error: Usage: npm run dr -- plan-failover <environment>/],
  ])('exits 2 on %j with the problem and the fix', async (args, message) => {
    const { err, output } = captured();
    expect(await drCommand(args, output)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });
});

describeWithTerraform('npm run dr -- plan-failover production, offline with the real terraform', () => {
  it(
    'promotes the replica in place, and the failed-over platform keeps every contract in both regions',
    async () => {
      const failover = await planFailover('production', { stacks: ['production-data-eu-west-1'] });
      const [data] = failover.plans;
      expect(data.stack).toBe('production-data-eu-west-1');
      expect(data.changes?.filter(({ address }) => address.startsWith('aws_db_instance.'))).toEqual([{ address: expect.any(String), actions: ['update'] }]);
      expect(data.plan).toMatchObject({ destroy: 0, replace: 0 });
      expect(failover.contracts).toEqual([{ site: 'production', failed: [] }, { site: 'production-eu-west-1', failed: [] }]);
      expect(failoverProblems(failover)).toEqual([]);
    },
    TERRAFORM_TEST_TIMEOUT_MS * 4,
  );
});
