/**
 * The Helm charts of the in-cluster observability stack, pinned, with their release names and namespace.
 * One place to bump a chart: every construct and test reads these constants.
 */
import type { HelmChart } from '@platform/core';
import { ITerraformDependable } from 'cdktf';

/** Namespace of everything the observability stack installs. */
export const MONITORING_NAMESPACE = 'monitoring';

/** Where an in-cluster construct puts its resources and what it waits for. */
export interface MonitoringPlacementProps {
  /**
   * Namespace of the resources. It must exist: pass MonitoringNamespace.name, whose reference also makes Terraform
   * create the namespace first.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Resources to create first, e.g. the kube-prometheus-stack release, whose CRDs the ServiceMonitors of the other
   * charts need.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** A component Prometheus scrapes through a ServiceMonitor. */
export interface ScrapeTargetProps extends MonitoringPlacementProps {
  /**
   * Whether the chart creates a ServiceMonitor. It needs kube-prometheus-stack's CRDs: turn it off where Prometheus
   * does not run (development keeps logs only).
   * @default true
   */
  readonly serviceMonitor?: boolean;
}

/** Every component of the in-cluster observability stack. */
export const OBSERVABILITY_COMPONENTS = ['kubePrometheusStack', 'loki', 'logCollector', 'tempo', 'openTelemetryCollector', 'postgresExporter', 'redisExporter'] as const;
export type ObservabilityComponent = (typeof OBSERVABILITY_COMPONENTS)[number];

/**
 * The pinned chart of every component. Each version was checked against the repository's published `index.yaml`
 * (or release tag), and the values keys each construct sets against that version's `values.yaml` (and
 * `values.schema.json` where the chart has one).
 */
export const OBSERVABILITY_CHARTS: { readonly [K in ObservabilityComponent]: HelmChart } = {
  // prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 (prometheus-operator v0.93.1; Grafana subchart
  // 12.11.1 from grafana-community).
  kubePrometheusStack: { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '88.5.3' },
  // grafana-community/helm-charts index.yaml entry loki 18.11.0 (Loki 3.7.6). The OSS Loki chart moved from
  // grafana/helm-charts to grafana-community in March 2026.
  loki: { repository: 'https://grafana-community.github.io/helm-charts', chart: 'loki', version: '18.11.0' },
  // grafana/helm-charts index.yaml entry alloy 1.11.1 (Alloy v1.18.1), built from grafana/alloy tag helm-chart/1.11.1.
  // Grafana Alloy, not Promtail: the promtail chart is deprecated and Promtail itself is end-of-life.
  logCollector: { repository: 'https://grafana.github.io/helm-charts', chart: 'alloy', version: '1.11.1' },
  // grafana-community/helm-charts index.yaml entry tempo 2.2.4 (Tempo 2.10.8), the single-binary chart.
  tempo: { repository: 'https://grafana-community.github.io/helm-charts', chart: 'tempo', version: '2.2.4' },
  // open-telemetry/opentelemetry-helm-charts index.yaml entry opentelemetry-collector 0.170.0 (collector 0.158.0).
  openTelemetryCollector: { repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.170.0' },
  // prometheus-community/helm-charts tag prometheus-postgres-exporter-8.2.0 (postgres_exporter v0.20.1).
  postgresExporter: { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-postgres-exporter', version: '8.2.0' },
  // prometheus-community/helm-charts tag prometheus-redis-exporter-6.29.0 (redis_exporter v1.89.0).
  redisExporter: { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-redis-exporter', version: '6.29.0' },
};

/**
 * Helm release name of every component. The charts derive their Service names from it (the release name alone
 * when it contains the chart name), which the in-cluster URLs below rely on.
 */
export const OBSERVABILITY_RELEASE_NAMES: { readonly [K in ObservabilityComponent]: string } = {
  kubePrometheusStack: 'kube-prometheus-stack',
  loki: 'loki',
  logCollector: 'alloy',
  tempo: 'tempo',
  openTelemetryCollector: 'opentelemetry-collector',
  postgresExporter: 'prometheus-postgres-exporter',
  redisExporter: 'prometheus-redis-exporter',
};

/** URL of a Service inside the cluster, e.g. `http://loki.monitoring.svc.cluster.local:3100`. */
export function inClusterUrl(service: string, namespace: string, port: number, scheme = 'http'): string {
  return `${scheme}://${service}.${namespace}.svc.cluster.local:${port}`;
}
