import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { ServiceAlarmsProps } from './alarm-types';
import { AlarmDefinition, createAlarms, MetricSource, validateServiceAlarmsProps } from './private/metric-alarm';
import { isAboveAndAtMost, matchesOrLateBound, requirement } from './private/validation';

/** Alarm thresholds; every service gets the same ones. */
export interface EcsServiceAlarmThresholds {
  /**
   * Average `CPUUtilization` of the service's tasks above which it warns, for 5 minutes. With seed 003's target
   * tracking at 70 %, a service this hot for 5 minutes is at its maximum task count or failing to start tasks.
   * @default 80 - seed 003 (High CPU Utilization > 80 % for 5 minutes)
   */
  readonly cpuPercent?: number;
  /**
   * Average `MemoryUtilization` of the service's tasks above which it warns, for 5 minutes. Ours, not the seed's
   * (it names no memory alarm): a task at its hard memory limit is killed (OOM), so warn before.
   * @default 90
   */
  readonly memoryPercent?: number;
  /**
   * Running tasks (Container Insights `RunningTaskCount`, minimum per minute) below which it pages, for 3 minutes.
   * @default 1 - the service has no task at all, so it serves nothing
   */
  readonly minimumRunningTasks?: number;
}

export interface EcsServiceAlarmsProps extends ServiceAlarmsProps {
  /** Name of the ECS cluster (the `ClusterName` dimension); a token from the cluster resource is fine. */
  readonly clusterName: string;
  /**
   * ECS service names by a stable key, e.g. `{ api: 'storymagic-api' }`; the key names the service's alarms
   * (`<namePrefix>-ecs-<key>-cpu-high`), so it must be a literal; the service name may be a token.
   */
  readonly services: Readonly<Record<string, string>>;
  /**
   * Threshold overrides.
   * @default - the documented default of each threshold
   */
  readonly thresholds?: EcsServiceAlarmThresholds;
}

/** What each service's alarms watch, the last part of their names. */
export const ECS_SERVICE_ALARMS = ['cpu-high', 'memory-high', 'no-running-tasks'] as const;

/** An ECS cluster or service name: up to 255 letters, digits, hyphens and underscores. */
const ECS_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;
/** A service's key in alarm names. */
const SERVICE_KEY = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/**
 * CloudWatch alarms on every ECS service of a cluster, each keyed by the service's stable key (`api`, ...):
 *
 * | alarm (`<prefix>-ecs-<key>-…`) | metric | condition | severity |
 * | --- | --- | --- | --- |
 * | `cpu-high` | AWS/ECS CPUUtilization, Average, 1 min | > 80 % for 5 of 5 min | warning |
 * | `memory-high` | AWS/ECS MemoryUtilization, Average, 1 min | > 90 % for 5 of 5 min | warning |
 * | `no-running-tasks` | ECS/ContainerInsights RunningTaskCount, Minimum, 1 min | < 1 for 3 of 3 min | critical |
 *
 * All have the dimensions `ClusterName` and `ServiceName`. ECS publishes CPU and memory only while tasks run, so
 * those alarms treat missing data as `missing` (the task count alarm covers a service without tasks). The task count
 * comes from Container Insights, which the cluster must have on (`containerInsights` setting `enabled` or
 * `enhanced`); that alarm treats missing data as `breaching`, because a missing count means the service is gone or
 * Container Insights is off, and either leaves the service unwatched.
 *
 * The alarm names are literal strings, known at synth ({@link EcsServiceAlarms.alarmNamesFor}), so a deployment
 * (ECS or CodeDeploy blue/green rollback on alarm, which takes alarm names) in another stack can name them.
 */
export class EcsServiceAlarms extends Construct {
  /** Alarms by `<key>-<what>`, e.g. `api-cpu-high`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** ARNs of every alarm, e.g. for a dashboard's alarm widget. */
  readonly alarmArns: readonly string[];
  /** Names of each service's alarms by service key, e.g. for the service's deployment rollback alarms. */
  readonly alarmNames: Readonly<Record<string, readonly string[]>>;

  /** The names `EcsServiceAlarms` gives the alarms of service `key`, for a stack that does not hold the construct. */
  static alarmNamesFor(namePrefix: string, key: string): string[] {
    return ECS_SERVICE_ALARMS.map((what) => `${namePrefix}-ecs-${key}-${what}`);
  }

