import { synthJson } from '@platform/terraform-testing';
import { decide } from '@platform/terraform-testing/iam';
import { TerraformOutput } from 'cdktf';
import type { Severity } from '../alerting/alert-types';
import { AlarmTopics, AlarmTopicsProps } from './alarm-topics';

const PROPS: AlarmTopicsProps = {
  namePrefix: 'platform-test',
  accountId: '123456789012',
  region: 'eu-central-1',
  subscriptions: {
    critical: [
      { protocol: 'email', endpoint: 'oncall@example.com' },
      { protocol: 'https', endpoint: 'https://events.pagerduty.com/integration/abc/enqueue' },
    ],
    info: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-central-1:123456789012:alarm-archive' }],
  },
};
const synth = (props: Partial<AlarmTopicsProps> = {}) => synthJson((scope) => new AlarmTopics(scope, 'topics', { ...PROPS, ...props }));

describe('AlarmTopics', () => {
  const json = synth();
  const key = json.resource('aws_kms_key', 'Key');
  const statementsOf = (policy: unknown) => JSON.parse(policy as string).Statement as Record<string, unknown>[];

  it('creates one topic per severity, encrypted with its own rotating key', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(json.resources('aws_sns_topic').map((topic) => [topic.name, topic.kms_master_key_id]).sort()).toEqual([
      ['platform-test-alarms-critical', json.ref(key, 'arn')],
      ['platform-test-alarms-info', json.ref(key, 'arn')],
      ['platform-test-alarms-warning', json.ref(key, 'arn')],
    ]);
    expect(json.resource('aws_kms_alias', 'KeyAlias').name).toBe('alias/platform-test-alarm-topics');
  });

  it('lets CloudWatch and Budgets of this account use the key, as encrypted topics require', () => {
    const statements = statementsOf(key.policy);
    expect(statements.map((statement) => statement.Sid)).toEqual(['AccountAdministers', 'CloudWatchAlarmsEncrypt', 'BudgetsEncrypt']);
    for (const [statement, service] of [
      [statements[1], 'cloudwatch.amazonaws.com'],
      [statements[2], 'budgets.amazonaws.com'],
    ] as const) {
      expect(statement).toEqual({
        Sid: statement.Sid,
        Effect: 'Allow',
        Principal: { Service: service },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      });
    }
  });

  it('lets the account manage, CloudWatch alarms and budgets of this account publish, and refuses plain HTTP', () => {
    const topicArn = 'arn:aws:sns:eu-central-1:123456789012:platform-test-alarms-warning';
    const statements = statementsOf(json.resource('aws_sns_topic_policy', 'TopicPolicy-warning').policy);
    expect(statements.map((statement) => statement.Sid)).toEqual(['AccountManages', 'CloudWatchAlarmsPublish', 'BudgetsPublish', 'DenyInsecureTransport']);
    expect(statements[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Resource: topicArn });
    expect(statements[1]).toEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-central-1:123456789012:alarm:*' },
      },
    });
    expect(statements[2]).toMatchObject({
      Principal: { Service: 'budgets.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:budgets::123456789012:*' } },
    });
    expect(statements[3]).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:*',
      Resource: topicArn,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  describe('with eventRuleNamePrefix, simulated', () => {
    const withRules = synth({ eventRuleNamePrefix: 'platform-test-guardduty-' });
    const topicArn = 'arn:aws:sns:eu-central-1:123456789012:platform-test-alarms-critical';
    const topicPolicy = JSON.parse(withRules.resource('aws_sns_topic_policy', 'TopicPolicy-critical').policy as string);
    const keyPolicy = JSON.parse(withRules.resource('aws_kms_key', 'Key').policy as string);
    const rule = (name: string, account = '123456789012') => ({ 'aws:SourceArn': `arn:aws:events:eu-central-1:${account}:rule/${name}`, 'aws:SourceAccount': account });
    const publish = (context: Record<string, string>) => decide({ role: 'events.amazonaws.com', service: true, action: 'sns:Publish', resource: topicArn, resourcePolicy: topicPolicy, context: { ...context, 'aws:SecureTransport': 'true' } }, 'nothing');

    it.each([
      ['lets the rules of the prefix publish', rule('platform-test-guardduty-critical'), 'Allowed'],
      ['refuses other rules of the account', rule('someone-elses-rule'), 'ImplicitlyDenied'],
      ['refuses rules of another account', rule('platform-test-guardduty-critical', '210987654321'), 'ImplicitlyDenied'],
    ])('%s', async (_case, context, expected) => {
      expect(await publish(context)).toBe(expected);
    });

    it('lets EventBridge of this account encrypt with the key, and no other account', async () => {
      const key = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const encrypt = (account: string) => decide({ role: 'events.amazonaws.com', service: true, action: 'kms:GenerateDataKey', resource: key, resourcePolicy: keyPolicy, context: { 'aws:SourceAccount': account } }, 'nothing');
      expect(await encrypt('123456789012')).toBe('Allowed');
      expect(await encrypt('210987654321')).toBe('ImplicitlyDenied');
    });

    it('admits EventBridge nowhere without it', () => {
      expect(JSON.stringify(json.resources('aws_sns_topic_policy')) + JSON.stringify(key.policy)).not.toContain('events.amazonaws.com');
    });

    it('refuses a prefix that cannot start a rule name', () => {
      expect(() => synth({ eventRuleNamePrefix: 'guard duty*' })).toThrow(/eventRuleNamePrefix: 'guard duty\*' is not the start of an EventBridge rule name\. Fix: /);
    });
  });

  it('uses the partition of the region in every ARN', () => {
    const china = synth({ region: 'cn-north-1', subscriptions: {} });
    const statements = statementsOf(china.resource('aws_sns_topic_policy', 'TopicPolicy-critical').policy);
    expect(statements[1].Resource).toBe('arn:aws-cn:sns:cn-north-1:123456789012:platform-test-alarms-critical');
    expect(statements[2]).toMatchObject({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws-cn:budgets::123456789012:*' } } });
  });

  it("subscribes each severity's endpoints to its topic, keyed by endpoint", () => {
    const subscriptions = json.resources('aws_sns_topic_subscription');
    const critical = json.resource('aws_sns_topic', 'Topic-critical');
    const info = json.resource('aws_sns_topic', 'Topic-info');
    expect(subscriptions.map((s) => [s.topic_arn, s.protocol, s.endpoint]).sort()).toEqual(
      [
        [json.ref(critical, 'arn'), 'email', 'oncall@example.com'],
        [json.ref(critical, 'arn'), 'https', 'https://events.pagerduty.com/integration/abc/enqueue'],
        [json.ref(info, 'arn'), 'sqs', 'arn:aws:sqs:eu-central-1:123456789012:alarm-archive'],
      ].sort(),
    );
    const fewer = synth({ subscriptions: { critical: [{ protocol: 'https', endpoint: 'https://events.pagerduty.com/integration/abc/enqueue' }] } });
    const kept = subscriptions.find((s) => s.protocol === 'https')?.logicalId;
    expect(fewer.resources('aws_sns_topic_subscription').map((s) => s.logicalId)).toEqual([kept]);
  });

  it('returns the ARN of a severity, and refuses an unknown severity', () => {
    const outputs = synthJson((scope) => {
      const topics = new AlarmTopics(scope, 'topics', PROPS);
      new TerraformOutput(scope, 'critical', { value: topics.topicArn('critical') });
      new TerraformOutput(scope, 'warning', { value: topics.topicArns.warning });
      expect(() => topics.topicArn('urgent' as Severity)).toThrow(/topics: severity: 'urgent' is not a severity. Fix: use one of 'critical', 'warning', 'info'/);
    });
    const output = outputs.json.output as Record<string, { value: string }>;
    expect(output.critical.value).toBe(outputs.ref(outputs.resource('aws_sns_topic', 'Topic-critical'), 'arn'));
    expect(output.warning.value).toBe(outputs.ref(outputs.resource('aws_sns_topic', 'Topic-warning'), 'arn'));
  });

  it.each<[string, Partial<AlarmTopicsProps>, RegExp]>([
    ['a malformed mail address', { subscriptions: { critical: [{ protocol: 'email', endpoint: 'oncall' }] } }, /subscriptions.critical: 'oncall' is not a valid email endpoint/],
    ['a plain http endpoint', { subscriptions: { warning: [{ protocol: 'https', endpoint: 'http://hooks.example.com' }] } }, /subscriptions.warning: .* is not a valid https endpoint. Fix: give an https:\/\/ URL/],
    ['a FIFO queue', { subscriptions: { info: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-central-1:123456789012:q.fifo' }] } }, /is not a valid sqs endpoint/],
    ['a Lambda name instead of its ARN', { subscriptions: { info: [{ protocol: 'lambda', endpoint: 'notify' }] } }, /'notify' is not a valid lambda endpoint/],
    ['an unknown severity', { subscriptions: { urgent: [] } as never }, /subscriptions.urgent: 'urgent' is not a severity/],
    [
      'an endpoint twice',
      { subscriptions: { critical: [{ protocol: 'email', endpoint: 'a@example.com' }, { protocol: 'email', endpoint: 'a@example.com' }] } },
      /subscriptions.critical: lists 'a@example.com' more than once/,
    ],
    ['an endpoint known only at apply time', { subscriptions: { info: [{ protocol: 'sqs', endpoint: '${aws_sqs_queue.archive.arn}' }] } }, /subscriptions.info: .* is not a valid sqs endpoint. Fix: write the endpoint out/],
    ['a name prefix with spaces', { namePrefix: 'platform test' }, /namePrefix: 'platform test' is not a name prefix/],
    ['a short account id', { accountId: '1234' }, /accountId: '1234' is not a 12-digit account id/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
