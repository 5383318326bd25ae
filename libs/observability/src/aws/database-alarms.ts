import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { ServiceAlarmsProps } from './alarm-types';
import { AlarmDefinition, createAlarms, validateServiceAlarmsProps } from './private/metric-alarm';
import { isAboveAndAtMost, matchesOrLateBound, requirement } from './private/validation';

/** RDS identifiers of the instances to watch, as `PostgresDatabase` names them. */
export interface DatabaseInstanceIdentifiers {
  /** The primary, e.g. `platform-production` (`PostgresDatabase.instance.identifier`). */
  readonly primary: string;
  /**
   * Read replicas by their stable name, e.g. `{ 'replica-1': 'platform-production-replica-1' }`; the name keys the
   * replica's alarms, so adding a replica only adds alarms.
   * @default {} - no replicas
   */
  readonly replicas?: Readonly<Record<string, string>>;
}

/** Alarm thresholds; every instance gets the same ones. */
export interface DatabaseAlarmThresholds {
  /**
   * `DatabaseConnections` (maximum per minute) above which an instance warns, for 5 minutes.
   * @default 180 - seed 003; 90 % of the parameter group's `max_connections` of 200
   */
  readonly connections?: number;
  /**
   * Average `CPUUtilization` above which an instance warns, for 5 minutes.
   * @default 80
   */
  readonly cpuWarningPercent?: number;
  /**
   * Average `CPUUtilization` above which an instance pages (critical), for 5 minutes; above `cpuWarningPercent`.
   * @default 95
   */
  readonly cpuCriticalPercent?: number;
  /**
   * `FreeStorageSpace` below this share of `allocatedStorageGiB` pages (critical): a full volume stops writes.
   * @default 10
   */
  readonly freeStoragePercent?: number;
  /**
   * `FreeableMemory` (minimum per 5 minutes) below which an instance warns, for 15 minutes. The default is about 6 % of
   * a db.t3.medium's 4 GiB; raise it with the instance class.
   * @default 256
   */
  readonly freeableMemoryMiB?: number;
  /**
   * `ReplicaLag` above which a replica warns, for 5 minutes.
   * @default 30
   */
  readonly replicaLagSeconds?: number;
}

export interface DatabaseAlarmsProps extends ServiceAlarmsProps {
  readonly instanceIdentifiers: DatabaseInstanceIdentifiers;
  /**
   * Storage allocated to each instance in GiB (`PostgresDatabase` `allocatedStorageGiB`), the base of the free
   * storage threshold. Storage autoscaling grows the volume but not this figure, so after a scale-up the alarm fires
   * at a smaller share of the larger volume: it stays conservative, never late.
   * @default 100 - PostgresDatabase's default
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Threshold overrides.
   * @default - the documented default of each threshold
   */
  readonly thresholds?: DatabaseAlarmThresholds;
}

/** An RDS DB instance identifier: a letter, then up to 62 lower-case letters, digits and single hyphens. */
const DB_INSTANCE_IDENTIFIER = /^[a-z](?:[a-z0-9]|-(?!-)){0,62}$/;
/** A replica's key in alarm names. */
const REPLICA_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/**
 * CloudWatch alarms on every RDS instance (primary and read replicas), each keyed by the instance's stable name
 * (`primary`, `replica-1`, ...):
 *
 * | alarm (`<prefix>-rds-<instance>-…`) | metric | condition | severity |
 * | --- | --- | --- | --- |
 * | `connections-high` | DatabaseConnections, Maximum, 1 min | > 180 for 5 of 5 min | warning |
 * | `cpu-high` | CPUUtilization, Average, 1 min | > 80 % for 5 of 5 min | warning |
 * | `cpu-critical` | CPUUtilization, Average, 1 min | > 95 % for 5 of 5 min | critical |
 * | `free-storage-low` | FreeStorageSpace, Minimum, 5 min | < 10 % of the allocation | critical |
 * | `freeable-memory-low` | FreeableMemory, Minimum, 5 min | < 256 MiB for 3 of 3 periods | warning |
 * | `replica-lag-high` (replicas) | ReplicaLag, Maximum, 1 min | > 30 s for 5 of 5 min | warning |
 *
 * RDS publishes these gauges every minute while an instance runs, so a gap means the instance is stopped or being
 * replaced: those alarms treat missing data as `missing` (INSUFFICIENT_DATA; RDS events report the outage). The
 * replica lag alarm treats it as `breaching`: a replica that stops reporting lag is not replicating.
 */
