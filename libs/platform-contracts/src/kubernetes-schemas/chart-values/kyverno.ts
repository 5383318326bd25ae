import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the kyverno chart's values, 3.9.0 (app v1.19.0), derived (tools/derive-kubernetes-schema.ts) from
 * the chart's values.yaml for the keys the repo sets and their siblings; unset subtrees are unchecked objects. The
 * controllers' `replicas` default to `~` in values.yaml and are read as numbers by the templates.
 */
export const KYVERNO_VALUES: ChartValuesSchema = {
  chart: 'kyverno',
  version: '3.9.0',
  source: { repository: 'https://github.com/kyverno/kyverno', ref: 'v1.19.0', path: 'charts/kyverno/values.yaml' },
  values: obj({
    global: 'object', nameOverride: 'any', fullnameOverride: 'any', namespaceOverride: 'any', upgrade: 'object', apiVersionOverride: 'object', rbac: 'object',
    openreports: 'object', reportsServer: 'object', crds: 'object', apiCallToken: 'object',
    config: obj({
      create: 'boolean', preserve: 'boolean', name: 'any', annotations: 'object', enableDefaultRegistryMutation: 'boolean', defaultRegistry: 'string',
      excludeGroups: 'list', excludeUsernames: 'list', excludeRoles: 'list', excludeClusterRoles: 'list', generateSuccessEvents: 'boolean',
      successEventActions: 'string', maxContextSize: 'any', resourceFilters: 'list', updateRequestThreshold: 'number',
      webhooks: obj({ namespaceSelector: 'object' }),
      webhookAnnotations: 'object', webhookLabels: 'object', matchConditions: 'list', excludeKyvernoNamespace: 'boolean',
      resourceFiltersExcludeNamespaces: 'list', resourceFiltersExclude: 'list', resourceFiltersIncludeNamespaces: 'list', resourceFiltersInclude: 'list',
    }),
    metricsConfig: 'object', imagePullSecrets: 'object', existingImagePullSecrets: 'list', test: 'object', customLabels: 'object', webhooksCleanup: 'object',
    grafana: 'object', prometheusRule: 'object', features: 'object',
    admissionController: obj({
      autoscaling: 'object', featuresOverride: 'object', rbac: 'object', createSelfSignedCert: 'boolean', tlsKeyAlgorithm: 'string', certManager: 'object',
      replicas: 'number', revisionHistoryLimit: 'number', resyncPeriod: 'string', crdWatcher: 'boolean', podLabels: 'object', podAnnotations: 'object',
      labels: 'object', annotations: 'object', updateStrategy: 'object', priorityClassName: 'string', apiPriorityAndFairness: 'boolean',
      priorityLevelConfigurationSpec: 'object', hostNetwork: 'boolean', webhookServer: 'object', dnsPolicy: 'string', dnsConfig: 'object',
      startupProbe: 'object', livenessProbe: 'object', readinessProbe: 'object', nodeSelector: 'object', tolerations: 'list', antiAffinity: 'object',
      podAntiAffinity: 'object', podAffinity: 'object', nodeAffinity: 'object', topologySpreadConstraints: 'list', podSecurityContext: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'number', maxUnavailable: 'any', unhealthyPodEvictionPolicy: 'any' }),
      tufRootMountPath: 'string', sigstoreVolume: 'object', caCertificates: 'object', imagePullSecrets: 'list', initContainer: 'object',
      container: obj({ image: 'object', resources: 'object', securityContext: 'object', lifecycle: 'object', extraArgs: 'object', extraEnvVars: 'list' }),
      extraInitContainers: 'list', extraContainers: 'list', extraVolumes: 'list', extraVolumeMounts: 'list', service: 'object', metricsService: 'object',
      networkPolicy: 'object', serviceMonitor: 'object', tracing: 'object', metering: 'object', profiling: 'object',
    }),
    backgroundController: obj({
      featuresOverride: 'object', enabled: 'boolean', rbac: 'object', image: 'object', imagePullSecrets: 'list', replicas: 'number', revisionHistoryLimit: 'number',
      resyncPeriod: 'string', podLabels: 'object', podAnnotations: 'object', labels: 'object', annotations: 'object', updateStrategy: 'object',
      priorityClassName: 'string', hostNetwork: 'boolean', dnsPolicy: 'string', dnsConfig: 'object', extraArgs: 'object', extraEnvVars: 'list',
      resources: 'object', nodeSelector: 'object', tolerations: 'list', antiAffinity: 'object', podAntiAffinity: 'object', podAffinity: 'object',
      nodeAffinity: 'object', topologySpreadConstraints: 'list', podSecurityContext: 'object', securityContext: 'object', lifecycle: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'number', maxUnavailable: 'any', unhealthyPodEvictionPolicy: 'any' }),
      caCertificates: 'object', extraVolumes: 'list', extraVolumeMounts: 'list', metricsService: 'object', networkPolicy: 'object', serviceMonitor: 'object',
      tracing: 'object', metering: 'object', server: 'object', profiling: 'object',
    }),
    cleanupController: obj({
      featuresOverride: 'object', enabled: 'boolean', rbac: 'object', createSelfSignedCert: 'boolean', tlsKeyAlgorithm: 'string', certManager: 'object',
      image: 'object', imagePullSecrets: 'list', replicas: 'number', revisionHistoryLimit: 'number', resyncPeriod: 'string', podLabels: 'object',
      podAnnotations: 'object', labels: 'object', annotations: 'object', updateStrategy: 'object', priorityClassName: 'string', hostNetwork: 'boolean',
      server: 'object', dnsPolicy: 'string', dnsConfig: 'object', extraArgs: 'object', extraEnvVars: 'list', resources: 'object', startupProbe: 'object',
      livenessProbe: 'object', readinessProbe: 'object', nodeSelector: 'object', tolerations: 'list', antiAffinity: 'object', podAntiAffinity: 'object',
      podAffinity: 'object', nodeAffinity: 'object', topologySpreadConstraints: 'list', podSecurityContext: 'object', securityContext: 'object',
      lifecycle: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'number', maxUnavailable: 'any', unhealthyPodEvictionPolicy: 'any' }),
      extraVolumes: 'list', extraVolumeMounts: 'list', service: 'object', metricsService: 'object', networkPolicy: 'object', serviceMonitor: 'object',
      tracing: 'object', metering: 'object', profiling: 'object',
    }),
    reportsController: obj({
      featuresOverride: 'object', enabled: 'boolean', rbac: 'object', image: 'object', imagePullSecrets: 'list', replicas: 'number', revisionHistoryLimit: 'number',
      resyncPeriod: 'string', podLabels: 'object', podAnnotations: 'object', labels: 'object', annotations: 'object', updateStrategy: 'object',
      priorityClassName: 'string', apiPriorityAndFairness: 'boolean', priorityLevelConfigurationSpec: 'object', hostNetwork: 'boolean', dnsPolicy: 'string',
      dnsConfig: 'object', extraArgs: 'object', extraEnvVars: 'list', resources: 'object', nodeSelector: 'object', tolerations: 'list', antiAffinity: 'object',
      podAntiAffinity: 'object', podAffinity: 'object', nodeAffinity: 'object', topologySpreadConstraints: 'list', podSecurityContext: 'object',
      securityContext: 'object', lifecycle: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'number', maxUnavailable: 'any', unhealthyPodEvictionPolicy: 'any' }),
      tufRootMountPath: 'string', sigstoreVolume: 'object', caCertificates: 'object', extraVolumes: 'list', extraVolumeMounts: 'list', metricsService: 'object',
      networkPolicy: 'object', serviceMonitor: 'object', tracing: 'object', metering: 'object', server: 'object', profiling: 'object', sanityChecks: 'boolean',
    }),
  }),
};
