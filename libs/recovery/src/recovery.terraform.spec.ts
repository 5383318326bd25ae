import { PlatformAwsProvider } from '@platform/core';
import { describeWithTerraform, offlinePlanOf, OfflinePlanResult, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { BackupPlan, seed002PostgresRules } from './backup-plan';
import { BackupVault } from './backup-vault';

const ACCOUNT = '123456789012';
const LOCK = { minRetentionDays: 7, maxRetentionDays: 35 };

describeWithTerraform('the recovery constructs with the real terraform', () => {
  let result: OfflinePlanResult;

  beforeAll(async () => {
    result = await offlinePlanOf('test-recovery', (stack) => {
      new PlatformAwsProvider(stack, 'aws', { region: 'eu-central-1', accountId: ACCOUNT, tags: { Environment: 'production' } });
      const secondaryProvider = new PlatformAwsProvider(stack, 'aws-eu-west-1', { region: 'eu-west-1', accountId: ACCOUNT, tags: { Environment: 'production' }, alias: 'eu-west-1' });
      const primary = new BackupVault(stack, 'primary-vault', { name: 'production-eu-central-1', accountId: ACCOUNT, region: 'eu-central-1', lock: LOCK });
      const secondary = new BackupVault(stack, 'secondary-vault', { name: 'production-eu-west-1', accountId: ACCOUNT, region: 'eu-west-1', provider: secondaryProvider, lock: LOCK });
      new BackupPlan(stack, 'postgres', { name: 'production-postgres', accountId: ACCOUNT, region: 'eu-central-1', vault: primary, rules: seed002PostgresRules(secondary.vaultArn) });
    });
  }, TERRAFORM_TEST_TIMEOUT_MS);

  it('validates without diagnostics and plans both vaults with their keys, locks and policies, the plan, its role and selection', () => {
    expect(result.validateDiagnostics).toEqual([]);
    expect(result.plan).toMatchObject({ change: 0, destroy: 0 });
    expect(result.plan.resourceCountsByType).toEqual({
      aws_kms_key: 2,
      aws_kms_alias: 2,
      aws_backup_vault: 2,
      aws_backup_vault_policy: 2,
      aws_backup_vault_lock_configuration: 2,
      aws_backup_plan: 1,
      aws_backup_selection: 1,
      aws_iam_role: 1,
      aws_iam_role_policy_attachment: 2,
    });
  });

  it('plans the three seed 002 rules, each with one copy action', () => {
    const [plan] = Object.entries(result.plannedValues).filter(([address]) => address.startsWith('aws_backup_plan.')).map(([, values]) => values);
    const rules = plan.rule as { rule_name: string; schedule: string; copy_action: unknown[] }[];
    expect(rules.map((rule) => [rule.rule_name, rule.schedule, rule.copy_action.length]).sort()).toEqual([
      ['daily', 'cron(0 3 ? * * *)', 1],
      ['every-6-hours', 'cron(0 */6 ? * * *)', 1],
      ['monthly', 'cron(0 4 1 * ? *)', 1],
    ]);
  });
});
