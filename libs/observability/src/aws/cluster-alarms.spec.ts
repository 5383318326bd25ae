import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { ClusterAlarms, ClusterAlarmsProps } from './cluster-alarms';
import { ALARM_PROPS, alarmNamed, alarmNames, metricAlarmSummary } from './private/testing';

const PROPS: ClusterAlarmsProps = { ...ALARM_PROPS, clusterName: 'platform-test' };
const synth = (props: Partial<ClusterAlarmsProps> = {}) => synthJson((scope) => new ClusterAlarms(scope, 'cluster', { ...PROPS, ...props }));

describe('ClusterAlarms', () => {
  const json = synth();
  const containerInsights = { namespace: 'ContainerInsights', dimensions: { ClusterName: 'platform-test' } };

  it('watches node CPU, node memory and failed nodes', () => {
    expect(alarmNames(json)).toEqual(['platform-test-eks-failed-nodes', 'platform-test-eks-node-cpu-high', 'platform-test-eks-node-memory-high']);
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'node-cpu-high',
      { ...containerInsights, severity: 'warning', metric: 'node_cpu_utilization', statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 80, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'node-memory-high',
      { ...containerInsights, severity: 'warning', metric: 'node_memory_utilization', statistic: 'Average', comparison: 'GreaterThanThreshold', threshold: 90, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' },
    ],
    [
      'failed-nodes',
      { ...containerInsights, severity: 'critical', metric: 'cluster_failed_node_count', statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 0, period: 60, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'breaching' },
    ],
  ])('%s', (what, expected) => {
    expect(metricAlarmSummary(alarmNamed(json, `platform-test-eks-${what}`))).toEqual(expected);
  });

  it('takes threshold overrides and a cluster name from another stack', () => {
    const tuned = synthJson((scope) => {
      const clusterName = new TerraformVariable(scope, 'cluster_name', { type: 'string' }).stringValue;
      new ClusterAlarms(scope, 'cluster', { ...ALARM_PROPS, clusterName, thresholds: { nodeCpuPercent: 70, nodeMemoryPercent: 85 } });
    });
    expect(alarmNamed(tuned, 'platform-test-eks-node-cpu-high')).toMatchObject({ threshold: 70, dimensions: { ClusterName: '${var.cluster_name}' } });
    expect(alarmNamed(tuned, 'platform-test-eks-node-memory-high').threshold).toBe(85);
  });

  it.each<[string, Partial<ClusterAlarmsProps>, RegExp]>([
    ['a CPU percentage above 100', { thresholds: { nodeCpuPercent: 101 } }, /cluster: thresholds.nodeCpuPercent: 101 is not a percentage above 0 and at most 100/],
    ['a negative memory percentage', { thresholds: { nodeMemoryPercent: -5 } }, /thresholds.nodeMemoryPercent: -5 is not a percentage/],
    ['a cluster name with spaces', { clusterName: 'platform test' }, /clusterName: 'platform test' is not an EKS cluster name/],
    ['a name prefix with a slash', { namePrefix: 'platform/test' }, /namePrefix: 'platform\/test' is not a name prefix/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
