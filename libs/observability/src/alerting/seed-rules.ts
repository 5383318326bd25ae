import { AlertingProblems } from './alerting-config-error';
import { AlertRule, AlertRuleGroup } from './alert-types';
import { percent } from './private/percent';
import { runbookUrl } from './runbook-url';

/**
 * Seed 000's `novel_engine_alerts` group (k8s/monitoring.yaml, `novel_engine_rules.yml`): the three rules with their
 * expressions, `for`, severities, summaries and descriptions verbatim. The seed has no runbooks; each rule links
 * `<runbookBaseUrl>/<alert-name-in-kebab-case>`.
 */
export function seedNovelEngineRules(runbookBaseUrl: string): AlertRuleGroup {
  const withRunbook = (rule: Omit<AlertRule, 'runbookUrl'>): AlertRule => ({ ...rule, runbookUrl: runbookUrl(runbookBaseUrl, rule.alert) });
  return {
    name: 'novel_engine_alerts',
    rules: [
      withRunbook({
        alert: 'HighErrorRate',
        expr: 'rate(http_requests_total{status=~"5.."}[5m]) > 0.1',
        for: '2m',
        severity: 'critical',
        summary: 'High error rate detected',
        description: 'Error rate is {{ $value }} errors per second',
      }),
      withRunbook({
        alert: 'HighLatency',
        expr: 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 2',
        for: '5m',
        severity: 'warning',
        summary: 'High latency detected',
        description: '95th percentile latency is {{ $value }} seconds',
      }),
      withRunbook({
        alert: 'DatabaseConnectionHigh',
        expr: 'pg_stat_activity_count > 80',
        for: '2m',
        severity: 'warning',
        summary: 'High database connection count',
        description: 'Database has {{ $value }} active connections',
      }),
    ],
  };
}

export interface PlatformThresholdOptions {
  /** Base URL of the runbooks; each alert links `<runbookBaseUrl>/<alert-name-in-kebab-case>`. */
  readonly runbookBaseUrl: string;
  /**
   * Share of a service's requests answered with a 5xx over 5 minutes above which the service pages
   * (seed 001: target < 0.1 %, alert at > 0.5 %).
   * @default 0.005
   */
  readonly errorRatio?: number;
  /** 95th-percentile response time of a service, in seconds, above which it warns (seed 001: alert at > 1 s). @default 1 */
  readonly latencyP95Seconds?: number;
  /** CPU use of a container as a share of its CPU limit above which it warns (seed 001: alert at > 85 %). @default 0.85 */
  readonly cpuOfLimit?: number;
  /**
   * Working-set memory of a container as a share of its memory limit above which it warns (seed 001: alert at > 90 %);
   * the kernel OOM-kills the container at 100 %.
   * @default 0.9
   */
  readonly memoryOfLimit?: number;
  /** Used share of a persistent volume or node filesystem above which it warns (seed 001: alert at > 90 %). @default 0.9 */
  readonly diskUsage?: number;
  /**
   * Gauge of pending work items that the application exports (one series per queue). No exporter for the platform's
   * SQS queues runs in the cluster (their depth is alarmed in CloudWatch), so the in-cluster alert reads the
   * application's own backlog of narratives awaiting generation, which seed 001 targets below 10.
   * @default 'narrative_queue_depth'
   */
  readonly queueDepthMetric?: string;
  /** Pending items at or above which the backlog warns (seed 001: target < 10 pending narratives). @default 10 */
  readonly queueDepth?: number;
}

export const PLATFORM_THRESHOLD_DEFAULTS = {
  errorRatio: 0.005,
  latencyP95Seconds: 1,
  cpuOfLimit: 0.85,
  memoryOfLimit: 0.9,
  diskUsage: 0.9,
  queueDepthMetric: 'narrative_queue_depth',
  queueDepth: 10,
} as const satisfies Required<Omit<PlatformThresholdOptions, 'runbookBaseUrl'>>;

/** Filesystems of node-exporter that are not disks: in-memory or per-container layers. */
const NOT_DISK = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs"';

/**
 * Seed 001's "key metrics" thresholds as alerts, group `platform_thresholds`.
 *
 * Severities: an error ratio above target means users see failures now, so it is `critical` and pages. Latency,
 * CPU, memory, disk and backlog are saturation signals that degrade service before they break it and leave time to
 * act, so they are `warning` (chat, business hours); each `for` rides out deploys and short spikes. Metrics come from
 * what kube-prometheus-stack scrapes: the applications' `http_requests_total` / `http_request_duration_seconds`
 * (seed 000), cAdvisor, kube-state-metrics, the kubelet's volume stats and node-exporter.
 */
