import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { ALERTMANAGER_RECEIVER_SECRET, PrometheusRuleFileGroup } from '../alerting/alert-types';
import { ContainerResources } from './container-resources';
import { ExternalSecret, SecretStoreOptions } from './external-secret';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION } from './grafana-dashboard-config-maps';
import { GrafanaDatasource } from './grafana-datasource';
import { MonitoringPlacementProps, OBSERVABILITY_RELEASE_NAMES } from './observability-charts';
import { namespaceOf, observabilityRelease } from './private/observability-release';
import { containerResources, requireResources } from './private/resources';
import { DNS_LABEL, DNS_NAME, DNS_SUBDOMAIN, requireFormat, requireIntegerAtLeast, SECRETS_MANAGER_ID } from './private/validation';

/** Grafana: its public host, admin credentials and volume. */
export interface GrafanaOptions {
  /** Public host name, e.g. `grafana.example.com`; served over HTTPS by the shared ALB with its ACM certificate. */
  readonly hostname: string;
  /**
   * Secrets Manager secret (full name or ARN) holding the admin credentials as JSON with the keys `admin-user` and
   * `admin-password`; synced into the Secret `grafana-admin`.
   */
  readonly adminSecretName: string;
  /**
   * Size of Grafana's volume (its SQLite database), GiB.
   * @default 10
   */
  readonly storageGiB?: number;
  /**
   * IngressClass of the ingress.
   * @default 'alb' - the AWS Load Balancer Controller's, whose parameters enforce the shared ALB
   */
  readonly ingressClassName?: string;
  /**
   * Annotations of Grafana's Ingress: the shared ALB's (cluster-addons' `albIngressAnnotations`: group, certificate,
   * TLS policy, web ACL, HTTPS redirect); Grafana's health check path `/api/health` is added here.
   * @default - only the health check
   */
  readonly ingressAnnotations?: Readonly<Record<string, string>>;
}

/**
 * A ServiceMonitor rendered by the chart (`prometheus.additionalServiceMonitors`) in its own namespace, so it exists
 * as soon as the CRD does: for Services of releases applied before kube-prometheus-stack. Fields as in a
 * ServiceMonitor's `spec` (monitoring.coreos.com/v1).
 */
export interface AdditionalServiceMonitor {
  /** Name of the ServiceMonitor, a DNS-1123 subdomain. */
  readonly name: string;
  /** Labels of the Services to scrape. */
  readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
  /** Namespaces of those Services (the ServiceMonitor itself lives in kube-prometheus-stack's). */
  readonly namespaceSelector: { readonly matchNames: readonly string[] };
  /** Ports to scrape, by Service port name, with their scrape settings. */
  readonly endpoints: readonly { readonly port: string; readonly scheme?: 'http' | 'https'; readonly path?: string; readonly honorLabels?: boolean }[];
}

