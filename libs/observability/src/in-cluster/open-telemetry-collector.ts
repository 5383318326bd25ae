import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { inClusterUrl, ScrapeTargetProps, OBSERVABILITY_RELEASE_NAMES } from './observability-charts';
import { namespaceOf, observabilityRelease } from './private/observability-release';
import { containerResources } from './private/resources';
import { isLateBound, requireIntegerAtLeast } from './private/validation';

export interface OpenTelemetryCollectorProps extends ScrapeTargetProps {
  /** `host:port` of Tempo's OTLP gRPC receiver, Tempo.otlpGrpcEndpoint. */
  readonly tempoOtlpEndpoint: string;
  /**
   * Percentage of traces kept (head sampling by trace id, so every span of a kept trace is kept).
   * @default 10 (seed 003: "Sampling Rate: 10%")
   */
  readonly samplingPercentage?: number;
  /**
   * Collector replicas behind the Service; sampling decides by trace id, so replicas agree.
   * @default 2
   */
  readonly replicas?: number;
}

/**
 * The OpenTelemetry Collector (contrib distribution) as a Deployment: the cluster's OTLP endpoint for traces,
 * gRPC on 4317 and HTTP on 4318. It keeps `samplingPercentage` % of traces (`probabilistic_sampler`, hashed by trace
 * id, so all spans of a trace share one decision) and exports them over OTLP to Tempo.
 *
 * Traces only: metrics are scraped by Prometheus and logs collected from the nodes, so the chart's metrics and logs
 * pipelines, its Jaeger, Zipkin and Prometheus receivers and its debug exporter are removed (`null`). Applications
 * send to {@link OpenTelemetryCollector.otlpGrpcUrl} / {@link OpenTelemetryCollector.otlpHttpUrl}.
 *
 * Values keys verified against open-telemetry/opentelemetry-helm-charts charts/opentelemetry-collector/values.yaml and
 * values.schema.json (which rejects unknown keys) at tag opentelemetry-collector-0.170.0 and its
 * examples/deployment-otlp-traces; `otlp_grpc` is the OTLP exporter's name since collector v0.144.0 (`otlp` is a
 * deprecated alias), `sampling_percentage` the probabilistic sampler's setting.
 */
export class OpenTelemetryCollector extends Construct {
  static readonly DEFAULT_SAMPLING_PERCENTAGE = 10;
  static readonly DEFAULT_REPLICAS = 2;
  static readonly OTLP_GRPC_PORT = 4317;
  static readonly OTLP_HTTP_PORT = 4318;
  /** Labels of the collector's pods (the chart's selector labels: chart name and release), for NetworkPolicies. */
  static readonly POD_LABELS: Readonly<Record<string, string>> = {
    'app.kubernetes.io/name': 'opentelemetry-collector',
    'app.kubernetes.io/instance': OBSERVABILITY_RELEASE_NAMES.openTelemetryCollector,
  };

  readonly release: Release;
  /** Where applications send OTLP over gRPC. */
  readonly otlpGrpcUrl: string;
  /** Where applications send OTLP over HTTP. */
  readonly otlpHttpUrl: string;

  constructor(scope: Construct, id: string, props: OpenTelemetryCollectorProps) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(isLateBound(props.tempoOtlpEndpoint) || /^[a-z0-9.-]+:\d{1,5}$/.test(props.tempoOtlpEndpoint), 'tempoOtlpEndpoint', `'${props.tempoOtlpEndpoint}' is not host:port`, 'pass Tempo.otlpGrpcEndpoint');
    const samplingPercentage = props.samplingPercentage ?? OpenTelemetryCollector.DEFAULT_SAMPLING_PERCENTAGE;
    require(samplingPercentage > 0 && samplingPercentage <= 100, 'samplingPercentage', `${samplingPercentage} is not a percentage above 0`, 'use a value above 0 and at most 100');
    const replicas = props.replicas ?? OpenTelemetryCollector.DEFAULT_REPLICAS;
    requireIntegerAtLeast(this, replicas, 'replicas', 1, 'replica(s)');

    const service = OBSERVABILITY_RELEASE_NAMES.openTelemetryCollector;
    this.otlpGrpcUrl = inClusterUrl(service, namespace, OpenTelemetryCollector.OTLP_GRPC_PORT);
    this.otlpHttpUrl = inClusterUrl(service, namespace, OpenTelemetryCollector.OTLP_HTTP_PORT);

    const off = { enabled: false };
    this.release = observabilityRelease(this, {
      component: 'openTelemetryCollector',
      namespace,
      dependsOn: props.dependsOn,
      values: {
        mode: 'deployment',
        image: { repository: 'otel/opentelemetry-collector-contrib' },
        command: { name: 'otelcol-contrib' },
        replicaCount: replicas,
        podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: 1 } : off,
        resources: containerResources('200m', '256Mi', '512Mi'),
        ports: { 'jaeger-compact': off, 'jaeger-thrift': off, 'jaeger-grpc': off, zipkin: off, metrics: { enabled: true } },
        serviceMonitor: { enabled: props.serviceMonitor ?? true },
        config: {
          receivers: { jaeger: null, prometheus: null, zipkin: null },
          processors: { probabilistic_sampler: { sampling_percentage: samplingPercentage } },
          exporters: {
            debug: null,
            // Plain gRPC inside the cluster: Tempo's receiver serves no TLS.
            'otlp_grpc/tempo': { endpoint: props.tempoOtlpEndpoint, tls: { insecure: true } },
          },
          service: {
            pipelines: {
              traces: { receivers: ['otlp'], processors: ['memory_limiter', 'probabilistic_sampler', 'batch'], exporters: ['otlp_grpc/tempo'] },
              metrics: null,
              logs: null,
            },
          },
        },
      },
    });
  }
}
