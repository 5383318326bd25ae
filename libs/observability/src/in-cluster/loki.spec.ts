import { synthJson } from '@platform/terraform-testing';
import { Loki, LokiProps } from './loki';
import { releaseSettings, valuesOf } from './private/testing';

describe('Loki', () => {
  const synth = (props: LokiProps = {}) => {
    let loki: Loki | undefined;
    const json = synthJson((scope) => (loki = new Loki(scope, 'loki', props)));
    return { json, loki: loki as Loki, values: valuesOf(json.resource('helm_release', 'loki')) };
  };
  const { json, loki, values } = synth();

  it('installs the pinned chart into monitoring, atomically', () => {
    expect(json.resource('helm_release', 'loki')).toMatchObject({ ...releaseSettings('loki'), chart: 'loki', version: '18.11.0' });
  });

  it('runs one monolithic Loki on a 50 GiB gp3 volume, without the scalable targets, gateway, caches or canary', () => {
    expect(values).toMatchObject({
      deploymentMode: 'Monolithic',
      singleBinary: { replicas: 1, persistence: { enabled: true, size: '50Gi', storageClass: 'gp3' } },
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      gateway: { enabled: false },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
      lokiCanary: { enabled: false },
      test: { enabled: false },
    });
  });

  it('stores chunks and a TSDB index on the volume, for one tenant without authentication', () => {
    expect(values.loki).toMatchObject({ auth_enabled: false, commonConfig: { replication_factor: 1 }, storage: { type: 'filesystem' } });
    expect(values.loki.schemaConfig.configs).toEqual([{ from: '2024-04-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }]);
  });

  it('has Prometheus scrape it unless told there is no Prometheus (no ServiceMonitor CRD)', () => {
    expect(values.monitoring.serviceMonitor).toEqual({ enabled: true });
    expect(synth({ serviceMonitor: false }).values.monitoring.serviceMonitor).toEqual({ enabled: false });
  });

  it('deletes logs after 30 days through the compactor', () => {
    expect(values.loki.limits_config).toEqual({ retention_period: '720h' });
    expect(values.loki.compactor).toEqual({ working_directory: '/var/loki/compactor', retention_enabled: true, delete_request_store: 'filesystem' });
    expect(synth({ retentionDays: 7 }).values.loki.limits_config.retention_period).toBe('168h');
  });

  it('is scraped by Prometheus', () => {
    expect(values.monitoring.serviceMonitor).toEqual({ enabled: true });
  });

  it('offers its Grafana data source and push URL', () => {
    expect(loki.datasource).toEqual({ name: 'Loki', type: 'loki', uid: 'loki', url: 'http://loki.monitoring.svc.cluster.local:3100', access: 'proxy', editable: false });
    expect(loki.pushUrl).toBe('http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push');
  });

  it.each<[string, LokiProps, RegExp]>([
    ['a retention under one day', { retentionDays: 0.5 }, /loki: retentionDays: 0.5 is not a whole number of at least 1 day\(s\)/],
    ['a volume under 10 GiB', { storageGiB: 8 }, /loki: storageGiB: 8 is not a whole number of at least 10 GiB/],
    ['an invalid StorageClass', { storageClassName: 'GP3' }, /loki: storageClassName: 'GP3' is not a StorageClass name/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