export interface KubePrometheusStackProps extends MonitoringPlacementProps, SecretStoreOptions {
  /**
   * Days Prometheus keeps samples.
   * @default 15 (seed 001)
   */
  readonly retentionDays?: number;
  /**
   * Size of Prometheus' volume, GiB. Prometheus also deletes the oldest blocks once they fill 90 % of it, so a burst
   * of series shortens the retention instead of crashing Prometheus on a full disk.
   * @default 50
   */
  readonly storageGiB?: number;
  /**
   * StorageClass of the Prometheus, Alertmanager and Grafana volumes.
   * @default 'gp3'
   */
  readonly storageClassName?: string;
  /**
   * HTTPS endpoints Prometheus also writes every sample to (long-term storage). No authentication is configured:
   * the endpoint must accept the cluster's requests as they are.
   * @default []
   */
  readonly remoteWriteUrls?: readonly string[];
  /**
   * Prometheus rule groups by PrometheusRule name (rendered by renderRuleGroups); each name becomes the PrometheusRule
   * `kube-prometheus-stack-<name>`, so adding one never changes another.
   * @default {}
   */
  readonly ruleGroups?: Readonly<Record<string, readonly PrometheusRuleFileGroup[]>>;
  /** The Alertmanager configuration (what alertmanagerConfig() returns); it replaces the chart's example configuration. */
  readonly alertmanagerConfig: Readonly<Record<string, unknown>>;
  /**
   * Receiver credentials: key of the Secret ALERTMANAGER_RECEIVER_SECRET (one of its `keys`) → Secrets Manager secret
   * (full name or ARN) holding the bare value. Synced by an ExternalSecret and mounted into Alertmanager, whose
   * configuration reads them as files.
   * @default - no receiver credentials
   */
  readonly receiverSecrets?: Readonly<Record<string, string>>;
  /**
   * Alertmanager replicas; they gossip, so a notification goes out once, and survive losing one pod.
   * @default 2
   */
  readonly alertmanagerReplicas?: number;
  /** Grafana's public host, admin credentials and volume. */
  readonly grafana: GrafanaOptions;
  /**
   * Grafana data sources besides the chart's Prometheus and Alertmanager ones, e.g. Loki.datasource, Tempo.datasource.
   * @default []
   */
  readonly additionalDatasources?: readonly GrafanaDatasource[];
  /**
   * ServiceMonitors the chart renders beside Prometheus, e.g. argoRolloutsServiceMonitor().
   * @default []
   */
  readonly additionalServiceMonitors?: readonly AdditionalServiceMonitor[];
  /**
   * Prometheus' CPU and memory; memory grows with the number of active series.
   * @default - requests 500m CPU and 2Gi memory, limit 4Gi memory
   */
  readonly prometheusResources?: ContainerResources;
}

/**
 * Keys of the chart's example `alertmanager.config`. Helm merges given values into the chart's map by map, so the
 * example's Watchdog route to its `null` receiver, its inhibit rules and its templates would survive in the given
 * configuration; giving these keys `null` (when the given configuration lacks them) makes Helm drop them.
 */
const CHART_EXAMPLE_ALERTMANAGER_CONFIG = {
  global: { resolve_timeout: null },
  inhibit_rules: null,
  route: { group_by: null, group_wait: null, group_interval: null, repeat_interval: null, receiver: null, routes: null },
  receivers: null,
  templates: null,
};

/** `given`, plus `null` for every key of `example` it lacks (recursively into maps both have). */
function replacingExample(given: Readonly<Record<string, unknown>>, example: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  const result: Record<string, unknown> = { ...given };
  for (const [key, exampleValue] of Object.entries(example)) {
    const givenValue = given[key];
    if (givenValue === undefined) result[key] = null;
    else if (isMap(exampleValue) && isMap(givenValue)) result[key] = replacingExample(givenValue, exampleValue);
  }
  return result;
}

/** The data sources the chart provisions itself (`grafana.sidecar.datasources.{name,uid}` and its `alertmanager`). */
const CHART_DATASOURCES = [
  { name: 'Prometheus', uid: 'prometheus' },
  { name: 'Alertmanager', uid: 'alertmanager' },
];

/** The props after validation, with their defaults. */
interface Settings {
  readonly namespace: string;
  readonly retentionDays: number;
  readonly storageGiB: number;
  readonly storageClassName: string;
  readonly remoteWriteUrls: readonly string[];
  readonly prometheusResources: ContainerResources;
  readonly alertmanagerReplicas: number;
  readonly grafanaStorageGiB: number;
  readonly ingressClassName: string;
  readonly datasources: readonly GrafanaDatasource[];
  readonly additionalServiceMonitors: readonly AdditionalServiceMonitor[];
}

