import { AlertingConfigError } from './alerting-config-error';
import { AlertRule, AlertRuleGroup, RecordingRule } from './alert-types';
import { prometheusRuleManifest, renderRuleGroups } from './prometheus-rules';
import { durationSeconds, promQlShapeProblems } from './promql';
import { platformThresholdRules, seedNovelEngineRules } from './seed-rules';
import { sloBurnRateRules } from './slo-burn-rate-rules';

const RUNBOOKS = 'https://runbooks.example.com';

const alert: AlertRule = {
  alert: 'QueueBacklogHigh',
  expr: 'narrative_queue_depth >= 10',
  for: '10m',
  severity: 'warning',
  summary: 'Backlog',
  description: 'Workers are not keeping up',
  runbookUrl: `${RUNBOOKS}/queue-backlog-high`,
  labels: { team: 'platform' },
};
const record: RecordingRule = { record: 'job:up:sum', expr: 'sum by (job) (up)' };

function problemsOf(render: () => unknown): string[] {
  try {
    render();
  } catch (error) {
    if (error instanceof AlertingConfigError) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('expected the rules to be rejected');
}

describe('renderRuleGroups', () => {
  it("renders alert rules with the severity label and the notification annotations, and recording rules as they are", () => {
    expect(renderRuleGroups([{ name: 'queues', interval: '30s', rules: [alert, record] }])).toEqual([
      {
        name: 'queues',
        interval: '30s',
        rules: [
          {
            alert: 'QueueBacklogHigh',
            expr: 'narrative_queue_depth >= 10',
            for: '10m',
            labels: { severity: 'warning', team: 'platform' },
            annotations: { summary: 'Backlog', description: 'Workers are not keeping up', runbook_url: `${RUNBOOKS}/queue-backlog-high` },
          },
          { record: 'job:up:sum', expr: 'sum by (job) (up)' },
        ],
      },
    ]);
  });

  it('renders every shipped rule group: well-formed PromQL, parseable durations, unique alert names', () => {
    const groups = [seedNovelEngineRules(RUNBOOKS), platformThresholdRules({ runbookBaseUrl: RUNBOOKS }), sloBurnRateRules({ runbookBaseUrl: RUNBOOKS })];
    const rendered = renderRuleGroups(groups);
    const rules = rendered.flatMap((group) => group.rules);
    expect(rules).toHaveLength(3 + 7 + 7 + 4);
    for (const rule of rules) expect(promQlShapeProblems(rule.expr)).toEqual([]);
    const waits = rules.flatMap((rule) => (rule.for === undefined ? [] : [rule.for]));
    expect(waits.filter((wait) => !(durationSeconds(wait) > 0))).toEqual([]);
    const alerts = rules.filter((rule) => rule.alert !== undefined);
    expect(alerts.map((rule) => rule.annotations?.runbook_url)).toEqual(alerts.map(() => expect.stringMatching(/^https:\/\/runbooks\.example\.com\/[a-z0-9-]+$/)));
    const alertNames = alerts.map((rule) => rule.alert);
    expect(new Set(alertNames).size).toBe(alertNames.length);
  });

  it('throws one error listing every problem with its group, rule, field and fix', () => {
    const groups: AlertRuleGroup[] = [
      {
        name: 'broken',
        interval: 'often',
        rules: [
          { ...alert, alert: 'UnknownSeverity', severity: 'page' as never },
          { ...alert, alert: 'BadFor', for: '10 minutes' },
          { ...alert, alert: 'Unbalanced', expr: 'sum(rate(x[5m]) > 1' },
          { ...alert, alert: 'UnknownFunction', expr: 'rat(x[5m]) > 1' },
          { ...alert, alert: 'NoComparison', expr: 'rate(x[5m])' },
          { ...alert, alert: 'NoComparison', expr: 'absent(x)' },
          { ...alert, alert: 'Undocumented', summary: ' ', description: '', runbookUrl: 'http://runbooks/x' },
          { ...alert, alert: 'high-errors' },
          { ...alert, alert: 'OwnSeverity', labels: { severity: 'critical', 'bad-label': 'x' } },
          { record: 'errors_5m', expr: 'sum(rate(errors[5m]))' },
        ],
      },
      { name: 'broken', rules: [] },
    ];
    expect(problemsOf(() => renderRuleGroups(groups))).toEqual([
      "  - group 'broken': interval: 'often' is not a Prometheus duration. Fix: write a number and unit such as '1m'",
      "  - group 'broken', alert 'UnknownSeverity': severity: 'page' is not a severity Alertmanager routes. Fix: use one of critical, warning, info",
      "  - group 'broken', alert 'BadFor': for: '10 minutes' is not a Prometheus duration. Fix: write a number and unit such as '5m'",
      "  - group 'broken', alert 'Unbalanced': expr: '(' at character 4 is never closed. Fix: correct the PromQL expression",
      "  - group 'broken', alert 'UnknownFunction': expr: 'rat(' at character 1 is not a PromQL function or aggregation. Fix: correct the PromQL expression",
      "  - group 'broken', alert 'NoComparison': expr: has no comparison (>, <, >=, <=, ==, !=) or absent(), so it returns series, and fires, whenever the metric exists. Fix: compare the expression with its threshold, such as `... > 0.1`",
      "  - group 'broken', alert 'NoComparison': alert: is defined twice in the group. Fix: give each alert its own name",
      "  - group 'broken', alert 'Undocumented': summary: is empty. Fix: write the one-line notification title",
      "  - group 'broken', alert 'Undocumented': description: is empty. Fix: say what is happening and what it affects",
      "  - group 'broken', alert 'Undocumented': runbookUrl: 'http://runbooks/x' is not an https:// URL. Fix: link the runbook page the on-call engineer follows",
      "  - group 'broken', alert 'high-errors': alert: is not an UpperCamelCase alert name. Fix: name it like HighErrorRate",
      "  - group 'broken', alert 'OwnSeverity': labels.severity: is set by the platform. Fix: set the rule's severity field instead",
      "  - group 'broken', alert 'OwnSeverity': labels.bad-label: is not a label name. Fix: use letters, digits and _, not starting with __",
      "  - group 'broken', record 'errors_5m': record: is not a recording rule name. Fix: use the level:metric:operations convention, such as slo:http_error_ratio:rate5m",
      "  - group 'broken': name: is used by another group. Fix: give each group its own name: Prometheus rejects repeated group names in one rule file",
      "  - group 'broken': rules: is empty. Fix: add at least one rule, or leave the group out",
    ]);
  });

  it('names the subject and the number of problems in the first line', () => {
    expect(() => renderRuleGroups([{ name: 'g', rules: [{ ...alert, for: 'soon' }] }])).toThrow(/^Prometheus rules: 1 problem to fix:\n/);
  });
});

describe('prometheusRuleManifest', () => {
  it('is a PrometheusRule labelled with the kube-prometheus-stack release, so the operator loads it', () => {
    const manifest = prometheusRuleManifest({
      name: 'platform-alerts',
      namespace: 'monitoring',
      releaseName: 'kube-prometheus-stack',
      labels: { 'app.kubernetes.io/part-of': 'platform' },
      groups: [{ name: 'queues', rules: [alert] }],
    });
    expect(manifest).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'platform-alerts', namespace: 'monitoring', labels: { 'app.kubernetes.io/part-of': 'platform', release: 'kube-prometheus-stack' } },
      spec: { groups: renderRuleGroups([{ name: 'queues', rules: [alert] }]) },
    });
  });

  it('rejects bad object names and a release label that would hide the rules from Prometheus', () => {
    expect(
      problemsOf(() =>
        prometheusRuleManifest({ name: 'Platform_Alerts', namespace: 'monitoring', releaseName: 'kps', labels: { release: 'other' }, groups: [{ name: 'g', rules: [alert] }] }),
      ),
    ).toEqual([
      "  - PrometheusRule 'Platform_Alerts': name: is not a Kubernetes object name. Fix: use lower-case letters, digits, - and ., such as platform-alerts",
      "  - PrometheusRule 'Platform_Alerts': labels.release: 'other' differs from releaseName 'kps', so Prometheus would not load the rules. Fix: leave release out of labels; it is set from releaseName",
    ]);
  });
});
