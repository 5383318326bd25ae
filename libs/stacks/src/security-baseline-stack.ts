import { EnvironmentConfig, SecurityConfig, StateSettings } from '@platform/config';
import { PlatformAwsProvider, PlatformError, tagComponent } from '@platform/core';
import { suppress } from '@platform/guardrails';
import { AccountDefaults, AuditTrail, FindingsForwarder, RuntimeAgent, SecurityPosture, ThreatDetection } from '@platform/security';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { dataBucketNames } from './data-bucket-names';
import { secondarySite } from './secondary-site';
import { addS3Backend } from './state-backend';

/** The baseline's settings for an account: the strictest of its environments' `security` sections. */
export type BaselineSettings = Omit<SecurityConfig, 'cloudTrail'> & {
  readonly cloudTrail: Omit<SecurityConfig['cloudTrail'], 'objectLockMode'> & { readonly objectLockMode: 'COMPLIANCE' | 'GOVERNANCE' };
};

/** One account and region the environments use, and what its `security-<account>-<region>` stack builds. */
export interface SecurityBaseline {
  readonly accountId: string;
  readonly region: string;
  /** The account's primary region (its environments' region): home of the trail, the Config bucket and global settings. */
  readonly primaryRegion: string;
  /** Every environment of the account, as written: the account's settings and data buckets come from all of them. */
  readonly accountEnvironments: readonly EnvironmentConfig[];
  /** Where the stack keeps its state: the store of the region's first environment or secondary site (bootstrap stack). */
  readonly state: StateSettings;
  readonly settings: BaselineSettings;
  /**
   * The runtime agents GuardDuty manages: EKS's add-on where an environment of the account runs EKS, the Fargate
   * sidecar where its ECS environments turn runtime monitoring on ({@link fargateRuntimeMonitoring}).
   */
  readonly runtimeAgents: readonly RuntimeAgent[];
}

/**
 * The baselines of the environments' accounts: per account, its primary region (where its environments run) first,
 * then the secondary regions of its environments with a recovery strategy. An account holding several environments
 * gets the strictest settings of them (a switch is on if any turns it on, the longest retention, compliance mode if
 * any asks for it or is production). Throws when environments of one account run in different regions: the trail's
 * metric filters, and so the monitoring stacks' alarms on them, live in one region.
 */
export function securityBaselines(environments: readonly EnvironmentConfig[]): SecurityBaseline[] {
  const accounts = new Map<string, EnvironmentConfig[]>();
  for (const environment of environments) accounts.set(environment.accountId, [...(accounts.get(environment.accountId) ?? []), environment]);
  return [...accounts.values()].flatMap((members) => {
    const [first] = members;
    const other = members.find(({ region }) => region !== first.region);
    if (other !== undefined) {
      throw new PlatformError(
        `region: '${other.name}' runs in ${other.region} but '${first.name}', in the same account ${first.accountId}, runs in ${first.region}; the account's audit trail and its alarms live in one primary region. ` +
          `Fix: run the environments of one account in one region (their recovery.secondaryRegion may differ), or give '${other.name}' an account of its own.`,
      );
    }
    const settings = strictest(members);
    const runtimeAgents: RuntimeAgent[] = members.some(({ compute }) => compute === 'eks') ? ['EKS'] : [];
    // GuardDuty adds its sidecar to every task of the account, pulled with each task's execution role: ECS environments
    // of one account agree, or the tasks of one whose roles may not pull it would start without it.
    const ecs = members.filter(({ compute }) => compute === 'ecs');
    const monitored = ecs.filter(fargateRuntimeMonitoring);
    const unmonitored = ecs.find((environment) => !fargateRuntimeMonitoring(environment));
    if (monitored.length > 0 && unmonitored !== undefined) {
      throw new PlatformError(
        `security.guardDuty.runtimeMonitoring: '${unmonitored.name}' runs ECS without GuardDuty runtime monitoring but '${monitored[0].name}', in the same account ${first.accountId}, has it on; GuardDuty's Fargate agent is managed for the whole account. ` +
          `Fix: turn runtime monitoring on (guardDuty.enabled and runtimeMonitoring) in both, or off in both.`,
      );
    }
    if (monitored.length > 0) runtimeAgents.push('ECS_FARGATE');
    const regions = new Map<string, StateSettings>([[first.region, first.state]]);
    for (const environment of members) {
      if (environment.recovery.strategy === 'none') continue;
      const site = secondarySite(environment);
      if (!regions.has(site.region)) regions.set(site.region, site.state);
    }
    return [...regions].map(([region, state]) => ({ accountId: first.accountId, region, primaryRegion: first.region, accountEnvironments: members, state, settings, runtimeAgents }));
  });
}

