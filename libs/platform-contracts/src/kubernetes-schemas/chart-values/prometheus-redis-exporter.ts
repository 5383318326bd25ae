import type { ChartValuesSchema } from '../schema-catalog';
import { list, obj } from '../../kubernetes-schema';

/**
 * Keys and types of the prometheus-redis-exporter chart's values, 6.29.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * env is rendered with toYaml as the container env list (its default `{}` is only empty).
 */
export const PROMETHEUS_REDIS_EXPORTER_VALUES: ChartValuesSchema = {
  chart: 'prometheus-redis-exporter',
  version: '6.29.0',
  source: { repository: 'https://github.com/prometheus-community/helm-charts', ref: 'prometheus-redis-exporter-6.29.0', path: 'charts/prometheus-redis-exporter/values.yaml' },
  values: obj({
    rbac: 'object', serviceAccount: 'object', replicaCount: 'number', image: 'object', command: 'list', extraArgs: 'object', customLabels: 'object',
    securityContext: 'object', env: list(),
    service: obj({ type: 'string', port: 'number', portName: 'string', annotations: 'object', labels: 'object' }),
    resources: 'object', nodeSelector: 'object', tolerations: 'list', affinity: 'object', priorityClassName: 'string', extraManifests: 'list',
    redisAddress: 'string', annotations: 'object', labels: 'object', redisAddressConfig: 'object', redisTlsConfig: 'object',
    serviceMonitor: obj({
      enabled: 'boolean', apiVersion: 'string', multipleTarget: 'boolean', targets: 'list', additionalMetricsRelabels: 'object', additionalRelabeling: 'list',
    }),
    prometheusRule: 'object',
    auth: obj({ enabled: 'boolean', secret: obj({ name: 'string', key: 'string' }), redisPassword: 'string', redisUser: 'string', redisPasswordFile: 'object' }),
    networkPolicy: 'object', podSecurityContext: 'object',
  }),
};
