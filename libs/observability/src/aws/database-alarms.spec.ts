import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { DatabaseAlarms, DatabaseAlarmsProps } from './database-alarms';
import { ALARM_PROPS, alarmNamed, alarmNames, metricAlarmSummary, TOPIC_ARNS } from './private/testing';

const PROPS: DatabaseAlarmsProps = {
  ...ALARM_PROPS,
  instanceIdentifiers: { primary: 'platform-test', replicas: { 'replica-1': 'platform-test-replica-1' } },
};
const synth = (props: Partial<DatabaseAlarmsProps> = {}) => synthJson((scope) => new DatabaseAlarms(scope, 'database', { ...PROPS, ...props }));

describe('DatabaseAlarms', () => {
  const json = synth();
  const rds = (identifier: string) => ({ namespace: 'AWS/RDS', dimensions: { DBInstanceIdentifier: identifier } });

  it('watches connections, CPU, storage and memory of every instance, and the lag of replicas', () => {
    expect(alarmNames(json)).toEqual(
      [
        ...['primary', 'replica-1'].flatMap((instance) =>
          ['connections-high', 'cpu-high', 'cpu-critical', 'free-storage-low', 'freeable-memory-low'].map((what) => `platform-test-rds-${instance}-${what}`),
        ),
        'platform-test-rds-replica-1-replica-lag-high',
      ].sort(),
    );
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'primary-connections-high',
      { ...rds('platform-test'), severity: 'warning', metric: 'DatabaseConnections', statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 180, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'primary-cpu-high',
      { ...rds('platform-test'), severity: 'warning', metric: 'CPUUtilization', statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 80, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'primary-cpu-critical',
      { ...rds('platform-test'), severity: 'critical', metric: 'CPUUtilization', statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 95, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'primary-free-storage-low',
      // 10 % of the default 100 GiB.
      { ...rds('platform-test'), severity: 'critical', metric: 'FreeStorageSpace', statistic: 'Minimum', comparison: 'LessThanThreshold', threshold: 10 * 1024 ** 3, period: 300, evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: 'missing' },
    ],
    [
      'primary-freeable-memory-low',
      { ...rds('platform-test'), severity: 'warning', metric: 'FreeableMemory', statistic: 'Minimum', comparison: 'LessThanThreshold', threshold: 256 * 1024 ** 2, period: 300, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'missing' },
    ],
    [
      'replica-1-replica-lag-high',
      { ...rds('platform-test-replica-1'), severity: 'warning', metric: 'ReplicaLag', statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 30, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'breaching' },
    ],
    [
      'replica-1-cpu-critical',
      { ...rds('platform-test-replica-1'), severity: 'critical', metric: 'CPUUtilization', statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 95, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
  ])('%s', (what, expected) => {
    expect(metricAlarmSummary(alarmNamed(json, `platform-test-rds-${what}`))).toEqual(expected);
  });

  it('describes each alarm with its instance, threshold and severity', () => {
    expect(alarmNamed(json, 'platform-test-rds-primary-connections-high').alarm_description).toMatch(/^RDS instance platform-test has had more than 180 connections .* Severity: warning\.$/);
  });

  it('takes threshold overrides and computes free storage from the allocation', () => {
    const tuned = synth({ allocatedStorageGiB: 200, thresholds: { connections: 90, cpuWarningPercent: 70, freeStoragePercent: 20, freeableMemoryMiB: 512, replicaLagSeconds: 60 } });
    expect(alarmNamed(tuned, 'platform-test-rds-primary-connections-high').threshold).toBe(90);
    expect(alarmNamed(tuned, 'platform-test-rds-primary-cpu-high').threshold).toBe(70);
    expect(alarmNamed(tuned, 'platform-test-rds-primary-cpu-critical').threshold).toBe(95);
    expect(alarmNamed(tuned, 'platform-test-rds-primary-free-storage-low').threshold).toBe(40 * 1024 ** 3);
    expect(alarmNamed(tuned, 'platform-test-rds-primary-freeable-memory-low').threshold).toBe(512 * 1024 ** 2);
    expect(alarmNamed(tuned, 'platform-test-rds-replica-1-replica-lag-high').threshold).toBe(60);
  });

  it('keys alarms by instance name: adding a replica only adds its alarms', () => {
    const withTwo = synth({ instanceIdentifiers: { ...PROPS.instanceIdentifiers, replicas: { 'replica-1': 'platform-test-replica-1', 'replica-2': 'platform-test-replica-2' } } });
    const before = json.resources('aws_cloudwatch_metric_alarm').map((alarm) => alarm.logicalId);
    const after = withTwo.resources('aws_cloudwatch_metric_alarm').map((alarm) => alarm.logicalId);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(before.length + 6);
  });

  it('accepts identifiers from another stack (tokens)', () => {
    const tokens = synthJson((scope) => {
      const primary = new TerraformVariable(scope, 'primary', { type: 'string' }).stringValue;
      new DatabaseAlarms(scope, 'database', { ...ALARM_PROPS, instanceIdentifiers: { primary } });
    });
    expect(alarmNamed(tokens, 'platform-test-rds-primary-cpu-high').dimensions).toEqual({ DBInstanceIdentifier: '${var.primary}' });
  });

  it.each<[string, Partial<DatabaseAlarmsProps>, RegExp]>([
    ['a warning above the critical CPU threshold', { thresholds: { cpuWarningPercent: 96 } }, /database: thresholds.cpuWarningPercent: 96 is not below cpuCriticalPercent 95/],
    ['a CPU percentage above 100', { thresholds: { cpuCriticalPercent: 120 } }, /thresholds.cpuCriticalPercent: 120 is not a percentage above 0 and at most 100/],
    ['a zero storage share', { thresholds: { freeStoragePercent: 0 } }, /thresholds.freeStoragePercent: 0 is not a percentage above 0 and at most 50/],
    ['a fractional connection count', { thresholds: { connections: 1.5 } }, /thresholds.connections: 1.5 is not a positive connection count/],
    ['an allocation below RDS minimum', { allocatedStorageGiB: 10 }, /allocatedStorageGiB: 10 is not an RDS allocation/],
    ['an upper-case identifier', { instanceIdentifiers: { primary: 'Platform' } }, /instanceIdentifiers.primary: 'Platform' is not an RDS instance identifier/],
    ['a replica named primary', { instanceIdentifiers: { primary: 'platform-test', replicas: { primary: 'platform-test-2' } } }, /instanceIdentifiers.replicas.primary: 'primary' is not a replica name/],
    ['a missing critical topic', { topicArns: { warning: TOPIC_ARNS.warning, info: TOPIC_ARNS.info } as never }, /topicArns.critical: is missing/],
    ['an unknown severity', { topicArns: { ...TOPIC_ARNS, urgent: TOPIC_ARNS.critical } as never }, /topicArns: 'urgent' is not a severity/],
    ['a topic name instead of its ARN', { topicArns: { ...TOPIC_ARNS, info: 'platform-test-alarms-info' } }, /topicArns.info: 'platform-test-alarms-info' is not an SNS topic ARN/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
