import { synthJson } from '@platform/terraform-testing';
import { ALARM_PROPS, alarmNamed, alarmNames, metricAlarmSummary, TOPIC_ARNS } from './private/testing';
import { QueueAlarms, QueueAlarmsProps } from './queue-alarms';

const PROPS: QueueAlarmsProps = { ...ALARM_PROPS, queueNames: ['platform-test-tasks', 'platform-test-notifications'] };
const synth = (props: Partial<QueueAlarmsProps> = {}) => synthJson((scope) => new QueueAlarms(scope, 'queues', { ...PROPS, ...props }));

describe('QueueAlarms', () => {
  const json = synth();
  const sqs = (queue: string) => ({ namespace: 'AWS/SQS', dimensions: { QueueName: queue } });

  it('watches depth, age and dead letters of every queue', () => {
    expect(alarmNames(json)).toEqual(
      ['tasks', 'notifications'].flatMap((queue) => ['depth-high', 'oldest-message-old', 'dead-letters'].map((what) => `platform-test-sqs-platform-test-${queue}-${what}`)).sort(),
    );
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'depth-high',
      { ...sqs('platform-test-tasks'), severity: 'warning', metric: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 1000, period: 300, evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: 'missing' },
    ],
    [
      'oldest-message-old',
      { ...sqs('platform-test-tasks'), severity: 'warning', metric: 'ApproximateAgeOfOldestMessage', statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 900, period: 300, evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: 'missing' },
    ],
    [
      'dead-letters',
      { ...sqs('platform-test-tasks-dlq'), severity: 'critical', metric: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 0, period: 300, evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: 'missing' },
    ],
  ])('%s', (what, expected) => {
    expect(metricAlarmSummary(alarmNamed(json, `platform-test-sqs-platform-test-tasks-${what}`))).toEqual(expected);
  });

  it('notifies the topic of the alarm severity on alarm and on recovery', () => {
    const alarm = alarmNamed(json, 'platform-test-sqs-platform-test-tasks-dead-letters');
    expect(alarm.alarm_actions).toEqual([TOPIC_ARNS.critical]);
    expect(alarm.ok_actions).toEqual([TOPIC_ARNS.critical]);
  });

  it.each<[string, Partial<QueueAlarmsProps>, RegExp]>([
    ['no queues', { queueNames: [] }, /queueNames: the list is empty/],
    ['a queue listed twice', { queueNames: ['a', 'a'] }, /queueNames: lists 'a' more than once/],
    ['a name with spaces', { queueNames: ['my queue'] }, /queueNames: 'my queue' is not a literal SQS queue name/],
    ['a depth of 0', { thresholds: { depth: 0 } }, /thresholds\.depth: 0 is not a positive message count/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
