import { AlertingProblems } from './alerting-config-error';
import { AlertRule, AlertRuleGroup, PrometheusRuleFileGroup, PrometheusRuleFileRule, RecordingRule, SEVERITIES } from './alert-types';
import { COMPARISON_OPERATORS, isPrometheusDuration, PromQlScan, scanPromQl } from './promql';

const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** A metric name with at least one colon: colons are reserved for recording rules (`level:metric:operations`). */
const RECORD_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels the platform sets itself: `severity` from the rule's severity, `alertname` by Prometheus. */
const RESERVED_LABELS = ['severity', 'alertname'];
/** DNS-1123 subdomain, the form of a Kubernetes object name. */
const OBJECT_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** DNS-1123 label, the form of a namespace name. */
const NAMESPACE_NAME = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Validates rule groups and renders them in Prometheus' rule-file format. Prometheus refuses a whole rule file for one
 * bad rule, so every problem is collected and thrown at once as an {@link AlertingConfigError} naming the group, rule,
 * field and fix. Alert rules get `labels.severity` (Alertmanager routes on it) and the `summary`, `description` and
 * `runbook_url` annotations the notification templates read.
 */
export function renderRuleGroups(groups: readonly AlertRuleGroup[]): PrometheusRuleFileGroup[] {
  const problems = new AlertingProblems();
  validateGroups(groups, problems);
  problems.throwIfAny('Prometheus rules');
  return groups.map(renderGroup);
}

export interface PrometheusRuleManifestProps {
  /** Name of the PrometheusRule object, a DNS-1123 subdomain such as `platform-alerts`. */
  readonly name: string;
  /** Namespace of the object. */
  readonly namespace: string;
  /**
   * Helm release name of kube-prometheus-stack. With the chart's default `ruleSelectorNilUsesHelmValues: true`,
   * Prometheus only loads PrometheusRules labelled `release: <release name>`, so the label is always set.
   */
  readonly releaseName: string;
  /** Extra labels on the object. @default - only `release` */
  readonly labels?: Readonly<Record<string, string>>;
  readonly groups: readonly AlertRuleGroup[];
}

/** A `monitoring.coreos.com/v1` PrometheusRule object, ready for a kubernetes `Manifest`. */
export type PrometheusRuleManifest = {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'PrometheusRule';
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
  readonly spec: { readonly groups: PrometheusRuleFileGroup[] };
};

/** A PrometheusRule holding `groups`, labelled so kube-prometheus-stack's Prometheus loads it; throws like {@link renderRuleGroups}. */
export function prometheusRuleManifest(props: PrometheusRuleManifestProps): PrometheusRuleManifest {
  const problems = new AlertingProblems();
  const where = `PrometheusRule '${props.name}'`;
  problems.require(OBJECT_NAME.test(props.name), where, 'name', 'is not a Kubernetes object name', 'use lower-case letters, digits, - and ., such as platform-alerts');
  problems.require(NAMESPACE_NAME.test(props.namespace), where, 'namespace', `'${props.namespace}' is not a namespace name`, 'use lower-case letters, digits and -, such as monitoring');
  problems.require(props.releaseName !== '', where, 'releaseName', 'is empty', "pass kube-prometheus-stack's Helm release name");
  const release = props.labels?.release;
  problems.require(
    release === undefined || release === props.releaseName,
    where,
    'labels.release',
    `'${release}' differs from releaseName '${props.releaseName}', so Prometheus would not load the rules`,
    'leave release out of labels; it is set from releaseName',
  );
  validateGroups(props.groups, problems);
  problems.throwIfAny('Prometheus rules');
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels, release: props.releaseName } },
    spec: { groups: props.groups.map(renderGroup) },
  };
}

function isAlertRule(rule: AlertRule | RecordingRule): rule is AlertRule {
  return 'alert' in rule;
}

function renderGroup(group: AlertRuleGroup): PrometheusRuleFileGroup {
  return { name: group.name, ...(group.interval === undefined ? {} : { interval: group.interval }), rules: group.rules.map(renderRule) };
}

function renderRule(rule: AlertRule | RecordingRule): PrometheusRuleFileRule {
  if (!isAlertRule(rule)) {
    return { record: rule.record, expr: rule.expr, ...(rule.labels === undefined ? {} : { labels: { ...rule.labels } }) };
  }
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: rule.for,
    labels: { severity: rule.severity, ...rule.labels },
    annotations: { summary: rule.summary, description: rule.description, runbook_url: rule.runbookUrl },
  };
}

