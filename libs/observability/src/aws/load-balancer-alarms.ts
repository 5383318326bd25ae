import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { ServiceAlarmsProps } from './alarm-types';
import { createAlarms, validateServiceAlarmsProps } from './private/metric-alarm';
import { isAboveAndAtMost, requirement } from './private/validation';

/** Alarm thresholds. */
export interface LoadBalancerAlarmThresholds {
  /**
   * 5xx responses from targets (the applications) per minute, summed over every ALB, above which it warns when 3 of
   * 5 minutes breach.
   * @default 10
   */
  readonly target5xxPerMinute?: number;
  /**
   * 5xx responses the ALBs generate themselves (502/503/504: no healthy target, target timeouts) per minute, above
   * which it pages when 3 of 5 minutes breach.
   * @default 10
   */
  readonly loadBalancer5xxPerMinute?: number;
  /**
   * Average target response time in seconds above which it warns, for 5 minutes.
   * @default 1 - seed 001 (P95 > 1 s); see the class description for why it is an average
   */
  readonly targetResponseTimeSeconds?: number;
}

export interface LoadBalancerAlarmsProps extends ServiceAlarmsProps {
  /**
   * Threshold overrides.
   * @default - the documented default of each threshold
   */
  readonly thresholds?: LoadBalancerAlarmThresholds;
}

/** Metrics Insights queries of the alarms; `SCHEMA` with dimension keys matches metrics with exactly those dimensions. */
export const LOAD_BALANCER_QUERIES = {
  target5xx: 'SELECT SUM(HTTPCode_Target_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
  loadBalancer5xx: 'SELECT SUM(HTTPCode_ELB_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
  targetResponseTime: 'SELECT AVG(TargetResponseTime) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)',
  unhealthyHosts: 'SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup)',
} as const;

/**
 * CloudWatch alarms on the ingress load balancers. The AWS Load Balancer Controller creates the shared ALB of the
 * Ingresses at runtime (its ARN and target groups carry generated ids), so Terraform cannot know their dimensions: each alarm is a CloudWatch
 * **Metrics Insights** query over every load balancer of the account and region, aggregated into one series (no
 * GROUP BY, as an alarm needs). This assumes the account and region hold one environment's load balancers.
 *
 * | alarm (`<prefix>-elb-…`) | query | condition | severity |
 * | --- | --- | --- | --- |
 * | `alb-target-5xx` | SUM(HTTPCode_Target_5XX_Count), 1 min | > 10 in 3 of 5 min | warning |
 * | `alb-5xx` | SUM(HTTPCode_ELB_5XX_Count), 1 min | > 10 in 3 of 5 min | critical |
 * | `alb-response-time-high` | AVG(TargetResponseTime), 1 min | > 1 s for 5 of 5 min | warning |
 * | `alb-unhealthy-hosts` | MAX(UnHealthyHostCount) over target groups, 1 min | > 0 for 5 of 5 min | warning |
 *
 * Metrics Insights has no percentile functions, so the response time alarm watches the average, which lags a P95
 * objective (percentiles come from Prometheus, which records the ingress request duration histograms). ALBs publish
 * the 5xx counts and response times only when there is traffic, so those alarms treat missing data as
 * `notBreaching`; `UnHealthyHostCount` comes every minute per target group once one exists, so that alarm uses
 * `missing` (INSUFFICIENT_DATA until the first Ingress has targets).
 */
export class LoadBalancerAlarms extends Construct {
  /** Alarms by what they watch: `alb-target-5xx`, `alb-5xx`, `alb-response-time-high`, `alb-unhealthy-hosts`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** ARNs of every alarm, e.g. for a dashboard's alarm widget. */
  readonly alarmArns: readonly string[];

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    const target5xx = props.thresholds?.target5xxPerMinute ?? 10;
    const loadBalancer5xx = props.thresholds?.loadBalancer5xxPerMinute ?? 10;
    const responseTime = props.thresholds?.targetResponseTimeSeconds ?? 1;
    validateServiceAlarmsProps(this, props);
    const require = requirement(this);
    for (const [field, value] of [
      ['target5xxPerMinute', target5xx],
      ['loadBalancer5xxPerMinute', loadBalancer5xx],
    ] as const) {
      require(Number.isInteger(value) && value >= 0, `thresholds.${field}`, `${value} is not a count of 0 or more`, 'use a count such as 10');
    }
    require(isAboveAndAtMost(responseTime, 0, 60), 'thresholds.targetResponseTimeSeconds', `${responseTime} is not above 0 and at most 60 seconds`, 'use a time such as 1');

    const threeOfFive = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 } as const;
    const fiveOfFive = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 } as const;
    this.alarms = createAlarms(this, 'elb', props, [
      {
        what: 'alb-target-5xx',
        severity: 'warning',
        description: `The applications behind the ALBs returned more than ${target5xx} 5xx responses a minute in 3 of the last 5 minutes. Check the application logs and error-rate dashboards.`,
        source: { query: LOAD_BALANCER_QUERIES.target5xx, label: 'Target 5xx per minute' },
        comparison: 'GreaterThanThreshold',
        threshold: target5xx,
        ...threeOfFive,
        treatMissingData: 'notBreaching',
      },
      {
        what: 'alb-5xx',
        severity: 'critical',
        description: `The ALBs themselves returned more than ${loadBalancer5xx} 5xx responses a minute in 3 of the last 5 minutes: targets are unhealthy, unreachable or timing out. Check target health and the ingress pods.`,
        source: { query: LOAD_BALANCER_QUERIES.loadBalancer5xx, label: 'Load balancer 5xx per minute' },
        comparison: 'GreaterThanThreshold',
        threshold: loadBalancer5xx,
        ...threeOfFive,
        treatMissingData: 'notBreaching',
      },
      {
        what: 'alb-response-time-high',
        severity: 'warning',
        description: `ALB targets have answered in more than ${responseTime} s on average for 5 minutes. Check the slowest endpoints and the database.`,
        source: { query: LOAD_BALANCER_QUERIES.targetResponseTime, label: 'Average target response time (s)' },
        comparison: 'GreaterThanThreshold',
        threshold: responseTime,
        ...fiveOfFive,
        treatMissingData: 'notBreaching',
      },
      {
        what: 'alb-unhealthy-hosts',
        severity: 'warning',
        description: 'An ALB target group has had unhealthy targets for 5 minutes: pods fail the health check path of their Service, and the remaining pods carry the traffic. Check the pods of the service and its readiness path.',
        source: { query: LOAD_BALANCER_QUERIES.unhealthyHosts, label: 'Unhealthy ALB targets' },
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        ...fiveOfFive,
        treatMissingData: 'missing',
      },
    ]);
    this.alarmArns = Object.values(this.alarms).map((alarm) => alarm.arn);
  }
}
