import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the prometheus-postgres-exporter chart's values, 8.2.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 */
export const PROMETHEUS_POSTGRES_EXPORTER_VALUES: ChartValuesSchema = {
  chart: 'prometheus-postgres-exporter',
  version: '8.2.0',
  source: { repository: 'https://github.com/prometheus-community/helm-charts', ref: 'prometheus-postgres-exporter-8.2.0', path: 'charts/prometheus-postgres-exporter/values.yaml' },
  values: obj({
    replicaCount: 'number', image: 'object', command: 'list',
    service: obj({ type: 'string', port: 'number', targetPort: 'number', name: 'string', labels: 'object', annotations: 'object' }),
    automountServiceAccountToken: 'boolean',
    serviceMonitor: obj({ enabled: 'boolean', apiVersion: 'string', multipleTarget: 'object' }),
    podMonitor: 'object', prometheusRule: 'object', priorityClassName: 'string', resources: 'object', rbac: 'object', serviceAccount: 'object',
    namespaceOverride: 'string', networkPolicy: 'object', podSecurityContext: 'object', securityContext: 'object', hostAliases: 'list',
    config: obj({
      datasource: obj({
        host: 'string', user: 'string', userFile: 'string', userSecret: obj({ name: 'string', key: 'string' }), password: 'any', passwordFile: 'string', passwordSecret: obj({ name: 'string', key: 'string' }),
        pgpassfile: 'string', port: 'string', database: 'string', sslmode: 'string', extraParams: 'string',
      }),
      datasourceSecret: 'object', disableCollectorDatabase: 'boolean', disableCollectorBgwriter: 'boolean', disableDefaultMetrics: 'boolean',
      disableSettingsMetrics: 'boolean', logLevel: 'string', logFormat: 'string', extraArgs: 'list', postgresExporter: 'string', existingSecret: 'object',
    }),
    nodeSelector: 'object', tolerations: 'list', affinity: 'object', annotations: 'object', podLabels: 'object', livenessProbe: 'object',
    readinessProbe: 'object', deployment: 'object', extraEnvs: 'list', initContainers: 'list', extraContainers: 'list', extraVolumes: 'list',
    extraVolumeMounts: 'list', extraManifests: 'list', podDisruptionBudget: 'object',
  }),
};