export function platformThresholdRules(options: PlatformThresholdOptions): AlertRuleGroup {
  const defaults = PLATFORM_THRESHOLD_DEFAULTS;
  const settings: Required<PlatformThresholdOptions> = {
    runbookBaseUrl: options.runbookBaseUrl,
    errorRatio: options.errorRatio ?? defaults.errorRatio,
    latencyP95Seconds: options.latencyP95Seconds ?? defaults.latencyP95Seconds,
    cpuOfLimit: options.cpuOfLimit ?? defaults.cpuOfLimit,
    memoryOfLimit: options.memoryOfLimit ?? defaults.memoryOfLimit,
    diskUsage: options.diskUsage ?? defaults.diskUsage,
    queueDepthMetric: options.queueDepthMetric ?? defaults.queueDepthMetric,
    queueDepth: options.queueDepth ?? defaults.queueDepth,
  };
  validateThresholds(settings);
  const { errorRatio, latencyP95Seconds, cpuOfLimit, memoryOfLimit, diskUsage, queueDepthMetric, queueDepth } = settings;
  const rule = (alert: Omit<AlertRule, 'runbookUrl'>): AlertRule => ({ ...alert, runbookUrl: runbookUrl(options.runbookBaseUrl, alert.alert) });
  return {
    name: 'platform_thresholds',
    rules: [
      rule({
        alert: 'ServiceErrorRatioHigh',
        expr: `sum by (namespace, service) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (namespace, service) (rate(http_requests_total[5m])) > ${errorRatio}`,
        for: '5m',
        severity: 'critical',
        summary: '{{ $labels.service }} answers {{ $value | humanizePercentage }} of requests with 5xx',
        description: `More than ${percent(errorRatio)} of the requests to {{ $labels.service }} in {{ $labels.namespace }} failed with a 5xx over the last 5 minutes (target below 0.1 %). Users see errors.`,
      }),
      rule({
        alert: 'ServiceLatencyHigh',
        expr: `histogram_quantile(0.95, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket[5m]))) > ${latencyP95Seconds}`,
        for: '10m',
        severity: 'warning',
        summary: '{{ $labels.service }} P95 latency is {{ $value | humanizeDuration }}',
        description: `The 95th-percentile response time of {{ $labels.service }} in {{ $labels.namespace }} has been above ${latencyP95Seconds} s for 10 minutes (target below 500 ms).`,
      }),
      rule({
        alert: 'ContainerCpuNearLimit',
        expr:
          'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="", image!=""}[5m])) / ' +
          `sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="cpu", unit="core"}) > ${cpuOfLimit}`,
        for: '15m',
        severity: 'warning',
        summary: '{{ $labels.namespace }}/{{ $labels.pod }} {{ $labels.container }} uses {{ $value | humanizePercentage }} of its CPU limit',
        description: `The container has used more than ${percent(cpuOfLimit)} of its CPU limit for 15 minutes, so it is being throttled or is about to be. Raise the limit or scale out.`,
      }),
      rule({
        alert: 'ContainerMemoryNearLimit',
        expr:
          'sum by (namespace, pod, container) (container_memory_working_set_bytes{container!="", image!=""}) / ' +
          `sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory", unit="byte"}) > ${memoryOfLimit}`,
        for: '15m',
        severity: 'warning',
        summary: '{{ $labels.namespace }}/{{ $labels.pod }} {{ $labels.container }} uses {{ $value | humanizePercentage }} of its memory limit',
        description: `The container's working set has been above ${percent(memoryOfLimit)} of its memory limit for 15 minutes; at the limit the kernel OOM-kills it.`,
      }),
      rule({
        alert: 'PersistentVolumeUsageHigh',
        expr: `kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > ${diskUsage}`,
        for: '10m',
        severity: 'warning',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full',
        description: `The persistent volume claim is more than ${percent(diskUsage)} full. Expand the volume or free space before writes fail.`,
      }),
      rule({
        alert: 'NodeDiskUsageHigh',
        expr: `(1 - node_filesystem_avail_bytes{${NOT_DISK}} / node_filesystem_size_bytes{${NOT_DISK}}) > ${diskUsage}`,
        for: '10m',
        severity: 'warning',
        summary: '{{ $labels.mountpoint }} on {{ $labels.instance }} is {{ $value | humanizePercentage }} full',
        description: `The node filesystem is more than ${percent(diskUsage)} full; when it fills, the kubelet evicts pods and images cannot be pulled.`,
      }),
      rule({
        alert: 'QueueBacklogHigh',
        expr: `${queueDepthMetric} >= ${queueDepth}`,
        for: '10m',
        severity: 'warning',
        summary: '{{ $value }} items are waiting in {{ $labels.service }}',
        description:
          `${queueDepthMetric} has been at ${queueDepth} or more for 10 minutes (target below ${queueDepth}): workers are not keeping up. ` +
          `Reads the application's own gauge ${queueDepthMetric}; if the application does not export it, this alert cannot fire.`,
      }),
    ],
  };
}

function validateThresholds(settings: Required<PlatformThresholdOptions>): void {
  const problems = new AlertingProblems();
  const where = 'platformThresholdRules';
  for (const field of ['errorRatio', 'cpuOfLimit', 'memoryOfLimit', 'diskUsage'] as const) {
    const value = settings[field];
    problems.require(Number.isFinite(value) && value > 0 && value < 1, where, field, `${value} is not a share between 0 and 1`, `write a fraction, such as ${PLATFORM_THRESHOLD_DEFAULTS[field]}`);
  }
  problems.require(Number.isFinite(settings.latencyP95Seconds) && settings.latencyP95Seconds > 0, where, 'latencyP95Seconds', `${settings.latencyP95Seconds} is not a positive number of seconds`, 'write seconds, such as 1 or 0.5');
  problems.require(Number.isInteger(settings.queueDepth) && settings.queueDepth > 0, where, 'queueDepth', `${settings.queueDepth} is not a positive whole number`, 'write a number of pending items, such as 10');
  problems.require(
    /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(settings.queueDepthMetric),
    where,
    'queueDepthMetric',
    `'${settings.queueDepthMetric}' is not a metric name`,
    'name the gauge the application exports, such as narrative_queue_depth',
  );
  problems.require(settings.runbookBaseUrl !== '', where, 'runbookBaseUrl', 'is empty', 'pass the https:// base URL of the runbooks');
  problems.throwIfAny('Platform threshold rules');
}
