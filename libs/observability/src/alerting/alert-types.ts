/** Alert severities, most urgent first. Alertmanager routes on the `severity` label, CloudWatch alarms on their topic. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** An alerting rule as authored in code; rendered into a Prometheus rule group. */
export interface AlertRule {
  /** Alert name, UpperCamelCase, e.g. `HighErrorRate`. */
  readonly alert: string;
  /** PromQL expression; the alert fires while it returns series. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires, a Prometheus duration such as `2m`. */
  readonly for: string;
  readonly severity: Severity;
  /** One line for the notification title; may use `{{ $labels.x }}` / `{{ $value }}` templates. */
  readonly summary: string;
  /** What is happening and what it affects. */
  readonly description: string;
  /** Where the on-call engineer reads what to do. */
  readonly runbookUrl: string;
  /** Extra labels (routing, ownership), besides `severity`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A recording rule: precomputes an expression under a new metric name (SLO burn rates use them). */
export interface RecordingRule {
  /** Metric name of the result, `level:metric:operations` by Prometheus convention. */
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A named group of rules evaluated together. */
export interface AlertRuleGroup {
  readonly name: string;
  /** Evaluation interval, a Prometheus duration. @default - Prometheus' global evaluation interval */
  readonly interval?: string;
  readonly rules: readonly (AlertRule | RecordingRule)[];
}

/** One rule in Prometheus' rule-file format (what a `PrometheusRule` object's `spec.groups[].rules[]` holds). */
export interface PrometheusRuleFileRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One group in Prometheus' rule-file format. */
export interface PrometheusRuleFileGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly PrometheusRuleFileRule[];
}

/**
 * The Kubernetes Secret (synced by external-secrets from Secrets Manager) that holds Alertmanager's receiver
 * credentials. kube-prometheus-stack mounts it at `/etc/alertmanager/secrets/<name>/`, and the Alertmanager config
 * reads each credential from a file there, so no credential ever appears in Terraform state or Helm values.
 */
export const ALERTMANAGER_RECEIVER_SECRET = {
  name: 'alertmanager-receivers',
  mountPath: '/etc/alertmanager/secrets/alertmanager-receivers',
  keys: {
    pagerDutyRoutingKey: 'pagerduty-routing-key',
    slackWebhookUrl: 'slack-webhook-url',
    smtpPassword: 'smtp-password',
  },
} as const;

/** A Grafana dashboard model (the JSON Grafana stores), keyed in ConfigMaps by its `uid`. */
export interface GrafanaDashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly [key: string]: unknown;
}
