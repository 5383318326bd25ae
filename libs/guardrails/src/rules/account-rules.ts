import { Rule } from '../rule';
import { StackIndex } from '../stack-index';
import { isFalse, isTrue, numberOf } from '../terraform-values';
import { describeValue } from './rule-helpers';

const PUBLIC_ACCESS_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
/** CIS AWS Foundations v3.0 1.8 and 1.9. */
const MIN_PASSWORD_LENGTH = 14;
const MIN_PASSWORD_REUSE_PREVENTION = 24;
const EXTERNAL_ACCESS_ANALYZERS = ['ACCOUNT', 'ORGANIZATION'];

/** The problem when `value` is not a number of at least `minimum`. */
function atLeast(attribute: string, value: unknown, minimum: number): string | undefined {
  const number = numberOf(value);
  return number !== undefined && number >= minimum ? undefined : `${attribute} is ${describeValue(value)}, below ${minimum}`;
}

/** Analyzer types of this stack. The provider's default type is ACCOUNT. */
const analyzerTypes = (stack: StackIndex) => stack.ofType('aws_accessanalyzer_analyzer').map(({ config }) => String(config.type ?? 'ACCOUNT'));

/** Account-wide settings of the account baseline: one resource per account and region, each a CIS or FSBP control. */
export const ACCOUNT_RULES: readonly Rule[] = [
  {
    id: 'PLAT-ACCT-001',
    checkovIds: ['CKV_AWS_106'],
    complianceIds: ['CIS-3.0-2.2.1', 'FSBP-EC2.7'],
    severity: 'error',
    resourceTypes: ['aws_ebs_encryption_by_default'],
    description: 'EBS encryption by default is on, so every new volume and snapshot in the region is encrypted whoever creates it.',
    fix: 'remove enabled = false from aws_ebs_encryption_by_default (and set aws_ebs_default_kms_key to a customer managed key)',
    check: ({ config }) => (isFalse(config.enabled) ? 'enabled is false' : undefined),
  },
  {
    id: 'PLAT-ACCT-002',
    checkovIds: [],
    complianceIds: ['CIS-3.0-2.1.4', 'FSBP-S3.1'],
    severity: 'error',
    resourceTypes: ['aws_s3_account_public_access_block'],
    description: 'The account-level S3 public access block sets all four flags, so no bucket of the account can be made public by ACL or policy.',
    fix: `set ${PUBLIC_ACCESS_FLAGS.join(', ')} all to true on aws_s3_account_public_access_block`,
    check({ config }) {
      const missing = PUBLIC_ACCESS_FLAGS.filter((flag) => !isTrue(config[flag]));
      return missing.length === 0 ? undefined : `${missing.join(', ')} not true`;
    },
  },
  {
    id: 'PLAT-ACCT-003',
    checkovIds: ['CKV_AWS_10'],
    complianceIds: ['CIS-3.0-1.8'],
    severity: 'error',
    resourceTypes: ['aws_iam_account_password_policy'],
    description: `IAM user passwords are at least ${MIN_PASSWORD_LENGTH} characters long.`,
    fix: `set minimum_password_length = ${MIN_PASSWORD_LENGTH} or more`,
    check: ({ config }) => atLeast('minimum_password_length', config.minimum_password_length, MIN_PASSWORD_LENGTH),
  },
  {
    id: 'PLAT-ACCT-004',
    checkovIds: ['CKV_AWS_13'],
    complianceIds: ['CIS-3.0-1.9'],
    severity: 'error',
    resourceTypes: ['aws_iam_account_password_policy'],
    description: `IAM users cannot reuse any of their last ${MIN_PASSWORD_REUSE_PREVENTION} passwords.`,
    fix: `set password_reuse_prevention = ${MIN_PASSWORD_REUSE_PREVENTION}`,
    check: ({ config }) => atLeast('password_reuse_prevention', config.password_reuse_prevention, MIN_PASSWORD_REUSE_PREVENTION),
  },
  {
    id: 'PLAT-ACCT-005',
    checkovIds: [],
    complianceIds: ['CIS-3.0-5.6', 'FSBP-EC2.8'],
    severity: 'error',
    resourceTypes: ['aws_ec2_instance_metadata_defaults'],
    description: 'The region default for new instances is IMDSv2 only (http_tokens required), covering instances launched outside Terraform too.',
    fix: 'set http_tokens = "required" on aws_ec2_instance_metadata_defaults',
    check: ({ config }) => (config.http_tokens === 'required' ? undefined : `http_tokens is ${describeValue(config.http_tokens)}`),
  },
  {
    id: 'PLAT-ACCT-006',
    checkovIds: [],
    complianceIds: ['CIS-3.0-1.20'],
    severity: 'error',
    resourceTypes: ['aws_accessanalyzer_analyzer'],
    description: 'IAM Access Analyzer watches for external access: an analyzer of type ACCOUNT or ORGANIZATION (unused-access analyzers may come in addition, not instead).',
    fix: 'set type = "ACCOUNT" (or "ORGANIZATION" in the management or delegated administrator account), or add such an analyzer next to the unused-access one',
    check: (analyzer, stack) =>
      analyzerTypes(stack).some((type) => EXTERNAL_ACCESS_ANALYZERS.includes(type))
        ? undefined
        : `type is ${describeValue(analyzer.config.type)} and no ACCOUNT or ORGANIZATION analyzer exists in this stack`,
  },
];