export class DatabaseAlarms extends Construct {
  /** The key of the primary in alarm names and {@link DatabaseAlarms.alarms}. */
  static readonly PRIMARY = 'primary';

  /** Alarms by `<instance>-<what>`, e.g. `primary-cpu-high`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** ARNs of every alarm, e.g. for a dashboard's alarm widget. */
  readonly alarmArns: readonly string[];

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const limits = {
      connections: props.thresholds?.connections ?? 180,
      cpuWarningPercent: props.thresholds?.cpuWarningPercent ?? 80,
      cpuCriticalPercent: props.thresholds?.cpuCriticalPercent ?? 95,
      freeStoragePercent: props.thresholds?.freeStoragePercent ?? 10,
      freeableMemoryMiB: props.thresholds?.freeableMemoryMiB ?? 256,
      replicaLagSeconds: props.thresholds?.replicaLagSeconds ?? 30,
    };
    const allocatedStorageGiB = props.allocatedStorageGiB ?? 100;
    const replicas = props.instanceIdentifiers.replicas ?? {};
    validateServiceAlarmsProps(this, props);
    this.validate(props.instanceIdentifiers.primary, replicas, allocatedStorageGiB, limits);

    const instances: [string, string, boolean][] = [
      [DatabaseAlarms.PRIMARY, props.instanceIdentifiers.primary, false],
      ...Object.entries(replicas).map(([name, identifier]): [string, string, boolean] => [name, identifier, true]),
    ];
    const definitions = instances.flatMap(([key, identifier, isReplica]): AlarmDefinition[] => {
      const metric = (metricName: string, statistic: 'Average' | 'Maximum' | 'Minimum') => ({
        namespace: 'AWS/RDS',
        metricName,
        dimensions: { DBInstanceIdentifier: identifier },
        statistic,
      });
      const fiveMinutes = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 } as const;
      const instance = `RDS instance ${identifier}`;
      return [
        {
          what: `${key}-connections-high`,
          severity: 'warning',
          description: `${instance} has had more than ${limits.connections} connections for 5 minutes; new connections fail at max_connections. Check connection pools and leaks.`,
          source: metric('DatabaseConnections', 'Maximum'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.connections,
          ...fiveMinutes,
          treatMissingData: 'missing',
        },
        {
          what: `${key}-cpu-high`,
          severity: 'warning',
          description: `${instance} CPU has averaged above ${limits.cpuWarningPercent} % for 5 minutes. Check Performance Insights for the top queries.`,
          source: metric('CPUUtilization', 'Average'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.cpuWarningPercent,
          ...fiveMinutes,
          treatMissingData: 'missing',
        },
        {
          what: `${key}-cpu-critical`,
          severity: 'critical',
          description: `${instance} CPU has averaged above ${limits.cpuCriticalPercent} % for 5 minutes: queries are queuing. Stop the top queries or scale the instance class.`,
          source: metric('CPUUtilization', 'Average'),
          comparison: 'GreaterThanThreshold',
          threshold: limits.cpuCriticalPercent,
          ...fiveMinutes,
          treatMissingData: 'missing',
        },
        {
          what: `${key}-free-storage-low`,
          severity: 'critical',
          description: `${instance} has less than ${limits.freeStoragePercent} % of its ${allocatedStorageGiB} GiB free; a full volume stops all writes. Free space or raise the storage limit.`,
          source: metric('FreeStorageSpace', 'Minimum'),
          comparison: 'LessThanThreshold',
          threshold: Math.round(allocatedStorageGiB * GIB * (limits.freeStoragePercent / 100)),
          periodSeconds: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: 'missing',
        },
        {
          what: `${key}-freeable-memory-low`,
          severity: 'warning',
          description: `${instance} has had less than ${limits.freeableMemoryMiB} MiB of freeable memory for 15 minutes; it will swap and slow down. Scale the instance class or reduce work_mem / connections.`,
          source: metric('FreeableMemory', 'Minimum'),
          comparison: 'LessThanThreshold',
          threshold: limits.freeableMemoryMiB * MIB,
          periodSeconds: 300,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          treatMissingData: 'missing',
        },
        ...(isReplica
          ? [
              {
                what: `${key}-replica-lag-high`,
                severity: 'warning',
                description: `Read replica ${identifier} has lagged more than ${limits.replicaLagSeconds} s behind the primary for 5 minutes, or stopped reporting lag; reads from it are stale.`,
                source: metric('ReplicaLag', 'Maximum'),
                comparison: 'GreaterThanThreshold',
                threshold: limits.replicaLagSeconds,
                ...fiveMinutes,
                treatMissingData: 'breaching',
              } satisfies AlarmDefinition,
            ]
          : []),
      ];
    });
    this.alarms = createAlarms(this, 'rds', props, definitions);
    this.alarmArns = Object.values(this.alarms).map((alarm) => alarm.arn);
  }

