import { AlertingProblems } from './alerting-config-error';
import { AlertRule, AlertRuleGroup } from './alert-types';
import { scanPromQl } from './promql';
import { runbookUrl } from './runbook-url';

export interface MetricPresenceOptions {
  /** Base URL of the runbooks; each alert links `<runbookBaseUrl>/<alert-name-in-kebab-case>`. */
  readonly runbookBaseUrl: string;
  /** The rule groups whose metrics must be present. */
  readonly groups: readonly AlertRuleGroup[];
  /**
   * Prefixes of metrics that need no guard: series of what kube-prometheus-stack always runs and watches itself
   * (its default rules alert when kube-state-metrics, node-exporter or a kubelet is down).
   * @default ALWAYS_SCRAPED_METRIC_PREFIXES
   */
  readonly alwaysScrapedPrefixes?: readonly string[];
  /**
   * How long a metric may be missing before the guard fires: longer than a rollout of the services, shorter than
   * anyone would notice an alert that can no longer fire.
   * @default '15m'
   */
  readonly for?: string;
}

/**
 * Metrics kube-prometheus-stack scrapes from its own components: kube-state-metrics (`kube_`), node-exporter
 * (`node_`), the kubelet and its cAdvisor (`kubelet_`, `container_`), Prometheus itself (`up`, `prometheus_`).
 */
export const ALWAYS_SCRAPED_METRIC_PREFIXES: readonly string[] = ['kube_', 'node_', 'kubelet_', 'container_', 'prometheus_', 'up'];

/**
 * An `absent()` alert for every metric the given rules read that no always-running exporter produces (the
 * applications' `http_requests_total`, postgres-exporter's `pg_*`, ...), group `metric_presence`: when a scrape
 * breaks — no ServiceMonitor, a NetworkPolicy dropping Prometheus, a renamed metric — the rules reading it go silent
 * instead of firing, and this alert says so. Metrics recorded by the groups themselves are not guarded (their inputs
 * are). `warning`: nothing is down for users, but alerting is blind.
 */
export function metricPresenceRules(options: MetricPresenceOptions): AlertRuleGroup {
  const problems = new AlertingProblems();
  problems.require(options.runbookBaseUrl !== '', 'metricPresenceRules', 'runbookBaseUrl', 'is empty', 'pass the https:// base URL of the runbooks');
  problems.throwIfAny('Metric presence rules');
  const prefixes = options.alwaysScrapedPrefixes ?? ALWAYS_SCRAPED_METRIC_PREFIXES;
  const rules = options.groups.flatMap((group) => group.rules);
  const recorded = new Set(rules.flatMap((rule) => ('record' in rule ? [rule.record] : [])));
  const metrics: string[] = [];
  for (const rule of rules) {
    for (const metric of scanPromQl(rule.expr).metrics) {
      if (recorded.has(metric) || prefixes.some((prefix) => metric === prefix || metric.startsWith(prefix)) || metrics.includes(metric)) continue;
      metrics.push(metric);
    }
  }
  return {
    name: 'metric_presence',
    rules: metrics.map((metric): AlertRule => {
      const alert = `${metric
        .split(/[_:]+/)
        .filter(Boolean)
        .map((word) => word[0].toUpperCase() + word.slice(1))
        .join('')}Absent`;
      return {
        alert,
        expr: `absent(${metric})`,
        for: options.for ?? '15m',
        severity: 'warning',
        summary: `No ${metric} series: the alert rules reading it cannot fire`,
        description: `Prometheus has no series of ${metric}, which the platform's alert rules read. Check that its exporter or service runs, is selected by a ServiceMonitor and that its NetworkPolicy admits Prometheus (Status → Targets).`,
        runbookUrl: runbookUrl(options.runbookBaseUrl, 'MetricAbsent'),
        labels: { metric },
      };
    }),
  };
}
