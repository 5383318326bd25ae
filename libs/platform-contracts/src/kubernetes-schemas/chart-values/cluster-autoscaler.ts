import type { ChartValuesSchema } from '../schema-catalog';
import { map, obj } from '../../kubernetes-schema';

/**
 * Keys and types of the cluster-autoscaler chart's values, 9.59.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * extraArgs is free-form (every key becomes a --flag); podDisruptionBudget.minAvailable is read by templates/pdb.yaml.
 */
export const CLUSTER_AUTOSCALER_VALUES: ChartValuesSchema = {
  chart: 'cluster-autoscaler',
  version: '9.59.0',
  source: { repository: 'https://github.com/kubernetes/autoscaler', ref: 'cluster-autoscaler-chart-9.59.0', path: 'cluster-autoscaler/charts/cluster-autoscaler/values.yaml' },
  values: obj({
    affinity: 'object', additionalLabels: 'object',
    autoDiscovery: obj({ clusterName: 'any', namespace: 'any', tags: 'list', roles: 'list', labels: 'list' }),
    autoscalingGroups: 'list', autoscalingGroupsnamePrefix: 'list', awsAccessKeyID: 'string', awsRegion: 'string', awsSecretAccessKey: 'string',
    azureClientID: 'string', azureClientSecret: 'string', azureResourceGroup: 'string', azureSubscriptionID: 'string', azureTenantID: 'string',
    azureUseManagedIdentityExtension: 'boolean', azureUserAssignedIdentityID: 'string', azureUseWorkloadIdentityExtension: 'boolean', azureVMType: 'string',
    azureEnableForceDelete: 'boolean', azureEnableVMSSEtag: 'boolean', civoApiUrl: 'string', civoApiKey: 'string', civoClusterID: 'string', civoRegion: 'string',
    cloudConfigPath: 'string', cloudProvider: 'string', clusterAPICloudConfigPath: 'string', clusterAPIConfigMapsNamespace: 'string',
    clusterAPIKubeconfigSecret: 'string', clusterAPIMode: 'string', clusterAPIWorkloadKubeconfigPath: 'string', containerSecurityContext: 'object',
    deployment: 'object', dnsConfig: 'object', dnsPolicy: 'string', envFromConfigMap: 'string', envFromSecret: 'string', expanderPriorities: 'object',
    extraArgs: map(), customArgs: 'list', extraEnv: 'object', extraEnvConfigMaps: 'object', extraEnvSecrets: 'object',
    extraObjects: 'list', extraVolumeMounts: 'list', extraVolumes: 'list', extraVolumeSecrets: 'object', initContainers: 'list', fullnameOverride: 'string',
    hostNetwork: 'boolean',
    image: obj({ repository: 'string', tag: 'string', pullPolicy: 'string', pullSecrets: 'list' }),
    kubeTargetVersionOverride: 'string', kwokConfigMapName: 'string', magnumCABundlePath: 'string', magnumClusterName: 'string', nameOverride: 'string',
    nodeSelector: 'object', podAnnotations: 'object',
    podDisruptionBudget: obj({ annotations: 'object', selector: 'object', maxUnavailable: 'int-or-string', minAvailable: 'int-or-string' }),
    podLabels: 'object', priorityClassName: 'string', priorityConfigMapAnnotations: 'object', prometheusRule: 'object',
    rbac: obj({
      create: 'boolean', pspEnabled: 'boolean', clusterScoped: 'boolean', annotations: 'object',
      serviceAccount: obj({ annotations: 'object', create: 'boolean', name: 'string', automountServiceAccountToken: 'boolean' }),
      additionalRules: 'list',
    }),
    replicaCount: 'number', resources: 'object', revisionHistoryLimit: 'number', securityContext: 'object', service: 'object', serviceMonitor: 'object',
    tolerations: 'list', topologySpreadConstraints: 'list', updateStrategy: 'object', vpa: 'object', secretKeyRefNameOverride: 'string',
  }),
};