  private validate(
    primary: string,
    replicas: Readonly<Record<string, string>>,
    allocatedStorageGiB: number,
    limits: Required<DatabaseAlarmThresholds>,
  ): void {
    const require = requirement(this);
    const identifierFix = 'pass the RDS identifier, e.g. PostgresDatabase.instance.identifier';
    require(matchesOrLateBound(primary, DB_INSTANCE_IDENTIFIER), 'instanceIdentifiers.primary', `'${primary}' is not an RDS instance identifier`, identifierFix);
    for (const [name, identifier] of Object.entries(replicas)) {
      const field = `instanceIdentifiers.replicas.${name}`;
      require(
        REPLICA_NAME.test(name) && name !== DatabaseAlarms.PRIMARY,
        field,
        `'${name}' is not a replica name`,
        `use lower-case letters, digits and hyphens other than '${DatabaseAlarms.PRIMARY}', e.g. replica-1`,
      );
      require(matchesOrLateBound(identifier, DB_INSTANCE_IDENTIFIER), field, `'${identifier}' is not an RDS instance identifier`, identifierFix);
    }
    require(
      Number.isInteger(allocatedStorageGiB) && allocatedStorageGiB >= 20 && allocatedStorageGiB <= 65536,
      'allocatedStorageGiB',
      `${allocatedStorageGiB} is not an RDS allocation from 20 to 65536 GiB`,
      "pass the database's allocatedStorageGiB",
    );
    require(Number.isInteger(limits.connections) && limits.connections > 0, 'thresholds.connections', `${limits.connections} is not a positive connection count`, 'use a count below max_connections, e.g. 180');
    for (const field of ['cpuWarningPercent', 'cpuCriticalPercent'] as const) {
      require(isAboveAndAtMost(limits[field], 0, 100), `thresholds.${field}`, `${limits[field]} is not a percentage above 0 and at most 100`, 'use a percentage such as 80');
    }
    require(
      limits.cpuWarningPercent < limits.cpuCriticalPercent,
      'thresholds.cpuWarningPercent',
      `${limits.cpuWarningPercent} is not below cpuCriticalPercent ${limits.cpuCriticalPercent}`,
      'warn before paging: keep the warning threshold below the critical one',
    );
    require(isAboveAndAtMost(limits.freeStoragePercent, 0, 50), 'thresholds.freeStoragePercent', `${limits.freeStoragePercent} is not a percentage above 0 and at most 50`, 'use a share such as 10');
    require(isAboveAndAtMost(limits.freeableMemoryMiB, 0, 1024 * 1024), 'thresholds.freeableMemoryMiB', `${limits.freeableMemoryMiB} is not a positive amount of MiB`, 'use an amount such as 256');
    require(isAboveAndAtMost(limits.replicaLagSeconds, 0, 86400), 'thresholds.replicaLagSeconds', `${limits.replicaLagSeconds} is not a positive number of seconds`, 'use a lag such as 30');
  }
}