/** A PersistentVolumeClaim template for the prometheus-operator's `storage` fields. */
function volumeClaim(storageClassName: string, sizeGiB: number): Record<string, unknown> {
  return { volumeClaimTemplate: { spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${sizeGiB}Gi` } } } } };
}

/**
 * kube-prometheus-stack: the Prometheus operator, Prometheus, Alertmanager, Grafana, kube-state-metrics and
 * node-exporter, with the chart's default alert rules and dashboards.
 *
 * - Prometheus scrapes and evaluates every 15 s (seeds 000/002), keeps 15 days (seed 001) on a gp3 volume, and selects
 *   every ServiceMonitor, PodMonitor, Probe, ScrapeConfig and PrometheusRule in the cluster, not only this release's.
 * - Alertmanager runs the given configuration exactly, with receiver credentials mounted from
 *   ALERTMANAGER_RECEIVER_SECRET (synced from Secrets Manager), on volumes so silences survive restarts.
 * - Grafana reads its admin credentials from the Secret `grafana-admin` (synced from Secrets Manager), keeps its
 *   database on a volume (one replica: SQLite), is served at `https://<hostname>` by the shared ALB (HTTPS
 *   with the ACM certificate, behind the web ACL), and loads dashboards from ConfigMaps labelled `grafana_dashboard: "1"` in its own
 *   namespace (GrafanaDashboardConfigMaps). Its RBAC is namespaced: the chart's ClusterRole would let Grafana read
 *   every Secret of the cluster.
 * - EKS runs the control plane, so the controller-manager, scheduler and etcd jobs (and their alerts, which would
 *   only report them down) are off.
 *
 * Helm installs the operator's CRDs on the first install but never upgrades them: apply the new CRDs before a major
 * chart upgrade (the chart's UPGRADE.md).
 *
 * Values keys verified against prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml at tag
 * kube-prometheus-stack-88.5.3 and the Grafana subchart's values.yaml (grafana-community tag grafana-12.11.1).
 */
export class KubePrometheusStack extends Construct {
  static readonly DEFAULT_RETENTION_DAYS = 15;
  static readonly DEFAULT_STORAGE_GIB = 50;
  static readonly DEFAULT_STORAGE_CLASS = 'gp3';
  static readonly DEFAULT_ALERTMANAGER_REPLICAS = 2;
  /** Scrape and rule evaluation interval of seeds 000 and 002. */
  static readonly SCRAPE_INTERVAL = '15s';
  /** Name of the Secret with Grafana's admin credentials. */
  static readonly GRAFANA_ADMIN_SECRET = 'grafana-admin';
  /** cluster-addons' `ALB_INGRESS_CLASS`. */
  static readonly DEFAULT_INGRESS_CLASS = 'alb';
  /** Grafana's unauthenticated health endpoint: `/` redirects to the login page, which no ALB health check accepts. */
  static readonly GRAFANA_HEALTH_PATH = '/api/health';
  static readonly DEFAULT_GRAFANA_STORAGE_GIB = 10;
  /** Silences and the notification log take a few MB. */
  static readonly ALERTMANAGER_STORAGE_GIB = 5;
  static readonly DEFAULT_PROMETHEUS_RESOURCES = containerResources('500m', '2Gi', '4Gi');
  /** Timeout of the release: the operator's webhook certificates and the StatefulSets take a while. */
  static readonly TIMEOUT_SECONDS = 900;

  readonly release: Release;
  readonly grafanaAdminSecret: ExternalSecret;
  /** The Secret ALERTMANAGER_RECEIVER_SECRET, when receiverSecrets are given. */
  readonly receiverSecret?: ExternalSecret;

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    super(scope, id);
    const settings = this.validate(props);
    const { namespace } = settings;

    const secretPlacement = { namespace, dependsOn: props.dependsOn, secretStoreName: props.secretStoreName };
    this.grafanaAdminSecret = new ExternalSecret(this, 'GrafanaAdminSecret', {
      ...secretPlacement,
      targetSecretName: KubePrometheusStack.GRAFANA_ADMIN_SECRET,
      data: ['admin-user', 'admin-password'].map((key) => ({ secretKey: key, remoteRef: { key: props.grafana.adminSecretName, property: key } })),
    });
    if (props.receiverSecrets !== undefined) {
      this.receiverSecret = this.createReceiverSecret(props.receiverSecrets, secretPlacement);
    }
    const syncedSecrets = [this.grafanaAdminSecret, ...(this.receiverSecret === undefined ? [] : [this.receiverSecret])];

    this.release = observabilityRelease(this, {
      component: 'kubePrometheusStack',
      namespace,
      timeoutSeconds: KubePrometheusStack.TIMEOUT_SECONDS,
      dependsOn: [...(props.dependsOn ?? []), ...syncedSecrets.map((secret) => secret.manifest)],
      values: {
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        additionalPrometheusRulesMap: Object.fromEntries(Object.entries(props.ruleGroups ?? {}).map(([name, groups]) => [name, { groups }])),
        prometheus: { prometheusSpec: this.prometheusSpec(settings), additionalServiceMonitors: settings.additionalServiceMonitors },
        alertmanager: this.alertmanagerValues(props.alertmanagerConfig, settings),
        grafana: this.grafanaValues(props.grafana, settings),
        prometheusOperator: { resources: containerResources('100m', '128Mi', '256Mi') },
        'kube-state-metrics': { resources: containerResources('50m', '128Mi', '256Mi') },
        'prometheus-node-exporter': { resources: containerResources('50m', '32Mi', '64Mi') },
      },
    });
  }

  private prometheusSpec(settings: Settings): Record<string, unknown> {
    return {
      scrapeInterval: KubePrometheusStack.SCRAPE_INTERVAL,
      evaluationInterval: KubePrometheusStack.SCRAPE_INTERVAL,
      retention: `${settings.retentionDays}d`,
      retentionSize: `${Math.floor(settings.storageGiB * 0.9)}GiB`,
      storageSpec: volumeClaim(settings.storageClassName, settings.storageGiB),
      remoteWrite: settings.remoteWriteUrls.map((url) => ({ url })),
      ruleSelectorNilUsesHelmValues: false,
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      probeSelectorNilUsesHelmValues: false,
      scrapeConfigSelectorNilUsesHelmValues: false,
      resources: settings.prometheusResources,
    };
  }

  private alertmanagerValues(config: Readonly<Record<string, unknown>>, settings: Settings): Record<string, unknown> {
    return {
      config: replacingExample(config, CHART_EXAMPLE_ALERTMANAGER_CONFIG),
      // With one replica, a budget of one available pod would block every node drain.
      podDisruptionBudget: { enabled: settings.alertmanagerReplicas > 1, minAvailable: 1 },
      alertmanagerSpec: {
        replicas: settings.alertmanagerReplicas,
        podAntiAffinityTopologyKey: 'topology.kubernetes.io/zone',
        secrets: this.receiverSecret === undefined ? [] : [this.receiverSecret.secretName],
        storage: volumeClaim(settings.storageClassName, KubePrometheusStack.ALERTMANAGER_STORAGE_GIB),
        resources: containerResources('50m', '128Mi', '256Mi'),
      },
    };
  }

  private grafanaValues(grafana: GrafanaOptions, settings: Settings): Record<string, unknown> {
    return {
      defaultDashboardsEnabled: true,
      admin: { existingSecret: KubePrometheusStack.GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
      persistence: { enabled: true, type: 'sts', storageClassName: settings.storageClassName, accessModes: ['ReadWriteOnce'], size: `${settings.grafanaStorageGiB}Gi` },
      // fsGroup already gives Grafana its volume; the chown init container would run as root.
      initChownData: { enabled: false },
      ingress: {
        enabled: true,
        ingressClassName: settings.ingressClassName,
        annotations: { ...grafana.ingressAnnotations, 'alb.ingress.kubernetes.io/healthcheck-path': KubePrometheusStack.GRAFANA_HEALTH_PATH },
        hosts: [grafana.hostname],
        path: '/',
      },
      'grafana.ini': { server: { root_url: `https://${grafana.hostname}` } },
      rbac: { namespaced: true },
      sidecar: {
        dashboards: {
          enabled: true,
          label: GRAFANA_DASHBOARD_LABEL.key,
          labelValue: GRAFANA_DASHBOARD_LABEL.value,
          searchNamespace: [settings.namespace],
          resource: 'configmap',
          folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
        },
        resources: containerResources('50m', '64Mi', '128Mi'),
      },
      additionalDataSources: settings.datasources,
      resources: containerResources('100m', '256Mi', '512Mi'),
    };
  }

  /** Checks the props, naming each field as the caller wrote it; returns them with their defaults. */
  private validate(props: KubePrometheusStackProps): Settings {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    const namespace = namespaceOf(this, props);

    const retentionDays = props.retentionDays ?? KubePrometheusStack.DEFAULT_RETENTION_DAYS;
    requireIntegerAtLeast(this, retentionDays, 'retentionDays', 1, 'day(s)');
    const storageGiB = props.storageGiB ?? KubePrometheusStack.DEFAULT_STORAGE_GIB;
    requireIntegerAtLeast(this, storageGiB, 'storageGiB', 10, 'GiB');
    const storageClassName = props.storageClassName ?? KubePrometheusStack.DEFAULT_STORAGE_CLASS;
    requireFormat(this, storageClassName, 'storageClassName', DNS_SUBDOMAIN, 'a StorageClass name', 'use the name of a StorageClass of the cluster, e.g. gp3');
    const remoteWriteUrls = props.remoteWriteUrls ?? [];
    for (const url of remoteWriteUrls) {
      require(/^https:\/\/[^\s/]+(\/\S*)?$/.test(url), 'remoteWriteUrls', `'${url}' is not an https:// URL`, 'give the remote write endpoint as an https:// URL (samples must not cross the network in clear text)');
    }
    require(new Set(remoteWriteUrls).size === remoteWriteUrls.length, 'remoteWriteUrls', 'lists an endpoint twice', 'list each endpoint once');
    const prometheusResources = props.prometheusResources ?? KubePrometheusStack.DEFAULT_PROMETHEUS_RESOURCES;
    requireResources(this, prometheusResources, 'prometheusResources');
    this.validateRuleGroups(props.ruleGroups ?? {});

    for (const key of ['route', 'receivers']) {
      require(props.alertmanagerConfig[key] !== undefined, 'alertmanagerConfig', `has no ${key}`, 'pass the complete Alertmanager configuration, e.g. what alertmanagerConfig() returns');
    }
    const alertmanagerReplicas = props.alertmanagerReplicas ?? KubePrometheusStack.DEFAULT_ALERTMANAGER_REPLICAS;
    requireIntegerAtLeast(this, alertmanagerReplicas, 'alertmanagerReplicas', 1, 'replica(s)');

    const grafana = props.grafana;
    requireFormat(this, grafana.hostname, 'grafana.hostname', DNS_NAME, 'a DNS name', 'give the public host name of Grafana, e.g. grafana.example.com');
    requireFormat(this, grafana.adminSecretName, 'grafana.adminSecretName', SECRETS_MANAGER_ID, 'a Secrets Manager secret name or ARN', 'pass the full name of the admin secret, e.g. platform/production/observability/grafana-admin');
    const grafanaStorageGiB = grafana.storageGiB ?? KubePrometheusStack.DEFAULT_GRAFANA_STORAGE_GIB;
    requireIntegerAtLeast(this, grafanaStorageGiB, 'grafana.storageGiB', 1, 'GiB');
    const ingressClassName = grafana.ingressClassName ?? KubePrometheusStack.DEFAULT_INGRESS_CLASS;
    requireFormat(this, ingressClassName, 'grafana.ingressClassName', DNS_SUBDOMAIN, 'an IngressClass name', 'name an IngressClass of the cluster, e.g. alb');
    const datasources = props.additionalDatasources ?? [];
    for (const field of ['uid', 'name'] as const) {
      const taken = [...datasources.map((datasource) => datasource[field]), ...CHART_DATASOURCES.map((datasource) => datasource[field])];
      require(new Set(taken).size === taken.length, 'additionalDatasources', `two data sources share a ${field} (Prometheus and Alertmanager are the chart's)`, `give each data source its own ${field}`);
    }

    const additionalServiceMonitors = props.additionalServiceMonitors ?? [];
    for (const monitor of additionalServiceMonitors) {
      const field = `additionalServiceMonitors.${monitor.name}`;
      requireFormat(this, monitor.name, 'additionalServiceMonitors', DNS_SUBDOMAIN, 'a ServiceMonitor name', 'name it with lower-case letters, digits and hyphens, e.g. argo-rollouts');
      require(Object.keys(monitor.selector.matchLabels).length > 0, `${field}.selector`, 'selects every Service', 'select the Service by its labels');
      require(monitor.namespaceSelector.matchNames.length > 0 && monitor.namespaceSelector.matchNames.every((name) => DNS_LABEL.test(name)), `${field}.namespaceSelector`, 'names no namespace, or not one', "list the Service's namespace, e.g. argo-rollouts");
      require(monitor.endpoints.length > 0, `${field}.endpoints`, 'is empty', 'name the Service port to scrape, e.g. { port: "metrics" }');
    }
    const monitorNames = additionalServiceMonitors.map((monitor) => monitor.name);
    require(new Set(monitorNames).size === monitorNames.length, 'additionalServiceMonitors', 'has two ServiceMonitors of the same name', 'give each its own name');

    return { namespace, retentionDays, storageGiB, storageClassName, remoteWriteUrls, prometheusResources, alertmanagerReplicas, grafanaStorageGiB, ingressClassName, datasources, additionalServiceMonitors };
  }

  private validateRuleGroups(ruleGroups: Readonly<Record<string, readonly PrometheusRuleFileGroup[]>>): void {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    // The chart names each PrometheusRule `<release>-<name>` and cuts it at 63 characters.
    const maxLength = 63 - OBSERVABILITY_RELEASE_NAMES.kubePrometheusStack.length - 1;
    for (const [name, groups] of Object.entries(ruleGroups)) {
      const field = `ruleGroups.${name}`;
      require(DNS_LABEL.test(name) && name.length <= maxLength, field, `'${name}' is not a valid rule name`, `use lower-case letters, digits and hyphens, at most ${maxLength} characters`);
      require(groups.length > 0, field, 'has no rule group', 'give at least one group, or leave the name out');
      const groupNames = groups.map((group) => group.name);
      require(new Set(groupNames).size === groupNames.length, field, 'has two groups of the same name, which Prometheus rejects', 'give each group its own name');
      for (const group of groups) {
        require(group.rules.length > 0, `${field}.${group.name}`, 'has no rules', 'give the group at least one rule, or leave it out');
      }
    }
  }

  private createReceiverSecret(receiverSecrets: Readonly<Record<string, string>>, placement: { namespace: string } & Pick<KubePrometheusStackProps, 'dependsOn' | 'secretStoreName'>): ExternalSecret {
    const known: readonly string[] = Object.values(ALERTMANAGER_RECEIVER_SECRET.keys);
    const keys = Object.keys(receiverSecrets);
    ConstructValidationError.require(this, keys.length > 0, 'receiverSecrets', 'is empty', 'map at least one receiver credential, or leave receiverSecrets out');
    for (const key of keys) {
      ConstructValidationError.require(this, known.includes(key), `receiverSecrets.${key}`, `'${key}' is not a key the Alertmanager configuration reads`, `use one of ${known.join(', ')}`);
    }
    return new ExternalSecret(this, 'ReceiverSecret', {
      ...placement,
      targetSecretName: ALERTMANAGER_RECEIVER_SECRET.name,
      data: keys.map((key) => ({ secretKey: key, remoteRef: { key: receiverSecrets[key] } })),
    });
  }
}
