import { z } from 'zod';
import { logRetentionDays } from './schema-fields';

/** Object lock modes of the audit trail bucket: `COMPLIANCE` binds even the root user, `GOVERNANCE` yields to `s3:BypassGovernanceRetention`. */
export const OBJECT_LOCK_MODES = ['COMPLIANCE', 'GOVERNANCE'] as const;

/** Security Hub standards the baseline can subscribe to. */
export const SECURITY_HUB_STANDARDS = ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark'] as const;

/** Days audit logs are kept at least in production: a year of history, as CIS AWS Foundations and SOC 2 auditors expect. */
export const PRODUCTION_AUDIT_RETENTION_DAYS = 365;

/** The account's CloudTrail audit trail: its bucket (object lock, lifecycle) and CloudWatch delivery. */
const cloudTrailSchema = z.strictObject({
  /**
   * The account's multi-region trail of management events. Refused off in production.
   * @default true
   */
  enabled: z.boolean().default(true),
  /** S3 data events (object reads and writes) of the buckets that hold data: storage, backups, state. @default true */
  dataEvents: z.boolean().default(true),
  /**
   * Object lock mode of the trail bucket.
   * @default - 'COMPLIANCE' in production, 'GOVERNANCE' elsewhere
   */
  objectLockMode: z.enum(OBJECT_LOCK_MODES).optional(),
  /** Days every log file is locked and kept; then it expires. At least 365 in production. @default 365 */
  retentionDays: z.number().int().min(1).default(PRODUCTION_AUDIT_RETENTION_DAYS),
  /** Days after which log files move to S3 Glacier Flexible Retrieval; fewer than `retentionDays`. @default 90 */
  glacierAfterDays: z.number().int().min(1).default(90),
  /** Also deliver to CloudWatch Logs, where the CIS metric filters and alarms watch the events. @default true */
  cloudWatchLogs: z.boolean().default(true),
  /** Days the trail's CloudWatch log group keeps events (the bucket keeps the full history). @default 365 */
  logGroupRetentionDays: logRetentionDays(365),
});

/** GuardDuty threat detection and its protection plans. */
const guardDutySchema = z.strictObject({
  /** The regional GuardDuty detector. Refused off in production; off, the features below are ignored. @default true */
  enabled: z.boolean().default(true),
  /** S3 Protection: GuardDuty analyses S3 data events of every bucket. @default true */
  s3Protection: z.boolean().default(true),
  /** EKS Protection: GuardDuty reads the EKS audit logs. @default true */
  eksAuditLogs: z.boolean().default(true),
  /** Runtime Monitoring with the GuardDuty-managed agent (EKS add-on, ECS Fargate sidecar). @default true */
  runtimeMonitoring: z.boolean().default(true),
  /** RDS Protection: login activity of Aurora and RDS PostgreSQL. @default true */
  rdsLoginProtection: z.boolean().default(true),
});

/** Security Hub and the standards it runs. */
const securityHubSchema = z.strictObject({
  /** The Security Hub account of each region (its findings aggregate GuardDuty, Access Analyzer, Config). @default true */
  enabled: z.boolean().default(true),
  /** Standards subscribed: each is a set of controls run as AWS Config rules. @default both */
  standards: z.array(z.enum(SECURITY_HUB_STANDARDS)).default([...SECURITY_HUB_STANDARDS]),
});

/** The AWS Config recorder. */
const configRecorderSchema = z.strictObject({
  /** The AWS Config recorder of every region (all resources), its delivery channel and the platform's Config rules. @default true */
  enabled: z.boolean().default(true),
});

/**
 * The account security baseline (issue 20): what the `security-<account>-<region>` stacks build for the account and
 * regions the environment uses. Every switch defaults to on; development may turn off the costly parts. An account
 * holding several environments gets the strictest settings of them.
 */
export const securitySchema = z.strictObject({
  cloudTrail: cloudTrailSchema.prefault({}),
  guardDuty: guardDutySchema.prefault({}),
  securityHub: securityHubSchema.prefault({}),
  config: configRecorderSchema.prefault({}),
  /** The IAM Access Analyzer of the account in each region (free for external access). @default true */
  accessAnalyzer: z.boolean().default(true),
});

export type SecurityInput = z.input<typeof securitySchema>;
export type SecurityConfig = z.output<typeof securitySchema>;

type AddIssue = (path: (string | number)[], message: string) => void;

/** Cross-field rules of `security`: production keeps its audit trail and detector; switches that depend on each other agree. */
export function checkSecurity(env: { readonly production: boolean; readonly security: SecurityConfig }, addIssue: AddIssue): void {
  const { cloudTrail, guardDuty, securityHub, config } = env.security;
  const issue = (path: string[], message: string) => addIssue(['security', ...path], message);
  if (env.production && !cloudTrail.enabled) {
    issue(['cloudTrail', 'enabled'], 'is false in production: without the audit trail nobody can tell who did what in the account. Fix: remove enabled: false, or set production: false');
  }
  if (env.production && !guardDuty.enabled) {
    issue(['guardDuty', 'enabled'], 'is false in production: threats to the account would go unnoticed. Fix: remove enabled: false, or set production: false');
  }
  if (env.production && cloudTrail.retentionDays < PRODUCTION_AUDIT_RETENTION_DAYS) {
    issue(
      ['cloudTrail', 'retentionDays'],
      `${cloudTrail.retentionDays} days is too short for production: auditors expect a year of history. Fix: keep at least ${PRODUCTION_AUDIT_RETENTION_DAYS} days (the default)`,
    );
  }
  if (cloudTrail.glacierAfterDays >= cloudTrail.retentionDays) {
    issue(
      ['cloudTrail', 'glacierAfterDays'],
      `${cloudTrail.glacierAfterDays} is not fewer than retentionDays (${cloudTrail.retentionDays}), so log files would expire before reaching Glacier. Fix: set glacierAfterDays below ${cloudTrail.retentionDays}`,
    );
  }
  if (config.enabled && !cloudTrail.enabled) {
    issue(['config', 'enabled'], 'needs cloudTrail.enabled: Config delivers its snapshots encrypted with the audit trail key. Fix: turn the trail on, or set config.enabled: false');
  }
  if (securityHub.enabled && securityHub.standards.length > 0 && !config.enabled) {
    issue(
      ['securityHub', 'standards'],
      'needs config.enabled: the controls of a standard are AWS Config rules, which without a recorder report nothing. Fix: set config.enabled: true, or standards: []',
    );
  }
}
