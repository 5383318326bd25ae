import { synthJson } from '@platform/terraform-testing';
import { LogCollector, LogCollectorProps } from './log-collector';
import { releaseSettings, valuesOf } from './private/testing';

const PROPS: LogCollectorProps = { lokiPushUrl: 'http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push', clusterName: 'platform-production' };

describe('LogCollector', () => {
  const synth = (props: Partial<LogCollectorProps> = {}) => synthJson((scope) => new LogCollector(scope, 'logs', { ...PROPS, ...props }));
  const release = synth().resource('helm_release', 'logs');
  const values = valuesOf(release);
  const config: string = values.alloy.configMap.content;

  it('installs the pinned Grafana Alloy chart (Promtail is end-of-life) into monitoring, atomically', () => {
    expect(release).toMatchObject({ ...releaseSettings('logCollector'), chart: 'alloy', version: '1.11.1', name: 'alloy' });
  });

  it('runs on every node, including tainted ones, reading the node’s /var/log', () => {
    expect(values.controller).toEqual({ type: 'daemonset', tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] });
    expect(values.alloy.mounts).toEqual({ varlog: true });
  });

  it('discovers only the pods of its own node and tails their log files', () => {
    expect(config).toContain('field = "spec.nodeName=" + coalesce(sys.env("HOSTNAME"), constants.hostname)');
    expect(config).toContain('replacement   = "/var/log/pods/*$1/*.log"');
    expect(config).toMatch(/local\.file_match "pod_logs" \{\n {2}path_targets = discovery\.relabel\.pod_logs\.output/);
    expect(config).toMatch(/loki\.source\.file "pod_logs" \{\n {2}targets {4}= local\.file_match\.pod_logs\.targets/);
  });

  it('labels streams by namespace, pod, container, app, node, job and cluster', () => {
    for (const label of ['namespace', 'pod', 'container', 'app', 'node', 'job']) expect(config).toContain(`target_label  = "${label}"`);
    expect(config).toContain('external_labels = { cluster = "platform-production" }');
  });

  it('parses the CRI log format and pushes to Loki', () => {
    expect(config).toContain('stage.cri {}');
    expect(config).toContain('url = "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push"');
  });

  it('turns off usage reporting and the unused PodLogs CRD, and is scraped by Prometheus', () => {
    expect(values.alloy.enableReporting).toBe(false);
    expect(values.crds).toEqual({ create: false });
    expect(values.serviceMonitor).toEqual({ enabled: true });
    expect(valuesOf(synth({ serviceMonitor: false }).resource('helm_release', 'logs')).serviceMonitor).toEqual({ enabled: false });
  });

  it.each<[string, Partial<LogCollectorProps>, RegExp]>([
    ['a URL that is not Loki’s push endpoint', { lokiPushUrl: 'http://loki:3100' }, /logs: lokiPushUrl: 'http:\/\/loki:3100' is not a Loki push URL/],
    ['a cluster name that would break the configuration', { clusterName: 'platform" production' }, /logs: clusterName: 'platform" production' is not a cluster name/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
