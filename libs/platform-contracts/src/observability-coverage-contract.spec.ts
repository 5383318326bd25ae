import type { ContractInput, ContractResult } from './contract';
import { ObservabilityCoverageContract } from './observability-coverage-contract';
import { PlatformModel } from './platform-model';
import { failures as failingChecks } from './private/spec-support';

type Json = Record<string, unknown>;

const contract = new ObservabilityCoverageContract();
const ENVIRONMENT = { name: 'production', compute: 'eks', workloads: { enabled: false } } as unknown as ContractInput['environment'];

/** A helm_release of `chart` in `monitoring` with `values` (JSON). */
const release = (chart: string, values: Json = {}) => ({ chart, name: chart, namespace: 'monitoring', values: [JSON.stringify(values)] });
/** kube-prometheus-stack with `rules` (group name → rules) in additionalPrometheusRulesMap, and more values. */
const prometheus = (rules: Record<string, Json[]>, values: Json = {}) =>
  release('kube-prometheus-stack', { additionalPrometheusRulesMap: { platform: { groups: Object.entries(rules).map(([name, group]) => ({ name, rules: group })) } }, ...values });

function evaluate(resources: Json, environment = ENVIRONMENT): ContractResult {
  return contract.evaluate({ model: new PlatformModel({ observability: { resource: resources } } as ConstructorParameters<typeof PlatformModel>[0]), environment }) as ContractResult;
}
const failures = (result: ContractResult) => failingChecks(result, ' | ');
const unproduced = (metric: string) =>
  `${metric} is produced by nothing this environment deploys and scrapes, and no absent() alert guards it. Fix: scrape its exporter or service (declaring it in the service's metrics.names), or add an alert on absent(${metric})`;
const alert = (name: string, expr: string) => ({ alert: name, expr });

