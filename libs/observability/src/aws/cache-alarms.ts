import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { ServiceAlarmsProps } from './alarm-types';
import { AlarmDefinition, createAlarms, validateServiceAlarmsProps } from './private/metric-alarm';
import { duplicates, isAboveAndAtMost, quoted, requirement } from './private/validation';

/** Alarm thresholds; every node gets the same ones. */
export interface CacheAlarmThresholds {
  /**
   * Average `EngineCPUUtilization` (the Redis thread, which serves every command) above which a node warns, for
   * 5 minutes.
   * @default 80
   */
  readonly engineCpuPercent?: number;
  /**
   * `DatabaseMemoryUsagePercentage` (used memory of `maxmemory`) above which a node warns, for 5 minutes. With the
   * cache's `allkeys-lru` policy a full node evicts keys rather than failing writes, hence a warning.
   * @default 90 - seed 001 (memory alert at > 90 %)
   */
  readonly memoryPercent?: number;
  /**
   * `Evictions` per 5 minutes above which a node warns when it lasts 15 minutes: the cache is too small for its
   * working set and the hit rate suffers.
   * @default 0
   */
  readonly evictions?: number;
  /**
   * `CurrConnections` above which a node warns, for 5 minutes; leaks show as steady growth.
   * @default - no connection alarm
   */
  readonly connections?: number;
}

export interface CacheAlarmsProps extends ServiceAlarmsProps {
  /**
   * Cache cluster ids of the nodes, e.g. `CacheAlarms.memberClusterIds('platform-production', 2)`; each keys its
   * node's alarms, so they must be literal strings, not tokens.
   */
  readonly nodeIds: readonly string[];
  /**
   * Threshold overrides.
   * @default - the documented default of each threshold
   */
  readonly thresholds?: CacheAlarmThresholds;
}

/** An ElastiCache cluster id: a letter, then up to 49 lower-case letters, digits and single hyphens. */
const CACHE_CLUSTER_ID = /^[a-z](?:[a-z0-9]|-(?!-)){0,49}$/;

/**
 * CloudWatch alarms on every node of an ElastiCache for Redis OSS replication group, by cache cluster id (dimension
 * `CacheClusterId`):
 *
 * | alarm (`<prefix>-elasticache-<node>-…`) | metric | condition | severity |
 * | --- | --- | --- | --- |
 * | `engine-cpu-high` | EngineCPUUtilization, Average, 1 min | > 80 % for 5 of 5 min | warning |
 * | `memory-high` | DatabaseMemoryUsagePercentage, Maximum, 1 min | > 90 % for 5 of 5 min | warning |
 * | `evictions` | Evictions, Sum, 5 min | > 0 for 3 of 3 periods | warning |
 * | `connections-high` (optional) | CurrConnections, Maximum, 1 min | > threshold for 5 of 5 min | warning |
 *
 * The gauges treat missing data as `missing` (a node being replaced publishes nothing; ElastiCache events report
 * it); the eviction count treats it as `notBreaching`, since quiet periods publish nothing.
 */
export class CacheAlarms extends Construct {
  /** Alarms by `<node id>-<what>`, e.g. `platform-production-001-memory-high`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** ARNs of every alarm, e.g. for a dashboard's alarm widget. */
  readonly alarmArns: readonly string[];

  /**
   * Cache cluster ids of the nodes of a replication group with cluster mode disabled: ElastiCache names its member
   * clusters `<replication group id>-001`, `-002`, ... in creation order. A node replaced after a failure keeps its
   * id; nodes added later continue the sequence, so after removing and re-adding replicas compare with the group's
   * `member_clusters`.
   */
  static memberClusterIds(replicationGroupId: string, nodes: number): string[] {
    return Array.from({ length: nodes }, (_, index) => `${replicationGroupId}-${String(index + 1).padStart(3, '0')}`);
  }

