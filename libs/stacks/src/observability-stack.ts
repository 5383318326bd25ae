import { Release } from '@cdktf/provider-helm/lib/release';
import { albIngressAnnotations, ArgoRollouts } from '@platform/cluster-addons';
import { deployedWorkloadServices, EnvironmentConfig } from '@platform/config';
import {
  ALERTMANAGER_RECEIVER_SECRET,
  AlertRuleGroup,
  AlertmanagerConfigOptions,
  alertmanagerConfig,
  applicationServicesDashboard,
  argoRolloutsServiceMonitor,
  GrafanaDashboardConfigMaps,
  GrafanaDatasource,
  KubePrometheusStack,
  LogCollector,
  Loki,
  metricPresenceRules,
  MonitoringNamespace,
  novelEngineDashboard,
  OpenTelemetryCollector,
  platformThresholdRules,
  PostgresExporter,
  PrometheusRuleFileGroup,
  receiverSecretKeys,
  RedisExporter,
  releaseRules,
  renderRuleGroups,
  runbookUrl,
  seedNovelEngineRules,
  sloBurnRateRules,
  Tempo,
} from '@platform/observability';
import { dependable } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { ClusterConfigStack } from './cluster-config-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { PlatformStack } from './platform-stack';
import { releasePausedFor } from './release-alert-settings';

/** The stacks the observability stack reads or must follow. */
export interface ObservabilityStackDependencies {
  readonly cluster: ClusterStack;
  /** Installs external-secrets and the AWS Load Balancer Controller (the `alb` IngressClass) with their CRDs, and the StorageClass the volumes claim. */
  readonly addons: ClusterAddonsStack;
  /** Creates the ClusterSecretStore the ExternalSecrets read through. */
  readonly config: ClusterConfigStack;
  /** Creates the Secrets Manager secrets the ExternalSecrets read, and the PostgreSQL/Redis the exporters watch. */
  readonly data: DataStack;
}

/**
 * `<env>-observability`: metrics, alerts, dashboards, logs and traces inside the cluster, each switchable in
 * `observability` — kube-prometheus-stack with the platform's alert rules and Alertmanager routing, Grafana
 * dashboards, postgres/redis exporters, Loki with an Alloy collector, Tempo behind an OpenTelemetry Collector.
 * Kubernetes and Helm only (see ClusterAddonsStack); credentials come from Secrets Manager through external-secrets.
 */
export class ObservabilityStack extends PlatformStack {
  /** The OpenTelemetry Collector, when tracing is on: the workloads send OTLP to it. */
  readonly otlpCollector?: OpenTelemetryCollector;
  /** kube-prometheus-stack, when metrics are on: its CRDs (ServiceMonitor, PrometheusRule) exist once it is applied. */
  readonly prometheus?: KubePrometheusStack;

  constructor(scope: Construct, environment: EnvironmentConfig, { cluster, addons, config, data }: ObservabilityStackDependencies) {
    super(scope, environment, 'observability', { awsProvider: false });
    // The ExternalSecrets need external-secrets' CRDs (add-ons), the store (config) and the secrets (data), which a
    // cross-stack reference does not always imply (no exporter: nothing of the data stack is read).
    this.addDependency(addons);
    this.addDependency(config);
    this.addDependency(data);
    const { observability: settings } = environment;
    cluster.connectProviders(this);
    const namespace = new MonitoringNamespace(this, 'namespace').name;
    // Secrets Manager names of the data stack's application secrets.
    const secretName = (name: string) => `${environment.project}/${environment.name}/${name}`;
    const serviceMonitor = settings.metrics.enabled;

    const datasources: GrafanaDatasource[] = [];
    const scraped: { release: Release }[] = [];
    let lokiDatasourceUid: string | undefined;
    if (settings.logs.enabled) {
      const loki = new Loki(this, 'loki', { namespace, serviceMonitor, retentionDays: settings.logs.retentionDays, storageGiB: settings.logs.storageGiB });
      const collector = new LogCollector(this, 'log-collector', { namespace, serviceMonitor, lokiPushUrl: loki.pushUrl, clusterName: environment.resourcePrefix });
      datasources.push(loki.datasource);
      lokiDatasourceUid = loki.datasource.uid;
      scraped.push(loki, collector);
    }
    if (settings.tracing.enabled) {
      const tempo = new Tempo(this, 'tempo', { namespace, serviceMonitor, retentionDays: settings.tracing.retentionDays, logsDatasourceUid: lokiDatasourceUid });
      const collector = (this.otlpCollector = new OpenTelemetryCollector(this, 'otel-collector', {
        namespace,
        serviceMonitor,
        tempoOtlpEndpoint: tempo.otlpGrpcEndpoint,
        samplingPercentage: settings.tracing.samplingPercent,
      }));
      datasources.push(tempo.datasource);
      scraped.push(tempo, collector);
    }
    if (!settings.metrics.enabled) return;

    const alerting = alertingSettings(environment);
    const receiverSecrets = receiverSecretKeys(alerting.options);
    const prometheus = (this.prometheus = new KubePrometheusStack(this, 'kube-prometheus-stack', {
      namespace,
      retentionDays: settings.metrics.retentionDays,
      storageGiB: settings.metrics.storageGiB,
      remoteWriteUrls: settings.metrics.remoteWriteUrls,
      ruleGroups: platformRuleGroups(environment, alerting.runbookBaseUrl),
      alertmanagerConfig: alertmanagerConfig(alerting.options),
      receiverSecrets: receiverSecrets.length > 0 ? Object.fromEntries(receiverSecrets.map((key) => [key, secretName(alerting.secretNames[key])])) : undefined,
      alertmanagerReplicas: environment.production ? 2 : 1,
      grafana: {
        hostname: settings.grafana.hostname ?? `grafana.${environment.dnsZoneName}`,
        adminSecretName: secretName(settings.grafana.adminSecretName),
        // A rule of the shared ALB (cluster stack: certificate, web ACL), like the workloads' hosts.
        ingressAnnotations: cluster.ingressAlb === undefined ? undefined : albIngressAnnotations(cluster.ingressAlb),
      },
      additionalDatasources: datasources,
      // The release alerts read the metrics of the add-ons stack's Argo Rollouts controller (every EKS environment runs
      // one); that stack cannot create the ServiceMonitor, whose CRD arrives with kube-prometheus-stack.
      additionalServiceMonitors: [argoRolloutsServiceMonitor({ namespace: ArgoRollouts.NAMESPACE, releaseName: ArgoRollouts.RELEASE_NAME })],
    }));
    // Their ServiceMonitors need the CRDs that kube-prometheus-stack installs.
    for (const { release } of scraped) {
      release.dependsOn = [...(release.dependsOn ?? []), dependable(prometheus.release)];
    }
    const afterPrometheus = { namespace, dependsOn: [prometheus.release] };
    new GrafanaDashboardConfigMaps(this, 'dashboards', { namespace, dashboards: [novelEngineDashboard(), applicationServicesDashboard()] });
    if (settings.exporters.postgres.enabled) {
      new PostgresExporter(this, 'postgres-exporter', {
        ...afterPrometheus,
        host: data.postgres.endpoint,
        credentialsSecretName: secretName(settings.exporters.postgres.secretName),
      });
    }
    if (settings.exporters.redis.enabled) {
      new RedisExporter(this, 'redis-exporter', {
        ...afterPrometheus,
        host: data.redis.primaryEndpoint,
        credentialsSecretName: secretName(settings.exporters.redis.secretName),
      });
    }
  }
}

