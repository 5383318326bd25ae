import { Rule } from '../rule';
import { blockOf, isNonEmptyString, isTrue } from '../terraform-values';
import { requireTrue } from './rule-helpers';

const TABLE = ['aws_dynamodb_table'];

export const DYNAMODB_RULES: readonly Rule[] = [
  {
    id: 'PLAT-DDB-001',
    checkovIds: ['CKV_AWS_28'],
    complianceIds: ['FSBP-DynamoDB.2'],
    severity: 'error',
    resourceTypes: TABLE,
    description: 'Tables keep continuous backups (point-in-time recovery, 35 days).',
    fix: 'add point_in_time_recovery { enabled = true }',
    check: ({ config }) => requireTrue(blockOf(config.point_in_time_recovery), 'enabled', 'point_in_time_recovery.enabled'),
  },
  {
    id: 'PLAT-DDB-002',
    checkovIds: ['CKV_AWS_119'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TABLE,
    description: 'Tables are encrypted with a customer managed KMS key.',
    fix: 'add server_side_encryption { enabled = true, kms_key_arn = <customer managed key> } (TerraformStateStore from @platform/state does)',
    check({ config }) {
      const encryption = blockOf(config.server_side_encryption);
      if (!isTrue(encryption?.enabled)) return 'server_side_encryption is not enabled, so the table uses an AWS owned key';
      return isNonEmptyString(encryption?.kms_key_arn) ? undefined : 'server_side_encryption has no kms_key_arn, so the table uses the AWS managed key';
    },
  },
];
