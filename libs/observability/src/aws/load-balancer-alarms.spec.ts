import { synthJson, SynthesizedResource } from '@platform/terraform-testing';
import { LoadBalancerAlarms, LoadBalancerAlarmsProps } from './load-balancer-alarms';
import { ALARM_PROPS, alarmNamed, alarmNames, severityOf } from './private/testing';

const synth = (props: Partial<LoadBalancerAlarmsProps> = {}) => synthJson((scope) => new LoadBalancerAlarms(scope, 'load-balancers', { ...ALARM_PROPS, ...props }));

/** What a user reads of a Metrics Insights alarm. */
function queryAlarmSummary(alarm: SynthesizedResource): Record<string, unknown> {
  const queries = alarm.metric_query as Record<string, unknown>[];
  expect(queries).toHaveLength(1);
  // A Metrics Insights alarm has its query, period and statistic in the query, none on the alarm itself.
  expect([alarm.namespace, alarm.metric_name, alarm.statistic, alarm.period]).toEqual([undefined, undefined, undefined, undefined]);
  return {
    severity: severityOf(alarm),
    query: queries[0].expression,
    period: queries[0].period,
    returnData: queries[0].return_data,
    comparison: alarm.comparison_operator,
    threshold: alarm.threshold,
    evaluationPeriods: alarm.evaluation_periods,
    datapointsToAlarm: alarm.datapoints_to_alarm,
    treatMissingData: alarm.treat_missing_data,
  };
}

describe('LoadBalancerAlarms', () => {
  const json = synth();

  it('watches ALB 5xx, ALB response time and ALB target health', () => {
    expect(alarmNames(json)).toEqual(['platform-test-elb-alb-5xx', 'platform-test-elb-alb-response-time-high', 'platform-test-elb-alb-target-5xx', 'platform-test-elb-alb-unhealthy-hosts']);
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'alb-target-5xx',
      {
        severity: 'warning',
        query: 'SELECT SUM(HTTPCode_Target_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
        period: 60,
        returnData: true,
        comparison: 'GreaterThanThreshold',
        threshold: 10,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: 'notBreaching',
      },
    ],
    [
      'alb-5xx',
      {
        severity: 'critical',
        query: 'SELECT SUM(HTTPCode_ELB_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
        period: 60,
        returnData: true,
        comparison: 'GreaterThanThreshold',
        threshold: 10,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: 'notBreaching',
      },
    ],
    [
      'alb-response-time-high',
      {
        severity: 'warning',
        query: 'SELECT AVG(TargetResponseTime) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
        period: 60,
        returnData: true,
        comparison: 'GreaterThanThreshold',
        threshold: 1,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: 'notBreaching',
      },
    ],
    [
      'alb-unhealthy-hosts',
      {
        severity: 'warning',
        query: 'SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup)',
        period: 60,
        returnData: true,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: 'missing',
      },
    ],
  ])('%s', (what, expected) => {
    expect(queryAlarmSummary(alarmNamed(json, `platform-test-elb-${what}`))).toEqual(expected);
  });

  it('takes threshold overrides', () => {
    const tuned = synth({ thresholds: { target5xxPerMinute: 50, loadBalancer5xxPerMinute: 0, targetResponseTimeSeconds: 0.5 } });
    expect(alarmNamed(tuned, 'platform-test-elb-alb-target-5xx').threshold).toBe(50);
    expect(alarmNamed(tuned, 'platform-test-elb-alb-5xx').threshold).toBe(0);
    expect(alarmNamed(tuned, 'platform-test-elb-alb-response-time-high').threshold).toBe(0.5);
  });

  it.each<[string, Partial<LoadBalancerAlarmsProps>, RegExp]>([
    ['a negative 5xx count', { thresholds: { target5xxPerMinute: -1 } }, /load-balancers: thresholds.target5xxPerMinute: -1 is not a count of 0 or more/],
    ['a fractional 5xx count', { thresholds: { loadBalancer5xxPerMinute: 2.5 } }, /thresholds.loadBalancer5xxPerMinute: 2.5 is not a count/],
    ['a zero response time', { thresholds: { targetResponseTimeSeconds: 0 } }, /thresholds.targetResponseTimeSeconds: 0 is not above 0 and at most 60 seconds/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
