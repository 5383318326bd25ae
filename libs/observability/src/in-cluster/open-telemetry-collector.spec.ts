import { synthJson } from '@platform/terraform-testing';
import { OpenTelemetryCollector, OpenTelemetryCollectorProps } from './open-telemetry-collector';
import { releaseSettings, valuesOf } from './private/testing';

const PROPS: OpenTelemetryCollectorProps = { tempoOtlpEndpoint: 'tempo.monitoring.svc.cluster.local:4317' };

describe('OpenTelemetryCollector', () => {
  const synth = (props: Partial<OpenTelemetryCollectorProps> = {}) => {
    let collector: OpenTelemetryCollector | undefined;
    const json = synthJson((scope) => (collector = new OpenTelemetryCollector(scope, 'otel', { ...PROPS, ...props })));
    return { json, collector: collector as OpenTelemetryCollector, values: valuesOf(json.resource('helm_release', 'otel')) };
  };
  const { json, collector, values } = synth();

  it('installs the pinned chart into monitoring, atomically, as a Deployment of the contrib distribution', () => {
    expect(json.resource('helm_release', 'otel')).toMatchObject({ ...releaseSettings('openTelemetryCollector'), chart: 'opentelemetry-collector', version: '0.170.0' });
    expect(values).toMatchObject({ mode: 'deployment', image: { repository: 'otel/opentelemetry-collector-contrib' }, command: { name: 'otelcol-contrib' } });
  });

  it('runs two replicas behind a disruption budget', () => {
    expect(values).toMatchObject({ replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(synth({ replicas: 1 }).values.podDisruptionBudget).toEqual({ enabled: false });
  });

  it('keeps 10 % of traces by default (seed 003) and the given share otherwise', () => {
    expect(values.config.processors).toEqual({ probabilistic_sampler: { sampling_percentage: 10 } });
    expect(synth({ samplingPercentage: 25 }).values.config.processors.probabilistic_sampler.sampling_percentage).toBe(25);
  });

  it('receives OTLP and exports sampled traces to Tempo', () => {
    expect(values.config.service.pipelines).toEqual({
      traces: { receivers: ['otlp'], processors: ['memory_limiter', 'probabilistic_sampler', 'batch'], exporters: ['otlp_grpc/tempo'] },
      metrics: null,
      logs: null,
    });
    expect(values.config.exporters).toEqual({ debug: null, 'otlp_grpc/tempo': { endpoint: 'tempo.monitoring.svc.cluster.local:4317', tls: { insecure: true } } });
    expect(collector.otlpGrpcUrl).toBe('http://opentelemetry-collector.monitoring.svc.cluster.local:4317');
    expect(collector.otlpHttpUrl).toBe('http://opentelemetry-collector.monitoring.svc.cluster.local:4318');
  });

  it('removes the chart’s Jaeger, Zipkin and Prometheus receivers and their ports', () => {
    expect(values.config.receivers).toEqual({ jaeger: null, prometheus: null, zipkin: null });
    for (const port of ['jaeger-compact', 'jaeger-thrift', 'jaeger-grpc', 'zipkin']) expect(values.ports[port]).toEqual({ enabled: false });
  });

  it('exposes its own metrics to Prometheus', () => {
    expect(values.ports.metrics).toEqual({ enabled: true });
    expect(values.serviceMonitor).toEqual({ enabled: true });
  });

  it.each<[string, Partial<OpenTelemetryCollectorProps>, RegExp]>([
    ['a sampling percentage of 0', { samplingPercentage: 0 }, /otel: samplingPercentage: 0 is not a percentage above 0/],
    ['a sampling percentage above 100', { samplingPercentage: 150 }, /otel: samplingPercentage: 150 is not a percentage above 0/],
    ['a Tempo endpoint with a scheme', { tempoOtlpEndpoint: 'http://tempo:4317' }, /otel: tempoOtlpEndpoint: 'http:\/\/tempo:4317' is not host:port/],
    ['zero replicas', { replicas: 0 }, /otel: replicas: 0 is not a whole number of at least 1 replica/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
