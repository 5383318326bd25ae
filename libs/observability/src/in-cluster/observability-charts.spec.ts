import { inClusterUrl, OBSERVABILITY_CHARTS, OBSERVABILITY_COMPONENTS, OBSERVABILITY_RELEASE_NAMES } from './observability-charts';

describe('the observability chart catalog', () => {
  it.each(OBSERVABILITY_COMPONENTS.map((component) => [component]))('pins %s to one exact chart version from an HTTPS repository', (component) => {
    expect(OBSERVABILITY_CHARTS[component].version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(OBSERVABILITY_CHARTS[component].repository).toMatch(/^https:\/\//);
  });

  it('pins the versions the values keys were verified against', () => {
    expect(Object.fromEntries(OBSERVABILITY_COMPONENTS.map((component) => [component, `${OBSERVABILITY_CHARTS[component].chart}@${OBSERVABILITY_CHARTS[component].version}`]))).toEqual({
      kubePrometheusStack: 'kube-prometheus-stack@88.5.3',
      loki: 'loki@18.11.0',
      logCollector: 'alloy@1.11.1',
      tempo: 'tempo@2.2.4',
      openTelemetryCollector: 'opentelemetry-collector@0.170.0',
      postgresExporter: 'prometheus-postgres-exporter@8.2.0',
      redisExporter: 'prometheus-redis-exporter@6.29.0',
    });
  });

  it('names each release so that the chart uses the release name alone for its Services', () => {
    for (const component of OBSERVABILITY_COMPONENTS) expect(OBSERVABILITY_RELEASE_NAMES[component]).toContain(OBSERVABILITY_CHARTS[component].chart);
  });

  it('builds in-cluster Service URLs', () => {
    expect(inClusterUrl('loki', 'monitoring', 3100)).toBe('http://loki.monitoring.svc.cluster.local:3100');
  });
});
