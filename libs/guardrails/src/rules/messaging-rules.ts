import { Rule } from '../rule';
import { isTrue } from '../terraform-values';
import { requireSet, tlsDenyProblem } from './rule-helpers';

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
    complianceIds: ['FSBP-SQS.1'],
    severity: 'error',
    resourceTypes: ['aws_sqs_queue'],
    description: 'Queues encrypt messages at rest with a KMS key or SQS-managed keys.',
    fix: 'set kms_master_key_id to a customer managed key (MessageQueues from @platform/data does), or sqs_managed_sse_enabled = true',
    check: ({ config }) => (isTrue(config.sqs_managed_sse_enabled) ? undefined : requireSet(config, 'kms_master_key_id')),
  },
  {
    id: 'PLAT-SNS-002',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['aws_sns_topic'],
    description: 'Topic policies deny every request made without TLS (aws:SecureTransport false), so messages and subscriptions never cross the network in clear text (cdk-nag AwsSolutions-SNS3).',
    fix: 'add an aws_sns_topic_policy statement { Effect: "Deny", Principal: "*", Action: "sns:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }',
    check: (topic, stack) =>
      tlsDenyProblem([...stack.referencing('aws_sns_topic_policy', topic, 'arn').map(({ config }) => config.policy), ...(topic.config.policy ? [topic.config.policy] : [])], stack, 'sns', 'topic policy'),
  },
  {
    id: 'PLAT-SQS-002',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['aws_sqs_queue'],
    description: 'Queue policies deny every request made without TLS (aws:SecureTransport false) (cdk-nag AwsSolutions-SQS4).',
    fix: 'add an aws_sqs_queue_policy statement { Effect: "Deny", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }',
    check: (queue, stack) =>
      tlsDenyProblem([...stack.referencing('aws_sqs_queue_policy', queue, 'queue_url').map(({ config }) => config.policy), ...(queue.config.policy ? [queue.config.policy] : [])], stack, 'sqs', 'queue policy'),
  },
];
