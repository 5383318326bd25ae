import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the argo-rollouts chart's values, 2.41.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's values.yaml for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 */
export const ARGO_ROLLOUTS_VALUES: ChartValuesSchema = {
  chart: 'argo-rollouts',
  version: '2.41.0',
  source: { repository: 'https://github.com/argoproj/argo-helm', ref: 'af0a9310bacbaa4636018dfe22c801a6d33a5c43', path: 'charts/argo-rollouts/values.yaml' },
  values: obj({
    installCRDs: 'boolean', keepCRDs: 'boolean', clusterInstall: 'boolean', createClusterAggregateRoles: 'boolean', nameOverride: 'any', fullnameOverride: 'any',
    namespaceOverride: 'string', apiVersionOverrides: 'object', kubeVersionOverride: 'string', extraObjects: 'list', global: 'object',
    controller: obj({
      component: 'string', deploymentAnnotations: 'object', deploymentLabels: 'object', podAnnotations: 'object', podLabels: 'object', nodeSelector: 'object',
      tolerations: 'list', affinity: 'object', logging: 'object', topologySpreadConstraints: 'list', terminationGracePeriodSeconds: 'number',
      lifecycle: 'object', priorityClassName: 'string', replicas: 'number', image: 'object', awsVerifyTargetGroup: 'boolean',
      awsTargetGroupBindingAPIVersion: 'string', albTagKeyResourceID: 'string', selfServiceNotification: 'boolean', pprofAddress: 'string', extraArgs: 'list',
      extraEnv: 'list', extraContainers: 'list', initContainers: 'list', resources: 'object', createClusterRole: 'boolean', containerPorts: 'object',
      metrics: obj({
        enabled: 'boolean', service: 'object',
        serviceMonitor: obj({
          enabled: 'boolean', namespace: 'string', additionalLabels: 'object', additionalAnnotations: 'object', relabelings: 'list', metricRelabelings: 'list',
          tlsConfig: 'object',
        }),
      }),
      livenessProbe: 'object', readinessProbe: 'object',
      pdb: obj({ labels: 'object', annotations: 'object', enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string' }),
      volumes: 'list', volumeMounts: 'list', metricProviderPlugins: 'list', stepPlugins: 'list', trafficRouterPlugins: 'list', createConfigmap: 'boolean',
    }),
    serviceAccount: 'object', crdAnnotations: 'object', podAnnotations: 'object', podSecurityContext: 'object', containerSecurityContext: 'object',
    serviceAnnotations: 'object', podLabels: 'object', imagePullSecrets: 'list',
    providerRBAC: obj({
      enabled: 'boolean',
      providers: obj({
        istio: 'boolean', smi: 'boolean', ambassador: 'boolean', awsLoadBalancerController: 'boolean', awsAppMesh: 'boolean', traefik: 'boolean',
        apisix: 'boolean', contour: 'boolean', glooPlatform: 'boolean', gatewayAPI: 'boolean',
      }),
      additionalRules: 'list',
    }),
    dashboard: obj({
      enabled: 'boolean', readonly: 'boolean', component: 'string', deploymentAnnotations: 'object', deploymentLabels: 'object', podAnnotations: 'object',
      podLabels: 'object', nodeSelector: 'object', tolerations: 'list', affinity: 'object', logging: 'object', topologySpreadConstraints: 'list',
      priorityClassName: 'string', createClusterRole: 'boolean', replicas: 'number', image: 'object', rootPath: 'string', extraArgs: 'list', extraEnv: 'list',
      resources: 'object', podSecurityContext: 'object', containerSecurityContext: 'object', service: 'object', serviceAccount: 'object', pdb: 'object',
      ingress: 'object', httproute: 'object', volumes: 'list', volumeMounts: 'list',
    }),
    notifications: 'object',
  }),
};
