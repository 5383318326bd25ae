import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the alloy chart's values, 1.11.1, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 */
export const ALLOY_VALUES: ChartValuesSchema = {
  chart: 'alloy',
  version: '1.11.1',
  source: { repository: 'https://github.com/grafana/alloy', ref: 'helm-chart/1.11.1', path: 'operations/helm/charts/alloy/values.yaml' },
  values: obj({
    nameOverride: 'any', namespaceOverride: 'any', fullnameOverride: 'any', global: 'object', crds: obj({ create: 'boolean' }),
    alloy: obj({
      configMap: obj({ create: 'boolean', content: 'string', name: 'any', key: 'any' }),
      clustering: 'object', stabilityLevel: 'string', storagePath: 'string', enableHttpServerPort: 'boolean', listenAddr: 'string', listenPort: 'number',
      listenScheme: 'string', initialDelaySeconds: 'number', timeoutSeconds: 'number', uiPathPrefix: 'string', enableReporting: 'boolean', extraEnv: 'list',
      envFrom: 'list', command: 'list', extraArgs: 'list', extraPorts: 'list', hostAliases: 'list',
      mounts: obj({ varlog: 'boolean', dockercontainers: 'boolean', extra: 'list' }),
      securityContext: 'object', resources: 'object', lifecycle: 'object', livenessProbe: 'object',
    }),
    image: 'object', rbac: 'object', serviceAccount: 'object', configReloader: 'object',
    controller: obj({
      type: 'string', replicas: 'number', extraLabels: 'object', extraAnnotations: 'object', parallelRollout: 'boolean', minReadySeconds: 'number',
      hostNetwork: 'boolean', hostPID: 'boolean', dnsPolicy: 'string', terminationGracePeriodSeconds: 'any', revisionHistoryLimit: 'number',
      updateStrategy: 'object', nodeSelector: 'object', tolerations: 'list', topologySpreadConstraints: 'list', priorityClassName: 'string',
      podAnnotations: 'object', podLabels: 'object', podDisruptionBudget: 'object', enableStatefulSetAutoDeletePVC: 'boolean', autoscaling: 'object',
      affinity: 'object', volumes: 'object', volumeClaimTemplates: 'list', initContainers: 'list', extraContainers: 'list',
    }),
    networkPolicy: 'object', service: 'object',
    serviceMonitor: obj({ enabled: 'boolean', additionalLabels: 'object', interval: 'string', metricRelabelings: 'list', tlsConfig: 'object', relabelings: 'list' }),
    ingress: 'object', extraObjects: 'list',
  }),
};
