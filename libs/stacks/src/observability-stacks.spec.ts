import { EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEcsEnvironment, exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from './environment-stacks';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The synthesized resources of every stack of an environment, by stack kind. */
function synthStacks(input: EnvironmentInput): Record<string, { text: string; resource: Resources }> {
  const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(input));
  return Object.fromEntries(
    stacks.map((stack) => {
      const text = Testing.synth(stack);
      return [stack.node.id.replace(/^staging-/, ''), { text, resource: (JSON.parse(text).resource ?? {}) as Resources }];
    }),
  );
}
const only = (resources: Record<string, Record<string, unknown>> | undefined) => Object.values(resources ?? {});
const helmValues = (release: Record<string, unknown>) => JSON.parse((release.values as string[])[0]);
const releaseNamed = (resource: Resources, name: string) => only(resource.helm_release).find((release) => release.name === name) as Record<string, unknown>;

const paging = exampleEnvironment({
  data: { secrets: ['observability/grafana-admin', 'observability/postgres-exporter', 'observability/pagerduty', 'observability/slack'] },
  // The application services need their own secrets; they are not what this spec is about.
  workloads: { enabled: false },
  observability: {
    alerting: {
      pagerDuty: { routingKeySecretName: 'observability/pagerduty' },
      slack: { channel: '#alerts', webhookSecretName: 'observability/slack' },
      rules: [{ alert: 'QueueBacklogHigh', expr: 'sum(task_queue_depth) > 1000', for: '10m', severity: 'warning', summary: 'Backlog', description: 'Tasks wait' }],
    },
    budget: { monthlyLimitUsd: 400 },
  },
});

describe('MonitoringStack', () => {
  // Synthesized stack by stack, references to other stacks show as the producer's expression (the app turns them
  // into remote-state reads; the offline plan tests cover that).
  const { monitoring, data } = synthStacks(paging);
  const alarms = only(monitoring.resource.aws_cloudwatch_metric_alarm);
  const topicOf = (severity: string) => `\${aws_sns_topic.topics_Topic-${severity}`;

  it('notifies each alarm’s severity topic when it fires and when it recovers', () => {
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) {
      const severity = /Severity: (critical|warning|info)\./.exec(alarm.alarm_description as string)?.[1];
      expect(severity).toBeDefined();
      expect(alarm.alarm_actions).toEqual([expect.stringContaining(topicOf(severity as string))]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
    }
  });

  it('watches the data stack’s database by its identifier, with seed 003’s connection threshold', () => {
    const connections = alarms.find((alarm) => alarm.alarm_name === 'platform-staging-rds-primary-connections-high');
    expect(connections).toMatchObject({ metric_name: 'DatabaseConnections', threshold: 180, dimensions: { DBInstanceIdentifier: '${aws_db_instance.postgres_6BBC2FA4.identifier}' } });
  });

  it('keeps application logs 30 days and PostgreSQL logs 7 days (seed 003)', () => {
    expect(only(monitoring.resource.aws_cloudwatch_log_group).find((group) => group.name === '/platform/staging/application')).toMatchObject({ retention_in_days: 30 });
    const postgresLogs = only(data.resource.aws_cloudwatch_log_group).filter((group) => String(group.name).startsWith('/aws/rds/'));
    expect(postgresLogs.map((group) => group.retention_in_days)).toEqual(postgresLogs.map(() => 7));
  });

  it('budgets 400 USD a month with 80/90/100 % notifications to the warning topic', () => {
    const [budget] = only(monitoring.resource.aws_budgets_budget);
    expect(budget).toMatchObject({ limit_amount: '400', limit_unit: 'USD', time_unit: 'MONTHLY' });
    const notifications = budget.notification as Record<string, unknown>[];
    expect(notifications.filter((n) => n.notification_type === 'ACTUAL').map((n) => n.threshold)).toEqual([80, 90, 100]);
    expect(notifications.every((n) => String(n.subscriber_sns_topic_arns).includes(topicOf('warning')))).toBe(true);
  });

  it('emails the environment contact for every severity unless told otherwise', () => {
    expect(only(monitoring.resource.aws_sns_topic_subscription).map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'platform-team@example.com'],
      ['email', 'platform-team@example.com'],
      ['email', 'platform-team@example.com'],
    ]);
  });
});

