import { describeWithTerraform, TERRAFORM_TEST_TIMEOUT_MS, type PlanSummary } from '@platform/terraform-testing';
import { loadEnvironment } from '@platform/config';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { DR_PROGRAM, drCommand, parseDrArguments, failedOverContracts, type FailoverPlan, failoverProblems, formatRunbook, planFailover, planRestoreDrill, restoreDrillProblems, restoreDrillProcedure } from './dr';
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
    expect(runbook).toContain("2. Prepare the standby cluster (5 min): Set recovery.activeRegion: 'secondary' and apply production-cluster-eu-west-1");
    expect(runbook).toContain('3. Promote the PostgreSQL replica (10 min): Apply production-data-eu-west-1');
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

  it('leaves production, failed over to eu-west-1, keeping every whole-platform contract in both regions', async () => {
    expect(await failedOverContracts('production')).toEqual([{ site: 'production', failed: [] }, { site: 'production-eu-west-1', failed: [] }]);
  }, 60_000);

  it.each([
    [['plan-failover', 'development'], /recovery\.strategy is 'none', which keeps no standby to fail over to\. Fix: set recovery\.strategy: 'pilot-light' or 'warm-standby'/],
    [['plan-failover', 'staging'], /recovery\.strategy is 'backup-restore', which keeps no standby/],
    [['plan-failover', 'nowhere'], /Unknown environment 'nowhere'\. Known environments: .*Fix: npm run dr -- plan-failover <environment> \[options\]/],
    [['fail-over', 'production'], /^error: fail-over: unknown command\. Fix: use one of plan-failover, plan-restore-drill$/],
    [['plan-failover'], /^error: <environment>: missing\. Fix: npm run dr -- plan-failover <environment> \[options\]$/],
    [['plan-restore-drill', 'development'], /recovery\.strategy is 'none', which backs nothing up: there is no recovery point to restore\. Fix: set recovery\.strategy: 'backup-restore' or stronger/],
    [['plan-restore-drill', 'production', 'extra'], /^error: 'extra': unexpected argument\. Fix: npm run dr -- plan-restore-drill <environment> \[options\]$/],
  ])('exits 2 on %j with the problem and the fix', async (args, message) => {
    const { err, output } = captured();
    expect(await drCommand(args, output)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });
});

describe('npm run dr -- plan-restore-drill', () => {
  describe('the procedure', () => {
    const procedure = restoreDrillProcedure(production, 'cdktf.out/restore-drill/production');

    it('restores the newest copy from the secondary region’s vault of a warm standby', () => {
      expect(procedure).toContain(
        "aws backup list-recovery-points-by-backup-vault --backup-vault-name platform-production-euw1 --region eu-west-1 --by-resource-type RDS --query 'sort_by(RecoveryPoints,&CreationDate)[-1].RecoveryPointArn'",
      );
      expect(procedure).toContain('npx cdktf deploy production-restore-drill-eu-west-1 --skip-synth --output cdktf.out/restore-drill/production --ignore-missing-stack-dependencies --var recovery_point_arn="$ARN"');
    });

    it('checks as the application user with IAM authentication, against the RPO, and records the restore time against its RTO budget', () => {
      expect(procedure).toContain('aws rds generate-db-auth-token --hostname "$HOST" --port 5432 --username app --region eu-west-1');
      expect(procedure).toContain('at most 15 minutes (recovery.rpoMinutes) before the recovery point');
      expect(procedure).toContain("against the 60-minute budget of the step 'Restore PostgreSQL'");
    });

    it('cleans up the drill', () => {
      expect(procedure).toContain('npx cdktf destroy production-restore-drill-eu-west-1 --skip-synth');
      expect(procedure).toContain('--db-instance-identifier platform-production-euw1-drill --region eu-west-1');
    });

    it('restores in the primary region from its own vault where the strategy keeps no secondary network', () => {
      const staging = loadEnvironment(importEnvironment('staging'), { expectedName: 'staging' });
      const stagingProcedure = restoreDrillProcedure(staging, 'cdktf.out/restore-drill/staging');
      expect(stagingProcedure).toContain('--backup-vault-name platform-staging --region eu-central-1');
      expect(stagingProcedure).toContain('npx cdktf deploy staging-restore-drill --skip-synth');
    });
  });

  describe('refuses a plan that is not the drill’s', () => {
    const plan = (resourceCountsByType: Record<string, number>, destroy = 0): PlanSummary => ({ add: 1, change: 0, destroy, replace: 0, resourceCountsByType, addresses: [] });
    const stack = 'production-restore-drill-eu-west-1';

    it('accepts one scratch instance and nothing destroyed', () => {
      expect(restoreDrillProblems({ stack, plan: plan({ aws_db_instance: 1, aws_security_group: 1 }) })).toEqual([]);
    });

    it('names a plan without the instance, and one that destroys', () => {
      expect(restoreDrillProblems({ stack, plan: plan({ aws_security_group: 1 }, 2) })).toEqual([
        `${stack}: the plan creates 0 PostgreSQL instances instead of the one scratch instance. Fix: see RestoreDrillStack`,
        `${stack}: the plan destroys 2 resources; a drill only adds its own. Fix: see RestoreDrillStack`,
      ]);
    });
  });
});

