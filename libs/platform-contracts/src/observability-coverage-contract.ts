import { workloadServices, workloadsNamespace } from '@platform/config';
import { stringsOf } from '@platform/guardrails';
import { scanPromQl } from '@platform/observability';
import { declaredMetricNames } from '@platform/workloads';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import { kubernetesName, manifestsOfKind } from './kubernetes-objects';
import { kubernetesServices, scrapedPortNames } from './kubernetes-traffic-contract';
import type { ModelResource, PlatformModel } from './platform-model';
import { helmValues } from './private/kubernetes-objects';
import { notApplicableOnEcs } from './private/not-on-ecs';

type Json = Record<string, unknown>;

/**
 * The metric-name prefixes each exporter the platform can deploy produces, by the Helm chart that deploys it (the
 * pinned charts of libs/observability and of the add-ons). kube-prometheus-stack brings kube-state-metrics, node-exporter
 * and the kubelet and cAdvisor scrapes; argo-rollouts (chart 2.41.0, controller v1.9.0 controller/metrics/prommetrics.go)
 * its Rollout, AnalysisRun, AnalysisTemplate and Experiment gauges, `argo_rollouts_controller_info` and its client's
 * `controller_clientset_` counters, scraped by the observability stack's ArgoRolloutsServiceMonitor.
 */
export const EXPORTER_METRIC_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  'kube-prometheus-stack': ['kube_', 'node_', 'kubelet_', 'container_', 'prometheus_', 'alertmanager_', 'up', 'ALERTS', 'scrape_'],
  'prometheus-postgres-exporter': ['pg_'],
  'prometheus-redis-exporter': ['redis_'],
  'argo-rollouts': ['rollout_', 'analysis_run_', 'analysis_template_', 'experiment_', 'argo_rollouts_', 'controller_clientset_'],
};
/**
 * kube-prometheus-stack's components that can be switched off in its values (each on by default in the pinned
 * version), and the prefixes only they produce.
 */
const KUBE_PROMETHEUS_COMPONENTS: readonly { readonly value: string; readonly prefixes: readonly string[] }[] = [
  { value: 'kubeStateMetrics', prefixes: ['kube_'] },
  { value: 'nodeExporter', prefixes: ['node_'] },
  { value: 'kubelet', prefixes: ['kubelet_', 'container_'] },
];

/**
 * Charts whose metrics Service the platform scrapes with a ServiceMonitor of its own, since their release is applied
 * before kube-prometheus-stack brings the CRD: the labels of that Service (by release name), its port name, and the
 * values path that would turn on the chart's own ServiceMonitor instead.
 */
const METRICS_SERVICES: Readonly<Record<string, { readonly labels: (release: string) => Readonly<Record<string, string>>; readonly port: string; readonly chartServiceMonitor: readonly string[] }>> = {
  // argo-helm argo-rollouts 2.41.0: templates/controller/metrics-service.yaml and _helpers.tpl.
  'argo-rollouts': {
    labels: (release) => ({ 'app.kubernetes.io/component': 'rollouts-controller', 'app.kubernetes.io/name': 'argo-rollouts', 'app.kubernetes.io/instance': release }),
    port: 'metrics',
    chartServiceMonitor: ['controller', 'metrics', 'serviceMonitor', 'enabled'],
  },
};

/** Whether Prometheus scrapes a METRICS_SERVICES chart: its own ServiceMonitor is on, or one selects its metrics Service and port. */
function metricsServiceScraped(model: PlatformModel, release: ModelResource): boolean {
  const service = METRICS_SERVICES[String(release.raw.chart)];
  if (service === undefined) return true;
  const own = helmValues(release).some((document) => {
    const enabled = service.chartServiceMonitor.reduce<unknown>((value, key) => (value as Json | undefined)?.[key], document);
    return enabled === true || enabled === 'true';
  });
  const namespace = kubernetesName(model, release, release.raw.namespace);
  return own || scrapedPortNames(model, { namespace, labels: service.labels(String(release.raw.name)) }).includes(service.port);
}

/**
 * Prefixes of the metrics a release's exporters produce and Prometheus scrapes, with kube-prometheus-stack's
 * switched-off components left out.
 */
function producedPrefixes(model: PlatformModel, release: ModelResource): readonly string[] {
  const chart = String(release.raw.chart);
  const prefixes = metricsServiceScraped(model, release) ? (EXPORTER_METRIC_PREFIXES[chart] ?? []) : [];
  if (chart !== 'kube-prometheus-stack') return prefixes;
  const off = KUBE_PROMETHEUS_COMPONENTS.filter(({ value }) =>
    helmValues(release).some((document) => {
      const enabled = (document[value] as Json | undefined)?.enabled;
      return enabled === false || enabled === 'false';
    }),
  ).flatMap((component) => component.prefixes);
  return prefixes.filter((prefix) => !off.includes(prefix));
}

/** Series a histogram or summary family exports besides its name. */
const FAMILY_SUFFIXES = ['', '_bucket', '_sum', '_count'];
const GUARDS = ['absent', 'absent_over_time'];

interface Rule {
  readonly where: string;
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
}

