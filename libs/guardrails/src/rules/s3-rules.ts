import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blockOf, blocksOf, isTrue } from '../terraform-values';
import { attachedTo, tlsDenyProblem } from './rule-helpers';

const BUCKET = ['aws_s3_bucket'];
const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];
const PUBLIC_ACCESS_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** Bucket settings resources (`aws_s3_bucket_<setting>`) that apply to `bucket`. */
const settingsOf = (stack: StackIndex, bucket: StackResource, type: string) => attachedTo(stack, type, 'bucket', bucket, 'bucket');

export const S3_RULES: readonly Rule[] = [
  {
    id: 'PLAT-S3-001',
    checkovIds: ['CKV_AWS_145', 'CKV_AWS_19'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: BUCKET,
    description: 'Buckets encrypt new objects with a KMS key by default (SSE-KMS).',
    fix: 'add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" and a customer managed key (PrivateBucket from @platform/core does)',
    check(bucket, stack) {
      const rules = [
        ...settingsOf(stack, bucket, 'aws_s3_bucket_server_side_encryption_configuration').flatMap(({ config }) => blocksOf(config.rule)),
        ...blocksOf(blockOf(bucket.config.server_side_encryption_configuration)?.rule),
      ];
      const algorithms = rules.map((rule) => blockOf(rule.apply_server_side_encryption_by_default)?.sse_algorithm);
      if (algorithms.some((algorithm) => KMS_ALGORITHMS.includes(String(algorithm)))) return undefined;
      return algorithms.length === 0 ? 'has no default encryption configuration' : `encrypts with ${algorithms.map(String).join(', ')}, not a KMS key`;
    },
  },
  {
    id: 'PLAT-S3-002',
    checkovIds: ['CKV_AWS_21'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: BUCKET,
    description: 'Buckets keep object versions, so an overwrite or delete can be undone.',
    fix: 'add an aws_s3_bucket_versioning with versioning_configuration status "Enabled"',
    check(bucket, stack) {
      const statuses = settingsOf(stack, bucket, 'aws_s3_bucket_versioning').map(({ config }) => blockOf(config.versioning_configuration)?.status);
      if (statuses.includes('Enabled') || isTrue(blockOf(bucket.config.versioning)?.enabled)) return undefined;
      return statuses.length === 0 ? 'has no versioning configuration' : `versioning status is ${statuses.map(String).join(', ')}`;
    },
  },
  {
    id: 'PLAT-S3-003',
    checkovIds: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    complianceIds: ['CIS-3.0-2.1.4', 'FSBP-S3.8'],
    severity: 'error',
    resourceTypes: BUCKET,
    description: 'Buckets have a public access block with all four flags set.',
    fix: `add an aws_s3_bucket_public_access_block with ${PUBLIC_ACCESS_FLAGS.join(', ')} all true`,
    check(bucket, stack) {
      const blocks = settingsOf(stack, bucket, 'aws_s3_bucket_public_access_block');
      if (blocks.length === 0) return 'has no public access block';
      if (blocks.some(({ config }) => PUBLIC_ACCESS_FLAGS.every((flag) => isTrue(config[flag])))) return undefined;
      const missing = PUBLIC_ACCESS_FLAGS.filter((flag) => !blocks.some(({ config }) => isTrue(config[flag])));
      return `its public access block leaves ${missing.join(', ')} unset or false`;
    },
  },
  {
    id: 'PLAT-S3-004',
    checkovIds: [],
    complianceIds: ['CIS-3.0-2.1.1', 'FSBP-S3.5'],
    severity: 'error',
    resourceTypes: BUCKET,
    description: 'Bucket policies deny every request made without TLS (aws:SecureTransport false).',
    fix: 'add a bucket policy statement { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } } (PrivateBucket from @platform/core has it)',
    check(bucket, stack) {
      const policies = [...settingsOf(stack, bucket, 'aws_s3_bucket_policy').map(({ config }) => config.policy), ...(bucket.config.policy ? [bucket.config.policy] : [])];
      return tlsDenyProblem(policies, stack, 's3', 'bucket policy');
    },
  },
  {
    id: 'PLAT-S3-005',
    checkovIds: ['CKV_AWS_18'],
    complianceIds: ['FSBP-S3.9'],
    severity: 'warning',
    resourceTypes: BUCKET,
    description: 'Buckets write server access logs to a log bucket.',
    fix: 'add an aws_s3_bucket_logging with a target_bucket; on a bucket that itself receives access logs, suppress the rule with that reason instead',
    check(bucket, stack) {
      const logged = settingsOf(stack, bucket, 'aws_s3_bucket_logging').length > 0 || blockOf(bucket.config.logging)?.target_bucket !== undefined;
      return logged ? undefined : 'has no access logging';
    },
  },
];
