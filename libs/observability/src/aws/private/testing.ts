import type { RatioAlarmSpec, ThresholdAlarmSpec } from '../metric-alarms';
import { SynthesizedJson, SynthesizedResource } from '@platform/terraform-testing';
import { SEVERITIES } from '../../alerting/alert-types';
import type { AlarmTopicArns } from '../alarm-types';

/** Literal topic ARNs per severity, so tests can tell which topic an alarm notifies. */
export const TOPIC_ARNS: AlarmTopicArns = {
  critical: 'arn:aws:sns:eu-central-1:123456789012:platform-test-alarms-critical',
  warning: 'arn:aws:sns:eu-central-1:123456789012:platform-test-alarms-warning',
  info: 'arn:aws:sns:eu-central-1:123456789012:platform-test-alarms-info',
};

export const ALARM_PROPS = { namePrefix: 'platform-test', topicArns: TOPIC_ARNS };

/** The alarm named `name`; fails the test when there is none. */
export function alarmNamed(json: SynthesizedJson, name: string): SynthesizedResource {
  const alarm = json.resources('aws_cloudwatch_metric_alarm').find((candidate) => candidate.alarm_name === name);
  if (alarm === undefined) {
    throw new Error(`no alarm '${name}'; alarms: ${alarmNames(json).join(', ')}`);
  }
  return alarm;
}

export function alarmNames(json: SynthesizedJson): string[] {
  return json
    .resources('aws_cloudwatch_metric_alarm')
    .map((alarm) => String(alarm.alarm_name))
    .sort();
}

/** The severity whose topic the alarm notifies, asserting that it notifies that one topic on ALARM and on OK. */
export function severityOf(alarm: SynthesizedResource): string {
  const severity = SEVERITIES.find((candidate) => TOPIC_ARNS[candidate] === (alarm.alarm_actions as string[])[0]);
  expect(alarm.alarm_actions).toEqual([TOPIC_ARNS[severity as keyof AlarmTopicArns]]);
  expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
  return String(severity);
}

/** The fields of a metric alarm a user reads, for one `toEqual` per alarm. */
export function metricAlarmSummary(alarm: SynthesizedResource): Record<string, unknown> {
  return {
    severity: severityOf(alarm),
    namespace: alarm.namespace,
    metric: alarm.metric_name,
    dimensions: alarm.dimensions,
    statistic: alarm.statistic,
    comparison: alarm.comparison_operator,
    threshold: alarm.threshold,
    period: alarm.period,
    evaluationPeriods: alarm.evaluation_periods,
    datapointsToAlarm: alarm.datapoints_to_alarm,
    treatMissingData: alarm.treat_missing_data,
  };
}

/** Seed 003's two alarms on StoryMagic's custom metrics, as an environment's config would declare them. */
export const GENERATION_TIMEOUT_RATE: RatioAlarmSpec = {
  kind: 'ratio',
  numerator: { namespace: 'StoryMagic', metricName: 'GenerationTimeouts', statistic: 'Sum' },
  denominator: { namespace: 'StoryMagic', metricName: 'story_generation_time', statistic: 'SampleCount' },
  periodSeconds: 600,
  thresholdPercent: 5,
  severity: 'warning',
  description: 'More than 5 % of story generations timed out in the last 10 minutes. Check the OpenAI API status and latency.',
};
export const SAFETY_VIOLATIONS: ThresholdAlarmSpec = {
  kind: 'threshold',
  namespace: 'StoryMagic',
  metricName: 'SafetyViolations',
  statistic: 'Sum',
  periodSeconds: 60,
  evaluationPeriods: 1,
  comparison: '>',
  threshold: 0,
  severity: 'critical',
  description: 'A story failed the content-safety check. Review the flagged content now.',
};

/** A p95 latency alarm with dimensions and M of N datapoints (seed 003's api_response_time by endpoint and method). */
export const API_LATENCY: ThresholdAlarmSpec = {
  kind: 'threshold',
  namespace: 'StoryMagic',
  metricName: 'api_response_time',
  dimensions: { endpoint: '/api/stories', method: 'POST' },
  statistic: 'p95',
  periodSeconds: 60,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  comparison: '>=',
  threshold: 1000,
  severity: 'warning',
  description: 'Story creation is slow.',
};
