/**
 * The schemas the `kubernetes-schemas` contract validates against: one per pinned Helm chart (its values) and one
 * per custom resource kind the platform writes (its CRD), each recording the version and source it was read from.
 */
import type { ObjectSchema } from '../kubernetes-schema';
import { ALLOY_VALUES } from './chart-values/alloy';
import { ARGO_ROLLOUTS_VALUES } from './chart-values/argo-rollouts';
import { AWS_LOAD_BALANCER_CONTROLLER_VALUES } from './chart-values/aws-load-balancer-controller';
import { CERT_MANAGER_VALUES } from './chart-values/cert-manager';
import { CLUSTER_AUTOSCALER_VALUES } from './chart-values/cluster-autoscaler';
import { EXTERNAL_DNS_VALUES } from './chart-values/external-dns';
import { EXTERNAL_SECRETS_VALUES } from './chart-values/external-secrets';
import { KUBE_PROMETHEUS_STACK_VALUES } from './chart-values/kube-prometheus-stack';
import { KYVERNO_VALUES } from './chart-values/kyverno';
import { LOKI_VALUES } from './chart-values/loki';
import { METRICS_SERVER_VALUES } from './chart-values/metrics-server';
import { OPENTELEMETRY_COLLECTOR_VALUES } from './chart-values/opentelemetry-collector';
import { PROMETHEUS_POSTGRES_EXPORTER_VALUES } from './chart-values/prometheus-postgres-exporter';
import { PROMETHEUS_REDIS_EXPORTER_VALUES } from './chart-values/prometheus-redis-exporter';
import { TEMPO_VALUES } from './chart-values/tempo';
import { VELERO_VALUES } from './chart-values/velero';
import { VERTICAL_POD_AUTOSCALER_VALUES } from './chart-values/vertical-pod-autoscaler';
import { ANALYSIS_TEMPLATE_SCHEMA } from './custom-resources/analysis-template';
import { CLUSTER_ISSUER_SCHEMA } from './custom-resources/cluster-issuer';
import { CLUSTER_POLICY_SCHEMA } from './custom-resources/cluster-policy';
import { CLUSTER_SECRET_STORE_SCHEMA } from './custom-resources/cluster-secret-store';
import { EXTERNAL_SECRET_SCHEMA } from './custom-resources/external-secret';
import { POD_MONITOR_SCHEMA } from './custom-resources/pod-monitor';
import { PROMETHEUS_RULE_SCHEMA } from './custom-resources/prometheus-rule';
import { ROLLOUT_SCHEMA } from './custom-resources/rollout';
import { SERVICE_MONITOR_SCHEMA } from './custom-resources/service-monitor';
import { VERTICAL_POD_AUTOSCALER_SCHEMA } from './custom-resources/vertical-pod-autoscaler';

/** Where a schema was read from: a repository, a tag or commit, and the file(s). */
export interface SchemaSource {
  readonly repository: string;
  readonly ref: string;
  readonly path: string;
}

/** The keys and types of one chart version's values. */
export interface ChartValuesSchema {
  /** Chart name as the helm_release writes it. */
  readonly chart: string;
  /** The chart version the schema was read from: must equal the pinned version. */
  readonly version: string;
  readonly source: SchemaSource | readonly SchemaSource[];
  readonly values: ObjectSchema;
}

/** The OpenAPI schema of one custom resource kind, as the chart that installs its CRD ships it. */
export interface CustomResourceSchema {
  /** `group/version` the schema is for. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The chart (and its version) whose CRD the schema was read from. */
  readonly installedBy: { readonly chart: string; readonly version: string };
  readonly source: SchemaSource;
  readonly schema: ObjectSchema;
}

/** Every chart's values schema, by chart name. */
export const CHART_VALUES_SCHEMAS: Readonly<Record<string, ChartValuesSchema>> = Object.fromEntries(
  [
    ALLOY_VALUES,
    ARGO_ROLLOUTS_VALUES,
    AWS_LOAD_BALANCER_CONTROLLER_VALUES,
    CERT_MANAGER_VALUES,
    CLUSTER_AUTOSCALER_VALUES,
    EXTERNAL_DNS_VALUES,
    EXTERNAL_SECRETS_VALUES,
    KUBE_PROMETHEUS_STACK_VALUES,
    KYVERNO_VALUES,
    LOKI_VALUES,
    METRICS_SERVER_VALUES,
    OPENTELEMETRY_COLLECTOR_VALUES,
    PROMETHEUS_POSTGRES_EXPORTER_VALUES,
    PROMETHEUS_REDIS_EXPORTER_VALUES,
    TEMPO_VALUES,
    VELERO_VALUES,
    VERTICAL_POD_AUTOSCALER_VALUES,
  ].map((schema) => [schema.chart, schema]),
);

/** Every custom resource schema, by `apiVersion/kind` (e.g. `cert-manager.io/v1/ClusterIssuer`). */
export const CUSTOM_RESOURCE_SCHEMAS: Readonly<Record<string, CustomResourceSchema>> = Object.fromEntries(
  [
    ANALYSIS_TEMPLATE_SCHEMA,
    CLUSTER_ISSUER_SCHEMA,
    CLUSTER_POLICY_SCHEMA,
    CLUSTER_SECRET_STORE_SCHEMA,
    EXTERNAL_SECRET_SCHEMA,
    POD_MONITOR_SCHEMA,
    PROMETHEUS_RULE_SCHEMA,
    ROLLOUT_SCHEMA,
    SERVICE_MONITOR_SCHEMA,
    VERTICAL_POD_AUTOSCALER_SCHEMA,
  ].map((schema) => [`${schema.apiVersion}/${schema.kind}`, schema]),
);
