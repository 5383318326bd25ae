import { synthJson } from '@platform/terraform-testing';
import { NotificationTopics, NotificationTopicsProps } from './notification-topics';

const PROPS: NotificationTopicsProps = {
  namePrefix: 'platform-test',
  accountId: '123456789012',
  region: 'eu-central-1',
  topics: {
    alerts: { subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }, { protocol: 'https', endpoint: 'https://hooks.example.com/sns' }] },
    budgets: {},
  },
};
const synth = (props: Partial<NotificationTopicsProps> = {}) => synthJson((scope) => new NotificationTopics(scope, 'topics', { ...PROPS, ...props }));

describe('NotificationTopics', () => {
  const json = synth();
  const key = json.resource('aws_kms_key', 'Key');

  it.each([
    [undefined, true],
    [false, false],
  ])('with preventDestroy %s, sets prevent_destroy %s on the key of the topics', (preventDestroy, expected) => {
    const synthesized = synth({ preventDestroy });
    const resources = ['aws_kms_key'].flatMap((type) => synthesized.resources(type));
    expect(resources).toHaveLength(1);
    for (const resource of resources) expect(resource.lifecycle).toMatchObject({ prevent_destroy: expected });
  });

  it('encrypts every topic with the own rotating key', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(json.resources('aws_sns_topic').map((t) => [t.name, t.kms_master_key_id])).toEqual([
      ['platform-test-alerts', json.ref(key, 'arn')],
      ['platform-test-budgets', json.ref(key, 'arn')],
    ]);
  });

  it('lets CloudWatch alarms, Budgets and EventBridge use the key', () => {
    const statement = JSON.parse(key.policy as string).Statement[1];
    expect(statement).toMatchObject({
      Principal: { Service: ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com', 'events.amazonaws.com'] },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    });
  });

  it('lets those services of this account publish and refuses plain HTTP', () => {
    const statements = JSON.parse(json.resource('aws_sns_topic_policy', 'TopicPolicy-alerts').policy as string).Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(['AccountManages', 'ServicesOfThisAccountPublish', 'DenyInsecureTransport']);
    expect(statements[1]).toMatchObject({ Action: 'sns:Publish', Resource: 'arn:aws:sns:eu-central-1:123456789012:platform-test-alerts', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } });
    expect(statements[2]).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('subscribes the given email and HTTPS endpoints, keyed by endpoint', () => {
    const subscriptions = json.resources('aws_sns_topic_subscription').sort((a, b) => String(a.protocol).localeCompare(String(b.protocol)));
    expect(subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'ops@example.com'],
      ['https', 'https://hooks.example.com/sns'],
    ]);
    expect(subscriptions[0].logicalId).toContain('ops@example.com'.replace(/[^A-Za-z0-9]/g, ''));
    const fewer = synth({ topics: { alerts: { subscriptions: [{ protocol: 'https', endpoint: 'https://hooks.example.com/sns' }] } } });
    expect(fewer.resources('aws_sns_topic_subscription').map((s) => s.logicalId)).toEqual([subscriptions[1].logicalId]);
  });

  it.each([
    [{ topics: { alerts: { subscriptions: [{ protocol: 'email' as const, endpoint: 'not-an-address' }] } } }, /topics.alerts.subscriptions: 'not-an-address' is not a valid email endpoint/],
    [{ topics: { alerts: { subscriptions: [{ protocol: 'https' as const, endpoint: 'http://hooks.example.com' }] } } }, /is not a valid https endpoint/],
    [
      { topics: { alerts: { subscriptions: [{ protocol: 'email' as const, endpoint: 'a@example.com' }, { protocol: 'email' as const, endpoint: 'a@example.com' }] } } },
      /lists an endpoint twice/,
    ],
    [{ topics: { 'bad name': {} } }, /is not a valid SNS topic name/],
    [{ topics: {} }, /topics: no topic is defined/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
