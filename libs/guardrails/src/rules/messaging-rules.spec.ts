import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { TerraformStack } from 'cdktf';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { MESSAGING_RULES } from './messaging-rules';

const KEY = 'arn:aws:kms:eu-central-1:1:key/k';

describe('SNS and SQS rules', () => {
  testRulePack(
    MESSAGING_RULES,
    (stack: TerraformStack) => {
      new SnsTopic(stack, 'Topic', { name: 'alarms', kmsMasterKeyId: KEY });
      new SqsQueue(stack, 'Queue', { name: 'tasks', kmsMasterKeyId: KEY });
    },
    {
      'PLAT-SNS-001': [{ name: 'an unencrypted topic', build: (stack) => new SnsTopic(stack, 'Topic', { name: 'alarms' }), path: 'Topic', problem: 'kms_master_key_id is not set' }],
      'PLAT-SQS-001': [
        { name: 'SSE switched off', build: (stack) => new SqsQueue(stack, 'Queue', { name: 'tasks', sqsManagedSseEnabled: false }), path: 'Queue', problem: 'kms_master_key_id is not set' },
      ],
    },
  );

  it('accepts SQS-managed encryption', () => {
    expect(findingsOf('PLAT-SQS-001', (stack) => new SqsQueue(stack, 'Queue', { name: 'tasks', sqsManagedSseEnabled: true }))).toEqual([]);
  });
});
