import { isPrometheusDuration, maintenanceWindowProblems, promQlShapeProblems, SEVERITIES } from '@platform/observability';
import { z } from 'zod';
import { listedOnce, logRetentionDays } from './schema-fields';

const SECRET_NAME = /^[a-z0-9][a-z0-9/_+=.@-]*$/;
const secretName = z.string().regex(SECRET_NAME, 'is not a secret name. Fix: write a name under the environment prefix, such as observability/grafana-admin');
const severity = z.enum(SEVERITIES, { error: `is not a severity. Fix: write one of ${SEVERITIES.join(', ')}` });
const duration = (example: string) =>
  z.string().refine(isPrometheusDuration, { message: `is not a Prometheus duration. Fix: write a number and unit such as '${example}' (units ms, s, m, h, d, w, y)` });
const email = z.email('is not an email address. Fix: write one such as oncall@example.com');

/** An alert an environment adds to the platform's rules. */
const customAlertRuleSchema = z
  .strictObject({
    alert: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'is not an UpperCamelCase alert name. Fix: write one such as QueueBacklogHigh'),
    expr: z.string().min(1, 'is empty. Fix: write the PromQL condition that fires the alert'),
    /** How long the condition must hold. */
    for: duration('5m'),
    severity,
    summary: z.string().min(1, 'is empty. Fix: write one line saying what is wrong'),
    description: z.string().min(1, 'is empty. Fix: say what is wrong and what to do'),
    /** @default `<alerting.runbookBaseUrl>/<alert-name>` */
    runbookUrl: z.url({ error: 'is not a URL. Fix: write the runbook page such as https://runbooks.example.com/queue-backlog-high, or remove it for the default' }).optional(),
  })
  .superRefine((rule, ctx) => {
    for (const problem of promQlShapeProblems(rule.expr)) {
      ctx.addIssue({ code: 'custom', path: ['expr'], message: `${problem}. Fix: correct the PromQL expression` });
    }
  });

const maintenanceWindowSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9-]+$/, 'is not a window name. Fix: use lower-case letters, digits and hyphens, such as weekly-patching'),
    /** Weekdays or ranges as Alertmanager writes them, e.g. ['saturday', 'sunday'] or ['monday:friday']. */
    weekdays: z.array(z.string()).optional(),
    /** Start/end times of day, HH:MM, in `location`. */
    times: z.array(z.strictObject({ start: z.string(), end: z.string() })).optional(),
    /** IANA time zone. @default 'UTC' */
    location: z.string().default('UTC'),
  })
  .superRefine((window, ctx) => {
    // Alertmanager's rules, reported at the window's fields here rather than by the construct; the name's form is checked above.
    for (const { path, problem, fix } of maintenanceWindowProblems(window).filter(({ path }) => path[0] !== 'name')) {
      ctx.addIssue({ code: 'custom', path: [...path], message: `${problem}. Fix: ${fix}` });
    }
  });

const metricSchema = z.strictObject({
  /** The application's namespace, e.g. `StoryMagic`; AWS/ namespaces have their own alarms. */
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9._/#:-]{1,255}$/, 'is not a CloudWatch namespace. Fix: write the application namespace such as StoryMagic')
    .refine((namespace) => !namespace.startsWith('AWS/'), { message: 'is an AWS namespace, which the platform alarms on itself. Fix: name the application namespace, e.g. StoryMagic' }),
  metricName: z.string().min(1, 'is empty. Fix: write the metric name such as SafetyViolations').max(255),
  statistic: z.enum(['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount']),
  dimensions: z.record(z.string(), z.string()).optional(),
});
const alarmCommon = {
  /** Seconds per evaluated period: 60 or a multiple of it. */
  periodSeconds: z.number().int().refine((seconds) => seconds >= 60 && seconds % 60 === 0, { message: 'is not a CloudWatch alarm period. Fix: write 60 or a multiple of 60 seconds' }),
  severity,
  description: z.string().min(1, 'is empty. Fix: say what is wrong and what to do'),
};
/** An alarm on the application's own metrics (`observability.cloudwatch.metricAlarms`). */
const metricAlarmSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('threshold'),
    metric: metricSchema,
    comparison: z.enum(['>', '>=', '<', '<=']),
    threshold: z.number(),
    /** Periods looked at; all of them must breach (seed 003 content safety: 1). */
    evaluationPeriods: z.number().int().min(1).default(1),
    ...alarmCommon,
  }),
  z.strictObject({
    kind: z.literal('ratio'),
    /** 100 × numerator / denominator over one period, e.g. timeouts per generation. */
    numerator: metricSchema,
    denominator: metricSchema,
    thresholdPercent: z.number().gt(0, 'is not above 0. Fix: write a percentage above 0 and at most 100').max(100, 'is above 100. Fix: write a percentage above 0 and at most 100'),
    ...alarmCommon,
  }),
]);
export type MetricAlarmConfig = z.output<typeof metricAlarmSchema>;

