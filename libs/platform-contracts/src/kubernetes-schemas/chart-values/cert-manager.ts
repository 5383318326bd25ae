import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the cert-manager chart's values, v1.21.1, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * podDisruptionBudget.{minAvailable,maxUnavailable,unhealthyPodEvictionPolicy} from values.schema.json (commented in values.yaml).
 */
export const CERT_MANAGER_VALUES: ChartValuesSchema = {
  chart: 'cert-manager',
  version: 'v1.21.1',
  source: { repository: 'https://github.com/cert-manager/cert-manager', ref: 'v1.21.1', path: 'deploy/charts/cert-manager/values.yaml, values.schema.json' },
  values: obj({
    global: 'object', installCRDs: 'boolean',
    crds: obj({ enabled: 'boolean', keep: 'boolean' }),
    replicaCount: 'number', strategy: 'object',
    podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', unhealthyPodEvictionPolicy: 'string' }),
    featureGates: 'string', maxConcurrentChallenges: 'number', imageRegistry: 'string', imageNamespace: 'string', image: 'object',
    clusterResourceNamespace: 'string', namespace: 'string', serviceAccount: 'object', enableCertificateOwnerRef: 'boolean', config: 'object',
    dns01RecursiveNameservers: 'string', dns01RecursiveNameserversOnly: 'boolean', disableAutoApproval: 'boolean', approveSignerNames: 'list', extraArgs: 'list',
    extraContainers: 'list', extraEnv: 'list', resources: 'object', securityContext: 'object', containerSecurityContext: 'object', volumes: 'list',
    volumeMounts: 'list', podLabels: 'object', hostAliases: 'list', nodeSelector: 'object', networkPolicy: 'object', ingressShim: 'object', affinity: 'object',
    runtimeClassName: 'string', tolerations: 'list', topologySpreadConstraints: 'list', livenessProbe: 'object', enableServiceLinks: 'boolean',
    prometheus: obj({ enabled: 'boolean', servicemonitor: 'object', podmonitor: 'object' }),
    webhook: obj({
      replicaCount: 'number', timeoutSeconds: 'number', config: 'object', strategy: 'object', securityContext: 'object', containerSecurityContext: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', unhealthyPodEvictionPolicy: 'string' }),
      validatingWebhookConfiguration: 'object', mutatingWebhookConfiguration: 'object', extraArgs: 'list', extraEnv: 'list', featureGates: 'string',
      resources: 'object', livenessProbe: 'object', readinessProbe: 'object', nodeSelector: 'object', affinity: 'object', runtimeClassName: 'string',
      tolerations: 'list', topologySpreadConstraints: 'list', podLabels: 'object', serviceLabels: 'object', serviceIPFamilyPolicy: 'string',
      serviceIPFamilies: 'list', image: 'object', serviceAccount: 'object', securePort: 'number', hostNetwork: 'boolean', serviceType: 'string', url: 'object',
      networkPolicy: 'object', volumes: 'list', volumeMounts: 'list', enableServiceLinks: 'boolean', enableClientVerification: 'boolean', clientCAFile: 'string',
      apiserverClientCertSubjects: 'string',
    }),
    cainjector: obj({
      enabled: 'boolean', replicaCount: 'number', config: 'object', strategy: 'object', securityContext: 'object', containerSecurityContext: 'object',
      networkPolicy: 'object',
      podDisruptionBudget: obj({ enabled: 'boolean', minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', unhealthyPodEvictionPolicy: 'string' }),
      extraArgs: 'list', extraEnv: 'list', featureGates: 'string', resources: 'object', nodeSelector: 'object', affinity: 'object', runtimeClassName: 'string',
      tolerations: 'list', topologySpreadConstraints: 'list', podLabels: 'object', serviceLabels: 'object', image: 'object', serviceAccount: 'object',
      volumes: 'list', volumeMounts: 'list', enableServiceLinks: 'boolean',
    }),
    acmesolver: 'object', startupapicheck: 'object', extraObjects: 'list', creator: 'string', enabled: 'boolean',
  }),
};
