import { SynthesizedResource, synthJson } from '@platform/terraform-testing';
import { FindingAlerts } from './finding-alerts';

const TOPICS = { critical: 'arn:aws:sns:eu-central-1:123456789012:platform-production-alarms-critical', warning: 'arn:aws:sns:eu-central-1:123456789012:platform-production-alarms-warning' };
const synth = (namePrefix = 'platform-production') => synthJson((scope) => new FindingAlerts(scope, 'findings', { namePrefix, topicArns: TOPICS }));

describe('FindingAlerts', () => {
  const json = synth();
  const rule = (severity: string) => json.resources('aws_cloudwatch_event_rule').find(({ name }) => name === `platform-production-guardduty-${severity}`) as SynthesizedResource;

  it.each([
    ['critical', { numeric: ['>=', 7] }],
    ['warning', { numeric: ['>=', 4, '<', 7] }],
  ])('sends GuardDuty findings to the %s topic by severity', (severity, range) => {
    expect(JSON.parse(rule(severity).event_pattern as string)).toEqual({ source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [range] } });
    const target = json.resources('aws_cloudwatch_event_target').find(({ arn }) => arn === TOPICS[severity as 'critical' | 'warning']);
    expect(target).toMatchObject({ rule: json.ref(rule(severity), 'name') });
  });

  it('names every rule under the prefix the topic policies admit', () => {
    expect(json.resources('aws_cloudwatch_event_rule').every(({ name }) => String(name).startsWith(FindingAlerts.ruleNamePrefix('platform-production')))).toBe(true);
  });

  it('refuses a name prefix EventBridge cannot use', () => {
    expect(() => synth('platform production')).toThrow(/namePrefix: 'platform production' is not a name prefix\. Fix: /);
  });
});
