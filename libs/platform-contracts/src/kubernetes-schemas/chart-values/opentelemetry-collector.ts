import type { ChartValuesSchema } from '../schema-catalog';
import { map, obj } from '../../kubernetes-schema';

/**
 * Keys and types of the opentelemetry-collector chart's values, 0.170.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * config is the collector configuration, merged with the chart defaults (free-form); ports.<name> and podDisruptionBudget from values.schema.json.
 */
export const OPENTELEMETRY_COLLECTOR_VALUES: ChartValuesSchema = {
  chart: 'opentelemetry-collector',
  version: '0.170.0',
  source: { repository: 'https://github.com/open-telemetry/opentelemetry-helm-charts', ref: 'opentelemetry-collector-0.170.0', path: 'charts/opentelemetry-collector/values.yaml, values.schema.json' },
  values: obj({
    nameOverride: 'string', fullnameOverride: 'string', mode: 'string', apiVersion: 'string', namespaceOverride: 'string', presets: 'object',
    configMap: 'object', internalTelemetryViaOTLP: 'object', rewriteDeprecatedComponentNames: 'boolean',
    config: 'object',
    alternateConfig: 'object',
    image: obj({ repository: 'string', pullPolicy: 'string', tag: 'string', digest: 'string' }),
    imagePullSecrets: 'list',
    command: obj({ name: 'string', extraArgs: 'list' }),
    serviceAccount: 'object', clusterRole: 'object', podSecurityContext: 'object', securityContext: 'object', nodeSelector: 'object', tolerations: 'list',
    affinity: 'object', topologySpreadConstraints: 'list', priorityClassName: 'string', runtimeClassName: 'string', terminationGracePeriodSeconds: 'number',
    extraEnvs: 'list', extraEnvsFrom: 'list', extraVolumes: 'list', extraVolumeMounts: 'list', extraManifests: 'list',
    ports: map(obj({ enabled: 'boolean', containerPort: 'integer', servicePort: 'integer', hostPort: 'integer', nodePort: 'integer', protocol: 'string', appProtocol: 'string' }, { required: ['enabled'] })),
    useGOMEMLIMIT: 'boolean', resizePolicy: 'list', resources: 'object', enableConfigChecksumAnnotation: 'boolean', podAnnotations: 'object',
    podLabels: 'object', additionalLabels: 'object', hostNetwork: 'boolean', hostPID: 'boolean', hostAliases: 'list', dnsPolicy: 'string', dnsConfig: 'object',
    schedulerName: 'string', replicaCount: 'number', revisionHistoryLimit: 'number', annotations: 'object', extraContainers: 'list', initContainers: 'list',
    lifecycleHooks: 'object', livenessProbe: 'object', readinessProbe: 'object', startupProbe: 'object', service: 'object', ingress: 'object',
    httproute: 'object', podMonitor: 'object',
    serviceMonitor: obj({ enabled: 'boolean', metricsEndpoints: 'list', extraLabels: 'object', relabelings: 'list', metricRelabelings: 'list', sampleLimit: 'number' }),
    podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string' }),
    autoscaling: 'object', rollout: 'object', prometheusRule: 'object', statefulset: 'object', networkPolicy: 'object', shareProcessNamespace: 'boolean',
  }),
};
