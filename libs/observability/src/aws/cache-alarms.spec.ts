import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { CacheAlarms, CacheAlarmsProps } from './cache-alarms';
import { ALARM_PROPS, alarmNamed, alarmNames, metricAlarmSummary } from './private/testing';

const PROPS: CacheAlarmsProps = { ...ALARM_PROPS, nodeIds: ['platform-test-001', 'platform-test-002'] };
const synth = (props: Partial<CacheAlarmsProps> = {}) => synthJson((scope) => new CacheAlarms(scope, 'cache', { ...PROPS, ...props }));

describe('CacheAlarms', () => {
  const json = synth();
  const node = (nodeId: string) => ({ namespace: 'AWS/ElastiCache', dimensions: { CacheClusterId: nodeId } });

  it('names the member clusters of a replication group as ElastiCache does', () => {
    expect(CacheAlarms.memberClusterIds('platform-test', 3)).toEqual(['platform-test-001', 'platform-test-002', 'platform-test-003']);
  });

  it('watches engine CPU, memory and evictions of every node', () => {
    expect(alarmNames(json)).toEqual(
      ['platform-test-001', 'platform-test-002'].flatMap((id) => ['engine-cpu-high', 'memory-high', 'evictions'].map((what) => `platform-test-elasticache-${id}-${what}`)).sort(),
    );
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'platform-test-001-engine-cpu-high',
      { ...node('platform-test-001'), severity: 'warning', metric: 'EngineCPUUtilization', statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 80, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'platform-test-002-memory-high',
      { ...node('platform-test-002'), severity: 'warning', metric: 'DatabaseMemoryUsagePercentage', statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 90, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'platform-test-001-evictions',
      { ...node('platform-test-001'), severity: 'warning', metric: 'Evictions', statistic: 'Sum', comparison: 'GreaterThanThreshold', threshold: 0, period: 300, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'notBreaching' },
    ],
  ])('%s', (what, expected) => {
    expect(metricAlarmSummary(alarmNamed(json, `platform-test-elasticache-${what}`))).toEqual(expected);
  });

  it('adds a connection alarm when given a threshold, and takes overrides', () => {
    const tuned = synth({ nodeIds: ['platform-test-001'], thresholds: { connections: 1000, memoryPercent: 75, engineCpuPercent: 60, evictions: 100 } });
    expect(metricAlarmSummary(alarmNamed(tuned, 'platform-test-elasticache-platform-test-001-connections-high'))).toEqual({
      ...node('platform-test-001'),
      severity: 'warning',
      metric: 'CurrConnections',
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 1000,
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: 'missing',
    });
    expect(alarmNamed(tuned, 'platform-test-elasticache-platform-test-001-memory-high').threshold).toBe(75);
    expect(alarmNamed(tuned, 'platform-test-elasticache-platform-test-001-engine-cpu-high').threshold).toBe(60);
    expect(alarmNamed(tuned, 'platform-test-elasticache-platform-test-001-evictions').threshold).toBe(100);
  });

  it('keys alarms by node id: adding a node only adds its alarms', () => {
    const before = json.resources('aws_cloudwatch_metric_alarm').map((alarm) => alarm.logicalId);
    const after = synth({ nodeIds: CacheAlarms.memberClusterIds('platform-test', 3) })
      .resources('aws_cloudwatch_metric_alarm')
      .map((alarm) => alarm.logicalId);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(before.length + 3);
  });

  it.each<[string, Partial<CacheAlarmsProps>, RegExp]>([
    ['no node', { nodeIds: [] }, /cache: nodeIds: the list is empty/],
    ['a node twice', { nodeIds: ['platform-test-001', 'platform-test-001'] }, /nodeIds: lists 'platform-test-001' more than once/],
    ['an upper-case node id', { nodeIds: ['Platform-001'] }, /nodeIds: 'Platform-001' is not a literal cache cluster id/],
    ['a memory percentage of 0', { thresholds: { memoryPercent: 0 } }, /thresholds.memoryPercent: 0 is not a percentage above 0 and at most 100/],
    ['a negative eviction count', { thresholds: { evictions: -1 } }, /thresholds.evictions: -1 is not a count of 0 or more/],
    ['a zero connection threshold', { thresholds: { connections: 0 } }, /thresholds.connections: 0 is not a positive connection count/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('rejects node ids known only at apply time, since they key the alarms', () => {
    expect(() =>
      synthJson((scope) => new CacheAlarms(scope, 'cache', { ...ALARM_PROPS, nodeIds: [new TerraformVariable(scope, 'node', { type: 'string' }).stringValue] })),
    ).toThrow(/nodeIds: .* is not a literal cache cluster id/);
  });
});
