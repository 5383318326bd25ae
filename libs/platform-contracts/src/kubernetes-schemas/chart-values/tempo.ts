import type { ChartValuesSchema } from '../schema-catalog';
import { list, obj } from '../../kubernetes-schema';

/**
 * Keys and types of the tempo chart's values, 2.2.4, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * persistence.storageClassName is read by templates/statefulset.yaml (commented in values.yaml).
 */
export const TEMPO_VALUES: ChartValuesSchema = {
  chart: 'tempo',
  version: '2.2.4',
  source: { repository: 'https://github.com/grafana-community/helm-charts', ref: 'tempo-2.2.4', path: 'charts/tempo/values.yaml' },
  values: obj({
    global: 'object', nameOverride: 'string', fullnameOverride: 'string', replicas: 'number', labels: 'object', annotations: 'object',
    tempo: obj({
      registry: 'string', repository: 'string', tag: 'string', pullPolicy: 'string', updateStrategy: 'string', resources: 'object',
      streamOverHttpEnabled: 'boolean', memBallastSizeMbs: 'number', multitenancyEnabled: 'boolean', reportingEnabled: 'boolean', metricsGenerator: 'object',
      ingester: 'object', querier: 'object', queryFrontend: 'object', retention: 'string', overrides: 'object', per_tenant_overrides: 'object', server: 'object',
      livenessProbe: 'object', readinessProbe: 'object', storage: 'object', receivers: 'object', securityContext: 'object', extraArgs: 'object',
      extraEnv: 'list', extraEnvFrom: 'list', extraVolumeMounts: 'list',
    }),
    config: 'string', tempoQuery: 'object', securityContext: 'object', serviceAccount: 'object', service: 'object',
    serviceMonitor: obj({ enabled: 'boolean', interval: 'string', additionalLabels: 'object', annotations: 'object' }),
    persistence: obj({ enabled: 'boolean', enableStatefulSetAutoDeletePVC: 'boolean', accessModes: list('string'), size: 'string', storageClassName: 'string' }),
    podAnnotations: 'object', podLabels: 'object', extraLabels: 'object', initContainers: 'list', extraContainers: 'list', extraVolumes: 'list',
    nodeSelector: 'object', tolerations: 'list', affinity: 'object', priorityClassName: 'any', hostAliases: 'list', networkPolicy: 'object',
  }),
};
