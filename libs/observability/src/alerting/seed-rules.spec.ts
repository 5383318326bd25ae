import { AlertRule } from './alert-types';
import { platformThresholdRules, seedNovelEngineRules } from './seed-rules';

const RUNBOOKS = 'https://runbooks.example.com';

function alertsByName(rules: readonly unknown[]): Record<string, AlertRule> {
  return Object.fromEntries((rules as AlertRule[]).map((rule) => [rule.alert, rule]));
}

describe('seedNovelEngineRules', () => {
  it("is seed 000's novel_engine_alerts group verbatim, with a runbook per alert", () => {
    expect(seedNovelEngineRules(RUNBOOKS)).toEqual({
      name: 'novel_engine_alerts',
      rules: [
        {
          alert: 'HighErrorRate',
          expr: 'rate(http_requests_total{status=~"5.."}[5m]) > 0.1',
          for: '2m',
          severity: 'critical',
          summary: 'High error rate detected',
          description: 'Error rate is {{ $value }} errors per second',
          runbookUrl: 'https://runbooks.example.com/high-error-rate',
        },
        {
          alert: 'HighLatency',
          expr: 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 2',
          for: '5m',
          severity: 'warning',
          summary: 'High latency detected',
          description: '95th percentile latency is {{ $value }} seconds',
          runbookUrl: 'https://runbooks.example.com/high-latency',
        },
        {
          alert: 'DatabaseConnectionHigh',
          expr: 'pg_stat_activity_count > 80',
          for: '2m',
          severity: 'warning',
          summary: 'High database connection count',
          description: 'Database has {{ $value }} active connections',
          runbookUrl: 'https://runbooks.example.com/database-connection-high',
        },
      ],
    });
  });

  it('joins the runbook base URL without doubling a trailing slash', () => {
    expect(seedNovelEngineRules('https://wiki.example.com/runbooks/').rules.map((rule) => (rule as AlertRule).runbookUrl)).toEqual([
      'https://wiki.example.com/runbooks/high-error-rate',
      'https://wiki.example.com/runbooks/high-latency',
      'https://wiki.example.com/runbooks/database-connection-high',
    ]);
  });
});

describe('platformThresholdRules', () => {
  it("alerts at seed 001's thresholds: critical on the user-facing error ratio, warnings on saturation", () => {
    const group = platformThresholdRules({ runbookBaseUrl: RUNBOOKS });
    expect(group.name).toBe('platform_thresholds');
    const alerts = alertsByName(group.rules);
    expect(Object.fromEntries(Object.values(alerts).map((rule) => [rule.alert, [rule.severity, rule.for]]))).toEqual({
      ServiceErrorRatioHigh: ['critical', '5m'],
      ServiceLatencyHigh: ['warning', '10m'],
      ContainerCpuNearLimit: ['warning', '15m'],
      ContainerMemoryNearLimit: ['warning', '15m'],
      PersistentVolumeUsageHigh: ['warning', '10m'],
      NodeDiskUsageHigh: ['warning', '10m'],
      QueueBacklogHigh: ['warning', '10m'],
    });
    expect(alerts.ServiceErrorRatioHigh.expr).toBe(
      'sum by (namespace, service) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (namespace, service) (rate(http_requests_total[5m])) > 0.005',
    );
    expect(alerts.ServiceLatencyHigh.expr).toBe('histogram_quantile(0.95, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket[5m]))) > 1');
    expect(alerts.ContainerCpuNearLimit.expr).toBe(
      'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="", image!=""}[5m])) / ' +
        'sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="cpu", unit="core"}) > 0.85',
    );
    expect(alerts.ContainerMemoryNearLimit.expr).toBe(
      'sum by (namespace, pod, container) (container_memory_working_set_bytes{container!="", image!=""}) / ' +
        'sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory", unit="byte"}) > 0.9',
    );
    expect(alerts.PersistentVolumeUsageHigh.expr).toBe('kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > 0.9');
    expect(alerts.NodeDiskUsageHigh.expr).toBe(
      '(1 - node_filesystem_avail_bytes{fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs"}) > 0.9',
    );
    expect(alerts.QueueBacklogHigh.expr).toBe('narrative_queue_depth >= 10');
    expect(alerts.QueueBacklogHigh.description).toContain("Reads the application's own gauge narrative_queue_depth");
    expect(alerts.ServiceErrorRatioHigh.description).toContain('More than 0.5 % of the requests');
    expect(alerts.ContainerCpuNearLimit.runbookUrl).toBe('https://runbooks.example.com/container-cpu-near-limit');
  });

  it('takes overridden thresholds and queue metric', () => {
    const alerts = alertsByName(
      platformThresholdRules({
        runbookBaseUrl: RUNBOOKS,
        errorRatio: 0.01,
        latencyP95Seconds: 0.5,
        cpuOfLimit: 0.9,
        memoryOfLimit: 0.8,
        diskUsage: 0.85,
        queueDepthMetric: 'jobs_pending',
        queueDepth: 100,
      }).rules,
    );
    expect(alerts.ServiceErrorRatioHigh.expr).toMatch(/ > 0\.01$/);
    expect(alerts.ServiceLatencyHigh.expr).toMatch(/ > 0\.5$/);
    expect(alerts.ContainerCpuNearLimit.expr).toMatch(/ > 0\.9$/);
    expect(alerts.ContainerMemoryNearLimit.expr).toMatch(/ > 0\.8$/);
    expect(alerts.PersistentVolumeUsageHigh.expr).toMatch(/ > 0\.85$/);
    expect(alerts.NodeDiskUsageHigh.expr).toMatch(/ > 0\.85$/);
    expect(alerts.QueueBacklogHigh.expr).toBe('jobs_pending >= 100');
  });

  it('rejects thresholds that are not shares, counts or metric names', () => {
    expect(() =>
      platformThresholdRules({ runbookBaseUrl: RUNBOOKS, errorRatio: 0.5, cpuOfLimit: 85, latencyP95Seconds: 0, queueDepth: 2.5, queueDepthMetric: 'queue-depth' }),
    ).toThrow(
      [
        'Platform threshold rules: 4 problems to fix:',
        '  - platformThresholdRules: cpuOfLimit: 85 is not a share between 0 and 1. Fix: write a fraction, such as 0.85',
        '  - platformThresholdRules: latencyP95Seconds: 0 is not a positive number of seconds. Fix: write seconds, such as 1 or 0.5',
        '  - platformThresholdRules: queueDepth: 2.5 is not a positive whole number. Fix: write a number of pending items, such as 10',
        "  - platformThresholdRules: queueDepthMetric: 'queue-depth' is not a metric name. Fix: name the gauge the application exports, such as narrative_queue_depth",
      ].join('\n'),
    );
  });
});
