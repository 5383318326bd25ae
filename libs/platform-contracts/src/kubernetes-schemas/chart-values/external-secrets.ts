import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the external-secrets chart's values, 2.9.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * podDisruptionBudget.maxUnavailable from values.schema.json.
 */
export const EXTERNAL_SECRETS_VALUES: ChartValuesSchema = {
  chart: 'external-secrets',
  version: '2.9.0',
  source: { repository: 'https://github.com/external-secrets/external-secrets', ref: 'helm-chart-2.9.0', path: 'deploy/charts/external-secrets/values.yaml, values.schema.json' },
  values: obj({
    global: 'object', replicaCount: 'number', 'bitwarden-sdk-server': 'object', revisionHistoryLimit: 'number', image: 'object', installCRDs: 'boolean',
    crds: 'object', imagePullSecrets: 'list', nameOverride: 'string', fullnameOverride: 'string', namespaceOverride: 'string', commonLabels: 'object',
    leaderElect: 'boolean', leaderElectionID: 'string', leaderElectionLeaseDuration: 'string', leaderElectionRenewDeadline: 'string',
    leaderElectionRetryPeriod: 'string', controllerClass: 'string', extendedMetricLabels: 'boolean', scopedNamespace: 'string', scopedRBAC: 'boolean',
    openshiftFinalizers: 'boolean', systemAuthDelegator: 'boolean', processClusterExternalSecret: 'boolean', processClusterPushSecret: 'boolean',
    processClusterStore: 'boolean', processSecretStore: 'boolean', storeRequeueInterval: 'string', processClusterGenerator: 'boolean',
    processPushSecret: 'boolean', genericTargets: 'object', createOperator: 'boolean', enableHTTP2: 'boolean', vault: 'object', concurrent: 'number',
    log: 'object', service: 'object',
    serviceAccount: obj({ create: 'boolean', automount: 'boolean', annotations: 'object', extraLabels: 'object', name: 'string' }),
    rbac: 'object', extraEnv: 'list', extraArgs: 'object', extraVolumes: 'list', extraObjects: 'list', extraVolumeMounts: 'list', extraInitContainers: 'list',
    extraContainers: 'list', deploymentAnnotations: 'object', strategy: 'object', podAnnotations: 'object', podLabels: 'object', podSecurityContext: 'object',
    securityContext: 'object', resources: 'object', serviceMonitor: 'object', metrics: 'object', grafanaDashboard: 'object', livenessProbe: 'object',
    readinessProbe: 'object', nodeSelector: 'object', tolerations: 'list', topologySpreadConstraints: 'list', affinity: 'object', priorityClassName: 'string',
    schedulerName: 'string', runtimeClassName: 'string',
    podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', nameOverride: 'string' }),
    hostNetwork: 'boolean', hostUsers: 'any', networkPolicy: 'object',
    webhook: obj({
      annotations: 'object', create: 'boolean', certCheckInterval: 'string', lookaheadInterval: 'string', replicaCount: 'number', log: 'object',
      revisionHistoryLimit: 'number', certDir: 'string', failurePolicy: 'string', hostNetwork: 'boolean', hostUsers: 'any', networkPolicy: 'object',
      image: 'object', imagePullSecrets: 'list', port: 'number', serviceAccount: 'object', nodeSelector: 'object', hostAliases: 'list', certManager: 'object',
      tolerations: 'list', topologySpreadConstraints: 'list', affinity: 'object', strategy: 'object', priorityClassName: 'string', schedulerName: 'string',
      runtimeClassName: 'string',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', nameOverride: 'string' }),
      metrics: 'object', livenessProbe: 'object', readinessProbe: 'object', startupProbe: 'object', extraEnv: 'list', extraArgs: 'object',
      extraInitContainers: 'list', extraVolumes: 'list', extraVolumeMounts: 'list', secretAnnotations: 'object', deploymentAnnotations: 'object',
      podAnnotations: 'object', podLabels: 'object', podSecurityContext: 'object', securityContext: 'object', resources: 'object', service: 'object',
    }),
    certController: 'object', dnsPolicy: 'string', dnsConfig: 'object', hostAliases: 'list', podSpecExtra: 'object',
  }),
};
