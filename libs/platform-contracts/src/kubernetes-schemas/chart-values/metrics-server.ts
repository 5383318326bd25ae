import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the metrics-server chart's values, 3.13.1, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 */
export const METRICS_SERVER_VALUES: ChartValuesSchema = {
  chart: 'metrics-server',
  version: '3.13.1',
  source: { repository: 'https://github.com/kubernetes-sigs/metrics-server', ref: 'metrics-server-helm-chart-3.13.1', path: 'charts/metrics-server/values.yaml' },
  values: obj({
    image: 'object', imagePullSecrets: 'list', nameOverride: 'string', fullnameOverride: 'string', serviceAccount: 'object', rbac: 'object',
    apiService: 'object', commonLabels: 'object', podLabels: 'object', podAnnotations: 'object', podSecurityContext: 'object', securityContext: 'object',
    priorityClassName: 'string', containerPort: 'number', hostNetwork: 'object', replicas: 'number', revisionHistoryLimit: 'any', updateStrategy: 'object',
    podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', unhealthyPodEvictionPolicy: 'any' }),
    defaultArgs: 'list', args: 'list', livenessProbe: 'object', readinessProbe: 'object', service: 'object', addonResizer: 'object', metrics: 'object',
    serviceMonitor: 'object', resources: 'object', extraVolumeMounts: 'list', extraVolumes: 'list', nodeSelector: 'object', tolerations: 'list',
    affinity: 'object', topologySpreadConstraints: 'list', dnsConfig: 'object', deploymentAnnotations: 'object', schedulerName: 'string', tmpVolume: 'object',
    tls: 'object',
  }),
};