describe('ObservabilityStack', () => {
  const { observability } = synthStacks(paging);
  const prometheus = helmValues(releaseNamed(observability.resource, 'kube-prometheus-stack'));

  it('loads seed 000’s alert rules verbatim, the thresholds, the SLO alerts and the environment’s own rules', () => {
    expect(Object.keys(prometheus.additionalPrometheusRulesMap).sort()).toEqual(['availability-slo', 'metric-presence', 'novel-engine', 'platform-thresholds', 'release-alerts', 'staging-rules']);
    const [seed] = prometheus.additionalPrometheusRulesMap['novel-engine'].groups;
    expect(seed.rules.map((rule: Record<string, unknown>) => [rule.alert, rule.expr, rule.for, (rule.labels as Record<string, string>).severity])).toEqual([
      ['HighErrorRate', 'rate(http_requests_total{status=~"5.."}[5m]) > 0.1', '2m', 'critical'],
      ['HighLatency', 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 2', '5m', 'warning'],
      ['DatabaseConnectionHigh', 'pg_stat_activity_count > 80', '2m', 'warning'],
    ]);
    expect(seed.rules[0].annotations.runbook_url).toBe('https://runbooks.staging.example.com/high-error-rate');
    expect(prometheus.additionalPrometheusRulesMap['staging-rules'].groups[0].rules[0]).toMatchObject({ alert: 'QueueBacklogHigh', labels: { severity: 'warning' } });
  });

  it('alerts on aborted and long-paused releases and scrapes the add-ons stack’s Argo Rollouts controller for them', () => {
    const [releases] = prometheus.additionalPrometheusRulesMap['release-alerts'].groups;
    expect(releases.rules.map((rule: Record<string, unknown>) => [rule.alert, rule.for, (rule.labels as Record<string, string>).severity])).toEqual([
      ['RolloutAborted', '1m', 'critical'],
      ['RolloutPausedTooLong', '30m', 'warning'],
      ['ArgoRolloutsMetricsAbsent', '15m', 'warning'],
    ]);
    expect(releases.rules[0].annotations.runbook_url).toBe('https://runbooks.staging.example.com/rollout-aborted');
    // rollout_info has no series without Rollouts: the metric presence guards leave it to the group's own guard.
    expect(JSON.stringify(prometheus.additionalPrometheusRulesMap['metric-presence'])).not.toContain('rollout_info');
    expect(prometheus.prometheus.additionalServiceMonitors).toEqual([
      {
        name: 'argo-rollouts',
        selector: { matchLabels: { 'app.kubernetes.io/component': 'rollouts-controller', 'app.kubernetes.io/name': 'argo-rollouts', 'app.kubernetes.io/instance': 'argo-rollouts' } },
        namespaceSelector: { matchNames: ['argo-rollouts'] },
        endpoints: [{ port: 'metrics', scheme: 'http', honorLabels: true }],
      },
    ]);
  });

  it('has no release alerts or Argo Rollouts ServiceMonitor without Prometheus, nor on ECS (no observability stack)', () => {
    const logsOnly = synthStacks(exampleEnvironment({ observability: { metrics: { enabled: false }, tracing: { enabled: false } } }));
    const ecs = synthStacks(exampleEcsEnvironment());
    expect(Object.keys(ecs).filter((stack) => stack.endsWith('observability'))).toEqual([]);
    for (const { text } of [...Object.values(logsOnly), ...Object.values(ecs)]) expect(text).not.toMatch(/rollout_info|additionalServiceMonitors/);
  });

  it('pages critical alerts through PagerDuty, sends warnings to Slack, and reads both credentials from Secrets Manager', () => {
    const routes = prometheus.alertmanager.config.route.routes as { receiver: string; matchers: string[] }[];
    expect(routes.find((route) => route.matchers.includes('severity="critical"'))?.receiver).toBe('pagerduty');
    expect(routes.find((route) => route.matchers.includes('severity="warning"'))?.receiver).toBe('slack');
    const receiverSecret = only(observability.resource.kubernetes_manifest).find((m) => (m.manifest as { metadata: { name: string } }).metadata.name === 'alertmanager-receivers');
    const keys = (receiverSecret?.manifest as { spec: { data: { remoteRef: { key: string } }[] } }).spec.data.map((entry) => entry.remoteRef.key).sort();
    expect(keys).toEqual(['platform/staging/observability/pagerduty', 'platform/staging/observability/slack']);
    expect(observability.text).not.toMatch(/hooks\.slack\.com|routing_key"\s*:/);
  });

  it('serves Grafana at grafana.<zone> with Loki and Tempo as data sources and the seed dashboards', () => {
    expect(prometheus.grafana.ingress.hosts).toEqual(['grafana.staging.example.com']);
    expect(prometheus.grafana.additionalDataSources.map((source: { uid: string }) => source.uid)).toEqual(['loki', 'tempo']);
    expect(only(observability.resource.kubernetes_config_map_v1).map((map) => (map.metadata as { name: string }).name).sort()).toEqual([
      'grafana-dashboard-application-services',
      'grafana-dashboard-novel-engine',
    ]);
  });

  it('scrapes PostgreSQL at the data stack’s endpoint and waits for the Prometheus CRDs', () => {
    const exporter = releaseNamed(observability.resource, 'prometheus-postgres-exporter');
    expect(helmValues(exporter).config.datasource.host).toBe('${aws_db_instance.postgres_6BBC2FA4.address}');
    expect(exporter.depends_on).toContainEqual(expect.stringMatching(/^helm_release\.kube-prometheus-stack/));
  });

  it('keeps only Loki and its collector, without ServiceMonitors, where metrics are off (seed 002 development)', () => {
    const logsOnly = synthStacks(exampleEnvironment({ observability: { metrics: { enabled: false }, tracing: { enabled: false } } })).observability;
    expect(only(logsOnly.resource.helm_release).map((release) => release.name).sort()).toEqual(['alloy', 'loki']);
    expect(helmValues(releaseNamed(logsOnly.resource, 'loki')).monitoring.serviceMonitor.enabled).toBe(false);
    expect(helmValues(releaseNamed(logsOnly.resource, 'alloy')).serviceMonitor.enabled).toBe(false);
  });
});
