import { DEFAULT_APPLICATION_SECRETS } from './data-schema';
import { EnvironmentInput } from './environment-schema';
import { loadEnvironment } from './load-environment';
import { hasInClusterObservability } from './observability-schema';
import { configIssues, configIssuesUnder, exampleEcsEnvironment, exampleEnvironment, issueCodesUnder, issueMatching } from './testing';

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

  describe('at their thresholds', () => {
    /** Issues under `prefix` of an environment with these observability settings; [] when it loads. */
    const issuesUnder = (prefix: string, observability: EnvironmentInput['observability'], overrides: Partial<EnvironmentInput> = {}) =>
      configIssuesUnder(withObservability(observability, overrides), prefix);
    const alarm = { kind: 'threshold', metric: { namespace: 'StoryMagic', metricName: 'SafetyViolations', statistic: 'Sum' }, comparison: '>', threshold: 0, periodSeconds: 60, severity: 'critical', description: 'd' } as const;
    const withAlarm = (changes: object) => ({ cloudwatch: { metricAlarms: { safety: { ...alarm, ...changes } } } });

    it.each([
      [0, 1],
      [59, 1],
      [60, 0],
      [90, 1],
      [120, 0],
    ])('an alarm period of %i seconds: %i issue', (periodSeconds, count) => {
      const issues = issuesUnder('observability.cloudwatch.metricAlarms.safety.periodSeconds', withAlarm({ periodSeconds }));
      expect(issues).toEqual(Array(count).fill('observability.cloudwatch.metricAlarms.safety.periodSeconds: is not a CloudWatch alarm period. Fix: write 60 or a multiple of 60 seconds'));
    });

    it.each([
      ['AWS/EC2', 1],
      ['AWSome', 0],
      ['StoryMagic/AWS/', 0],
    ])('an alarm on namespace %s: %i issue', (namespace, count) => {
      const issues = issuesUnder('observability.cloudwatch.metricAlarms.safety.metric.namespace', withAlarm({ metric: { ...alarm.metric, namespace } }));
      expect(issues).toEqual(Array(count).fill('observability.cloudwatch.metricAlarms.safety.metric.namespace: is an AWS namespace, which the platform alarms on itself. Fix: name the application namespace, e.g. StoryMagic'));
    });

    const smtp = 'is missing: SMTP authentication needs a user name and the secret holding its password. Fix: set both, or neither';
    const withSmtpSecret = { data: { secrets: [...DEFAULT_APPLICATION_SECRETS, 'observability/smtp'] } };
    it.each<[string, object, string[]]>([
      ['both', { authUsername: 'AKIAIOSFODNN7EXAMPLE', passwordSecretName: 'observability/smtp' }, []],
      ['neither', {}, []],
      ['a user name only', { authUsername: 'AKIAIOSFODNN7EXAMPLE' }, [`observability.alerting.email.passwordSecretName: ${smtp}`]],
      ['a password secret only', { passwordSecretName: 'observability/smtp' }, [`observability.alerting.email.authUsername: ${smtp}`]],
    ])('SMTP authentication with %s', (_, email, expected) => {
      expect(issuesUnder('observability.alerting.email', { alerting: { email } }, withSmtpSecret)).toEqual(expected);
    });

    it('an SMTP password secret missing from data.secrets is refused at its field, one listed is not', () => {
      const email = { authUsername: 'AKIAIOSFODNN7EXAMPLE', passwordSecretName: 'observability/smtp' };
      expect(issuesUnder('observability.alerting.email', { alerting: { email } })).toEqual([
        "observability.alerting.email.passwordSecretName: 'observability/smtp' is not one of data.secrets, so no such secret would exist. Fix: add 'observability/smtp' to data.secrets, or name a secret listed there",
      ]);
      expect(issuesUnder('observability.alerting.email', { alerting: { email } }, withSmtpSecret)).toEqual([]);
    });

    const windowIssues = (window: object) => issuesUnder('observability.alerting.maintenanceWindows', { alerting: { maintenanceWindows: [window as never] } });
    it.each<[string, object, string[]]>([
      ['a weekday', { name: 'weekend', weekdays: ['saturday'] }, []],
      [
        'a misspelt weekday',
        { name: 'weekend', weekdays: ['saturday', 'funday'] },
        [
          "observability.alerting.maintenanceWindows.0.weekdays.1: 'funday' is not a weekday or range of weekdays. Fix: write lower-case names such as 'saturday' or a range within one week such as 'monday:friday' (weeks start on sunday)",
        ],
      ],
      [
        'a name Alertmanager refuses too, reported once',
        { name: 'weekly patching', weekdays: ['sunday'] },
        ['observability.alerting.maintenanceWindows.0.name: is not a window name. Fix: use lower-case letters, digits and hyphens, such as weekly-patching'],
      ],
    ])('a maintenance window with %s', (_, window, expected) => {
      expect(windowIssues(window)).toEqual(expected);
    });

    it('node alarms without Container Insights are refused, neither without alarms is not', () => {
      expect(issuesUnder('observability.cloudwatch', { cloudwatch: { containerInsights: false } })).toEqual([
        'observability.cloudwatch.containerInsights: is off, but the EKS node alarms read Container Insights metrics. Fix: set containerInsights: true, or alarms: false',
      ]);
      expect(issuesUnder('observability.cloudwatch', { cloudwatch: { containerInsights: false, alarms: false } })).toEqual([]);
    });

    it('an ECS environment is held to none of the in-cluster rules', () => {
      // Container Insights off with node alarms on, and no Grafana secret among data.secrets: refused on EKS (above).
      const input = exampleEcsEnvironment({ data: { secrets: ['storymagic/openai-api-key', 'storymagic/firebase-config'] }, observability: { cloudwatch: { containerInsights: false } } });
      expect(() => loadEnvironment(input)).not.toThrow();
    });

    it('an alert name defined twice is reported at the second rule', () => {
      const other = { ...rule, expr: 'sum(x) > 1' };
      expect(issuesUnder('observability.alerting.rules', { alerting: { rules: [rule, other] } } as never)).toEqual([
        "observability.alerting.rules.1.alert: 'QueueBacklogHigh' is defined twice. Fix: give each rule its own name",
      ]);
      expect(issuesUnder('observability.alerting.rules', { alerting: { rules: [rule, { ...other, alert: 'QueueBacklogLow' }] } } as never)).toEqual([]);
    });

    describe('secrets and add-ons Grafana needs', () => {
      const secrets = (names: string[]) => ({ data: { secrets: names } });
      const missing = (path: string, name: string) => `observability.${path}: '${name}' is not one of data.secrets, so no such secret would exist. Fix: add '${name}' to data.secrets, or name a secret listed there`;

      it('are not checked while metrics are off', () => {
        const off = { metrics: { enabled: false }, exporters: { redis: { enabled: true } } };
        expect(issuesUnder('observability.', off, { ...secrets([]), cluster: { addons: { externalSecrets: false, awsLoadBalancerController: false } }, dnsZoneName: undefined })).toEqual([]);
      });

      it('include each exporter secret only while the exporter is on', () => {
        const withoutExporters = secrets(['observability/grafana-admin']);
        expect(issuesUnder('observability.exporters', {}, withoutExporters)).toEqual([missing('exporters.postgres.secretName', 'observability/postgres-exporter')]);
        expect(issuesUnder('observability.exporters', { exporters: { postgres: { enabled: false } } }, withoutExporters)).toEqual([]);
        expect(issuesUnder('observability.exporters', { exporters: { postgres: { enabled: false }, redis: { enabled: true } } }, withoutExporters)).toEqual([
          missing('exporters.redis.secretName', 'observability/redis-exporter'),
        ]);
      });

      it('include the Slack webhook secret', () => {
        expect(issuesUnder('observability.alerting.slack', { alerting: { slack: { channel: '#alerts', webhookSecretName: 'observability/slack' } } })).toEqual([
          missing('alerting.slack.webhookSecretName', 'observability/slack'),
        ]);
      });

      it('include the Load Balancer Controller', () => {
        expect(issuesUnder('observability.metrics', {}, { cluster: { addons: { awsLoadBalancerController: false } } })).toEqual([
          'observability.metrics.enabled: Grafana needs the awsLoadBalancerController add-on (its secrets, and the ALB of its Ingress). Fix: enable cluster.addons.awsLoadBalancerController, or set observability.metrics.enabled: false',
        ]);
      });

      const noZone = 'observability.grafana.hostname: has no default without dnsZoneName. Fix: set dnsZoneName, or set observability.grafana.hostname and observability.alerting.runbookBaseUrl';
      it.each<[string, EnvironmentInput['observability'], string[]]>([
        ['its host name and the runbook URL written', { grafana: { hostname: 'grafana.example.com' }, alerting: { runbookBaseUrl: 'https://runbooks.example.com' } }, []],
        ['only its host name written', { grafana: { hostname: 'grafana.example.com' } }, [noZone]],
        ['only the runbook URL written', { alerting: { runbookBaseUrl: 'https://runbooks.example.com' } }, [noZone]],
      ])('without a DNS zone, with %s', (_, observability, expected) => {
        expect(issuesUnder('observability.grafana', observability, { dnsZoneName: undefined, cluster: { addons: { externalDns: false } } })).toEqual(expected);
      });
    });

    it.each<[string, EnvironmentInput['observability'], number]>([
      ['metrics only', { logs: { enabled: false }, tracing: { enabled: false } }, 1],
      ['logs only', { metrics: { enabled: false }, tracing: { enabled: false } }, 1],
      ['tracing only', { metrics: { enabled: false }, logs: { enabled: false } }, 1],
      ['nothing in the cluster', { metrics: { enabled: false }, logs: { enabled: false }, tracing: { enabled: false } }, 0],
    ])('the monitoring namespace as a workload namespace, with %s', (_, observability, count) => {
      expect(issuesUnder('cluster.namespaces', observability, { cluster: { namespaces: ['monitoring'] } })).toHaveLength(count);
    });
  });

  it("reports its refinements as zod's custom issues", () => {
    const input = withObservability({
      alerting: { rules: [{ ...rule, severity: 'warning', expr: 'rate(x) > 1' }], maintenanceWindows: [{ name: 'weekend', weekdays: ['funday'] }] },
      cloudwatch: { subscriptions: { urgent: ['oncall@example.com'] } as never },
    });
    expect(configIssues(input)).toHaveLength(3);
    expect(issueCodesUnder(input, 'observability')).toEqual(['custom']);
  });
});
