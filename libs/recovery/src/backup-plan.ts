import { BackupPlan as AwsBackupPlan, BackupPlanRule } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { BackupVault } from './backup-vault';
import { requireBackupCron } from './private/backup-cron';
import { partitionOf, Requirement, requireAccountAndRegion, requireBackupName, requirement, requireWholeNumber } from './private/validation';

/** A copy of each recovery point of a rule into another vault, e.g. the secondary region's. */
export interface BackupCopy {
  /** ARN of the destination vault, e.g. `BackupVault.vaultArn` of the secondary region's vault. */
  readonly vaultArn: string;
  /** Days the copy is kept. */
  readonly deleteAfterDays: number;
  /**
   * Days after which the copy moves to cold storage; only for resource types with cold storage (EBS, EFS,
   * DynamoDB with advanced features, ...), never RDS. Cold storage keeps it at least 90 more days.
   * @default - never
   */
  readonly coldStorageAfterDays?: number;
}

/** One rule of a plan: when recovery points are taken, how long they are kept, where they are copied. */
export interface BackupRule {
  /** When the rule runs, in UTC: an AWS cron expression of 6 fields, e.g. `cron(0 3 ? * * *)` for daily at 03:00. */
  readonly schedule: string;
  /** Days each recovery point is kept. */
  readonly deleteAfterDays: number;
  /**
   * Days after which recovery points move to cold storage; only for resource types with cold storage (never RDS).
   * Cold storage keeps them at least 90 more days, so `deleteAfterDays` must be 90 more.
   * @default - never
   */
  readonly coldStorageAfterDays?: number;
  /**
   * Minutes after the scheduled time within which a job must start, or it is cancelled; AWS's minimum is 60.
   * @default 60
   */
  readonly startWindowMinutes?: number;
  /**
   * Minutes after the scheduled time within which a job must complete, or it is cancelled; more than the start window.
   * @default 300 (under the 6-hour interval of seed 002's most frequent rule, so a slow job never overlaps the next)
   */
  readonly completionWindowMinutes?: number;
  /**
   * Copies of each recovery point into other vaults (the cross-region copy).
   * @default - none
   */
  readonly copyTo?: readonly BackupCopy[];
  /**
   * Tags AWS Backup puts on each recovery point.
   * @default - `{ BackupRule: <rule name> }`
   */
  readonly recoveryPointTags?: Readonly<Record<string, string>>;
}

export interface BackupPlanProps {
  /** Plan name, 1 to 50 letters, digits, `-`, `_` or `.`; also the default selection tag's value and the role's prefix. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** The vault recovery points land in; its lock, if any, bounds the rules' retention. */
  readonly vault: BackupVault;
  /** Rules keyed by name (1 to 50 letters, digits, `-`, `_` or `.`), e.g. `{ 'every-6-hours': { ... } }`. */
  readonly rules: Readonly<Record<string, BackupRule>>;
  /**
   * Resources with any of these tags are backed up (tag conditions are ORed, and ORed with `resourceArns`).
   * @default - `{ Backup: <plan name> }`
   */
  readonly selectionTags?: Readonly<Record<string, string>>;
  /**
   * ARNs of resources backed up whatever their tags.
   * @default - none
   */
  readonly resourceArns?: readonly string[];
  /**
   * Provider of the plan's region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Rules of seed 002's PostgreSQL backup policy ("automated backups every 6 hours, retention 7 days; manual snapshots
 * retention 30 days, encrypted; cross-region replication enabled"), each recovery point copied to `secondaryVaultArn`
 * and kept there as long. The seed's 30-day snapshots are taken daily and monthly; the daily and monthly rules run
 * off the 6-hour grid (03:00 and 04:00 UTC) so no job is merged into another rule's.
 */
export function seed002PostgresRules(secondaryVaultArn: string): Record<string, BackupRule> {
  const rule = (schedule: string, deleteAfterDays: number): BackupRule => ({ schedule, deleteAfterDays, copyTo: [{ vaultArn: secondaryVaultArn, deleteAfterDays }] });
  return {
    'every-6-hours': rule('cron(0 */6 ? * * *)', 7),
    daily: rule('cron(0 3 ? * * *)', 30),
    monthly: rule('cron(0 4 1 * ? *)', 30),
  };
}

/** AWS managed policies AWS Backup documents for its service role: taking backups (and copies) and restoring them. */
export const BACKUP_SERVICE_POLICIES = {
  Backup: 'service-role/AWSBackupServiceRolePolicyForBackup',
  Restores: 'service-role/AWSBackupServiceRolePolicyForRestores',
} as const;

const COLD_STORAGE_MINIMUM_DAYS = 90;

/**
 * An AWS Backup plan with named rules, the role AWS Backup assumes to run it, and one selection of resources by tag
 * and/or ARN. Rules are a set in Terraform and are emitted sorted by name, so adding or removing a rule never
 * shifts another.
 */
export class BackupPlan extends Construct {
  readonly plan: AwsBackupPlan;
  readonly role: IamRole;
  readonly selection: BackupSelection;
  readonly planId: string;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    const require = requirement(this);
    requireAccountAndRegion(require, props);
    requireBackupName(require, props.name, 'name', 1, 50);
    const ruleNames = Object.keys(props.rules).sort();
    require(ruleNames.length > 0, 'rules', 'is empty', "add a rule, e.g. { daily: { schedule: 'cron(0 3 ? * * *)', deleteAfterDays: 30 } }");
    for (const name of ruleNames) validateRule(require, name, props.rules[name], props.vault);
    const selectionTags = props.selectionTags ?? { Backup: props.name };
    const resourceArns = props.resourceArns ?? [];
    require(
      Object.keys(selectionTags).length > 0 || resourceArns.length > 0,
      'selectionTags',
      'is empty and no resourceArns are given, so the plan backs up nothing',
      `leave selectionTags out (Backup=${props.name}) or list resourceArns`,
    );

