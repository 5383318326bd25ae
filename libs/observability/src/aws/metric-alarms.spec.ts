import { synthJson, SynthesizedResource } from '@platform/terraform-testing';
import { MetricAlarms, MetricAlarmsProps, MetricAlarmSpec, ThresholdAlarmSpec } from './metric-alarms';
import { ALARM_PROPS, alarmNamed, alarmNames, API_LATENCY, GENERATION_TIMEOUT_RATE, metricAlarmSummary, SAFETY_VIOLATIONS, severityOf } from './private/testing';

const PROPS: MetricAlarmsProps = { ...ALARM_PROPS, application: 'storymagic', alarms: { 'generation-timeout-rate': GENERATION_TIMEOUT_RATE, 'safety-violations': SAFETY_VIOLATIONS } };
const synth = (props: Partial<MetricAlarmsProps> = {}) => synthJson((scope) => new MetricAlarms(scope, 'app-alarms', { ...PROPS, ...props }));
const withAlarm = (spec: Record<string, unknown>) => ({ alarms: { probe: spec as unknown as MetricAlarmSpec } });

describe('MetricAlarms', () => {
  const json = synth();

  it('names each alarm <namePrefix>-<application>-<key>', () => {
    expect(alarmNames(json)).toEqual(['platform-test-storymagic-generation-timeout-rate', 'platform-test-storymagic-safety-violations']);
  });

  it('pages on any content-safety violation in a single 1-minute period (seed 003)', () => {
    const alarm = alarmNamed(json, 'platform-test-storymagic-safety-violations');
    expect(metricAlarmSummary(alarm)).toEqual({
      severity: 'critical',
      namespace: 'StoryMagic',
      metric: 'SafetyViolations',
      dimensions: {},
      statistic: 'Sum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      period: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
    });
    expect(alarm.alarm_description).toBe(`${SAFETY_VIOLATIONS.description} Severity: critical.`);
  });

  describe('the generation timeout rate (seed 003: > 5 % in 10 minutes)', () => {
    const alarm = alarmNamed(json, 'platform-test-storymagic-generation-timeout-rate');
    const queries = alarm.metric_query as Record<string, unknown>[];
    const query = (id: string) => queries.find((candidate) => candidate.id === id) as Record<string, unknown>;

    it('alarms above 5 % over one 10-minute period, warning', () => {
      expect(severityOf(alarm)).toBe('warning');
      expect([alarm.comparison_operator, alarm.threshold, alarm.evaluation_periods, alarm.datapoints_to_alarm, alarm.treat_missing_data]).toEqual(['GreaterThanThreshold', 5, 1, 1, 'notBreaching']);
      // A metric math alarm has its metrics and periods in the queries, none on the alarm itself.
      expect([alarm.namespace, alarm.metric_name, alarm.statistic, alarm.period]).toEqual([undefined, undefined, undefined, undefined]);
    });

    it('divides the timeouts by the number of generations, both per 10 minutes', () => {
      expect(queries.map((candidate) => candidate.id)).toEqual(['result', 'numerator', 'denominator']);
      expect(query('numerator')).toMatchObject({ return_data: false, metric: { namespace: 'StoryMagic', metric_name: 'GenerationTimeouts', stat: 'Sum', period: 600, dimensions: {} } });
      expect(query('denominator')).toMatchObject({ return_data: false, metric: { namespace: 'StoryMagic', metric_name: 'story_generation_time', stat: 'SampleCount', period: 600 } });
    });

    it('computes the percentage, 0 % when nothing was generated', () => {
      expect(query('result')).toMatchObject({
        return_data: true,
        expression: 'IF(FILL(denominator, 0) >= 1, 100 * FILL(numerator, 0) / FILL(denominator, 0), 0)',
        label: 'GenerationTimeouts per story_generation_time (%)',
      });
    });

    it('takes a minimum traffic and a longer window', () => {
      const tuned = alarmNamed(
        synth({ alarms: { 'generation-timeout-rate': { ...GENERATION_TIMEOUT_RATE, minimumDenominator: 20, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 } } }),
        'platform-test-storymagic-generation-timeout-rate',
      );
      expect((tuned.metric_query as Record<string, unknown>[])[0].expression).toBe('IF(FILL(denominator, 0) >= 20, 100 * FILL(numerator, 0) / FILL(denominator, 0), 0)');
      expect([tuned.evaluation_periods, tuned.datapoints_to_alarm]).toEqual([3, 2]);
    });
  });

  it.each<[ThresholdAlarmSpec['comparison'], string]>([
    ['>', 'GreaterThanThreshold'],
    ['>=', 'GreaterThanOrEqualToThreshold'],
    ['<', 'LessThanThreshold'],
    ['<=', 'LessThanOrEqualToThreshold'],
  ])('maps the comparison %s to %s', (comparison, operator) => {
    expect(alarmNamed(synth(withAlarm({ ...SAFETY_VIOLATIONS, comparison, threshold: 3 })), 'platform-test-storymagic-probe').comparison_operator).toBe(operator);
  });

  it('watches a percentile as the extended statistic, with dimensions, and takes the missing-data treatment', () => {
    const latency: ThresholdAlarmSpec = { ...API_LATENCY, comparison: '>', treatMissingData: 'missing' };
    const alarm: SynthesizedResource = alarmNamed(synth(withAlarm(latency as unknown as Record<string, unknown>)), 'platform-test-storymagic-probe');
    expect(alarm).toMatchObject({ extended_statistic: 'p95', dimensions: { endpoint: '/api/stories', method: 'POST' }, evaluation_periods: 5, datapoints_to_alarm: 3, treat_missing_data: 'missing' });
    expect(alarm.statistic).toBeUndefined();
  });

  it("names alarms 'app' when no application is given, and exposes their names", () => {
    synthJson((scope) => {
      const alarms = new MetricAlarms(scope, 'app-alarms', { ...PROPS, application: undefined });
      expect(alarms.alarmNames).toEqual({ 'generation-timeout-rate': 'platform-test-app-generation-timeout-rate', 'safety-violations': 'platform-test-app-safety-violations' });
      expect(alarms.alarmArns).toHaveLength(2);
    });
  });

  it.each<[string, Partial<MetricAlarmsProps>, RegExp]>([
    ['no alarm', { alarms: {} }, /app-alarms: alarms: no alarm is given/],
    ['an upper-case application', { application: 'StoryMagic' }, /application: 'StoryMagic' is not a name part/],
    ['an alarm key with a space', { alarms: { 'safety violations': SAFETY_VIOLATIONS } }, /alarms.safety violations: 'safety violations' is not an alarm key/],
    ['an unknown kind', withAlarm({ ...SAFETY_VIOLATIONS, kind: 'anomaly' }), /alarms.probe.kind: 'anomaly' is not an alarm kind/],
    ['an unknown severity', withAlarm({ ...SAFETY_VIOLATIONS, severity: 'page' }), /alarms.probe.severity: 'page' is not a severity/],
    ['an empty description', withAlarm({ ...SAFETY_VIOLATIONS, description: ' ' }), /alarms.probe.description: is empty/],
    ['a description CloudWatch cuts off', withAlarm({ ...SAFETY_VIOLATIONS, description: 'x'.repeat(1000) }), /alarms.probe.description: is 1000 characters long/],
    ['a period of 90 s', withAlarm({ ...SAFETY_VIOLATIONS, periodSeconds: 90 }), /alarms.probe.periodSeconds: 90 is not a CloudWatch alarm period. Fix: use a multiple of 60/],
    ['a period of 20 s', withAlarm({ ...SAFETY_VIOLATIONS, periodSeconds: 20 }), /alarms.probe.periodSeconds: 20 is not a CloudWatch alarm period/],
    ['no evaluation period', withAlarm({ ...SAFETY_VIOLATIONS, evaluationPeriods: 0 }), /alarms.probe.evaluationPeriods: 0 is not a count of 1 or more/],
    ['a window longer than a day', withAlarm({ ...SAFETY_VIOLATIONS, periodSeconds: 3600, evaluationPeriods: 25 }), /alarms.probe.evaluationPeriods: 25 periods of 3600 s exceed the one day/],
    ['more datapoints than periods', withAlarm({ ...SAFETY_VIOLATIONS, evaluationPeriods: 3, datapointsToAlarm: 4 }), /alarms.probe.datapointsToAlarm: 4 is not a count from 1 to evaluationPeriods \(3\)/],
    ['an AWS namespace', withAlarm({ ...SAFETY_VIOLATIONS, namespace: 'AWS/ECS' }), /alarms.probe.namespace: 'AWS\/ECS' is an AWS service namespace/],
    ['a namespace starting with a colon', withAlarm({ ...SAFETY_VIOLATIONS, namespace: ':StoryMagic' }), /alarms.probe.namespace: ':StoryMagic' is not a CloudWatch namespace/],
    ['an empty metric name', withAlarm({ ...SAFETY_VIOLATIONS, metricName: '' }), /alarms.probe.metricName: '' is not a metric name/],
    ['an unknown statistic', withAlarm({ ...SAFETY_VIOLATIONS, statistic: 'Median' }), /alarms.probe.statistic: 'Median' is not a statistic/],
    ['an empty dimension value', withAlarm({ ...SAFETY_VIOLATIONS, dimensions: { violation_type: '' } }), /alarms.probe.dimensions.violation_type: 'violation_type' = '' is not a dimension/],
    [
      'more dimensions than CloudWatch takes',
      withAlarm({ ...SAFETY_VIOLATIONS, dimensions: Object.fromEntries(Array.from({ length: 31 }, (_, index) => [`d${index}`, 'x'])) }),
      /alarms.probe.dimensions: 31 dimensions exceed CloudWatch's 30/,
    ],
    ['a count below -1 or equal, which never happens', withAlarm({ ...SAFETY_VIOLATIONS, statistic: 'SampleCount', comparison: '<=', threshold: -1 }), /alarms.probe.threshold: SampleCount <= -1 can never be true/],
    ['more ratio datapoints than periods', withAlarm({ ...GENERATION_TIMEOUT_RATE, datapointsToAlarm: 2 }), /alarms.probe.datapointsToAlarm: 2 is not a count from 1 to evaluationPeriods \(1\)/],
    ['an unknown comparison', withAlarm({ ...SAFETY_VIOLATIONS, comparison: '==' }), /alarms.probe.comparison: '==' is not a comparison/],
    ['a threshold that is not a number', withAlarm({ ...SAFETY_VIOLATIONS, threshold: Number.NaN }), /alarms.probe.threshold: NaN is not a finite number/],
    ['a count below 0, which never happens', withAlarm({ ...SAFETY_VIOLATIONS, statistic: 'SampleCount', comparison: '<', threshold: 0 }), /alarms.probe.threshold: SampleCount < 0 can never be true/],
    ['an unknown missing-data treatment', withAlarm({ ...SAFETY_VIOLATIONS, treatMissingData: 'ignore' }), /alarms.probe.treatMissingData: 'ignore' is not a missing-data treatment/],
    ['a ratio of 100 %', withAlarm({ ...GENERATION_TIMEOUT_RATE, thresholdPercent: 100 }), /alarms.probe.thresholdPercent: 100 is not a percentage from 0 to below 100/],
    ['a negative ratio', withAlarm({ ...GENERATION_TIMEOUT_RATE, thresholdPercent: -1 }), /alarms.probe.thresholdPercent: -1 is not a percentage/],
    ['a minimum denominator of 0, which divides by 0', withAlarm({ ...GENERATION_TIMEOUT_RATE, minimumDenominator: 0 }), /alarms.probe.minimumDenominator: 0 is not above 0/],
    [
      'an AWS namespace in the denominator',
      withAlarm({ ...GENERATION_TIMEOUT_RATE, denominator: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', statistic: 'Sum' } }),
      /alarms.probe.denominator.namespace: 'AWS\/ApplicationELB' is an AWS service namespace/,
    ],
    ['a bad numerator statistic', withAlarm({ ...GENERATION_TIMEOUT_RATE, numerator: { ...GENERATION_TIMEOUT_RATE.numerator, statistic: 'p101' } }), /alarms.probe.numerator.statistic: 'p101' is not a statistic/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('accepts the high-resolution periods of 10 and 30 s', () => {
    for (const periodSeconds of [10, 30]) {
      expect(alarmNamed(synth(withAlarm({ ...SAFETY_VIOLATIONS, periodSeconds })), 'platform-test-storymagic-probe').period).toBe(periodSeconds);
    }
  });
});