  constructor(scope: Construct, id: string, props: CacheAlarmsProps) {
    super(scope, id);
    const limits = {
      engineCpuPercent: props.thresholds?.engineCpuPercent ?? 80,
      memoryPercent: props.thresholds?.memoryPercent ?? 90,
      evictions: props.thresholds?.evictions ?? 0,
      connections: props.thresholds?.connections,
    };
    validateServiceAlarmsProps(this, props);
    this.validate(props.nodeIds, limits);

    const definitions = props.nodeIds.flatMap((nodeId): AlarmDefinition[] => {
      const metric = (metricName: string, statistic: 'Average' | 'Maximum' | 'Sum') => ({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensions: { CacheClusterId: nodeId },
        statistic,
      });
      const fiveMinutes = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 } as const;
      const node = `ElastiCache node ${nodeId}`;
      return [
        {
          what: `${nodeId}-engine-cpu-high`,
          severity: 'warning',
          description: `${node}: the Redis engine thread has averaged above ${limits.engineCpuPercent} % CPU for 5 minutes; commands queue and latency rises. Look for slow commands (SLOWLOG) or scale the node type.`,
          source: metric('EngineCPUUtilization', 'Average'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.engineCpuPercent,
          ...fiveMinutes,
          treatMissingData: 'missing',
        },
        {
          what: `${nodeId}-memory-high`,
          severity: 'warning',
          description: `${node} has used more than ${limits.memoryPercent} % of its memory for 5 minutes; it evicts keys next. Check key TTLs and growth, or scale the node type.`,
          source: metric('DatabaseMemoryUsagePercentage', 'Maximum'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.memoryPercent,
          ...fiveMinutes,
          treatMissingData: 'missing',
        },
        {
          what: `${nodeId}-evictions`,
          severity: 'warning',
          description: `${node} has evicted more than ${limits.evictions} keys in each of the last three 5-minute periods: the working set no longer fits and the hit rate drops.`,
          source: metric('Evictions', 'Sum'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.evictions,
          periodSeconds: 300,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          treatMissingData: 'notBreaching',
        },
        ...(limits.connections === undefined
          ? []
          : [
              {
                what: `${nodeId}-connections-high`,
                severity: 'warning',
                description: `${node} has had more than ${limits.connections} client connections for 5 minutes. Check for connection leaks in the applications.`,
                source: metric('CurrConnections', 'Maximum'),
                comparison: 'GreaterThanThreshold',
                threshold: limits.connections,
                ...fiveMinutes,
                treatMissingData: 'missing',
              } satisfies AlarmDefinition,
            ]),
      ];
    });
    this.alarms = createAlarms(this, 'elasticache', props, definitions);
    this.alarmArns = Object.values(this.alarms).map((alarm) => alarm.arn);
  }

  private validate(nodeIds: readonly string[], limits: Required<Omit<CacheAlarmThresholds, 'connections'>> & CacheAlarmThresholds): void {
    const require = requirement(this);
    require(nodeIds.length > 0, 'nodeIds', 'the list is empty', 'pass the cache cluster ids, e.g. CacheAlarms.memberClusterIds(replicationGroupId, nodes)');
    for (const nodeId of nodeIds) {
      // The ids key the alarms, so they must be known at synth: a token would give a new key on every synth.
      require(CACHE_CLUSTER_ID.test(nodeId), 'nodeIds', `'${nodeId}' is not a literal cache cluster id`, 'pass ids such as platform-production-001');
    }
    const repeated = duplicates(nodeIds);
    require(repeated.length === 0, 'nodeIds', `lists ${quoted(repeated)} more than once`, 'list each node once');
    for (const field of ['engineCpuPercent', 'memoryPercent'] as const) {
      const value = limits[field];
      require(isAboveAndAtMost(value, 0, 100), `thresholds.${field}`, `${value} is not a percentage above 0 and at most 100`, 'use a percentage such as 80');
    }
    require(Number.isInteger(limits.evictions) && limits.evictions >= 0, 'thresholds.evictions', `${limits.evictions} is not a count of 0 or more`, 'use a count such as 0');
    if (limits.connections !== undefined) {
      require(Number.isInteger(limits.connections) && limits.connections > 0, 'thresholds.connections', `${limits.connections} is not a positive connection count`, 'use a count such as 1000');
    }
  }
}
