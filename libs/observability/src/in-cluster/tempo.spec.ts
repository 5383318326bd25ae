import { synthJson } from '@platform/terraform-testing';
import { releaseSettings, valuesOf } from './private/testing';
import { Tempo, TempoProps } from './tempo';

describe('Tempo', () => {
  const synth = (props: TempoProps = {}) => {
    let tempo: Tempo | undefined;
    const json = synthJson((scope) => (tempo = new Tempo(scope, 'tempo', props)));
    return { json, tempo: tempo as Tempo, values: valuesOf(json.resource('helm_release', 'tempo')) };
  };
  const { json, tempo, values } = synth({ logsDatasourceUid: 'loki' });

  it('installs the pinned single-binary chart into monitoring, atomically', () => {
    expect(json.resource('helm_release', 'tempo')).toMatchObject({ ...releaseSettings('tempo'), chart: 'tempo', version: '2.2.4' });
  });

  it('keeps traces 7 days on a 20 GiB gp3 volume and reports no usage to Grafana Labs', () => {
    expect(values.tempo).toMatchObject({ retention: '168h', reportingEnabled: false });
    expect(values.persistence).toEqual({ enabled: true, storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], size: '20Gi' });
    expect(synth({ retentionDays: 14, storageGiB: 100 }).values).toMatchObject({ tempo: { retention: '336h' }, persistence: { size: '100Gi' } });
  });

  it('is scraped by Prometheus', () => {
    expect(values.serviceMonitor).toEqual({ enabled: true });
  });

  it('offers its OTLP endpoint and a Grafana data source linking spans to their logs', () => {
    expect(tempo.otlpGrpcEndpoint).toBe('tempo.monitoring.svc.cluster.local:4317');
    expect(tempo.datasource).toEqual({
      name: 'Tempo',
      type: 'tempo',
      uid: 'tempo',
      url: 'http://tempo.monitoring.svc.cluster.local:3200',
      access: 'proxy',
      editable: false,
      jsonData: { nodeGraph: { enabled: true }, tracesToLogsV2: { datasourceUid: 'loki' } },
    });
    expect(synth().tempo.datasource.jsonData).toEqual({ nodeGraph: { enabled: true } });
  });

  it.each<[string, TempoProps, RegExp]>([
    ['a retention under one day', { retentionDays: 0 }, /tempo: retentionDays: 0 is not a whole number of at least 1 day\(s\)/],
    ['a volume under 10 GiB', { storageGiB: 1 }, /tempo: storageGiB: 1 is not a whole number of at least 10 GiB/],
    ['an invalid logs data source uid', { logsDatasourceUid: 'loki logs' }, /tempo: logsDatasourceUid: 'loki logs' is not a data source uid/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
