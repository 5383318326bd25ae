import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { TerraformStack } from 'cdktf';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { MESSAGING_RULES } from './messaging-rules';

const KEY = 'arn:aws:kms:eu-central-1:1:key/k';
const tlsOnly = (service: string) =>
  JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: `${service}:*`, Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
const publishers = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' }] });

function topic(stack: TerraformStack, policy = tlsOnly('sns')): SnsTopic {
  const resource = new SnsTopic(stack, 'Topic', { name: 'alarms', kmsMasterKeyId: KEY });
  new SnsTopicPolicy(stack, 'TopicPolicy', { arn: resource.arn, policy });
  return resource;
}

function queue(stack: TerraformStack, policy?: string): SqsQueue {
  const resource = new SqsQueue(stack, 'Queue', { name: 'tasks', kmsMasterKeyId: KEY });
  if (policy !== undefined) new SqsQueuePolicy(stack, 'QueuePolicy', { queueUrl: resource.url, policy });
  return resource;
}

describe('SNS and SQS rules', () => {
  testRulePack(
    MESSAGING_RULES,
    (stack: TerraformStack) => {
      topic(stack);
      queue(stack, tlsOnly('sqs'));
    },
    {
      'PLAT-SNS-001': [{ name: 'an unencrypted topic', build: (stack) => new SnsTopic(stack, 'Topic', { name: 'alarms' }), path: 'Topic', problem: 'kms_master_key_id is not set' }],
      'PLAT-SQS-001': [
        { name: 'SSE switched off', build: (stack) => new SqsQueue(stack, 'Queue', { name: 'tasks', sqsManagedSseEnabled: false }), path: 'Queue', problem: 'kms_master_key_id is not set' },
      ],
      'PLAT-SNS-002': [{ name: 'a topic policy without the TLS deny', build: (stack) => topic(stack, publishers), path: 'Topic', problem: 'its topic policy does not deny requests without TLS' }],
      'PLAT-SQS-002': [
        { name: 'a queue without a policy', build: (stack) => queue(stack), path: 'Queue', problem: 'has no queue policy' },
        { name: 'a TLS deny for another service', build: (stack) => queue(stack, tlsOnly('sns')), path: 'Queue', problem: 'its queue policy does not deny requests without TLS' },
      ],
    },
  );

  it('accepts SQS-managed encryption', () => {
    expect(findingsOf('PLAT-SQS-001', (stack) => new SqsQueue(stack, 'Queue', { name: 'tasks', sqsManagedSseEnabled: true }))).toEqual([]);
  });
});

describe('the TLS-only deny (SNS and SQS rules) at the edge of its condition', () => {
  /** A queue whose own policy argument holds one statement: the TLS deny with `change` applied. */
  const queueWith = (change: Record<string, unknown>) => (stack: TerraformStack) =>
    new SqsQueue(stack, 'Queue', {
      name: 'tasks',
      kmsMasterKeyId: KEY,
      policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...change }] }),
    });
  const problems = (build: (stack: TerraformStack) => void) => findingsOf('PLAT-SQS-002', build).map(({ problem }) => problem);
  const NO_DENY = ['its queue policy does not deny requests without TLS'];

  it.each<[string, Record<string, unknown>, string[]]>([
    ['the deny in the queue’s own policy argument', {}, []],
    ['a deny of every action ("*")', { Action: '*' }, []],
    ['SecureTransport false written as a list', { Condition: { Bool: { 'aws:SecureTransport': ['false'] } } }, []],
    ['an Allow instead of a Deny', { Effect: 'Allow' }, NO_DENY],
    ['a deny of one action only', { Action: 'sqs:SendMessage' }, NO_DENY],
    ['a deny on another condition operator', { Condition: { StringEquals: { 'aws:SecureTransport': 'false' } } }, NO_DENY],
    ['a deny on another condition key', { Condition: { Bool: { 'aws:ViaAWSService': 'false' } } }, NO_DENY],
  ])('%s', (_, change, expected) => {
    expect(problems(queueWith(change))).toEqual(expected);
  });

  it('reads a topic’s own policy argument', () => {
    const build = (stack: TerraformStack) => new SnsTopic(stack, 'Topic', { name: 'alarms', kmsMasterKeyId: KEY, policy: tlsOnly('sns') });
    expect(findingsOf('PLAT-SNS-002', build)).toEqual([]);
  });
});