// The two commands plan different stacks in their own folders: run side by side (each keeps a core busy).
describeWithTerraform('npm run dr, offline with the real terraform', () => {
  it.concurrent(
    'plan-restore-drill production validates and plans the scratch instance, and leaves the recovery point to whoever deploys the drill',
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'restore-drill-spec-'));
      try {
        const drill = await planRestoreDrill('production', { outDir });
        expect(drill.stack).toBe('production-restore-drill-eu-west-1');
        expect(drill.plan).toMatchObject({ change: 0, destroy: 0, resourceCountsByType: expect.objectContaining({ aws_db_instance: 1 }) });
        expect(restoreDrillProblems(drill)).toEqual([]);
        const deployed = JSON.parse(readFileSync(join(outDir, 'stacks', drill.stack, 'cdk.tf.json'), 'utf8'));
        expect(deployed.variable.recovery_point_arn).not.toHaveProperty('default');
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    },
    TERRAFORM_TEST_TIMEOUT_MS * 2,
  );

  // StoryMagic's pilot light: its promotion also moves the instance from db.t3.micro to the primary's class, the most
  // that changes in one apply; production's warm standby promotes the same construct.
  it.concurrent(
    'plan-failover storymagic-production promotes the replica in place (class and Multi-AZ included), and the failed-over platform keeps every contract in both regions',
    async () => {
      const failover = await planFailover('storymagic-production', { stacks: ['storymagic-production-data-eu-west-1'] });
      const [data] = failover.plans;
      expect(data.stack).toBe('storymagic-production-data-eu-west-1');
      expect(data.changes?.filter(({ address }) => address.startsWith('aws_db_instance.'))).toEqual([{ address: expect.any(String), actions: ['update'] }]);
      expect(data.plan).toMatchObject({ destroy: 0, replace: 0 });
      expect(failover.contracts).toEqual([{ site: 'storymagic-production', failed: [] }, { site: 'storymagic-production-eu-west-1', failed: [] }]);
      expect(failoverProblems(failover)).toEqual([]);
    },
    TERRAFORM_TEST_TIMEOUT_MS * 4,
  );
});

describe('the command line of npm run dr', () => {
  describe.each(Object.keys(DR_PROGRAM.commands))('%s', (command) => {
    itFollowsTheCommandLineConvention(DR_PROGRAM.commands[command as keyof typeof DR_PROGRAM.commands], parseDrArguments, [command, 'production']);
  });

  it('lists its commands for --help, and exits 0', async () => {
    const { out, err, output } = captured();
    expect(await drCommand(['--help'], output)).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('\n')).toMatch(/^Usage: npm run dr -- <command> \[options\]\n[\s\S]*Commands:\n {2}plan-failover {7}Plans the failover/);
  });
});
