import { DEFAULT_APPLICATION_SECRETS } from './data-schema';
import { EnvironmentInput } from './environment-schema';
import { loadEnvironment } from './load-environment';
import { hasInClusterObservability } from './observability-schema';
import { configIssues, exampleEnvironment, issueMatching } from './testing';

const withObservability = (observability: EnvironmentInput['observability'], overrides: Partial<EnvironmentInput> = {}) =>
  exampleEnvironment({ ...overrides, observability });

describe('observability settings', () => {
  it('default to the full stack with the seed figures', () => {
    const { observability } = loadEnvironment(exampleEnvironment());
    expect(observability.metrics).toEqual({ enabled: true, retentionDays: 15, storageGiB: 50, remoteWriteUrls: [] });
    expect(observability.grafana.adminSecretName).toBe('observability/grafana-admin');
    expect(observability.tracing).toEqual({ enabled: true, samplingPercent: 10, retentionDays: 7 });
    expect(observability.cloudwatch).toMatchObject({ alarms: true, containerInsights: true, applicationLogRetentionDays: 30, databaseLogRetentionDays: 7 });
    expect(observability.alerting.availabilityObjective).toBe(0.999);
    expect(observability.budget).toBe(false);
    expect(hasInClusterObservability(observability)).toBe(true);
  });

  it('fills in budget thresholds of 80, 90 and 100 % (seed 003)', () => {
    const { observability } = loadEnvironment(withObservability({ budget: { monthlyLimitUsd: 400 } }));
    expect(observability.budget).toEqual({ monthlyLimitUsd: 400, thresholdsPercent: [80, 90, 100] });
  });

  it('turns the in-cluster stack off when metrics, logs and tracing are off', () => {
    const { observability } = loadEnvironment(withObservability({ metrics: { enabled: false }, logs: { enabled: false }, tracing: { enabled: false } }));
    expect(hasInClusterObservability(observability)).toBe(false);
  });

  it('accepts an extra alert rule with a PromQL expression and a duration', () => {
    const rule = { alert: 'QueueBacklogHigh', expr: 'sum(task_queue_depth) > 1000', for: '10m', severity: 'warning' as const, summary: 'Backlog', description: 'Tasks wait' };
    const { observability } = loadEnvironment(withObservability({ alerting: { rules: [rule] } }));
    expect(observability.alerting.rules).toEqual([rule]);
  });

  const rule = { alert: 'QueueBacklogHigh', expr: 'sum(task_queue_depth) > 1000', for: '10m', severity: 'warning', summary: 's', description: 'd' };
  it.each<[string, EnvironmentInput['observability'], string | RegExp, Partial<EnvironmentInput>?]>([
    ['an unknown severity in the subscriptions', { cloudwatch: { subscriptions: { urgent: ['a@example.com'] } as never } }, "observability.cloudwatch.subscriptions.urgent: 'urgent' is not a severity. Fix: use critical, warning, info"],
    ['an unknown severity on an alert rule', { alerting: { rules: [{ ...rule, severity: 'page' as never }] } }, 'observability.alerting.rules.0.severity: is not a severity. Fix: write one of critical, warning, info'],
    ['an alert `for` that is not a duration', { alerting: { rules: [{ ...rule, severity: 'warning', for: '10 minutes' }] } }, /^observability\.alerting\.rules\.0\.for: is not a Prometheus duration\. Fix: write a number and unit such as '5m'/],
    [
      'an aggregation without parentheses around its argument',
      { alerting: { rules: [{ ...rule, severity: 'warning', expr: 'sum by (job) rate(x[5m]) > 1' }] } },
      /^observability\.alerting\.rules\.0\.expr: unexpected 'rate' at character 14: an aggregation takes its argument in parentheses.*Fix: correct the PromQL expression/,
    ],
    ['a counter function over an instant vector', { alerting: { rules: [{ ...rule, severity: 'warning', expr: 'rate(x) > 1' }] } }, /^observability\.alerting\.rules\.0\.expr: expected type matrix in call to function "rate", got vector/],
    ['an unbalanced alert expression', { alerting: { rules: [{ ...rule, severity: 'warning', expr: 'sum(rate(x[5m]) > 1' }] } }, /^observability\.alerting\.rules\.0\.expr: .*Fix: correct the PromQL expression/],
    ['a budget of 0 USD', { budget: { monthlyLimitUsd: 0 } }, 'observability.budget.monthlyLimitUsd: is not more than 0 USD. Fix: write the monthly limit in USD such as 400, or set budget: false'],
    ['a negative budget', { budget: { monthlyLimitUsd: -5 } }, 'observability.budget.monthlyLimitUsd: is not more than 0 USD. Fix: write the monthly limit in USD such as 400, or set budget: false'],
    ['a budget threshold listed twice', { budget: { monthlyLimitUsd: 100, thresholdsPercent: [80, 80] } }, 'observability.budget.thresholdsPercent.1: 80 is listed twice. Fix: list each threshold once'],
    ['a log retention CloudWatch does not accept', { cloudwatch: { applicationLogRetentionDays: 10 } }, /^observability\.cloudwatch\.applicationLogRetentionDays: is not a retention CloudWatch Logs accepts\. Fix: use one of 1, 3, 5, 7, 14, 30/],
    ['alarms without Container Insights', { cloudwatch: { containerInsights: false } }, 'observability.cloudwatch.containerInsights: is off, but the EKS node alarms read Container Insights metrics. Fix: set containerInsights: true, or alarms: false'],
    [
      'an SMTP user without a password secret',
      { alerting: { email: { authUsername: 'AKIAIOSFODNN7EXAMPLE' } } },
      'observability.alerting.email.passwordSecretName: is missing: SMTP authentication needs a user name and the secret holding its password. Fix: set both, or neither',
    ],
    ['a sampling rate above 100 %', { tracing: { samplingPercent: 150 } }, 'observability.tracing.samplingPercent: is above 100. Fix: write a percentage above 0 and at most 100'],
    ['an availability objective of 100 %', { alerting: { availabilityObjective: 1 } }, 'observability.alerting.availabilityObjective: is not below 1, and 100 % leaves no error budget. Fix: write an objective such as 0.999'],
    ['a remote write URL over plain HTTP', { metrics: { remoteWriteUrls: ['http://mimir.example.com/api/v1/push'] } }, 'observability.metrics.remoteWriteUrls.0: is not an https:// URL. Fix: write the full URL starting with https://'],
    ['a Slack channel without #', { alerting: { slack: { channel: 'alerts', webhookSecretName: 'observability/slack' } } }, /^observability\.alerting\.slack\.channel: is not a Slack channel\. Fix: write it with its #/],
    [
      'a PagerDuty secret that the data stack does not create',
      { alerting: { pagerDuty: { routingKeySecretName: 'observability/pagerduty' } } },
      "observability.alerting.pagerDuty.routingKeySecretName: 'observability/pagerduty' is not one of data.secrets, so no such secret would exist. Fix: add 'observability/pagerduty' to data.secrets, or name a secret listed there",
    ],
    [
      'a Grafana admin secret missing from data.secrets',
      {},
      /^observability\.grafana\.adminSecretName: 'observability\/grafana-admin' is not one of data\.secrets/,
      { data: { secrets: ['novel-engine/jwt-secret-key'] } },
    ],
    [
      'Grafana without external-secrets',
      {},
      'observability.metrics.enabled: Grafana needs the externalSecrets add-on (its secrets, and the ALB of its Ingress). Fix: enable cluster.addons.externalSecrets, or set observability.metrics.enabled: false',
      { cluster: { addons: { externalSecrets: false } } },
    ],
    [
      'the monitoring namespace as a restricted platform namespace',
      {},
      /^cluster\.namespaces: 'monitoring' belongs to the observability stack.*Fix: remove 'monitoring' from cluster\.namespaces/,
      { cluster: { namespaces: ['staging', 'monitoring'] } },
    ],
    ['Grafana without a host name or DNS zone', {}, /^observability\.grafana\.hostname: has no default without dnsZoneName\. Fix: set dnsZoneName/, { dnsZoneName: undefined }],
  ])('reject %s', (_case, observability, expected, overrides = {}) => {
    const input = withObservability(observability, overrides);
    expect(configIssues(input)).toContainEqual(issueMatching(expected));
  });

  it('reports every problem of the block in one run', () => {
    const issues = configIssues(withObservability({ budget: { monthlyLimitUsd: 0 }, tracing: { samplingPercent: 0 }, cloudwatch: { databaseLogRetentionDays: 2 } }));
    expect(issues.filter((issue) => issue.startsWith('observability.'))).toHaveLength(3);
  });

  it('lists Grafana admin among the default application secrets', () => {
    expect(DEFAULT_APPLICATION_SECRETS).toContain('observability/grafana-admin');
  });
});
