import { synthesizeBootstrap } from '@platform/stacks';
import { describeSynthesizedStacks } from '@platform/stacks/testing';
import { environments } from './environments';

// Every environment has its own account and is delivered from GitHub: the state store (10 resources), the account's
// GitHub OIDC provider, the environment's plan, review and apply roles with their policies (11), and its image push
// role with its policy (2).
const STATE_STORE_AND_GITHUB_ROLES = {
  add: 23,
  resourceCounts: {
    aws_s3_bucket: 1,
    aws_dynamodb_table: 1,
    aws_kms_key: 1,
    aws_s3_bucket_policy: 1,
    aws_s3_bucket_public_access_block: 1,
    aws_iam_openid_connect_provider: 1,
    aws_iam_role: 4,
    aws_iam_role_policy: 4,
    aws_iam_role_policy_attachment: 4,
  },
};


// Accounts whose environment runs a VPC OpenSearch domain (staging, production) also get OpenSearch's service-linked role.
const WITH_OPENSEARCH_ROLE = {
  add: STATE_STORE_AND_GITHUB_ROLES.add + 1,
  resourceCounts: { ...STATE_STORE_AND_GITHUB_ROLES.resourceCounts, aws_iam_service_linked_role: 1 },
};

// The state store of an environment's secondary region (disaster recovery, recovery.secondaryRegion): the stacks
// `<env>-<kind>-<region>` keep their state there, so a failover plans and applies while the primary region is down.
// No GitHub roles of its own: the environment's roles, made by its primary bootstrap stack, reach it by name.
const SECONDARY_STATE_STORE = {
  add: 10,
  resourceCounts: {
    aws_s3_bucket: 1,
    aws_dynamodb_table: 1,
    aws_kms_key: 1,
    aws_kms_alias: 1,
    aws_s3_bucket_policy: 1,
    aws_s3_bucket_public_access_block: 1,
    aws_iam_openid_connect_provider: 0,
    aws_iam_role: 0,
    aws_iam_service_linked_role: 0,
  },
};

// The security baseline of each account's primary region (security-<account>-<region>): the multi-region audit trail
// (its key, locked bucket, access log bucket, log group, CloudWatch Logs role and 12 CIS metric filters), GuardDuty
// with its four features, Security Hub, the IAM Access Analyzer, EBS default encryption with its key, IMDSv2
// defaults, the IAM password policy and the S3 account public access block. Development accounts (development,
// testing, storymagic-development) turn off the costly parts: no Security Hub standards, no Config recorder.
const DEVELOPMENT_BASELINE = {
  add: 48,
  resourceCounts: {
    aws_cloudtrail: 1,
    aws_cloudwatch_log_metric_filter: 12,
    aws_guardduty_detector: 1,
    aws_guardduty_detector_feature: 4,
    aws_securityhub_account: 1,
    aws_securityhub_standards_subscription: 0,
    aws_config_configuration_recorder: 0,
    aws_accessanalyzer_analyzer: 1,
    aws_ebs_encryption_by_default: 1,
    aws_ec2_instance_metadata_defaults: 1,
    aws_iam_account_password_policy: 1,
    aws_s3_account_public_access_block: 1,
    aws_s3_bucket: 2,
    aws_s3_bucket_object_lock_configuration: 1,
  },
};

// Every switch on (staging, production, storymagic-production): also the FSBP and CIS v3.0 standards, and AWS Config
// (its service-linked role, recorder with global resources, delivery channel, status, 14 rules) with its bucket.
const PRODUCTION_BASELINE = {
  add: 76,
  resourceCounts: {
    ...DEVELOPMENT_BASELINE.resourceCounts,
    aws_securityhub_standards_subscription: 2,
    aws_config_configuration_recorder: 1,
    aws_config_configuration_recorder_status: 1,
    aws_config_delivery_channel: 1,
    aws_config_config_rule: 14,
    aws_iam_service_linked_role: 1,
    aws_s3_bucket: 3,
  },
};

// A secondary region (recovery.secondaryRegion): regional parts only (no trail, bucket or global settings; 9 regional
// Config rules, delivering to the primary's bucket), and the forwarding of GuardDuty findings to the primary region.
const SECONDARY_BASELINE = {
  add: 30,
  resourceCounts: {
    aws_cloudtrail: 0,
    aws_guardduty_detector: 1,
    aws_guardduty_detector_feature: 4,
    aws_securityhub_standards_subscription: 2,
    aws_config_configuration_recorder: 1,
    aws_config_config_rule: 9,
    aws_cloudwatch_event_rule: 1,
    aws_cloudwatch_event_target: 1,
    aws_iam_role: 1,
    aws_iam_account_password_policy: 0,
    aws_s3_account_public_access_block: 0,
    aws_s3_bucket: 0,
  },
};

describeSynthesizedStacks('the bootstrap stacks', (outdir) => synthesizeBootstrap(environments, outdir), {
  'bootstrap-100000000001-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  'bootstrap-100000000002-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  'bootstrap-100000000003-eu-central-1': WITH_OPENSEARCH_ROLE,
  'bootstrap-100000000004-eu-central-1': WITH_OPENSEARCH_ROLE,
  // StoryMagic's accounts (seed 003); ECS, Elastic Load Balancing and Application Auto Scaling create their own
  // service-linked roles on first use.
  'bootstrap-100000000005-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  'bootstrap-100000000006-eu-central-1': STATE_STORE_AND_GITHUB_ROLES,
  // Staging (backup-restore), production (warm standby) and storymagic-production (pilot light) keep their
  // secondary region's stacks in eu-west-1; development, testing and storymagic-development recover nothing there.
  'bootstrap-100000000003-eu-west-1': SECONDARY_STATE_STORE,
  'bootstrap-100000000004-eu-west-1': SECONDARY_STATE_STORE,
  'bootstrap-100000000006-eu-west-1': SECONDARY_STATE_STORE,
  // Every account's baseline is planned: three shapes (development, every switch on, a secondary region).
  'security-100000000001-eu-central-1': DEVELOPMENT_BASELINE,
  'security-100000000002-eu-central-1': DEVELOPMENT_BASELINE,
  'security-100000000005-eu-central-1': DEVELOPMENT_BASELINE,
  'security-100000000004-eu-central-1': PRODUCTION_BASELINE,
  'security-100000000003-eu-central-1': PRODUCTION_BASELINE,
  'security-100000000006-eu-central-1': PRODUCTION_BASELINE,
  'security-100000000004-eu-west-1': SECONDARY_BASELINE,
  'security-100000000003-eu-west-1': SECONDARY_BASELINE,
  'security-100000000006-eu-west-1': SECONDARY_BASELINE,
});