function validateGroups(groups: readonly AlertRuleGroup[], problems: AlertingProblems): void {
  const groupNames = new Set<string>();
  for (const group of groups) {
    const where = `group '${group.name}'`;
    problems.require(group.name.trim() !== '', where, 'name', 'is empty', 'name the group, such as platform_thresholds');
    problems.require(!groupNames.has(group.name), where, 'name', 'is used by another group', 'give each group its own name: Prometheus rejects repeated group names in one rule file');
    groupNames.add(group.name);
    if (group.interval !== undefined) {
      problems.require(isPrometheusDuration(group.interval), where, 'interval', `'${group.interval}' is not a Prometheus duration`, "write a number and unit such as '1m'");
    }
    problems.require(group.rules.length > 0, where, 'rules', 'is empty', 'add at least one rule, or leave the group out');
    const alertNames = new Set<string>();
    for (const rule of group.rules) {
      if (isAlertRule(rule)) {
        problems.require(!alertNames.has(rule.alert), `${where}, alert '${rule.alert}'`, 'alert', 'is defined twice in the group', 'give each alert its own name');
        alertNames.add(rule.alert);
        validateAlertRule(rule, `${where}, alert '${rule.alert}'`, problems);
      } else {
        validateRecordingRule(rule, `${where}, record '${rule.record}'`, problems);
      }
    }
  }
}

function validateAlertRule(rule: AlertRule, where: string, problems: AlertingProblems): void {
  problems.require(ALERT_NAME.test(rule.alert), where, 'alert', 'is not an UpperCamelCase alert name', 'name it like HighErrorRate');
  const scan = validateExpression(rule.expr, where, problems);
  problems.require(
    scan.operators.some((operator) => (COMPARISON_OPERATORS as readonly string[]).includes(operator)) || scan.calls.some((call) => call.startsWith('absent')),
    where,
    'expr',
    'has no comparison (>, <, >=, <=, ==, !=) or absent(), so it returns series, and fires, whenever the metric exists',
    'compare the expression with its threshold, such as `... > 0.1`',
  );
  problems.require(isPrometheusDuration(rule.for), where, 'for', `'${rule.for}' is not a Prometheus duration`, "write a number and unit such as '5m'");
  problems.require(
    (SEVERITIES as readonly string[]).includes(rule.severity),
    where,
    'severity',
    `'${rule.severity}' is not a severity Alertmanager routes`,
    `use one of ${SEVERITIES.join(', ')}`,
  );
  problems.require(rule.summary.trim() !== '', where, 'summary', 'is empty', 'write the one-line notification title');
  problems.require(rule.description.trim() !== '', where, 'description', 'is empty', 'say what is happening and what it affects');
  problems.require(isHttpsUrl(rule.runbookUrl), where, 'runbookUrl', `'${rule.runbookUrl}' is not an https:// URL`, 'link the runbook page the on-call engineer follows');
  validateLabels(rule.labels, where, problems, RESERVED_LABELS);
}

function validateRecordingRule(rule: RecordingRule, where: string, problems: AlertingProblems): void {
  problems.require(
    RECORD_NAME.test(rule.record) && rule.record.includes(':'),
    where,
    'record',
    'is not a recording rule name',
    'use the level:metric:operations convention, such as slo:http_error_ratio:rate5m',
  );
  validateExpression(rule.expr, where, problems);
  validateLabels(rule.labels, where, problems, []);
}

function validateExpression(expr: string, where: string, problems: AlertingProblems): PromQlScan {
  const scan = scanPromQl(expr);
  for (const problem of scan.problems) problems.require(false, where, 'expr', problem, 'correct the PromQL expression');
  return scan;
}

function validateLabels(labels: Readonly<Record<string, string>> | undefined, where: string, problems: AlertingProblems, reserved: readonly string[]): void {
  for (const name of Object.keys(labels ?? {})) {
    problems.require(LABEL_NAME.test(name) && !name.startsWith('__'), where, `labels.${name}`, 'is not a label name', 'use letters, digits and _, not starting with __');
    problems.require(!reserved.includes(name), where, `labels.${name}`, 'is set by the platform', name === 'severity' ? "set the rule's severity field instead" : 'remove the label');
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
