import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the aws-load-balancer-controller chart's values, 3.5.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_VALUES: ChartValuesSchema = {
  chart: 'aws-load-balancer-controller',
  version: '3.5.0',
  source: { repository: 'https://github.com/aws/eks-charts', ref: '5239609242f3430be50fb0b714a24d3ef2b47983 (aws-load-balancer-controller: v3.5.0)', path: 'stable/aws-load-balancer-controller/values.yaml' },
  values: obj({
    replicaCount: 'number', revisionHistoryLimit: 'number', image: 'object', runtimeClassName: 'string', imagePullSecrets: 'list', nameOverride: 'string',
    fullnameOverride: 'string', autoscaling: 'object',
    serviceAccount: obj({ create: 'boolean', annotations: 'object', name: 'any', automountServiceAccountToken: 'boolean', imagePullSecrets: 'any' }),
    rbac: 'object', podSecurityContext: 'object', securityContext: 'object', terminationGracePeriodSeconds: 'number', resources: 'object',
    priorityClassName: 'string', nodeSelector: 'object', tolerations: 'list', affinity: 'object', configureDefaultAffinity: 'boolean',
    topologySpreadConstraints: 'list', updateStrategy: 'object', serviceAnnotations: 'object', deploymentAnnotations: 'object', podAnnotations: 'object',
    podLabels: 'object', additionalLabels: 'object', enableCertManager: 'boolean', certManager: 'object', clusterName: 'any', cluster: 'object',
    ingressClass: 'string',
    // `spec` is an IngressClassParams spec: fields and types of apis/elbv2/v1beta1/ingressclassparams_types.go at
    // kubernetes-sigs/aws-load-balancer-controller v3.5.0 (the chart renders it as is).
    ingressClassParams: obj({
      create: 'boolean',
      name: 'any',
      spec: obj({
        loadBalancerName: 'string', certificateArn: 'list', namespaceSelector: 'object', group: obj({ name: 'string' }), scheme: 'string', inboundCIDRs: 'list',
        sslPolicy: 'string', sslRedirectPort: 'string', subnets: 'object', ipAddressType: 'string', tags: 'list', targetType: 'string',
        loadBalancerAttributes: 'list', listeners: 'list', minimumLoadBalancerCapacity: 'object', ipamConfiguration: 'object', PrefixListsIDs: 'list',
        prefixListsIDs: 'list', wafv2AclArn: 'string', wafv2AclName: 'string',
      }),
    }),
    createIngressClassResource: 'boolean', region: 'any', vpcId: 'any', vpcTags: 'object',
    awsApiEndpoints: 'any', awsApiThrottle: 'any', awsMaxRetries: 'any', defaultTargetType: 'string', defaultLoadBalancerScheme: 'any',
    enablePodReadinessGateInject: 'any', enableShield: 'any', enableWaf: 'any', enableWafv2: 'any', ingressMaxConcurrentReconciles: 'any', logLevel: 'any',
    metricsBindAddr: 'string', webhookConfig: 'object', webhookBindPort: 'any', webhookTLS: 'object', keepTLSSecret: 'boolean', webhookNamespaceSelectors: 'any',
    serviceMaxConcurrentReconciles: 'any', targetgroupbindingMaxConcurrentReconciles: 'any', targetgroupbindingMaxExponentialBackoffDelay: 'any',
    targetgroupbindingRequeueDuration: 'any', albGatewayMaxConcurrentReconciles: 'any', nlbGatewayMaxConcurrentReconciles: 'any',
    globalAcceleratorMaxConcurrentReconciles: 'any', globalAcceleratorMaxExponentialBackoffDelay: 'any', lbStabilizationMonitorInterval: 'any',
    syncPeriod: 'any', watchNamespace: 'any', disableIngressClassAnnotation: 'any', disableIngressGroupNameAnnotation: 'any',
    tolerateNonExistentBackendService: 'any', tolerateNonExistentBackendAction: 'any', defaultSSLPolicy: 'any', livenessProbe: 'object',
    readinessProbe: 'object', env: 'any', hostNetwork: 'boolean', dnsPolicy: 'any', extraVolumeMounts: 'any', extraVolumes: 'any', defaultTags: 'object',
    podDisruptionBudget: 'object', externalManagedTags: 'list', enableEndpointSlices: 'any', enableBackendSecurityGroup: 'any',
    enableManageBackendSecurityGroupRules: 'any', backendSecurityGroup: 'any', disableRestrictedSecurityGroupRules: 'any', maxTargetsPerTargetGroup: 'any',
    controllerConfig: 'object', certManagement: 'object', certDiscovery: 'object', objectSelector: 'object', serviceMonitor: 'object',
    clusterSecretsPermissions: 'object', ingressClassConfig: 'object', enableServiceMutatorWebhook: 'boolean', serviceMutatorWebhookConfig: 'object',
    podMutatorWebhookConfig: 'object', serviceTargetENISGTags: 'any', loadBalancerClass: 'any',
  }),
};
