import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the vertical-pod-autoscaler chart's values, 0.11.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 */
export const VERTICAL_POD_AUTOSCALER_VALUES: ChartValuesSchema = {
  chart: 'vertical-pod-autoscaler',
  version: '0.11.0',
  source: { repository: 'https://github.com/kubernetes/autoscaler', ref: 'vertical-pod-autoscaler-chart-0.11.0', path: 'vertical-pod-autoscaler/charts/vertical-pod-autoscaler/values.yaml' },
  values: obj({
    imagePullSecrets: 'list', nameOverride: 'any', fullnameOverride: 'any', commonLabels: 'object', rbac: 'object', podSecurityContext: 'object',
    containerSecurityContext: 'object',
    admissionController: obj({
      enabled: 'boolean', annotations: 'object', image: 'object', serviceAccount: 'object', service: 'object', replicas: 'number',
      revisionHistoryLimit: 'number', podLabels: 'object', podAnnotations: 'object', extraEnv: 'list', extraArgs: 'list', resources: 'object',
      nodeSelector: 'object', affinity: 'object', tolerations: 'list', registerWebhook: 'boolean', hostNetwork: 'boolean', certGen: 'object',
      certManager: 'object',
      mutatingWebhookConfiguration: obj({ annotations: 'object', failurePolicy: 'string', namespaceSelector: 'object', objectSelector: 'object', timeoutSeconds: 'number' }),
      tls: 'object', volumes: 'list', volumeMounts: 'list',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string' }),
      priorityClassName: 'any',
    }),
    recommender: obj({
      enabled: 'boolean', annotations: 'object', image: 'object', serviceAccount: 'object', replicas: 'number', revisionHistoryLimit: 'number',
      podLabels: 'object', podAnnotations: 'object', extraEnv: 'list', extraArgs: 'list', resources: 'object', nodeSelector: 'object', affinity: 'object',
      tolerations: 'list', leaderElection: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string' }),
      priorityClassName: 'any',
    }),
    updater: obj({
      enabled: 'boolean', annotations: 'object', extraArgs: 'list', image: 'object', replicas: 'number', revisionHistoryLimit: 'number', podLabels: 'object',
      podAnnotations: 'object', serviceAccount: 'object', affinity: 'object', nodeSelector: 'object', tolerations: 'list', leaderElection: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string' }),
      resources: 'object', priorityClassName: 'any',
    }),
  }),
};