/** Alertmanager receivers from the environment, and which secret holds each receiver credential. */
function alertingSettings(environment: EnvironmentConfig): {
  options: AlertmanagerConfigOptions;
  secretNames: Record<string, string>;
  runbookBaseUrl: string;
} {
  const { alerting } = environment.observability;
  const { keys } = ALERTMANAGER_RECEIVER_SECRET;
  const secretNames: Record<string, string> = {};
  if (alerting.pagerDuty !== undefined) secretNames[keys.pagerDutyRoutingKey] = alerting.pagerDuty.routingKeySecretName;
  if (alerting.slack !== undefined) secretNames[keys.slackWebhookUrl] = alerting.slack.webhookSecretName;
  if (alerting.email.passwordSecretName !== undefined) secretNames[keys.smtpPassword] = alerting.email.passwordSecretName;
  return {
    options: {
      receivers: {
        pagerDuty: alerting.pagerDuty === undefined ? undefined : {},
        slack: alerting.slack === undefined ? undefined : { channel: alerting.slack.channel },
        email: {
          to: alerting.email.to ?? [environment.contactEmail],
          from: alerting.email.from ?? `alertmanager@${environment.dnsZoneName}`,
          smarthost: alerting.email.smarthost ?? `email-smtp.${environment.region}.amazonaws.com:587`,
          authUsername: alerting.email.authUsername,
        },
      },
      maintenanceWindows: alerting.maintenanceWindows,
    },
    secretNames,
    runbookBaseUrl: alerting.runbookBaseUrl ?? `https://runbooks.${environment.dnsZoneName}`,
  };
}

/**
 * The platform's alert rules as PrometheusRule groups: seed 000's rules, seed 001's thresholds, SLO burn rates, extras,
 * an absent() guard for every metric they read that kube-prometheus-stack's own exporters do not produce, and the
 * alerts on Argo Rollouts' releases.
 */
function platformRuleGroups(environment: EnvironmentConfig, runbookBaseUrl: string): Record<string, PrometheusRuleFileGroup[]> {
  const { alerting } = environment.observability;
  const authored: Record<string, AlertRuleGroup> = {
    'novel-engine': seedNovelEngineRules(runbookBaseUrl),
    'platform-thresholds': platformThresholdRules({ runbookBaseUrl }),
    'availability-slo': sloBurnRateRules({ runbookBaseUrl, objective: alerting.availabilityObjective }),
  };
  if (alerting.rules.length > 0) {
    authored[`${environment.name}-rules`] = {
      name: `${environment.name.replace(/-/g, '_')}_alerts`,
      rules: alerting.rules.map((rule) => ({ ...rule, runbookUrl: rule.runbookUrl ?? runbookUrl(runbookBaseUrl, rule.alert) })),
    };
  }
  // A broken scrape silences the rules above instead of firing them: absent() alerts for the metrics they read.
  authored['metric-presence'] = metricPresenceRules({ runbookBaseUrl, groups: Object.values(authored) });
  // After the guards: rollout_info has no series while no Rollout exists; the group guards the controller's metrics itself.
  authored['release-alerts'] = releaseRules({ runbookBaseUrl, pausedFor: releasePausedFor(environment.workloads.enabled ? deployedWorkloadServices(environment.workloads) : []) });
  return Object.fromEntries(Object.entries(authored).map(([name, group]) => [name, renderRuleGroups([group])]));
}
