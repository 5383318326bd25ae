import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { ACCOUNT_ID, AWS_REGION, partitionOf, PrivateBucket, requirement } from '@platform/core';
import { Construct } from 'constructs';

/** Security Hub standards by the name the config uses. */
export const SECURITY_HUB_STANDARD_ARNS = {
  'aws-foundational-security-best-practices': 'standards/aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark': 'standards/cis-aws-foundations-benchmark/v/3.0.0',
} as const;

export type SecurityHubStandard = keyof typeof SECURITY_HUB_STANDARD_ARNS;

/** An AWS managed Config rule: its source identifier and parameters. */
interface ManagedRule {
  readonly identifier: string;
  readonly parameters?: Readonly<Record<string, string>>;
}

/**
 * AWS managed Config rules matching the platform's guardrails, checked in every region: what the guardrails prove of
 * the synthesized stacks, Config proves of the account as it is (including what was made outside Terraform).
 */
export const REGIONAL_CONFIG_RULES: Readonly<Record<string, ManagedRule>> = {
  's3-bucket-level-public-access-prohibited': { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED' },
  's3-bucket-ssl-requests-only': { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY' },
  'rds-storage-encrypted': { identifier: 'RDS_STORAGE_ENCRYPTED' },
  'ec2-ebs-encryption-by-default': { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT' },
  'encrypted-volumes': { identifier: 'ENCRYPTED_VOLUMES' },
  'ec2-imdsv2-check': { identifier: 'EC2_IMDSV2_CHECK' },
  'cmk-backing-key-rotation-enabled': { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED' },
  'vpc-flow-logs-enabled': { identifier: 'VPC_FLOW_LOGS_ENABLED' },
  'guardduty-enabled-centralized': { identifier: 'GUARDDUTY_ENABLED_CENTRALIZED' },
};

/** Rules over global settings and the multi-region trail: checked once, in the account's primary region. */
export const GLOBAL_CONFIG_RULES: Readonly<Record<string, ManagedRule>> = {
  'multi-region-cloudtrail-enabled': { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED' },
  'cloud-trail-log-file-validation-enabled': { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED' },
  's3-account-level-public-access-blocks-periodic': { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC' },
  'root-account-mfa-enabled': { identifier: 'ROOT_ACCOUNT_MFA_ENABLED' },
  'iam-password-policy': {
    identifier: 'IAM_PASSWORD_POLICY',
    // What AccountDefaults sets (CIS AWS Foundations v3.0 1.8 and 1.9).
    parameters: { MinimumPasswordLength: '14', PasswordReusePrevention: '24', RequireUppercaseCharacters: 'true', RequireLowercaseCharacters: 'true', RequireSymbols: 'true', RequireNumbers: 'true' },
  },
};

/** Where the recorder of a region delivers, and what it records. */
export interface ConfigRecorderOptions {
  /** Bucket of the snapshots (the account has one, in its primary region: every region delivers there). */
  readonly deliveryBucketName: string;
  /**
   * KMS key the snapshots are encrypted with (and the created bucket's default key); its policy must let
   * `config.amazonaws.com` of the account use it. Required with `createBucket`.
   * @default - the delivery bucket's default encryption
   */
  readonly kmsKeyArn?: string;
  /**
   * Create the delivery bucket here (the primary region), with server access logs into `accessLogs`, keeping
   * snapshots `retentionDays`.
   * @default - the bucket exists (the primary region's stack made it)
   */
  readonly createBucket?: { readonly accessLogs: { readonly targetBucket: string; readonly targetPrefix: string }; readonly retentionDays: number; readonly preventDestroy: boolean };
  /**
   * Record global resources (IAM), create Config's service-linked role and check the {@link GLOBAL_CONFIG_RULES}: true
   * in the account's primary region only, so global resources are recorded once.
   * @default false
   */
  readonly global?: boolean;
}

export interface SecurityPostureProps {
  /** First part of names, e.g. `platform`: Config rules `<namePrefix>-<rule>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * The Security Hub account of the region.
   * @default true
   */
  readonly securityHub?: boolean;
  /**
   * Standards Security Hub runs; needs `recorder` (their controls are Config rules).
   * @default - AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark v3.0
   */
  readonly standards?: readonly SecurityHubStandard[];
  /**
   * The region's AWS Config recorder (all supported resources), its delivery channel and the platform's rules.
   * @default - no recorder
   */
  readonly recorder?: ConfigRecorderOptions;
}

/**
 * The security posture of one region: Security Hub with its standards, and AWS Config recording every resource
 * (global ones only where `recorder.global`), delivering to the account's Config bucket, with the
 * {@link REGIONAL_CONFIG_RULES} (and the {@link GLOBAL_CONFIG_RULES} where global).
 */
export class SecurityPosture extends Construct {
  /** Name of the region's recorder; a region has one. */
  static readonly RECORDER_NAME = 'default';

  /** ARN of Config's service-linked role, which the recorder of every region uses (CIS AWS Foundations v3.0 3.3, FSBP Config.1). */
  static configRoleArn(accountId: string, region: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
  }

  readonly hub?: SecurityhubAccount;
  readonly recorder?: ConfigConfigurationRecorder;
  readonly deliveryBucket?: PrivateBucket;
  readonly rules: Readonly<Record<string, ConfigConfigRule>>;

  constructor(scope: Construct, id: string, props: SecurityPostureProps) {
    super(scope, id);
    const securityHub = props.securityHub ?? true;
    const standards = props.standards ?? (Object.keys(SECURITY_HUB_STANDARD_ARNS) as SecurityHubStandard[]);
    const { recorder: recording, accountId, region, namePrefix } = props;
    const require = requirement(this);
    require(ACCOUNT_ID.test(accountId), 'accountId', `'${accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(region), 'region', `'${region}' is not a region name`, 'pass a region such as eu-central-1');
    require(
      !securityHub || standards.length === 0 || recording !== undefined,
      'standards',
      'need the Config recorder: the controls of a standard are Config rules',
      'pass recorder, or standards: []',
    );
    require(recording?.createBucket === undefined || recording.kmsKeyArn !== undefined, 'recorder.kmsKeyArn', 'is missing, but the bucket it would encrypt is created here', 'pass the key of the snapshots');
    const unknown = standards.filter((standard) => !(standard in SECURITY_HUB_STANDARD_ARNS));
    require(unknown.length === 0, 'standards', `'${unknown.join("', '")}' is not a standard`, `use ${Object.keys(SECURITY_HUB_STANDARD_ARNS).join(' or ')}`);
    const partition = partitionOf(region);

    if (securityHub) {
      // Standards are subscribed explicitly, so what runs is what the config says; findings per control, not per standard.
      this.hub = new SecurityhubAccount(this, 'Hub', { enableDefaultStandards: false, autoEnableControls: true, controlFindingGenerator: 'SECURITY_CONTROL' });
      for (const standard of standards) {
        new SecurityhubStandardsSubscription(this, `Standard-${standard}`, {
          standardsArn: `arn:${partition}:securityhub:${region}::${SECURITY_HUB_STANDARD_ARNS[standard]}`,
          dependsOn: [this.hub],
        });
      }
    }

    const rules: Record<string, ConfigConfigRule> = {};
    if (recording !== undefined) {
      const global = recording.global ?? false;
      if (recording.createBucket !== undefined) this.deliveryBucket = this.createDeliveryBucket(recording, recording.createBucket, accountId, region);
      const serviceLinkedRole = global ? new IamServiceLinkedRole(this, 'ConfigRole', { awsServiceName: 'config.amazonaws.com' }) : undefined;
      this.recorder = new ConfigConfigurationRecorder(this, 'Recorder', {
        name: SecurityPosture.RECORDER_NAME,
        roleArn: serviceLinkedRole?.arn ?? SecurityPosture.configRoleArn(accountId, region),
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: global },
        recordingMode: { recordingFrequency: 'CONTINUOUS' },
      });
      const channel = new ConfigDeliveryChannel(this, 'DeliveryChannel', {
        name: SecurityPosture.RECORDER_NAME,
        s3BucketName: recording.deliveryBucketName,
        s3KeyPrefix: 'config',
        s3KmsKeyArn: recording.kmsKeyArn,
        snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
        dependsOn: [this.recorder, ...(this.deliveryBucket === undefined ? [] : [this.deliveryBucket.policy])],
      });
      new ConfigConfigurationRecorderStatus(this, 'RecorderStatus', { name: this.recorder.name, isEnabled: true, dependsOn: [channel] });
      for (const [name, rule] of Object.entries({ ...REGIONAL_CONFIG_RULES, ...(global ? GLOBAL_CONFIG_RULES : {}) })) {
        rules[name] = new ConfigConfigRule(this, `Rule-${name}`, {
          name: `${namePrefix}-${name}`,
          source: { owner: 'AWS', sourceIdentifier: rule.identifier },
          inputParameters: rule.parameters === undefined ? undefined : JSON.stringify(rule.parameters),
          dependsOn: [this.recorder],
        });
      }
    }
    this.rules = rules;
  }

  /** The account's Config bucket: Config of any region of the account delivers snapshots under `config/`. */
  private createDeliveryBucket(recording: ConfigRecorderOptions, create: NonNullable<ConfigRecorderOptions['createBucket']>, accountId: string, region: string): PrivateBucket {
    const bucket = new PrivateBucket(this, 'DeliveryBucket', {
      bucketName: recording.deliveryBucketName,
      region,
      kmsKeyArn: recording.kmsKeyArn as string,
      currentVersions: { expireAfterDays: create.retentionDays },
      accessLogs: create.accessLogs,
      preventDestroy: create.preventDestroy,
    });
    const thisAccount = { 'aws:SourceAccount': accountId };
    const config = { Service: 'config.amazonaws.com' };
    bucket.addToPolicy(
      { Sid: 'ConfigChecksTheBucket', Effect: 'Allow', Principal: config, Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucket.bucketArn, Condition: { StringEquals: thisAccount } },
      {
        Sid: 'ConfigDeliversSnapshots',
        Effect: 'Allow',
        Principal: config,
        Action: 's3:PutObject',
        Resource: `${bucket.bucketArn}/config/AWSLogs/${accountId}/Config/*`,
        Condition: { StringEquals: { ...thisAccount, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    );
    return bucket;
  }
}
