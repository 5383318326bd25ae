import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { ServiceAlarmsProps } from './alarm-types';
import { AlarmDefinition, createAlarms, validateServiceAlarmsProps } from './private/metric-alarm';
import { duplicates, quoted, requirement } from './private/validation';

/** Alarm thresholds; every queue gets the same ones. */
export interface QueueAlarmThresholds {
  /**
   * Messages waiting (`ApproximateNumberOfMessagesVisible`) above which a queue warns, for 10 minutes: consumers
   * fall behind.
   * @default 1000
   */
  readonly depth?: number;
  /**
   * Age in seconds of the oldest message (`ApproximateAgeOfOldestMessage`) above which a queue warns, for 10 minutes:
   * work is stuck even if the depth is small.
   * @default 900 (15 minutes)
   */
  readonly oldestMessageSeconds?: number;
}

export interface QueueAlarmsProps extends ServiceAlarmsProps {
  /**
   * SQS queue names, e.g. `platform-production-tasks`; each has a dead-letter queue `<name>-dlq` (as MessageQueues
   * creates them). Names key the alarms, so they must be literal strings.
   */
  readonly queueNames: readonly string[];
  /**
   * Threshold overrides.
   * @default - the documented default of each threshold
   */
  readonly thresholds?: QueueAlarmThresholds;
}

/**
 * CloudWatch alarms on SQS queues and their dead-letter queues (seed 001: alert on queue depth):
 *
 * | alarm (`<prefix>-sqs-<queue>-…`) | metric | condition | severity |
 * | --- | --- | --- | --- |
 * | `depth-high` | ApproximateNumberOfMessagesVisible, Maximum, 5 min | > 1000 for 2 of 2 periods | warning |
 * | `oldest-message-old` | ApproximateAgeOfOldestMessage, Maximum, 5 min | > 900 s for 2 of 2 periods | warning |
 * | `dead-letters` | ApproximateNumberOfMessagesVisible of `<queue>-dlq`, Maximum, 5 min | > 0 once | critical |
 *
 * A message in a dead-letter queue is work that failed every retry and is lost unless someone redrives it, hence
 * critical. SQS publishes these gauges every 5 minutes even for idle queues, so missing data means the queue is gone.
 */
export class QueueAlarms extends Construct {
  /** Alarms by `<queue>-<what>`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  readonly alarmArns: readonly string[];

  constructor(scope: Construct, id: string, props: QueueAlarmsProps) {
    super(scope, id);
    const limits = { depth: props.thresholds?.depth ?? 1000, oldestMessageSeconds: props.thresholds?.oldestMessageSeconds ?? 900 };
    validateServiceAlarmsProps(this, props);
    this.validate(props.queueNames, limits);

    const definitions = props.queueNames.flatMap((queueName): AlarmDefinition[] => {
      const metric = (metricName: string, queue: string) => ({ namespace: 'AWS/SQS', metricName, dimensions: { QueueName: queue }, statistic: 'Maximum' as const });
      const tenMinutes = { periodSeconds: 300, evaluationPeriods: 2, datapointsToAlarm: 2 } as const;
      return [
        {
          what: `${queueName}-depth-high`,
          severity: 'warning',
          description: `SQS queue ${queueName} has held more than ${limits.depth} waiting messages for 10 minutes: consumers fall behind. Scale the consumers or look for failing ones.`,
          source: metric('ApproximateNumberOfMessagesVisible', queueName),
          comparison: 'GreaterThanThreshold',
          threshold: limits.depth,
          ...tenMinutes,
          treatMissingData: 'missing',
        },
        {
          what: `${queueName}-oldest-message-old`,
          severity: 'warning',
          description: `The oldest message in SQS queue ${queueName} has waited more than ${limits.oldestMessageSeconds} s for 10 minutes: work is stuck. Check the consumers' logs.`,
          source: metric('ApproximateAgeOfOldestMessage', queueName),
          comparison: 'GreaterThanThreshold',
          threshold: limits.oldestMessageSeconds,
          ...tenMinutes,
          treatMissingData: 'missing',
        },
        {
          what: `${queueName}-dead-letters`,
          severity: 'critical',
          description: `Messages of ${queueName} failed every retry and wait in ${queueName}-dlq. Find the cause, then redrive them (docs/runbook.md).`,
          source: metric('ApproximateNumberOfMessagesVisible', `${queueName}-dlq`),
          comparison: 'GreaterThanThreshold',
          threshold: 0,
          periodSeconds: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: 'missing',
        },
      ];
    });
    this.alarms = createAlarms(this, 'sqs', props, definitions);
    this.alarmArns = Object.values(this.alarms).map((alarm) => alarm.arn);
  }

  private validate(queueNames: readonly string[], limits: Required<QueueAlarmThresholds>): void {
    const require = requirement(this);
    require(queueNames.length > 0, 'queueNames', 'the list is empty', 'pass the queue names, or leave the construct out');
    for (const queueName of queueNames) {
      require(/^[A-Za-z0-9_-]{1,76}$/.test(queueName), 'queueNames', `'${queueName}' is not a literal SQS queue name with room for '-dlq'`, 'pass names such as platform-production-tasks');
    }
    const repeated = duplicates(queueNames);
    require(repeated.length === 0, 'queueNames', `lists ${quoted(repeated)} more than once`, 'list each queue once');
    require(Number.isInteger(limits.depth) && limits.depth > 0, 'thresholds.depth', `${limits.depth} is not a positive message count`, 'use a count such as 1000');
    require(
      Number.isInteger(limits.oldestMessageSeconds) && limits.oldestMessageSeconds > 0,
      'thresholds.oldestMessageSeconds',
      `${limits.oldestMessageSeconds} is not a positive number of seconds`,
      'use seconds such as 900',
    );
  }
}
