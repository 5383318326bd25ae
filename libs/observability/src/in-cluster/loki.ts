import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { GrafanaDatasource } from './grafana-datasource';
import { inClusterUrl, ScrapeTargetProps, OBSERVABILITY_RELEASE_NAMES } from './observability-charts';
import { namespaceOf, observabilityRelease } from './private/observability-release';
import { containerResources } from './private/resources';
import { DNS_SUBDOMAIN, requireFormat, requireIntegerAtLeast } from './private/validation';

export interface LokiProps extends ScrapeTargetProps {
  /**
   * Days Loki keeps logs; the compactor deletes older ones.
   * @default 30 (seed 003's application log retention)
   */
  readonly retentionDays?: number;
  /**
   * Size of Loki's volume (chunks, index, write-ahead log), GiB.
   * @default 50
   */
  readonly storageGiB?: number;
  /**
   * StorageClass of the volume.
   * @default 'gp3'
   */
  readonly storageClassName?: string;
}

/**
 * Grafana Loki as one monolithic pod (the chart's `Monolithic` mode, formerly SingleBinary) storing chunks and its
 * TSDB index on a volume: enough for tens of GB of logs a day, with no object storage to run. Single tenant, no
 * authentication (reachable only inside the cluster), no gateway, canary or memcached caches. The compactor applies
 * the retention. Prometheus scrapes Loki through a ServiceMonitor (the kube-prometheus-stack CRDs must exist).
 *
 * Grafana gets Loki through {@link Loki.datasource}, for KubePrometheusStack's `additionalDatasources`; the log
 * collector pushes to {@link Loki.pushUrl}.
 *
 * Values keys verified against grafana-community/helm-charts charts/loki/values.yaml and values.schema.json at tag
 * loki-18.11.0 (and its ci/default-monolithic-filesystem-values.yaml); the compactor retention keys against Loki's
 * retention documentation (`retention_enabled` needs `delete_request_store`).
 */
export class Loki extends Construct {
  static readonly DEFAULT_RETENTION_DAYS = 30;
  static readonly DEFAULT_STORAGE_GIB = 50;
  static readonly DEFAULT_STORAGE_CLASS = 'gp3';
  static readonly HTTP_PORT = 3100;
  static readonly DATASOURCE_UID = 'loki';
  /** First day of the TSDB v13 schema; fixed, because changing it would make Loki misread stored data. */
  static readonly SCHEMA_FROM = '2024-04-01';

  readonly release: Release;
  /** Loki's query URL inside the cluster. */
  readonly url: string;
  /** Where log collectors push, `<url>/loki/api/v1/push`. */
  readonly pushUrl: string;
  /** Grafana data source of this Loki. */
  readonly datasource: GrafanaDatasource;

  constructor(scope: Construct, id: string, props: LokiProps = {}) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    const retentionDays = props.retentionDays ?? Loki.DEFAULT_RETENTION_DAYS;
    requireIntegerAtLeast(this, retentionDays, 'retentionDays', 1, 'day(s)');
    const storageGiB = props.storageGiB ?? Loki.DEFAULT_STORAGE_GIB;
    requireIntegerAtLeast(this, storageGiB, 'storageGiB', 10, 'GiB');
    const storageClassName = props.storageClassName ?? Loki.DEFAULT_STORAGE_CLASS;
    requireFormat(this, storageClassName, 'storageClassName', DNS_SUBDOMAIN, 'a StorageClass name', 'use the name of a StorageClass of the cluster, e.g. gp3');

    this.url = inClusterUrl(OBSERVABILITY_RELEASE_NAMES.loki, namespace, Loki.HTTP_PORT);
    this.pushUrl = `${this.url}/loki/api/v1/push`;
    this.datasource = { name: 'Loki', type: 'loki', uid: Loki.DATASOURCE_UID, url: this.url, access: 'proxy', editable: false };

    const none = { replicas: 0 };
    this.release = observabilityRelease(this, {
      component: 'loki',
      namespace,
      dependsOn: props.dependsOn,
      values: {
        deploymentMode: 'Monolithic',
        loki: {
          auth_enabled: false,
          commonConfig: { replication_factor: 1 },
          storage: { type: 'filesystem' },
          schemaConfig: {
            configs: [{ from: Loki.SCHEMA_FROM, store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
          },
          limits_config: { retention_period: `${retentionDays * 24}h` },
          compactor: { working_directory: '/var/loki/compactor', retention_enabled: true, delete_request_store: 'filesystem' },
        },
        singleBinary: {
          replicas: 1,
          persistence: { enabled: true, size: `${storageGiB}Gi`, storageClass: storageClassName },
          resources: containerResources('250m', '1Gi', '2Gi'),
        },
        read: none,
        write: none,
        backend: none,
        gateway: { enabled: false },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
        monitoring: { serviceMonitor: { enabled: props.serviceMonitor ?? true } },
      },
    });
  }
}