/**
 * Observability of an environment: Prometheus/Alertmanager/Grafana, Loki and tracing in the cluster
 * (`<env>-observability`), and CloudWatch alarms, SNS, log groups, a dashboard and a budget in AWS
 * (`<env>-monitoring`). Every piece is on by default; development turns most of it off (seed 002: basic logging).
 */
export const observabilitySchema = z.strictObject({
  /** kube-prometheus-stack: Prometheus, Alertmanager, Grafana, the platform's alert rules and dashboards. */
  metrics: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Days Prometheus keeps samples (seed 001: 15). */
      retentionDays: z.number().int().min(1, 'is below 1 day. Fix: write 1 or more days').default(15),
      /** Prometheus volume size. */
      storageGiB: z.number().int().min(10, 'is below 10 GiB. Fix: write 10 or more').default(50),
      /** Long-term storage endpoints (HTTPS) Prometheus also writes to. */
      remoteWriteUrls: z.array(z.url({ protocol: /^https$/, error: 'is not an https:// URL. Fix: write the full URL starting with https://' })).default([]),
    })
    .prefault({}),
  grafana: z
    .strictObject({
      /** Public host name of Grafana. @default `grafana.<dnsZoneName>` */
      hostname: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'is not a DNS name. Fix: write the full host name such as grafana.example.com').optional(),
      /** Secrets Manager secret (one of data.secrets) with JSON keys `admin-user` and `admin-password`. */
      adminSecretName: secretName.default('observability/grafana-admin'),
    })
    .prefault({}),
  alerting: z
    .strictObject({
      /** Base of every alert's runbook_url. @default `https://runbooks.<dnsZoneName>` */
      runbookBaseUrl: z.url({ protocol: /^https$/, error: 'is not an https:// URL. Fix: write the full URL starting with https://' }).optional(),
      /** Critical alerts page through PagerDuty (Events API v2); the routing key lives in this secret. */
      pagerDuty: z.strictObject({ routingKeySecretName: secretName }).optional(),
      /** Warnings go to Slack; the incoming-webhook URL lives in this secret. */
      slack: z.strictObject({ channel: z.string().regex(/^#[a-z0-9_-]+$/, 'is not a Slack channel. Fix: write it with its #, such as #platform-alerts'), webhookSecretName: secretName }).optional(),
      /** Info (and anything without another receiver) goes to email through SES SMTP. */
      email: z
        .strictObject({
          /** @default - the environment's contactEmail */
          to: z.array(email).min(1, 'is empty. Fix: list at least one address, or remove the field to use contactEmail').optional(),
          /** @default `alertmanager@<dnsZoneName>` */
          from: email.optional(),
          /** @default `email-smtp.<region>.amazonaws.com:587` (SES) */
          smarthost: z.string().regex(/^[a-z0-9.-]+:\d+$/, 'is not host:port. Fix: write the SMTP server such as email-smtp.eu-central-1.amazonaws.com:587').optional(),
          /** SMTP user name (an SES SMTP credential's access key id is not secret). */
          authUsername: z.string().optional(),
          /** Secret holding the SMTP password. */
          passwordSecretName: secretName.optional(),
        })
        .prefault({}),
      maintenanceWindows: z.array(maintenanceWindowSchema).superRefine(listedOnce('window name', (window) => window.name, 'name')).default([]),
      /** Availability objective of the multi-window multi-burn-rate SLO alerts. */
      availabilityObjective: z.number().gt(0.9, 'is not above 0.9. Fix: write an objective such as 0.999').lt(1, 'is not below 1, and 100 % leaves no error budget. Fix: write an objective such as 0.999').default(0.999),
      /** Extra alert rules of this environment. */
      rules: z.array(customAlertRuleSchema).default([]),
    })
    .prefault({}),
  /** Loki with a Grafana Alloy collector on every node. */
  logs: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Days Loki keeps logs. */
      retentionDays: z.number().int().min(1, 'is below 1 day. Fix: write 1 or more days').default(30),
      storageGiB: z.number().int().min(10, 'is below 10 GiB. Fix: write 10 or more').default(50),
    })
    .prefault({}),
  /** OpenTelemetry Collector + Tempo. */
  tracing: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Share of traces kept (seed 003: 10 %). */
      samplingPercent: z.number().gt(0, 'is not above 0. Fix: write a percentage above 0 and at most 100, or set enabled: false').max(100, 'is above 100. Fix: write a percentage above 0 and at most 100').default(10),
      retentionDays: z.number().int().min(1, 'is below 1 day. Fix: write 1 or more days').default(7),
    })
    .prefault({}),
  /**
   * postgres-exporter and redis-exporter scraping the data stack (seed 000 ports 9187 / 9121), with Prometheus.
   * Each logs in as a monitoring-only user whose credentials (JSON keys `username`, `password`) operators put in the
   * named secret (libs/observability/README.md, "Observability"), never the master credentials.
   */
  exporters: z
    .strictObject({
      postgres: z.strictObject({ enabled: z.boolean().default(true), secretName: secretName.default('observability/postgres-exporter') }).prefault({}),
      /**
       * Off by default: the cache accepts IAM authentication only, which redis_exporter cannot do; turn it on for a
       * cache with a password user. CloudWatch alarms watch the cache either way.
       */
      redis: z.strictObject({ enabled: z.boolean().default(false), secretName: secretName.default('observability/redis-exporter') }).prefault({}),
    })
    .prefault({}),
  cloudwatch: z
    .strictObject({
      /** CloudWatch alarms on RDS, ElastiCache, EKS nodes and load balancers (seed 003). */
      alarms: z.boolean().default(true),
      /** Container Insights add-on, which the node alarms read. */
      containerInsights: z.boolean().default(true),
      /** Who is notified, per severity, besides Alertmanager's receivers. @default - contactEmail for every severity */
      subscriptions: z
        .record(z.string(), z.array(email))
        .superRefine((subscriptions, ctx) => {
          for (const key of Object.keys(subscriptions).filter((key) => !(SEVERITIES as readonly string[]).includes(key))) {
            ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' is not a severity. Fix: use ${SEVERITIES.join(', ')}` });
          }
        })
        .optional(),
      /**
       * Alarms on the application's own CloudWatch metrics, by name (seed 003: generation timeout rate, content-safety
       * violations): a `threshold` on one metric, or a `ratio` of two in percent.
       */
      metricAlarms: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'is not an alarm name. Fix: use lower-case letters, digits and hyphens, such as generation-timeout-rate'), metricAlarmSchema).default({}),
      /** Application log group retention (seed 003: 30 days). */
      applicationLogRetentionDays: logRetentionDays(30),
      /** PostgreSQL log groups' retention (seed 003: 7 days). */
      databaseLogRetentionDays: logRetentionDays(7),
    })
    .prefault({}),
  /** AWS Budgets monthly cost budget for the environment's `Environment` tag; `false` for none. */
  budget: z
    .union([
      z.literal(false),
      z.strictObject({
        /** Monthly limit in USD (seed 003: 400 in production). */
        monthlyLimitUsd: z.number().positive('is not more than 0 USD. Fix: write the monthly limit in USD such as 400, or set budget: false'),
        /** Percentages of the limit that notify (seed 003: 80, 90, 100). */
        thresholdsPercent: z
          .array(z.number().positive('is not above 0. Fix: write a percentage of the limit such as 80').max(1000, 'is above 1000. Fix: write a percentage of the limit such as 80'))
          .min(1, 'is empty. Fix: list at least one percentage such as 100, or remove it for 80, 90, 100')
          .superRefine(listedOnce('threshold'))
          .default([80, 90, 100]),
      }),
    ])
    .default(false),
});