/**
 * Whether GuardDuty monitors the environment's ECS tasks at run time: an ECS environment with the detector and runtime
 * monitoring on. GuardDuty then manages its Fargate sidecar (`ECS_FARGATE_AGENT_MANAGEMENT`) and the services' task
 * execution roles may pull it.
 */
export function fargateRuntimeMonitoring(environment: EnvironmentConfig): boolean {
  const { guardDuty } = environment.security;
  return environment.compute === 'ecs' && guardDuty.enabled && guardDuty.runtimeMonitoring;
}

/** The strictest of the environments' settings. */
function strictest(environments: readonly EnvironmentConfig[]): BaselineSettings {
  const all = environments.map(({ security }) => security);
  const any = (on: (security: SecurityConfig) => boolean) => all.some(on);
  const most = (value: (security: SecurityConfig) => number) => Math.max(...all.map(value));
  const compliance = environments.some(({ production, security }) => (security.cloudTrail.objectLockMode ?? (production ? 'COMPLIANCE' : 'GOVERNANCE')) === 'COMPLIANCE');
  return {
    cloudTrail: {
      enabled: any((s) => s.cloudTrail.enabled),
      dataEvents: any((s) => s.cloudTrail.dataEvents),
      objectLockMode: compliance ? 'COMPLIANCE' : 'GOVERNANCE',
      retentionDays: most((s) => s.cloudTrail.retentionDays),
      // Glacier stays as late as any environment asks, so none loses quick access it relies on.
      glacierAfterDays: most((s) => s.cloudTrail.glacierAfterDays),
      cloudWatchLogs: any((s) => s.cloudTrail.cloudWatchLogs),
      logGroupRetentionDays: most((s) => s.cloudTrail.logGroupRetentionDays),
    },
    guardDuty: {
      enabled: any((s) => s.guardDuty.enabled),
      s3Protection: any((s) => s.guardDuty.s3Protection),
      eksAuditLogs: any((s) => s.guardDuty.eksAuditLogs),
      runtimeMonitoring: any((s) => s.guardDuty.runtimeMonitoring),
      rdsLoginProtection: any((s) => s.guardDuty.rdsLoginProtection),
    },
    securityHub: { enabled: any((s) => s.securityHub.enabled), standards: [...new Set(all.flatMap((s) => s.securityHub.standards))] },
    config: { enabled: any((s) => s.config.enabled) },
    accessAnalyzer: any((s) => s.accessAnalyzer),
  };
}

/**
 * `security-<account>-<region>`: the account security baseline of one region (libs/security). Every region the
 * account uses gets GuardDuty, Security Hub with its standards, the AWS Config recorder with the platform's rules, the
 * IAM Access Analyzer, EBS encryption by default and IMDSv2 defaults; the primary region also the multi-region audit
 * trail (with the S3 data events of every data bucket of the account), the Config bucket, Config's service-linked
 * role, global resource recording, the IAM password policy and the S3 account public access block; every other
 * region forwards its GuardDuty findings to the primary's default event bus, where the monitoring stack routes them.
 *
 * Its state lives in the store the bootstrap stack of the account and region creates; an administrator applies it
 * after the bootstrap stack and before the environments (libs/security/README.md, "Security baseline (once per account and region)"), the primary region first.
 */
export class SecurityBaselineStack extends TerraformStack {
  static nameOf(baseline: Pick<SecurityBaseline, 'accountId' | 'region'>): string {
    return `security-${baseline.accountId}-${baseline.region}`;
  }

