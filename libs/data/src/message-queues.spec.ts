import { synthJson } from '@platform/terraform-testing';
import { MessageQueues, MessageQueuesProps } from './message-queues';

const PROPS: MessageQueuesProps = { namePrefix: 'platform-test', accountId: '123456789012', region: 'eu-central-1', queues: { jobs: {}, emails: { maxReceiveCount: 3, visibilityTimeoutSeconds: 120 } } };
const synth = (props: Partial<MessageQueuesProps> = {}) => synthJson((scope) => new MessageQueues(scope, 'queues', { ...PROPS, ...props }));

describe('MessageQueues', () => {
  const json = synth();
  const key = json.resource('aws_kms_key', 'Key');

  it.each([
    [undefined, true],
    [false, false],
  ])('with preventDestroy %s, sets prevent_destroy %s on the key of the queues', (preventDestroy, expected) => {
    const synthesized = synth({ preventDestroy });
    const resources = ['aws_kms_key'].flatMap((type) => synthesized.resources(type));
    expect(resources).toHaveLength(1);
    for (const resource of resources) expect(resource.lifecycle).toMatchObject({ prevent_destroy: expected });
  });

  it('creates each queue and its <name>-dlq, keyed by name', () => {
    expect(json.resources('aws_sqs_queue').map((q) => q.name).sort()).toEqual([
      'platform-test-emails',
      'platform-test-emails-dlq',
      'platform-test-jobs',
      'platform-test-jobs-dlq',
    ]);
    expect(json.resource('aws_sqs_queue', 'Queue-jobs').name).toBe('platform-test-jobs');
  });

  it('redrives to the dead-letter queue after 5 receives by default, or the given count', () => {
    const redrive = (name: string) => JSON.parse(json.resource('aws_sqs_queue', `Queue-${name}`).redrive_policy as string);
    expect(redrive('jobs')).toEqual({ deadLetterTargetArn: json.ref(json.resource('aws_sqs_queue', 'DeadLetterQueue-jobs'), 'arn'), maxReceiveCount: 5 });
    expect(redrive('emails').maxReceiveCount).toBe(3);
    expect(json.resource('aws_sqs_queue', 'Queue-emails').visibility_timeout_seconds).toBe(120);
    expect(json.resource('aws_sqs_queue', 'Queue-jobs').visibility_timeout_seconds).toBe(30);
  });

  it('keeps dead letters 14 days and lets only the own queue redrive into them', () => {
    const dlq = json.resource('aws_sqs_queue', 'DeadLetterQueue-jobs');
    expect(dlq.message_retention_seconds).toBe(1209600);
    expect(JSON.parse(dlq.redrive_allow_policy as string)).toEqual({ redrivePermission: 'byQueue', sourceQueueArns: ['arn:aws:sqs:eu-central-1:123456789012:platform-test-jobs'] });
  });

  it('encrypts every queue with the own rotating key, reusing data keys for 5 minutes', () => {
    expect(key.enable_key_rotation).toBe(true);
    for (const queue of json.resources('aws_sqs_queue')) {
      expect(queue).toMatchObject({ kms_master_key_id: json.ref(key, 'arn'), kms_data_key_reuse_period_seconds: 300 });
    }
  });

  it('refuses plain HTTP on every queue and dead-letter queue', () => {
    const policies = json.resources('aws_sqs_queue_policy');
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(JSON.parse(policy.policy as string).Statement).toEqual([
        expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]);
    }
  });

  it.each([
    [{ queues: { jobs: { maxReceiveCount: 0 } } }, /queues.jobs.maxReceiveCount: 0 is outside 1-1000/],
    [{ queues: { jobs: { maxReceiveCount: 1001 } } }, /queues.jobs.maxReceiveCount: 1001 is outside 1-1000/],
    [{ queues: { jobs: { visibilityTimeoutSeconds: 43201 } } }, /visibilityTimeoutSeconds: 43201 is outside 0-43200/],
    [{ queues: { jobs: { messageRetentionSeconds: 30 } } }, /messageRetentionSeconds: 30 is outside 60-1209600/],
    [{ queues: { 'bad.name': {} } }, /queues.bad.name: 'platform-test-bad.name-dlq' is not a valid SQS queue name/],
    [{ queues: {} }, /queues: no queue is defined/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