export type ObservabilityConfig = z.output<typeof observabilitySchema>;

/** Namespace of everything `<env>-observability` installs. */
export const OBSERVABILITY_NAMESPACE = 'monitoring';

/** Whether the environment runs anything of `<env>-observability`. */
export function hasInClusterObservability(observability: ObservabilityConfig): boolean {
  return observability.metrics.enabled || observability.logs.enabled || observability.tracing.enabled;
}

type AddIssue = (path: (string | number)[], message: string) => void;

/**
 * Cross-field rules: secrets the observability stack reads must exist, and what it runs on must be installed (EKS);
 * alert names are unique (every environment).
 */
export function checkObservability(
  env: {
    compute?: 'eks' | 'ecs';
    dnsZoneName?: string;
    data: { secrets: readonly string[] };
    cluster: { namespaces: readonly string[]; addons: { externalSecrets: boolean; awsLoadBalancerController: boolean } };
    observability: ObservabilityConfig;
  },
  addIssue: AddIssue,
): void {
  const { observability: obs } = env;
  // In-cluster observability and the EKS node alarms exist only where a cluster does.
  if (env.compute !== 'ecs') {
    const referencedSecrets: [(string | number)[], string | undefined][] = obs.metrics.enabled
      ? [
          [['grafana', 'adminSecretName'], obs.grafana.adminSecretName],
          [['alerting', 'pagerDuty', 'routingKeySecretName'], obs.alerting.pagerDuty?.routingKeySecretName],
          [['alerting', 'slack', 'webhookSecretName'], obs.alerting.slack?.webhookSecretName],
          [['alerting', 'email', 'passwordSecretName'], obs.alerting.email.passwordSecretName],
          [['exporters', 'postgres', 'secretName'], obs.exporters.postgres.enabled ? obs.exporters.postgres.secretName : undefined],
          [['exporters', 'redis', 'secretName'], obs.exporters.redis.enabled ? obs.exporters.redis.secretName : undefined],
        ]
      : [];
    for (const [path, name] of referencedSecrets) {
      if (name !== undefined && !env.data.secrets.includes(name)) {
        addIssue(['observability', ...path], `'${name}' is not one of data.secrets, so no such secret would exist. Fix: add '${name}' to data.secrets, or name a secret listed there`);
      }
    }
    if (obs.metrics.enabled) {
      for (const addon of ['externalSecrets', 'awsLoadBalancerController'] as const) {
        if (!env.cluster.addons[addon]) {
          addIssue(['observability', 'metrics', 'enabled'], `Grafana needs the ${addon} add-on (its secrets, and the ALB of its Ingress). Fix: enable cluster.addons.${addon}, or set observability.metrics.enabled: false`);
        }
      }
      if (env.dnsZoneName === undefined && (obs.grafana.hostname === undefined || obs.alerting.runbookBaseUrl === undefined)) {
        addIssue(['observability', 'grafana', 'hostname'], 'has no default without dnsZoneName. Fix: set dnsZoneName, or set observability.grafana.hostname and observability.alerting.runbookBaseUrl');
      }
    }
    if (hasInClusterObservability(obs) && env.cluster.namespaces.includes(OBSERVABILITY_NAMESPACE)) {
      addIssue(
        ['cluster', 'namespaces'],
        `'${OBSERVABILITY_NAMESPACE}' belongs to the observability stack: node-exporter and the log collector need host access that the restricted platform namespaces refuse. Fix: remove '${OBSERVABILITY_NAMESPACE}' from cluster.namespaces`,
      );
    }
    const { authUsername, passwordSecretName } = obs.alerting.email;
    if ((authUsername === undefined) !== (passwordSecretName === undefined)) {
      addIssue(
        ['observability', 'alerting', 'email', authUsername === undefined ? 'authUsername' : 'passwordSecretName'],
        'is missing: SMTP authentication needs a user name and the secret holding its password. Fix: set both, or neither',
      );
    }
    if (obs.cloudwatch.alarms && !obs.cloudwatch.containerInsights) {
      addIssue(['observability', 'cloudwatch', 'containerInsights'], 'is off, but the EKS node alarms read Container Insights metrics. Fix: set containerInsights: true, or alarms: false');
    }
  }
  const alertNames = new Set<string>();
  obs.alerting.rules.forEach((rule, index) => {
    if (alertNames.has(rule.alert)) {
      addIssue(['observability', 'alerting', 'rules', index, 'alert'], `'${rule.alert}' is defined twice. Fix: give each rule its own name`);
    }
    alertNames.add(rule.alert);
  });
}
