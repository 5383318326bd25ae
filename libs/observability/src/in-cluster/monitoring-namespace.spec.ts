import { synthJson } from '@platform/terraform-testing';
import { MonitoringNamespace } from './monitoring-namespace';
import { Loki } from './loki';

describe('MonitoringNamespace', () => {
  it('creates the namespace monitoring, enforcing the privileged Pod Security Standard that node-exporter and the log collector need', () => {
    const namespace = synthJson((scope) => new MonitoringNamespace(scope, 'namespace')).resource('kubernetes_namespace_v1', 'namespace');
    expect(namespace.metadata).toEqual({
      name: 'monitoring',
      labels: {
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/audit': 'baseline',
        'pod-security.kubernetes.io/warn': 'baseline',
        // Grafana's rollouts wait for the shared ALB's target group.
        'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
      },
    });
  });

  it('makes releases placed in it wait for it through the reference to its name', () => {
    const json = synthJson((scope) => {
      const namespace = new MonitoringNamespace(scope, 'namespace');
      new Loki(scope, 'loki', { namespace: namespace.name });
    });
    const namespace = json.resource('kubernetes_namespace_v1', 'namespace');
    expect(json.resource('helm_release', 'loki').namespace).toBe(json.ref(namespace, 'metadata[0].name'));
  });

  it('rejects a name that is not a namespace name', () => {
    expect(() => synthJson((scope) => new MonitoringNamespace(scope, 'namespace', { name: 'Monitoring' }))).toThrow(/namespace: name: 'Monitoring' is not a namespace name/);
  });
});
