import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { GrafanaDatasource } from './grafana-datasource';
import { inClusterUrl, ScrapeTargetProps, OBSERVABILITY_RELEASE_NAMES } from './observability-charts';
import { namespaceOf, observabilityRelease } from './private/observability-release';
import { containerResources } from './private/resources';
import { DNS_SUBDOMAIN, requireFormat, requireIntegerAtLeast } from './private/validation';

export interface TempoProps extends ScrapeTargetProps {
  /**
   * Days Tempo keeps traces.
   * @default 7
   */
  readonly retentionDays?: number;
  /**
   * Size of Tempo's volume (trace blocks and write-ahead log), GiB.
   * @default 20
   */
  readonly storageGiB?: number;
  /**
   * StorageClass of the volume.
   * @default 'gp3'
   */
  readonly storageClassName?: string;
  /**
   * Uid of the Loki data source that "logs for this span" in Grafana queries (Loki.datasource.uid).
   * @default - no link from traces to logs
   */
  readonly logsDatasourceUid?: string;
}

/**
 * Grafana Tempo as one pod (the single-binary chart) storing traces on a volume, receiving OTLP from the
 * OpenTelemetry Collector. Usage reporting to Grafana Labs is off; Prometheus scrapes Tempo through a ServiceMonitor.
 *
 * Grafana gets Tempo through {@link Tempo.datasource}; the collector exports to {@link Tempo.otlpGrpcEndpoint}.
 *
 * Values keys verified against grafana-community/helm-charts charts/tempo/values.yaml and templates at tag
 * tempo-2.2.4 (`tempo.retention` is the compactor's `block_retention`; the volume is mounted at /var/tempo, where
 * the local backend and WAL live).
 */
export class Tempo extends Construct {
  static readonly DEFAULT_RETENTION_DAYS = 7;
  static readonly DEFAULT_STORAGE_GIB = 20;
  static readonly DEFAULT_STORAGE_CLASS = 'gp3';
  static readonly HTTP_PORT = 3200;
  static readonly OTLP_GRPC_PORT = 4317;
  static readonly DATASOURCE_UID = 'tempo';

  readonly release: Release;
  /** Tempo's query URL inside the cluster. */
  readonly url: string;
  /** `host:port` of Tempo's OTLP gRPC receiver. */
  readonly otlpGrpcEndpoint: string;
  /** Grafana data source of this Tempo. */
  readonly datasource: GrafanaDatasource;

  constructor(scope: Construct, id: string, props: TempoProps = {}) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    const retentionDays = props.retentionDays ?? Tempo.DEFAULT_RETENTION_DAYS;
    requireIntegerAtLeast(this, retentionDays, 'retentionDays', 1, 'day(s)');
    const storageGiB = props.storageGiB ?? Tempo.DEFAULT_STORAGE_GIB;
    requireIntegerAtLeast(this, storageGiB, 'storageGiB', 10, 'GiB');
    const storageClassName = props.storageClassName ?? Tempo.DEFAULT_STORAGE_CLASS;
    requireFormat(this, storageClassName, 'storageClassName', DNS_SUBDOMAIN, 'a StorageClass name', 'use the name of a StorageClass of the cluster, e.g. gp3');
    if (props.logsDatasourceUid !== undefined) {
      requireFormat(this, props.logsDatasourceUid, 'logsDatasourceUid', /^[A-Za-z0-9_-]{1,40}$/, 'a data source uid', 'pass Loki.datasource.uid');
    }

    const service = OBSERVABILITY_RELEASE_NAMES.tempo;
    this.url = inClusterUrl(service, namespace, Tempo.HTTP_PORT);
    this.otlpGrpcEndpoint = `${service}.${namespace}.svc.cluster.local:${Tempo.OTLP_GRPC_PORT}`;
    this.datasource = {
      name: 'Tempo',
      type: 'tempo',
      uid: Tempo.DATASOURCE_UID,
      url: this.url,
      access: 'proxy',
      editable: false,
      jsonData: {
        nodeGraph: { enabled: true },
        ...(props.logsDatasourceUid === undefined ? {} : { tracesToLogsV2: { datasourceUid: props.logsDatasourceUid } }),
      },
    };

    this.release = observabilityRelease(this, {
      component: 'tempo',
      namespace,
      dependsOn: props.dependsOn,
      values: {
        tempo: {
          retention: `${retentionDays * 24}h`,
          reportingEnabled: false,
          resources: containerResources('250m', '1Gi', '2Gi'),
        },
        persistence: { enabled: true, storageClassName, accessModes: ['ReadWriteOnce'], size: `${storageGiB}Gi` },
        serviceMonitor: { enabled: props.serviceMonitor ?? true },
      },
    });
  }
}