  constructor(scope: Construct, id: string, props: EcsServiceAlarmsProps) {
    super(scope, id);
    const limits = {
      cpuPercent: props.thresholds?.cpuPercent ?? 80,
      memoryPercent: props.thresholds?.memoryPercent ?? 90,
      minimumRunningTasks: props.thresholds?.minimumRunningTasks ?? 1,
    };
    validateServiceAlarmsProps(this, props);
    this.validate(props, limits);

    const definitions = Object.entries(props.services).flatMap(([key, serviceName]): AlarmDefinition[] => {
      const dimensions = { ClusterName: props.clusterName, ServiceName: serviceName };
      const metric = (namespace: string, metricName: string, statistic: MetricSource['statistic']): MetricSource => ({ namespace, metricName, dimensions, statistic });
      const service = `ECS service ${serviceName}`;
      return [
        {
          what: `${key}-cpu-high`,
          severity: 'warning',
          description: `${service} CPU has averaged above ${limits.cpuPercent} % for 5 minutes: auto scaling is at its maximum task count or cannot start tasks. Check the service events, then raise the maximum or the task size.`,
          source: metric('AWS/ECS', 'CPUUtilization', 'Average'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.cpuPercent,
          periodSeconds: 60,
          evaluationPeriods: 5,
          datapointsToAlarm: 5,
          treatMissingData: 'missing',
        },
        {
          what: `${key}-memory-high`,
          severity: 'warning',
          description: `${service} memory has averaged above ${limits.memoryPercent} % of the task size for 5 minutes; tasks at the limit are killed (OutOfMemory). Look for leaks or raise the task memory.`,
          source: metric('AWS/ECS', 'MemoryUtilization', 'Average'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.memoryPercent,
          periodSeconds: 60,
          evaluationPeriods: 5,
          datapointsToAlarm: 5,
          treatMissingData: 'missing',
        },
        {
          what: `${key}-no-running-tasks`,
          severity: 'critical',
          description: `${service} has had fewer than ${limits.minimumRunningTasks} running tasks for 3 minutes (or Container Insights stopped reporting it): requests fail. Check the service events and stopped tasks' reasons.`,
          source: metric('ECS/ContainerInsights', 'RunningTaskCount', 'Minimum'),
          comparison: 'LessThanThreshold',
          threshold: limits.minimumRunningTasks,
          periodSeconds: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          treatMissingData: 'breaching',
        },
      ];
    });
    this.alarms = createAlarms(this, 'ecs', props, definitions);
    this.alarmArns = Object.values(this.alarms).map((alarm) => alarm.arn);
    this.alarmNames = Object.fromEntries(Object.keys(props.services).map((key) => [key, EcsServiceAlarms.alarmNamesFor(props.namePrefix, key)]));
  }

  private validate(props: EcsServiceAlarmsProps, limits: Required<EcsServiceAlarmThresholds>): void {
    const require = requirement(this);
    require(matchesOrLateBound(props.clusterName, ECS_NAME), 'clusterName', `'${props.clusterName}' is not an ECS cluster name`, 'pass the cluster name, e.g. EcsCluster.clusterName');
    const entries = Object.entries(props.services);
    require(entries.length > 0, 'services', 'no service is given', "name each service by a key, e.g. { api: 'storymagic-api' }");
    for (const [key, serviceName] of entries) {
      const field = `services.${key}`;
      require(SERVICE_KEY.test(key), field, `'${key}' is not a service key`, 'use up to 32 lower-case letters, digits and hyphens, e.g. api');
      require(matchesOrLateBound(serviceName, ECS_NAME), field, `'${serviceName}' is not an ECS service name`, 'pass the service name, e.g. storymagic-api');
    }
    for (const field of ['cpuPercent', 'memoryPercent'] as const) {
      require(isAboveAndAtMost(limits[field], 0, 100), `thresholds.${field}`, `${limits[field]} is not a percentage above 0 and at most 100`, 'use a percentage such as 80');
    }
    require(
      Number.isInteger(limits.minimumRunningTasks) && limits.minimumRunningTasks >= 1,
      'thresholds.minimumRunningTasks',
      `${limits.minimumRunningTasks} is not a task count of 1 or more`,
      'use 1 (alarm when no task runs) or the smallest count the service can serve with',
    );
  }
}
