import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { EcsServiceAlarms, EcsServiceAlarmsProps } from './ecs-service-alarms';
import { ALARM_PROPS, alarmNamed, alarmNames, metricAlarmSummary } from './private/testing';

const PROPS: EcsServiceAlarmsProps = { ...ALARM_PROPS, clusterName: 'storymagic-production', services: { api: 'storymagic-api' } };
const synth = (props: Partial<EcsServiceAlarmsProps> = {}) => synthJson((scope) => new EcsServiceAlarms(scope, 'ecs', { ...PROPS, ...props }));

describe('EcsServiceAlarms', () => {
  const json = synth();
  const dimensions = { ClusterName: 'storymagic-production', ServiceName: 'storymagic-api' };

  it("watches every service's CPU, memory and running tasks", () => {
    expect(alarmNames(json)).toEqual(['platform-test-ecs-api-cpu-high', 'platform-test-ecs-api-memory-high', 'platform-test-ecs-api-no-running-tasks']);
  });

  it.each<[string, Record<string, unknown>]>([
    // Seed 003: High CPU Utilization > 80 % for 5 minutes (5 periods of 60 s).
    [
      'cpu-high',
      { severity: 'warning', namespace: 'AWS/ECS', metric: 'CPUUtilization', dimensions, statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 80, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'memory-high',
      { severity: 'warning', namespace: 'AWS/ECS', metric: 'MemoryUtilization', dimensions, statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 90, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'no-running-tasks',
      {
        severity: 'critical',
        namespace: 'ECS/ContainerInsights',
        metric: 'RunningTaskCount',
        dimensions,
        statistic: 'Minimum',
        comparison: 'LessThanThreshold',
        threshold: 1,
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: 'breaching',
      },
    ],
  ])('%s', (what, expected) => {
    expect(metricAlarmSummary(alarmNamed(json, `platform-test-ecs-api-${what}`))).toEqual(expected);
  });

  it('exposes the alarm names per service, the same as the static helper for other stacks', () => {
    const alarms = synthJson((scope) => {
      const construct = new EcsServiceAlarms(scope, 'ecs', { ...PROPS, services: { api: 'storymagic-api', worker: 'storymagic-worker' } });
      expect(construct.alarmNames).toEqual({ api: EcsServiceAlarms.alarmNamesFor('platform-test', 'api'), worker: EcsServiceAlarms.alarmNamesFor('platform-test', 'worker') });
      expect(construct.alarmArns).toHaveLength(6);
    });
    expect(alarmNames(alarms)).toEqual([...EcsServiceAlarms.alarmNamesFor('platform-test', 'api'), ...EcsServiceAlarms.alarmNamesFor('platform-test', 'worker')].sort());
  });

  it('takes threshold overrides', () => {
    const tuned = synth({ thresholds: { cpuPercent: 70, memoryPercent: 85, minimumRunningTasks: 2 } });
    expect(alarmNamed(tuned, 'platform-test-ecs-api-cpu-high').threshold).toBe(70);
    expect(alarmNamed(tuned, 'platform-test-ecs-api-memory-high').threshold).toBe(85);
    expect(alarmNamed(tuned, 'platform-test-ecs-api-no-running-tasks').threshold).toBe(2);
  });

  it('takes cluster and service names known only at apply time', () => {
    const late = synthJson((scope) => {
      const name = new TerraformVariable(scope, 'service', { type: 'string' }).stringValue;
      new EcsServiceAlarms(scope, 'ecs', { ...PROPS, clusterName: new TerraformVariable(scope, 'cluster', { type: 'string' }).stringValue, services: { api: name } });
    });
    expect(alarmNamed(late, 'platform-test-ecs-api-cpu-high').dimensions).toEqual({ ClusterName: '${var.cluster}', ServiceName: '${var.service}' });
  });

  it.each<[string, Partial<EcsServiceAlarmsProps>, RegExp]>([
    ['no service', { services: {} }, /ecs: services: no service is given/],
    ['an upper-case service key', { services: { Api: 'storymagic-api' } }, /services.Api: 'Api' is not a service key/],
    ['a service name with a slash', { services: { api: 'storymagic/api' } }, /services.api: 'storymagic\/api' is not an ECS service name/],
    ['a cluster name with a space', { clusterName: 'storymagic production' }, /clusterName: 'storymagic production' is not an ECS cluster name/],
    ['a CPU percentage above 100', { thresholds: { cpuPercent: 101 } }, /thresholds.cpuPercent: 101 is not a percentage above 0 and at most 100/],
    ['a memory percentage of 0', { thresholds: { memoryPercent: 0 } }, /thresholds.memoryPercent: 0 is not a percentage/],
    ['a running task minimum of 0, which never fires', { thresholds: { minimumRunningTasks: 0 } }, /thresholds.minimumRunningTasks: 0 is not a task count of 1 or more/],
    ['a missing topic', { topicArns: { ...ALARM_PROPS.topicArns, critical: undefined as unknown as string } }, /topicArns.critical: is missing/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
