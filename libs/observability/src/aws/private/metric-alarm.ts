import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { SEVERITIES, Severity } from '../../alerting/alert-types';
import type { ServiceAlarmsProps } from '../alarm-types';
import { idFor, isLateBound, NAME_PREFIX, quoted, requirement } from './validation';

/**
 * How an alarm treats periods without data. `notBreaching` suits counts that are only published when something
 * happens (5xx, evictions); `missing` suits gauges AWS always publishes, where a gap means the resource is gone or
 * stopped (the alarm turns INSUFFICIENT_DATA rather than guessing); `breaching` suits metrics whose absence is
 * itself the failure.
 */
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching';

export type ComparisonOperator = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

/** A CloudWatch statistic: a standard one, or a percentile such as `p95` (sent as the extended statistic). */
export type MetricStatistic = 'Average' | 'Maximum' | 'Minimum' | 'Sum' | 'SampleCount' | `p${number}`;

/** One metric with fixed dimensions. */
export interface MetricSource {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: MetricStatistic;
}

/**
 * A metric math expression over metrics (each with the alarm's period), e.g. `100 * errors / requests`. The ids are
 * the expression's variables: a lower-case letter, then letters, digits and underscores.
 */
export interface MetricMathSource {
  readonly expression: string;
  /** Legend of the result in the alarm graph. */
  readonly label: string;
  readonly metrics: Readonly<Record<string, MetricSource>>;
}

/** A CloudWatch Metrics Insights query returning one time series (no GROUP BY). */
export interface MetricsInsightsSource {
  readonly query: string;
  /** Legend of the series in the alarm graph. */
  readonly label: string;
}

export interface AlarmDefinition {
  /** Stable last part of the alarm name and construct id, e.g. `primary-cpu-high`. */
  readonly what: string;
  readonly severity: Severity;
  /** What the alarm means and what it affects; the severity is appended. */
  readonly description: string;
  readonly source: MetricSource | MetricsInsightsSource | MetricMathSource;
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
  readonly periodSeconds: number;
  /** The alarm fires when `datapointsToAlarm` of the last `evaluationPeriods` periods breach. */
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

/** CloudWatch's limit on alarm names. */
const MAX_ALARM_NAME = 255;

/** Checks what every alarm construct shares: the name prefix and a topic for every severity. */
export function validateServiceAlarmsProps(scope: Construct, props: ServiceAlarmsProps): void {
  const require = requirement(scope);
  require(
    NAME_PREFIX.test(props.namePrefix),
    'namePrefix',
    `'${props.namePrefix}' is not a name prefix`,
    'use letters, digits and hyphens, starting with a letter, e.g. platform-production',
  );
  for (const severity of SEVERITIES) {
    const arn = props.topicArns[severity];
    require(
      typeof arn === 'string' && (isLateBound(arn) || /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn)),
      `topicArns.${severity}`,
      arn === undefined ? 'is missing' : `'${arn}' is not an SNS topic ARN`,
      'pass AlarmTopics.topicArns, which has a topic for every severity',
    );
  }
  const unknown = Object.keys(props.topicArns).filter((key) => !(SEVERITIES as readonly string[]).includes(key));
  require(unknown.length === 0, 'topicArns', `${quoted(unknown)} is not a severity`, `use only ${quoted(SEVERITIES)}`);
}

/**
 * One CloudWatch alarm per definition, named `<namePrefix>-<service>-<what>` and keyed by `what`, notifying its
 * severity's topic when it fires and when it recovers (so the on-call engineer sees the all-clear too).
 */
export function createAlarms(
  scope: Construct,
  service: string,
  props: ServiceAlarmsProps,
  definitions: readonly AlarmDefinition[],
): Record<string, CloudwatchMetricAlarm> {
  const alarms: Record<string, CloudwatchMetricAlarm> = {};
  for (const definition of definitions) {
    const alarmName = `${props.namePrefix}-${service}-${definition.what}`;
    requirement(scope)(
      alarmName.length <= MAX_ALARM_NAME,
      'namePrefix',
      `alarm name '${alarmName}' is longer than ${MAX_ALARM_NAME} characters`,
      'shorten the prefix or the resource names',
    );
    const topic = [props.topicArns[definition.severity]];
    alarms[definition.what] = new CloudwatchMetricAlarm(scope, idFor('Alarm', definition.what), {
      alarmName,
      alarmDescription: `${definition.description} Severity: ${definition.severity}.`,
      comparisonOperator: definition.comparison,
      threshold: definition.threshold,
      evaluationPeriods: definition.evaluationPeriods,
      datapointsToAlarm: definition.datapointsToAlarm,
      treatMissingData: definition.treatMissingData,
      alarmActions: topic,
      okActions: topic,
      ...sourceArguments(definition.source, definition.periodSeconds),
    });
  }
  return alarms;
}

/** A percentile statistic, e.g. `p95` or `p99.9`, which CloudWatch takes as `extended_statistic`. */
export const PERCENTILE = /^p(?:100|\d{1,2}(?:\.\d{1,2})?)$/;

/** The alarm arguments that say what it watches: one metric, a Metrics Insights query, or metric math. */
function sourceArguments(source: AlarmDefinition['source'], period: number) {
  if ('query' in source) {
    return { metricQuery: [{ id: 'q1', expression: source.query, label: source.label, period, returnData: true }] };
  }
  if ('expression' in source) {
    return {
      metricQuery: [
        { id: 'result', expression: source.expression, label: source.label, returnData: true },
        ...Object.entries(source.metrics).map(([id, metric]) => ({
          id,
          returnData: false,
          metric: { namespace: metric.namespace, metricName: metric.metricName, dimensions: { ...metric.dimensions }, stat: metric.statistic, period },
        })),
      ],
    };
  }
  return {
    namespace: source.namespace,
    metricName: source.metricName,
    dimensions: { ...source.dimensions },
    ...(PERCENTILE.test(source.statistic) ? { extendedStatistic: source.statistic } : { statistic: source.statistic }),
    period,
  };
}