/**
 * Alerts that can fire: every Service with a `metrics` port is selected by a ServiceMonitor scraping that port (where
 * Prometheus runs), and every metric an alert or recording rule reads — PrometheusRules in kube-prometheus-stack's
 * values and PrometheusRule manifests — is produced by something the environment deploys (EXPORTER_METRIC_PREFIXES of
 * the installed charts, a recording rule, or the declared `metrics.names` of a service that is scraped) or guarded by
 * an `absent()` alert, so that a missing scrape alerts instead of silencing the rule.
 */
export class ObservabilityCoverageContract implements PlatformContract {
  readonly id = 'observability-coverage';
  readonly title = 'Observability coverage: every metrics port is scraped, and every alert rule reads metrics something produces or guards';

  evaluate(input: ContractInput): ContractResult {
    const notApplicable = notApplicableOnEcs(this, input, 'no Prometheus: CloudWatch alarms (monitoring stack) watch the services');
    if (notApplicable) return notApplicable;
    const { model, environment } = input;
    const checks: ContractCheck[] = [];
    const charts = new Set(model.resources('helm_release').map((release) => String(release.raw.chart)));
    const notes: string[] = [];
    if (!charts.has('kube-prometheus-stack')) {
      return { id: this.id, title: this.title, checks, notes: ['no Prometheus (kube-prometheus-stack) in this environment: nothing is scraped or alerted on'] };
    }

    const scraped = new Set<string>();
    for (const service of kubernetesServices(model)) {
      if (!service.ports.some((port) => port.name === 'metrics')) continue;
      const ok = scrapedPortNames(model, service).includes('metrics');
      if (ok) scraped.add(`${service.namespace}/${service.name}`);
      checks.push(
        check(
          `Service ${service.namespace}/${service.name} port metrics is scraped`,
          ok ? [] : [`no ServiceMonitor in ${service.namespace} selects ${service.resource.constructPath} with an endpoint on port 'metrics'. Fix: add a ServiceMonitor (monitoring.coreos.com/v1) selecting its labels (ApplicationService creates one for a spec with metrics)`],
        ),
      );
    }

    const rules = prometheusRules(model);
    const namespace = workloadsNamespace(environment);
    const declared = (environment.workloads.enabled ? workloadServices(environment.workloads) : [])
      .filter((spec) => scraped.has(`${namespace}/${spec.name}`))
      .flatMap((spec) => declaredMetricNames(spec).map((name) => ({ name, service: spec.name })));
    const recorded = new Set(rules.flatMap((rule) => (rule.record === undefined ? [] : [rule.record])));
    const guarded = new Set(rules.filter((rule) => rule.alert !== undefined && scanPromQl(rule.expr).calls.some((call) => GUARDS.includes(call))).flatMap((rule) => scanPromQl(rule.expr).metrics));
    const prefixes = model.resources('helm_release').flatMap((release) => producedPrefixes(model, release));
    const produced = (metric: string) =>
      recorded.has(metric) || prefixes.some((prefix) => metric === prefix || metric.startsWith(prefix)) || declared.some(({ name }) => FAMILY_SUFFIXES.some((suffix) => metric === `${name}${suffix}`));

    for (const rule of rules) {
      const problems = scanPromQl(rule.expr)
        .metrics.filter((metric) => !produced(metric) && !guarded.has(metric))
        .map(
          (metric) =>
            `${metric} is produced by nothing this environment deploys and scrapes, and no absent() alert guards it. Fix: scrape its exporter or service (declaring it in the service's metrics.names), or add an alert on absent(${metric})`,
        );
      checks.push(check(`${rule.where} reads metrics the platform produces or guards`, problems));
    }
    notes.push(`${rules.length} rules, ${scraped.size} scraped service(s), ${guarded.size} metric(s) guarded by absent()`);
    return { id: this.id, title: this.title, checks, notes };
  }
}

/** Every rule of the PrometheusRules the environment installs: kube-prometheus-stack's values and PrometheusRule manifests. */
function prometheusRules(model: PlatformModel): Rule[] {
  const fromGroups = (where: string, groups: unknown): Rule[] =>
    (Array.isArray(groups) ? (groups as Json[]) : []).flatMap((group) =>
      (Array.isArray(group.rules) ? (group.rules as Json[]) : []).map((rule) => ({
        where: `${rule.alert === undefined ? 'recording rule' : 'alert'} ${String(rule.alert ?? rule.record)} (${where}, group ${String(group.name)})`,
        alert: rule.alert === undefined ? undefined : String(rule.alert),
        record: rule.record === undefined ? undefined : String(rule.record),
        expr: String(rule.expr),
      })),
    );
  const rules: Rule[] = [];
  for (const release of model.resources('helm_release').filter((candidate) => candidate.raw.chart === 'kube-prometheus-stack')) {
    for (const text of stringsOf(release.raw.values)) {
      let values: Json;
      try {
        values = JSON.parse(text) as Json;
      } catch {
        continue;
      }
      for (const [name, rule] of Object.entries((values.additionalPrometheusRulesMap ?? {}) as Record<string, Json>)) rules.push(...fromGroups(`PrometheusRule ${name}`, rule.groups));
    }
  }
  for (const { resource, manifest } of manifestsOfKind(model, 'PrometheusRule')) {
    const metadata = (manifest.metadata ?? {}) as Json;
    rules.push(...fromGroups(`PrometheusRule ${kubernetesName(model, resource, metadata.namespace)}/${String(metadata.name)}`, (manifest.spec as Json | undefined)?.groups));
  }
  return rules;
}