describe('observability coverage contract', () => {
  it('is titled for the report; without Prometheus nothing is checked', () => {
    expect(new ObservabilityCoverageContract().title).toBe('Observability coverage: every metrics port is scraped, and every alert rule reads metrics something produces or guards');
    expect(evaluate({ helm_release: { loki: release('loki') } })).toEqual({
      id: 'observability-coverage',
      title: contract.title,
      checks: [],
      notes: ['no Prometheus (kube-prometheus-stack) in this environment: nothing is scraped or alerted on'],
    });
  });

  it('does not apply on ECS', () => {
    expect(evaluate({}, { ...ENVIRONMENT, compute: 'ecs' } as ContractInput['environment']).notes).toEqual([
      "not applicable: production runs on ECS Fargate (compute: 'ecs'); no Prometheus: CloudWatch alarms (monitoring stack) watch the services",
    ]);
  });

  it('a rule reading what an installed exporter produces passes; the same metric without its exporter is named', () => {
    const rules = { exporters: [alert('PostgresDown', 'pg_up == 0'), alert('TargetDown', 'up == 0'), alert('PodsPending', 'kube_pod_status_phase{phase="Pending"} > 0')] };
    const withExporter = evaluate({ helm_release: { prometheus: prometheus(rules), postgres: release('prometheus-postgres-exporter') } });
    expect(failures(withExporter)).toEqual([]);
    expect(withExporter.checks.map((item) => item.subject)).toEqual([
      'alert PostgresDown (PrometheusRule platform, group exporters) reads metrics the platform produces or guards',
      'alert TargetDown (PrometheusRule platform, group exporters) reads metrics the platform produces or guards',
      'alert PodsPending (PrometheusRule platform, group exporters) reads metrics the platform produces or guards',
    ]);
    expect(withExporter.notes).toEqual(['3 rules, 0 scraped service(s), 0 metric(s) guarded by absent()']);
    expect(failures(evaluate({ helm_release: { prometheus: prometheus(rules) } }))).toEqual([
      `alert PostgresDown (PrometheusRule platform, group exporters) reads metrics the platform produces or guards: ${unproduced('pg_up')}`,
    ]);
  });

  it.each([[false], ['false']])('kube-state-metrics switched off (enabled: %j) produces no kube_ series; node-exporter still runs', (enabled) => {
    const rules = { cluster: [alert('PodsPending', 'kube_pod_status_phase > 0'), alert('DiskFull', 'node_filesystem_avail_bytes < 1')] };
    expect(failures(evaluate({ helm_release: { prometheus: prometheus(rules, { kubeStateMetrics: { enabled } }) } }))).toEqual([
      `alert PodsPending (PrometheusRule platform, group cluster) reads metrics the platform produces or guards: ${unproduced('kube_pod_status_phase')}`,
    ]);
    expect(failures(evaluate({ helm_release: { prometheus: prometheus(rules, { kubeStateMetrics: { enabled: true } }) } }))).toEqual([]);
  });

  it('a recorded series is produced; an absent() alert guards its metrics, a recording rule calling absent() does not', () => {
    const result = evaluate({
      helm_release: {
        prometheus: prometheus({
          app: [
            { record: 'job:requests:rate5m', expr: 'sum(rate(kube_pod_info[5m]))' },
            alert('RequestsLow', 'job:requests:rate5m < 1'),
            alert('QueueMissing', 'absent(queue_depth)'),
            alert('QueueDeep', 'queue_depth > 100'),
            { record: 'job:jobs:absent', expr: 'absent(jobs_pending)' },
            alert('JobsPending', 'jobs_pending > 0'),
          ],
        }),
      },
    });
    expect(failures(result)).toEqual([
      `recording rule job:jobs:absent (PrometheusRule platform, group app) reads metrics the platform produces or guards: ${unproduced('jobs_pending')}`,
      `alert JobsPending (PrometheusRule platform, group app) reads metrics the platform produces or guards: ${unproduced('jobs_pending')}`,
    ]);
    expect(result.notes).toEqual(['6 rules, 0 scraped service(s), 1 metric(s) guarded by absent()']);
  });

  describe('argo-rollouts, whose metrics Service the platform scrapes with a ServiceMonitor of its own', () => {
    const rules = { rollouts: [alert('RolloutAborted', 'rollout_info{phase="Degraded"} > 0')] };
    const monitor = (labels: Json, port: string, namespace = 'monitoring') => ({
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'argo-rollouts', namespace },
        spec: { selector: { matchLabels: labels }, endpoints: [{ port }] },
      },
    });
    const labels = { 'app.kubernetes.io/component': 'rollouts-controller', 'app.kubernetes.io/name': 'argo-rollouts', 'app.kubernetes.io/instance': 'argo-rollouts' };
    const failed = (resources: Json) => failures(evaluate({ ...resources, helm_release: { prometheus: prometheus(rules), ...(resources.helm_release as Json) } }));
    const named = [`alert RolloutAborted (PrometheusRule platform, group rollouts) reads metrics the platform produces or guards: ${unproduced('rollout_info')}`];

    it.each([[true], ['true']])('its chart’s own ServiceMonitor (enabled: %j) scrapes it', (enabled) => {
      expect(failed({ helm_release: { rollouts: release('argo-rollouts', { controller: { metrics: { serviceMonitor: { enabled } } } }) } })).toEqual([]);
    });

    it('a ServiceMonitor selecting its Service’s labels on port metrics scrapes it', () => {
      expect(failed({ helm_release: { rollouts: release('argo-rollouts') }, kubernetes_manifest: { monitor: monitor(labels, 'metrics') } })).toEqual([]);
    });

    it.each<[string, Json]>([
      ['no ServiceMonitor', {}],
      ['the chart’s ServiceMonitor off', { helm_release: { rollouts: release('argo-rollouts', { controller: { metrics: { serviceMonitor: { enabled: false } } } }) } }],
      ['a ServiceMonitor on another port', { kubernetes_manifest: { monitor: monitor(labels, 'http') } }],
      ['a ServiceMonitor of another release', { kubernetes_manifest: { monitor: monitor({ ...labels, 'app.kubernetes.io/instance': 'other' }, 'metrics') } }],
      ['a ServiceMonitor in another namespace', { kubernetes_manifest: { monitor: monitor(labels, 'metrics', 'apps') } }],
    ])('with %s its metrics are produced by nothing scraped', (_case, resources) => {
      expect(failed({ helm_release: { rollouts: release('argo-rollouts'), ...(resources.helm_release as Json) }, ...(resources.kubernetes_manifest === undefined ? {} : { kubernetes_manifest: resources.kubernetes_manifest }) })).toEqual(named);
    });
  });

  describe('Services with a metrics port', () => {
    const service = (ports: Json[]) => ({ metadata: [{ name: 'api', namespace: 'apps', labels: { app: 'api' } }], spec: [{ selector: { app: 'api' }, port: ports }] });
    const monitor = { manifest: { kind: 'ServiceMonitor', metadata: { name: 'api', namespace: 'apps' }, spec: { selector: { matchLabels: { app: 'api' } }, endpoints: [{ port: 'metrics' }] } } };
    const base = { helm_release: { prometheus: prometheus({}) } };

    it('a scraped one passes and counts; an unscraped one is named; one without a metrics port is not checked', () => {
      const scraped = evaluate({ ...base, kubernetes_service_v1: { api: service([{ name: 'metrics', port: 9090 }]), web: service([{ name: 'http', port: 80 }]) }, kubernetes_manifest: { monitor } });
      expect(scraped.checks.map((item) => `${item.subject}: ${item.passed}`)).toEqual(['Service apps/api port metrics is scraped: true']);
      expect(scraped.notes).toEqual(['0 rules, 1 scraped service(s), 0 metric(s) guarded by absent()']);
      expect(failures(evaluate({ ...base, kubernetes_service_v1: { api: service([{ name: 'metrics', port: 9090 }]) } }))).toEqual([
        "Service apps/api port metrics is scraped: no ServiceMonitor in apps selects observability/kubernetes_service_v1.api with an endpoint on port 'metrics'. Fix: add a ServiceMonitor (monitoring.coreos.com/v1) selecting its labels (ApplicationService creates one for a spec with metrics)",
      ]);
    });
  });

  it('reads the rules of PrometheusRule manifests too', () => {
    const rule = { manifest: { kind: 'PrometheusRule', metadata: { name: 'app', namespace: 'apps' }, spec: { groups: [{ name: 'g', rules: [alert('Missing', 'gone_total > 0')] }] } } };
    const result = evaluate({ helm_release: { prometheus: { ...prometheus({}), values: [JSON.stringify({}), JSON.stringify({ additionalPrometheusRulesMap: {} })] } }, kubernetes_manifest: { rule } });
    expect(failures(result)).toEqual([`alert Missing (PrometheusRule apps/app, group g) reads metrics the platform produces or guards: ${unproduced('gone_total')}`]);
  });
});
