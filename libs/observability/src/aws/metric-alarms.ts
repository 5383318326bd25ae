import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { SEVERITIES, Severity } from '../alerting/alert-types';
import type { ServiceAlarmsProps } from './alarm-types';
import { AlarmDefinition, ComparisonOperator, createAlarms, MetricSource, MetricStatistic, PERCENTILE, TreatMissingData, validateServiceAlarmsProps } from './private/metric-alarm';
import { quoted, Requirement, requirement } from './private/validation';

/** One application metric: namespace, name, statistic and (optionally) dimensions. */
export interface ApplicationMetric {
  /** The application's namespace, e.g. `StoryMagic`; not `AWS/...`, which belongs to AWS services. */
  readonly namespace: string;
  readonly metricName: string;
  /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p95`. */
  readonly statistic: MetricStatistic;
  /**
   * Dimensions of the series. CloudWatch matches a series by its exact dimension set: without dimensions the alarm
   * watches the series the application publishes without any (with embedded metric format, an empty dimension set),
   * not the sum of its per-dimension series.
   * @default {} - the series without dimensions
   */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** An alarm on one application metric against a fixed threshold. */
export interface ThresholdAlarmSpec extends ApplicationMetric {
  readonly kind: 'threshold';
  /** Seconds per period: 10 or 30 (high-resolution metrics only) or a multiple of 60. */
  readonly periodSeconds: number;
  /** Periods the alarm looks back on; period × evaluation periods is its window, at most one day. */
  readonly evaluationPeriods: number;
  /**
   * Breaching periods among the last `evaluationPeriods` that fire the alarm.
   * @default - evaluationPeriods (every period breaches)
   */
  readonly datapointsToAlarm?: number;
  readonly comparison: '>' | '>=' | '<' | '<=';
  readonly threshold: number;
  readonly severity: Severity;
  /** What the alarm means and what to do; the severity is appended. */
  readonly description: string;
  /**
   * How periods without data count. Applications publish counts only when something happens, so the default does
   * not alarm on silence; use `breaching` for a heartbeat metric whose absence is the failure.
   * @default 'notBreaching'
   */
  readonly treatMissingData?: TreatMissingData;
}

/**
 * An alarm on the share `100 * numerator / denominator` (metric math), e.g. failed among all requests, in percent.
 * Periods whose denominator is below `minimumDenominator` (including periods without any data) count as 0 %, so no
 * traffic is no alarm.
 */
export interface RatioAlarmSpec {
  readonly kind: 'ratio';
  readonly numerator: ApplicationMetric;
  readonly denominator: ApplicationMetric;
  /** Seconds per period: 10 or 30 (high-resolution metrics only) or a multiple of 60. */
  readonly periodSeconds: number;
  /**
   * Periods the alarm looks back on.
   * @default 1
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching periods among the last `evaluationPeriods` that fire the alarm.
   * @default - evaluationPeriods
   */
  readonly datapointsToAlarm?: number;
  /** The alarm fires when the share is above this percentage (0 to below 100). */
  readonly thresholdPercent: number;
  /**
   * Denominator below which a period counts as 0 %: one failure among a handful of requests at night is not a rate.
   * @default 1 - any traffic counts
   */
  readonly minimumDenominator?: number;
  readonly severity: Severity;
  /** What the alarm means and what to do; the severity is appended. */
  readonly description: string;
}

export type MetricAlarmSpec = ThresholdAlarmSpec | RatioAlarmSpec;

export interface MetricAlarmsProps extends ServiceAlarmsProps {
  /**
   * The application in alarm names, `<namePrefix>-<application>-<key>`.
   * @default 'app'
   */
  readonly application?: string;
  /** The alarms by key, e.g. `generation-timeout-rate`; the key ends the alarm name and keys the resource. */
  readonly alarms: Readonly<Record<string, MetricAlarmSpec>>;
}

const COMPARISONS: Readonly<Record<ThresholdAlarmSpec['comparison'], ComparisonOperator>> = {
  '>': 'GreaterThanThreshold',
  '>=': 'GreaterThanOrEqualToThreshold',
  '<': 'LessThanThreshold',
  '<=': 'LessThanOrEqualToThreshold',
};
const STATISTICS: readonly string[] = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'];
const TREAT_MISSING_DATA: readonly TreatMissingData[] = ['missing', 'notBreaching', 'breaching'];
/** A custom namespace: printable ASCII without a leading colon, at most 255 characters. */
const NAMESPACE = /^[A-Za-z0-9._\-/#][A-Za-z0-9._\-/#: ]{0,254}$/;
/** A metric or dimension name: 1 to 255 printable ASCII characters. */
const METRIC_NAME = /^[\x20-\x7e]{1,255}$/;
/** A key or application name in alarm names. */
const NAME_PART = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** CloudWatch's limits: an alarm's window, its description, dimensions per metric. */
const MAX_WINDOW_SECONDS = 86400;
const MAX_DESCRIPTION = 1024;
const MAX_DIMENSIONS = 30;

/**
 * CloudWatch alarms on an application's custom metrics, declared as data (`alarms`), named
 * `<namePrefix>-<application>-<key>` and notifying their severity's topic on ALARM and OK:
 *
 * | kind | alarm | fires when |
 * | --- | --- | --- |
 * | `threshold` | the metric's statistic per period, compared with `threshold` | `datapointsToAlarm` of `evaluationPeriods` periods breach |
 * | `ratio` | metric math `100 * numerator / denominator` per period | the share is above `thresholdPercent` |
 *
 * Seed 003's two, for example: the generation timeout rate (`StoryMagic` `GenerationTimeouts` Sum over
 * `story_generation_time` SampleCount, the number of generations) above 5 % in 10 minutes, and any content-safety
 * violation (`StoryMagic` `SafetyViolations` Sum > 0 in one 1-minute period, critical).
 */
export class MetricAlarms extends Construct {
  /** Alarms by key. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** ARNs of every alarm, e.g. for a dashboard's alarm widget. */
  readonly alarmArns: readonly string[];
  /** Names of the alarms by key (literal strings), e.g. for a deployment's rollback alarms. */
  readonly alarmNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: MetricAlarmsProps) {
    super(scope, id);
    const application = props.application ?? 'app';
    validateServiceAlarmsProps(this, props);
    const require = requirement(this);
    require(NAME_PART.test(application), 'application', `'${application}' is not a name part`, 'use lower-case letters, digits and hyphens, e.g. storymagic');
    const entries = Object.entries(props.alarms);
    require(entries.length > 0, 'alarms', 'no alarm is given', 'declare at least one alarm, or leave the construct out');
    for (const [key, spec] of entries) {
      validateSpec(require, key, spec);
    }

    this.alarms = createAlarms(this, application, props, entries.map(([key, spec]) => definitionOf(key, spec)));
    this.alarmArns = Object.values(this.alarms).map((alarm) => alarm.arn);
    this.alarmNames = Object.fromEntries(entries.map(([key]) => [key, `${props.namePrefix}-${application}-${key}`]));
  }
}

/** The metric math expression of a ratio alarm over the metrics `numerator` and `denominator`. */
export function ratioExpression(minimumDenominator: number): string {
  // FILL turns periods without data into 0; IF makes a period with too little traffic 0 % instead of a division by 0.
  return `IF(FILL(denominator, 0) >= ${minimumDenominator}, 100 * FILL(numerator, 0) / FILL(denominator, 0), 0)`;
}

function metricSource(metric: ApplicationMetric): MetricSource {
  return { namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions ?? {}, statistic: metric.statistic };
}

function definitionOf(key: string, spec: MetricAlarmSpec): AlarmDefinition {
  const common = { what: key, severity: spec.severity, description: spec.description, periodSeconds: spec.periodSeconds };
  if (spec.kind === 'threshold') {
    return {
      ...common,
      source: metricSource(spec),
      comparison: COMPARISONS[spec.comparison],
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData ?? 'notBreaching',
    };
  }
  const evaluationPeriods = spec.evaluationPeriods ?? 1;
  return {
    ...common,
    source: {
      expression: ratioExpression(spec.minimumDenominator ?? 1),
      label: `${spec.numerator.metricName} per ${spec.denominator.metricName} (%)`,
      metrics: { numerator: metricSource(spec.numerator), denominator: metricSource(spec.denominator) },
    },
    comparison: 'GreaterThanThreshold',
    threshold: spec.thresholdPercent,
    evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm ?? evaluationPeriods,
    // The expression yields 0 for quiet periods; a gap means the metrics could not be read at all.
    treatMissingData: 'notBreaching',
  };
}

function validateSpec(require: Requirement, key: string, spec: MetricAlarmSpec): void {
  const field = `alarms.${key}`;
  require(NAME_PART.test(key), field, `'${key}' is not an alarm key`, 'use lower-case letters, digits and hyphens, e.g. generation-timeout-rate');
  require(spec.kind === 'threshold' || spec.kind === 'ratio', `${field}.kind`, `'${String((spec as { kind: unknown }).kind)}' is not an alarm kind`, "use 'threshold' or 'ratio'");
  require((SEVERITIES as readonly string[]).includes(spec.severity), `${field}.severity`, `'${spec.severity}' is not a severity`, `use ${quoted(SEVERITIES)}`);
  require(
    spec.description.trim().length > 0 && spec.description.length <= MAX_DESCRIPTION - 30,
    `${field}.description`,
    spec.description.trim().length === 0 ? 'is empty' : `is ${spec.description.length} characters long`,
    `say what the alarm means and what to do, in at most ${MAX_DESCRIPTION - 30} characters`,
  );
  require(
    spec.periodSeconds === 10 || spec.periodSeconds === 30 || (Number.isInteger(spec.periodSeconds) && spec.periodSeconds >= 60 && spec.periodSeconds % 60 === 0),
    `${field}.periodSeconds`,
    `${spec.periodSeconds} is not a CloudWatch alarm period`,
    'use a multiple of 60 (or 10 or 30 for high-resolution metrics)',
  );
  const evaluationPeriods = spec.evaluationPeriods ?? 1;
  require(Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1, `${field}.evaluationPeriods`, `${evaluationPeriods} is not a count of 1 or more`, 'use a count such as 5');
  require(
    spec.periodSeconds * evaluationPeriods <= MAX_WINDOW_SECONDS,
    `${field}.evaluationPeriods`,
    `${evaluationPeriods} periods of ${spec.periodSeconds} s exceed the one day an alarm can look back`,
    'use fewer or shorter periods',
  );
  const datapoints = spec.datapointsToAlarm ?? evaluationPeriods;
  require(
    Number.isInteger(datapoints) && datapoints >= 1 && datapoints <= evaluationPeriods,
    `${field}.datapointsToAlarm`,
    `${datapoints} is not a count from 1 to evaluationPeriods (${evaluationPeriods})`,
    'use at most evaluationPeriods, or leave it out',
  );
  if (spec.kind === 'threshold') {
    validateMetric(require, field, spec);
    require(Object.hasOwn(COMPARISONS, spec.comparison), `${field}.comparison`, `'${spec.comparison}' is not a comparison`, `use ${quoted(Object.keys(COMPARISONS))}`);
    require(Number.isFinite(spec.threshold), `${field}.threshold`, `${spec.threshold} is not a finite number`, 'give the threshold as a number');
    // A count is never negative: `SampleCount < 0` (or `<= -1`) would never fire.
    require(
      !(spec.statistic === 'SampleCount' && spec.comparison.startsWith('<') && (spec.threshold < 0 || (spec.comparison === '<' && spec.threshold === 0))),
      `${field}.threshold`,
      `SampleCount ${spec.comparison} ${spec.threshold} can never be true`,
      'compare a count with a threshold it can reach, e.g. < 1',
    );
    const treat = spec.treatMissingData ?? 'notBreaching';
    require(TREAT_MISSING_DATA.includes(treat), `${field}.treatMissingData`, `'${treat}' is not a missing-data treatment`, `use ${quoted(TREAT_MISSING_DATA)}`);
  } else {
    validateMetric(require, `${field}.numerator`, spec.numerator);
    validateMetric(require, `${field}.denominator`, spec.denominator);
    require(
      Number.isFinite(spec.thresholdPercent) && spec.thresholdPercent >= 0 && spec.thresholdPercent < 100,
      `${field}.thresholdPercent`,
      `${spec.thresholdPercent} is not a percentage from 0 to below 100 (a share above 100 % never happens)`,
      'use a percentage such as 5',
    );
    const minimum = spec.minimumDenominator ?? 1;
    require(Number.isFinite(minimum) && minimum > 0, `${field}.minimumDenominator`, `${minimum} is not above 0`, 'use 1 (any traffic) or the smallest count worth a rate');
  }
}

function validateMetric(require: Requirement, field: string, metric: ApplicationMetric): void {
  require(
    NAMESPACE.test(metric.namespace) && !metric.namespace.startsWith('AWS/'),
    `${field}.namespace`,
    metric.namespace.startsWith('AWS/') ? `'${metric.namespace}' is an AWS service namespace` : `'${metric.namespace}' is not a CloudWatch namespace`,
    "use the application's own namespace, e.g. StoryMagic (AWS metrics have their own alarm constructs)",
  );
  require(METRIC_NAME.test(metric.metricName), `${field}.metricName`, `'${metric.metricName}' is not a metric name`, 'use 1 to 255 printable ASCII characters');
  require(
    STATISTICS.includes(metric.statistic) || PERCENTILE.test(metric.statistic),
    `${field}.statistic`,
    `'${metric.statistic}' is not a statistic`,
    `use ${quoted(STATISTICS)} or a percentile such as p95`,
  );
  const dimensions = Object.entries(metric.dimensions ?? {});
  require(dimensions.length <= MAX_DIMENSIONS, `${field}.dimensions`, `${dimensions.length} dimensions exceed CloudWatch's ${MAX_DIMENSIONS}`, 'use fewer dimensions');
  for (const [name, value] of dimensions) {
    require(
      METRIC_NAME.test(name) && value.length > 0 && value.length <= 1024,
      `${field}.dimensions.${name}`,
      `'${name}' = '${value}' is not a dimension`,
      'give a name of 1 to 255 characters and a value of 1 to 1024',
    );
  }
}
