import { Rule } from '../rule';
import { isTrue } from '../terraform-values';
import { requireSet } from './rule-helpers';

export const MESSAGING_RULES: readonly Rule[] = [
  {
    id: 'PLAT-SNS-001',
    checkovIds: ['CKV_AWS_26'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['aws_sns_topic'],
    description: 'Topics encrypt messages at rest with a KMS key (SNS does not by default).',
    fix: 'set kms_master_key_id to a customer managed key the publishing services may use (NotificationTopics from @platform/data does)',
    check: ({ config }) => requireSet(config, 'kms_master_key_id'),
  },
  {
    id: 'PLAT-SQS-001',
    checkovIds: ['CKV_AWS_27'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['aws_sqs_queue'],
    description: 'Queues encrypt messages at rest with a KMS key or SQS-managed keys.',
    fix: 'set kms_master_key_id to a customer managed key (MessageQueues from @platform/data does), or sqs_managed_sse_enabled = true',
    check: ({ config }) => (isTrue(config.sqs_managed_sse_enabled) ? undefined : requireSet(config, 'kms_master_key_id')),
  },
];