  /** Bucket the account's AWS Config recorders deliver to: `<project>-config-<account>`, in the primary region. */
  static configBucketName(project: string, accountId: string): string {
    return `${project}-config-${accountId}`;
  }

  readonly trail?: AuditTrail;
  readonly threatDetection?: ThreatDetection;
  readonly posture: SecurityPosture;
  readonly defaults: AccountDefaults;

  constructor(scope: Construct, baseline: SecurityBaseline) {
    super(scope, SecurityBaselineStack.nameOf(baseline));
    tagComponent(this, 'security');
    const { accountId, region, primaryRegion, settings, accountEnvironments } = baseline;
    const [first] = accountEnvironments;
    const namePrefix = first.project;
    const primary = region === primaryRegion;
    const production = accountEnvironments.some((environment) => environment.production);
    new PlatformAwsProvider(this, 'aws', { region, accountId, tags: { ...first.tags, Environment: accountEnvironments.map(({ name }) => name).join('+') } });
    addS3Backend(this, baseline.state, `security/${accountId}-${region}.tfstate`);

    const configBucketName = SecurityBaselineStack.configBucketName(namePrefix, accountId);
    const { cloudTrail, guardDuty, securityHub, config } = settings;
    if (primary && cloudTrail.enabled) {
      this.trail = new AuditTrail(this, 'audit-trail', {
        namePrefix,
        accountId,
        region,
        dataEventBucketNames: cloudTrail.dataEvents ? [...new Set(accountEnvironments.flatMap(dataBucketNames))] : [],
        objectLockMode: cloudTrail.objectLockMode,
        retentionDays: cloudTrail.retentionDays,
        glacierAfterDays: cloudTrail.glacierAfterDays,
        cloudWatchLogs: cloudTrail.cloudWatchLogs,
        logGroupRetentionDays: cloudTrail.logGroupRetentionDays,
        configBucketName: config.enabled ? configBucketName : undefined,
        // The trail bucket is locked anyway; the key outlives a destroy of any environment's account.
        preventDestroy: production,
      });
      suppress(this.trail.accessLogBucket.bucket, 'PLAT-S3-001', 'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3 (AES256), not SSE-KMS');
      suppress(this.trail.accessLogBucket.bucket, 'PLAT-S3-005', 'this is the access-log bucket itself; logging it into itself would loop');
      new TerraformOutput(this, 'trail_arn', { value: this.trail.trailArn, description: 'The account’s multi-region audit trail' });
      new TerraformOutput(this, 'trail_bucket', { value: this.trail.bucket.bucket.bucket, description: 'Bucket of the audit trail’s log files' });
    }

    if (guardDuty.enabled) {
      this.threatDetection = new ThreatDetection(this, 'threat-detection', {
        s3Protection: guardDuty.s3Protection,
        eksAuditLogs: guardDuty.eksAuditLogs,
        runtimeMonitoring: guardDuty.runtimeMonitoring ? baseline.runtimeAgents : [],
        rdsLoginProtection: guardDuty.rdsLoginProtection,
      });
      new TerraformOutput(this, 'guardduty_detector_id', { value: this.threatDetection.detector.id, description: `GuardDuty detector of ${region}` });
      if (!primary) {
        new FindingsForwarder(this, 'findings-forwarder', { namePrefix, accountId, region, targetRegion: primaryRegion });
      }
    }

    this.posture = new SecurityPosture(this, 'posture', {
      namePrefix,
      accountId,
      region,
      securityHub: securityHub.enabled,
      standards: securityHub.standards,
      recorder: config.enabled
        ? {
            deliveryBucketName: configBucketName,
            // Elsewhere the bucket's default encryption (the trail key, made by the primary region's stack) applies.
            kmsKeyArn: this.trail?.key.arn,
            createBucket:
              this.trail === undefined
                ? undefined
                : { accessLogs: this.trail.accessLogsFor(configBucketName), retentionDays: cloudTrail.retentionDays, preventDestroy: production },
            global: primary,
          }
        : undefined,
    });

    this.defaults = new AccountDefaults(this, 'account-defaults', { namePrefix, accountId, region, global: primary, accessAnalyzer: settings.accessAnalyzer, preventDestroy: production });
  }
}