    const partition = partitionOf(props.region);
    this.role = new IamRole(this, 'Role', {
      // A plan name has at most 50 characters of those IAM accepts, so the role name is always valid.
      name: `${props.name}-backup`,
      description: `Assumed by AWS Backup to run the backup plan ${props.name} and restore its recovery points`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'backup.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Only AWS Backup acting for this account: no other account's plan can borrow the role (confused deputy).
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
          },
        ],
      }),
    });
    for (const [purpose, policy] of Object.entries(BACKUP_SERVICE_POLICIES)) {
      new IamRolePolicyAttachment(this, `${purpose}Policy`, { role: this.role.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }

    this.plan = new AwsBackupPlan(this, 'Resource', {
      provider: props.provider,
      name: props.name,
      rule: ruleNames.map((name) => ruleBlock(name, props.rules[name], props.vault.vaultName)),
    });
    this.planId = this.plan.id;
    this.selection = new BackupSelection(this, 'Selection', {
      provider: props.provider,
      name: props.name,
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      selectionTag: Object.entries(selectionTags).map(([key, value]) => ({ type: 'STRINGEQUALS', key, value })),
      resources: resourceArns.length > 0 ? [...resourceArns] : undefined,
    });
  }
}

function validateRule(require: Requirement, name: string, rule: BackupRule, vault: BackupVault): void {
  const field = `rules.${name}`;
  requireBackupName(require, name, 'rules', 1, 50);
  requireBackupCron(require, rule.schedule, `${field}.schedule`);
  validateLifecycle(require, field, rule);
  const start = rule.startWindowMinutes ?? 60;
  requireWholeNumber(require, start, `${field}.startWindowMinutes`, 60, 52_560_000);
  const completion = rule.completionWindowMinutes ?? 300;
  require(
    Number.isInteger(completion) && completion > start,
    `${field}.completionWindowMinutes`,
    `${completion} is not a whole number of minutes above the start window (${start})`,
    `write more than ${start}, e.g. ${start + 120}`,
  );
  if (vault.lock) {
    const { minRetentionDays, maxRetentionDays } = vault.lock;
    require(
      rule.deleteAfterDays >= minRetentionDays && rule.deleteAfterDays <= maxRetentionDays,
      `${field}.deleteAfterDays`,
      `${rule.deleteAfterDays} is outside the vault lock's ${minRetentionDays}-${maxRetentionDays} days, so AWS Backup would refuse the recovery points`,
      `keep recovery points ${minRetentionDays} to ${maxRetentionDays} days, or change the vault's lock`,
    );
  }
  (rule.copyTo ?? []).forEach((copy, index) => validateLifecycle(require, `${field}.copyTo[${index}]`, copy));
}

function validateLifecycle(require: Requirement, field: string, lifecycle: { readonly deleteAfterDays: number; readonly coldStorageAfterDays?: number }): void {
  requireWholeNumber(require, lifecycle.deleteAfterDays, `${field}.deleteAfterDays`, 1, 36500);
  if (lifecycle.coldStorageAfterDays === undefined) return;
  requireWholeNumber(require, lifecycle.coldStorageAfterDays, `${field}.coldStorageAfterDays`, 1, 36500);
  require(
    lifecycle.deleteAfterDays >= lifecycle.coldStorageAfterDays + COLD_STORAGE_MINIMUM_DAYS,
    `${field}.deleteAfterDays`,
    `${lifecycle.deleteAfterDays} is less than ${COLD_STORAGE_MINIMUM_DAYS} days after coldStorageAfterDays (${lifecycle.coldStorageAfterDays}); cold storage keeps recovery points at least ${COLD_STORAGE_MINIMUM_DAYS} days`,
    `set deleteAfterDays to at least ${lifecycle.coldStorageAfterDays + COLD_STORAGE_MINIMUM_DAYS}, or leave coldStorageAfterDays out`,
  );
}

function ruleBlock(name: string, rule: BackupRule, vaultName: string): BackupPlanRule {
  return {
    ruleName: name,
    targetVaultName: vaultName,
    schedule: rule.schedule,
    startWindow: rule.startWindowMinutes ?? 60,
    completionWindow: rule.completionWindowMinutes ?? 300,
    lifecycle: { deleteAfter: rule.deleteAfterDays, coldStorageAfter: rule.coldStorageAfterDays },
    recoveryPointTags: { BackupRule: name, ...rule.recoveryPointTags },
    copyAction: (rule.copyTo ?? []).map((copy) => ({
      destinationVaultArn: copy.vaultArn,
      lifecycle: { deleteAfter: copy.deleteAfterDays, coldStorageAfter: copy.coldStorageAfterDays },
    })),
  };
}
