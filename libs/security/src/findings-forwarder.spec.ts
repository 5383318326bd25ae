import { synthJson } from '@platform/terraform-testing';
import { decide, SIMULATED_ACCOUNT } from '@platform/terraform-testing/iam';
import { FindingsForwarder, FindingsForwarderProps } from './findings-forwarder';

const PROPS: FindingsForwarderProps = { namePrefix: 'platform', accountId: SIMULATED_ACCOUNT, region: 'eu-west-1', targetRegion: 'eu-central-1' };
const synth = (props: Partial<FindingsForwarderProps> = {}) => synthJson((scope) => new FindingsForwarder(scope, 'forwarder', { ...PROPS, ...props }));
const TARGET_BUS = `arn:aws:events:eu-central-1:${SIMULATED_ACCOUNT}:event-bus/default`;
const RULE_ARN = `arn:aws:events:eu-west-1:${SIMULATED_ACCOUNT}:rule/platform-guardduty-to-eu-central-1`;

describe('FindingsForwarder', () => {
  const json = synth();

  it("sends GuardDuty findings of severity 4 and above to the primary region's default bus through its role", () => {
    const rule = json.resources('aws_cloudwatch_event_rule')[0];
    expect(rule.name).toBe('platform-guardduty-to-eu-central-1');
    expect(JSON.parse(rule.event_pattern as string)).toEqual({ source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 4] }] } });
    expect(json.resources('aws_cloudwatch_event_target')[0]).toMatchObject({ arn: TARGET_BUS, role_arn: json.ref(json.resources('aws_iam_role')[0], 'arn'), rule: json.ref(rule, 'name') });
    expect(JSON.parse(synth({ minimumSeverity: 7 }).resources('aws_cloudwatch_event_rule')[0].event_pattern as string).detail).toEqual({ severity: [{ numeric: ['>=', 7] }] });
  });

  describe('its role, simulated', () => {
    const rolePolicy = JSON.parse(json.resources('aws_iam_role_policy')[0].policy as string);
    it.each([
      ['puts events on the target bus', 'events:PutEvents', TARGET_BUS, 'Allowed'],
      ["puts no events on another region's bus", 'events:PutEvents', `arn:aws:events:us-east-1:${SIMULATED_ACCOUNT}:event-bus/default`, 'ImplicitlyDenied'],
      ['puts no events on another bus', 'events:PutEvents', `arn:aws:events:eu-central-1:${SIMULATED_ACCOUNT}:event-bus/custom`, 'ImplicitlyDenied'],
      ['changes no rules', 'events:PutRule', `arn:aws:events:eu-central-1:${SIMULATED_ACCOUNT}:rule/x`, 'ImplicitlyDenied'],
    ])('%s', async (_case, action, resource, expected) => {
      expect(await decide({ role: 'platform-guardduty-forward-eu-west-1', action, resource }, rolePolicy)).toBe(expected);
    });

    it('is assumed by EventBridge for this rule of this account only', async () => {
      const trust = JSON.parse(json.resources('aws_iam_role')[0].assume_role_policy as string);
      const assume = (sourceArn: string, account = SIMULATED_ACCOUNT) =>
        decide({ role: 'events.amazonaws.com', service: true, action: 'sts:AssumeRole', resource: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/platform-guardduty-forward-eu-west-1`, resourcePolicy: trust, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account } }, 'nothing');
      expect(await assume(RULE_ARN)).toBe('Allowed');
      expect(await assume(`arn:aws:events:eu-west-1:${SIMULATED_ACCOUNT}:rule/other`)).toBe('ImplicitlyDenied');
      expect(await assume(RULE_ARN, '210987654321')).toBe('ImplicitlyDenied');
    });
  });

  it.each<[string, Partial<FindingsForwarderProps>, RegExp]>([
    ['forwarding to its own region', { targetRegion: 'eu-west-1' }, /targetRegion: is the rule's own region eu-west-1\. Fix: /],
    ['a severity GuardDuty has not', { minimumSeverity: 11 }, /minimumSeverity: 11 is not a GuardDuty severity\. Fix: /],
    ['a target that is no region', { targetRegion: 'primary' }, /targetRegion: 'primary' is not a region name\. Fix: /],
  ])('refuses %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
