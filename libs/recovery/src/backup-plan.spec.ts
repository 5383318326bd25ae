import { synthJson } from '@platform/terraform-testing';
import { Construct } from 'constructs';
import { BACKUP_SERVICE_POLICIES, BackupPlan, BackupPlanProps, BackupRule, seed002PostgresRules } from './backup-plan';
import { BackupVault, BackupVaultLock } from './backup-vault';

const ACCOUNT = '123456789012';
const SECONDARY_VAULT = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:production-eu-west-1';
const DAILY: BackupRule = { schedule: 'cron(0 3 ? * * *)', deleteAfterDays: 30 };

function synth(props: Partial<BackupPlanProps> = {}, lock?: BackupVaultLock) {
  return synthJson((scope: Construct) => {
    const vault = new BackupVault(scope, 'vault', { name: 'production-eu-central-1', accountId: ACCOUNT, region: 'eu-central-1', lock });
    new BackupPlan(scope, 'postgres', { name: 'production-postgres', accountId: ACCOUNT, region: 'eu-central-1', vault, rules: { daily: DAILY }, ...props });
  });
}
const rulesOf = (json: ReturnType<typeof synth>) => json.resources('aws_backup_plan')[0].rule as Record<string, unknown>[];

describe('BackupPlan', () => {
  describe("with seed 002's PostgreSQL rules", () => {
    const json = synth({ rules: seed002PostgresRules(SECONDARY_VAULT) });

    it('backs up every 6 hours kept 7 days, daily and monthly kept 30 days, into the vault', () => {
      const vault = json.resources('aws_backup_vault')[0];
      expect(rulesOf(json).map((rule) => [rule.rule_name, rule.schedule, (rule.lifecycle as { delete_after: number }).delete_after, rule.target_vault_name])).toEqual([
        ['daily', 'cron(0 3 ? * * *)', 30, json.ref(vault, 'name')],
        ['every-6-hours', 'cron(0 */6 ? * * *)', 7, json.ref(vault, 'name')],
        ['monthly', 'cron(0 4 1 * ? *)', 30, json.ref(vault, 'name')],
      ]);
    });

    it('copies each recovery point to the secondary vault, kept as long as the original', () => {
      for (const rule of rulesOf(json)) {
        expect(rule.copy_action).toEqual([{ destination_vault_arn: SECONDARY_VAULT, lifecycle: { delete_after: (rule.lifecycle as { delete_after: number }).delete_after } }]);
      }
    });

    it('tags each recovery point with its rule, within the default start and completion windows', () => {
      expect(rulesOf(json)[0]).toMatchObject({ recovery_point_tags: { BackupRule: 'daily' }, start_window: 60, completion_window: 300 });
    });
  });

  it('emits rules by name, so adding a rule leaves the others as they were', () => {
    const names = (rules: Record<string, BackupRule>) => rulesOf(synth({ rules })).map((rule) => rule.rule_name);
    expect(names({ weekly: { ...DAILY, schedule: 'cron(0 5 ? * SUN *)' }, daily: DAILY })).toEqual(['daily', 'weekly']);
    expect(names({ daily: DAILY, annual: { ...DAILY, schedule: 'cron(0 6 1 JAN ? *)' }, weekly: { ...DAILY, schedule: 'cron(0 5 ? * SUN *)' } })).toEqual(['annual', 'daily', 'weekly']);
  });

  it('moves recovery points to cold storage only when asked', () => {
    expect(rulesOf(synth())[0].lifecycle).toEqual({ delete_after: 30 });
    expect(rulesOf(synth({ rules: { daily: { ...DAILY, coldStorageAfterDays: 30, deleteAfterDays: 120 } } }))[0].lifecycle).toEqual({ cold_storage_after: 30, delete_after: 120 });
  });

  it('runs as a role only AWS Backup of this account can assume, with the AWS managed backup and restore policies', () => {
    const json = synth();
    const role = json.resources('aws_iam_role')[0];
    expect(role.name).toBe('production-postgres-backup');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
    ]);
    expect(json.resources('aws_iam_role_policy_attachment').map((attachment) => attachment.policy_arn).sort()).toEqual(
      Object.values(BACKUP_SERVICE_POLICIES).map((policy) => `arn:aws:iam::aws:policy/${policy}`).sort(),
    );
  });

  describe('selects resources', () => {
    it('tagged Backup=<plan name> by default', () => {
      const json = synth();
      const selection = json.resources('aws_backup_selection')[0];
      expect(selection).toMatchObject({ name: 'production-postgres', selection_tag: [{ type: 'STRINGEQUALS', key: 'Backup', value: 'production-postgres' }], iam_role_arn: json.ref(json.resources('aws_iam_role')[0], 'arn') });
      expect(selection.resources).toBeUndefined();
    });

    it('by ARN as well when listed', () => {
      const arn = 'arn:aws:rds:eu-central-1:123456789012:db:production-postgres';
      expect(synth({ resourceArns: [arn] }).resources('aws_backup_selection')[0].resources).toEqual([arn]);
    });
  });

  describe('refuses', () => {
    const rule = (patch: Partial<BackupRule>) => ({ rules: { daily: { ...DAILY, ...patch } } });
    it.each<[string, Partial<BackupPlanProps>, RegExp]>([
      ['a schedule that is not cron(...)', rule({ schedule: 'rate(6 hours)' }), /rules\.daily\.schedule: 'rate\(6 hours\)' is not a cron\(\.\.\.\) expression\. Fix: write e\.g\. cron\(0 \*\/6/],
      ['a 5-field Unix cron', rule({ schedule: 'cron(0 2 * * *)' }), /rules\.daily\.schedule: 'cron\(0 2 \* \* \*\)' has 5 fields, AWS Backup needs 6 .*\. Fix:/],
      ['an hour out of range', rule({ schedule: 'cron(0 24 ? * * *)' }), /rules\.daily\.schedule: 'cron\(0 24 \? \* \* \*\)' hours '24' has '24', outside 0-23\. Fix: write hours as \*/],
      ['a month out of range', rule({ schedule: 'cron(0 3 1 13 ? *)' }), /month '13' has '13', outside 1-12/],
      ['a weekday name that is not one', rule({ schedule: 'cron(0 3 ? * FUNDAY *)' }), /day-of-week 'FUNDAY' has 'FUNDAY', outside 1-7/],
      ['a zero step', rule({ schedule: 'cron(0 */0 ? * * *)' }), /hours '\*\/0' has the step '0', not a positive number/],
      ["'?' in the hours", rule({ schedule: 'cron(0 ? ? * * *)' }), /hours '\?' may not be '\?'/],
      ['both day fields given', rule({ schedule: 'cron(0 3 1 * MON *)' }), /needs exactly one of day-of-month and day-of-week to be '\?'/],
      ['neither day field given', rule({ schedule: 'cron(0 3 ? * ? *)' }), /needs exactly one of day-of-month and day-of-week to be '\?'/],
      ['a day February never has', rule({ schedule: 'cron(0 3 30 2 ? *)' }), /rules\.daily\.schedule: 'cron\(0 3 30 2 \? \*\)' never runs: month 2 has no day 30\. Fix: pick a day/],
      ['the 31st of 30-day months', rule({ schedule: 'cron(0 3 31 APR,JUN ? *)' }), /never runs: month APR,JUN has no day 31/],
      ['more than one run an hour', rule({ schedule: 'cron(*/15 * ? * * *)' }), /runs more than once an hour \(minutes '\*\/15'\).*\. Fix: write a single minute/],
      ['a start window under 60 minutes', rule({ startWindowMinutes: 30 }), /rules\.daily\.startWindowMinutes: 30 is not a whole number from 60/],
      ['a completion window not above the start window', rule({ startWindowMinutes: 120, completionWindowMinutes: 120 }), /rules\.daily\.completionWindowMinutes: 120 is not a whole number of minutes above the start window \(120\)\. Fix: write more than 120/],
      ['cold storage left before its 90 days', rule({ coldStorageAfterDays: 30, deleteAfterDays: 60 }), /rules\.daily\.deleteAfterDays: 60 is less than 90 days after coldStorageAfterDays \(30\).*\. Fix: set deleteAfterDays to at least 120/],
      ['a copy left cold before its 90 days', rule({ copyTo: [{ vaultArn: SECONDARY_VAULT, deleteAfterDays: 30, coldStorageAfterDays: 1 }] }), /rules\.daily\.copyTo\[0\]\.deleteAfterDays: 30 is less than 90 days/],
      ['a retention of zero days', rule({ deleteAfterDays: 0 }), /rules\.daily\.deleteAfterDays: 0 is not a whole number from 1/],
      ['no rules', { rules: {} }, /rules: is empty\. Fix: add a rule/],
      ['a rule name with a space', { rules: { 'every day': DAILY } }, /rules: 'every day' is not a name of 1 to 50/],
      ['an empty selection', { selectionTags: {} }, /selectionTags: is empty and no resourceArns are given.*\. Fix: leave selectionTags out \(Backup=production-postgres\)/],
      ['a plan name longer than 50 characters', { name: 'p'.repeat(51) }, /name: 'p+' is not a name of 1 to 50/],
    ])('%s', (_, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });

    it("a retention outside the vault lock's bounds", () => {
      expect(() => synth({ rules: { daily: { ...DAILY, deleteAfterDays: 3 } } }, { minRetentionDays: 7, maxRetentionDays: 35 })).toThrow(
        /rules\.daily\.deleteAfterDays: 3 is outside the vault lock's 7-35 days.*\. Fix: keep recovery points 7 to 35 days/,
      );
      expect(() => synth({ rules: seed002PostgresRules(SECONDARY_VAULT) }, { minRetentionDays: 7, maxRetentionDays: 35 })).not.toThrow();
    });
  });

  it.each(['cron(0 */6 ? * * *)', 'cron(30 1,13 ? * MON-FRI *)', 'cron(0 4 L * ? *)', 'cron(0 4 ? * 2#1 *)', 'cron(15 2 1 jan,jul ? 2027-2030)', 'cron(0 3 29 2 ? *)', 'cron(0 3 15W * ? *)'])('accepts the AWS cron %s', (schedule) => {
    expect(() => synth({ rules: { daily: { ...DAILY, schedule } } })).not.toThrow();
  });
});
