import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { ServiceAlarmsProps } from './alarm-types';
import { createAlarms, validateServiceAlarmsProps } from './private/metric-alarm';
import { isAboveAndAtMost, matchesOrLateBound, requirement } from './private/validation';

/** Alarm thresholds. */
export interface ClusterAlarmThresholds {
  /**
   * Average node CPU utilization across the cluster above which it warns, for 5 minutes.
   * @default 80 - seed 003 (CPU > 80 % for 5 minutes)
   */
  readonly nodeCpuPercent?: number;
  /**
   * Average node memory utilization across the cluster above which it warns, for 5 minutes.
   * @default 90 - seed 001 (memory alert at > 90 %)
   */
  readonly nodeMemoryPercent?: number;
}

export interface ClusterAlarmsProps extends ServiceAlarmsProps {
  /** Name of the EKS cluster (the `ClusterName` dimension); a token from the cluster stack is fine. */
  readonly clusterName: string;
  /**
   * Threshold overrides.
   * @default - the documented default of each threshold
   */
  readonly thresholds?: ClusterAlarmThresholds;
}

/** An EKS cluster name: letters, digits, hyphens and underscores, starting with a letter or digit. */
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * CloudWatch alarms on the EKS nodes from Container Insights metrics (namespace `ContainerInsights`, dimension
 * `ClusterName`), which the {@link ContainerInsights} add-on publishes:
 *
 * | alarm (`<prefix>-eks-…`) | metric | condition | severity |
 * | --- | --- | --- | --- |
 * | `node-cpu-high` | node_cpu_utilization, Average, 1 min | > 80 % for 5 of 5 min | warning |
 * | `node-memory-high` | node_memory_utilization, Average, 1 min | > 90 % for 5 of 5 min | warning |
 * | `failed-nodes` | cluster_failed_node_count, Maximum, 1 min | > 0 for 3 of 3 min | critical |
 *
 * With only the `ClusterName` dimension every node contributes a sample, so `Average` is the cluster's mean load:
 * one hot node is the scheduler's concern, a hot cluster needs capacity. The CPU and memory alarms treat missing data
 * as `missing`; the failed node alarm as `breaching`, because the agent publishes that count every minute (also when
 * it is 0) and silence means Container Insights itself is down, leaving the nodes unwatched.
 */
export class ClusterAlarms extends Construct {
  /** Alarms by what they watch: `node-cpu-high`, `node-memory-high`, `failed-nodes`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** ARNs of every alarm, e.g. for a dashboard's alarm widget. */
  readonly alarmArns: readonly string[];

  constructor(scope: Construct, id: string, props: ClusterAlarmsProps) {
    super(scope, id);
    const nodeCpuPercent = props.thresholds?.nodeCpuPercent ?? 80;
    const nodeMemoryPercent = props.thresholds?.nodeMemoryPercent ?? 90;
    validateServiceAlarmsProps(this, props);
    const require = requirement(this);
    require(
      matchesOrLateBound(props.clusterName, EKS_CLUSTER_NAME),
      'clusterName',
      `'${props.clusterName}' is not an EKS cluster name`,
      'pass the cluster name, e.g. EksCluster.clusterName',
    );
    for (const [field, value] of [
      ['nodeCpuPercent', nodeCpuPercent],
      ['nodeMemoryPercent', nodeMemoryPercent],
    ] as const) {
      require(isAboveAndAtMost(value, 0, 100), `thresholds.${field}`, `${value} is not a percentage above 0 and at most 100`, 'use a percentage such as 80');
    }

    const metric = (metricName: string, statistic: 'Average' | 'Maximum') => ({
      namespace: 'ContainerInsights',
      metricName,
      dimensions: { ClusterName: props.clusterName },
      statistic,
    });
    const cluster = `EKS cluster ${props.clusterName}`;
    this.alarms = createAlarms(this, 'eks', props, [
      {
        what: 'node-cpu-high',
        severity: 'warning',
        description: `${cluster}: node CPU has averaged above ${nodeCpuPercent} % for 5 minutes. Check the cluster autoscaler and the heaviest pods.`,
        source: metric('node_cpu_utilization', 'Average'),
        comparison: 'GreaterThanThreshold',
        threshold: nodeCpuPercent,
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: 'missing',
      },
      {
        what: 'node-memory-high',
        severity: 'warning',
        description: `${cluster}: node memory has averaged above ${nodeMemoryPercent} % for 5 minutes; pods risk OOM kills and evictions. Check the cluster autoscaler and memory requests.`,
        source: metric('node_memory_utilization', 'Average'),
        comparison: 'GreaterThanThreshold',
        threshold: nodeMemoryPercent,
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: 'missing',
      },
      {
        what: 'failed-nodes',
        severity: 'critical',
        description: `${cluster} has failed nodes (or Container Insights stopped reporting) for 3 minutes. Check the node groups and the cloudwatch-agent pods.`,
        source: metric('cluster_failed_node_count', 'Maximum'),
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        periodSeconds: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: 'breaching',
      },
    ]);
    this.alarmArns = Object.values(this.alarms).map((alarm) => alarm.arn);
  }
}
