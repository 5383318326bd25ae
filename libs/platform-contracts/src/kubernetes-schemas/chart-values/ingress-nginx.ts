import type { ChartValuesSchema } from '../schema-catalog';
import { obj } from '../../kubernetes-schema';

/**
 * Keys and types of the ingress-nginx chart's values, 4.15.1, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * controller.maxUnavailable is read by templates/controller-poddisruptionbudget.yaml (commented in values.yaml).
 */
export const INGRESS_NGINX_VALUES: ChartValuesSchema = {
  chart: 'ingress-nginx',
  version: '4.15.1',
  source: { repository: 'https://github.com/kubernetes/ingress-nginx', ref: 'helm-chart-4.15.1', path: 'charts/ingress-nginx/values.yaml' },
  values: obj({
    global: 'object', namespaceOverride: 'string', commonLabels: 'object',
    controller: obj({
      name: 'string', enableAnnotationValidations: 'boolean', image: 'object', containerName: 'string', containerPort: 'object', config: 'object',
      configAnnotations: 'object', proxySetHeaders: 'object', addHeaders: 'object', dnsConfig: 'object', hostAliases: 'list', hostname: 'object',
      dnsPolicy: 'string', runtimeClassName: 'string', reportNodeInternalIp: 'boolean', watchIngressWithoutClass: 'boolean', ingressClassByName: 'boolean',
      enableTopologyAwareRouting: 'boolean', disableLeaderElection: 'boolean', electionTTL: 'string', allowSnippetAnnotations: 'boolean', hostNetwork: 'boolean',
      hostPort: 'object', networkPolicy: 'object', electionID: 'string',
      ingressClassResource: obj({ name: 'string', enabled: 'boolean', default: 'boolean', annotations: 'object', controllerValue: 'string', aliases: 'list', parameters: 'object' }),
      ingressClass: 'string', podLabels: 'object', podSecurityContext: 'object', sysctls: 'object', containerSecurityContext: 'object', publishService: 'object',
      scope: 'object', configMapNamespace: 'string', tcp: 'object', udp: 'object', maxmindLicenseKey: 'string', extraArgs: 'object', extraEnvs: 'list',
      kind: 'string', annotations: 'object', labels: 'object', updateStrategy: 'object', progressDeadlineSeconds: 'number', minReadySeconds: 'number',
      tolerations: 'list', affinity: 'object', topologySpreadConstraints: 'list', terminationGracePeriodSeconds: 'number', nodeSelector: 'object',
      livenessProbe: 'object', readinessProbe: 'object', healthCheckPath: 'string', healthCheckHost: 'string', podAnnotations: 'object', replicaCount: 'number',
      minAvailable: 'int-or-string', maxUnavailable: 'int-or-string', unhealthyPodEvictionPolicy: 'string', resources: 'object', resizePolicy: 'list', autoscaling: 'object',
      autoscalingTemplate: 'list', keda: 'object', enableMimalloc: 'boolean', customTemplate: 'object',
      service: obj({
        enabled: 'boolean', external: 'object', annotations: 'object', labels: 'object', type: 'string', clusterIP: 'string', clusterIPs: 'list',
        externalIPs: 'list', loadBalancerIP: 'string', loadBalancerSourceRanges: 'list', loadBalancerClass: 'string', externalTrafficPolicy: 'string',
        sessionAffinity: 'string', trafficDistribution: 'string', ipFamilyPolicy: 'string', ipFamilies: 'list', enableHttp: 'boolean', enableHttps: 'boolean',
        ports: 'object', targetPorts: 'object', appProtocol: 'boolean', nodePorts: 'object', internal: 'object',
      }),
      shareProcessNamespace: 'boolean', extraContainers: 'list', extraVolumeMounts: 'list', extraVolumes: 'list', extraInitContainers: 'list',
      extraModules: 'list', admissionWebhooks: 'object',
      metrics: obj({ port: 'number', portName: 'string', enabled: 'boolean', service: 'object', serviceMonitor: 'object', prometheusRule: 'object' }),
      lifecycle: 'object', priorityClassName: 'string',
    }),
    revisionHistoryLimit: 'number', defaultBackend: 'object', rbac: 'object', serviceAccount: 'object', imagePullSecrets: 'list', tcp: 'object', udp: 'object',
    portNamePrefix: 'string', dhParam: 'string',
  }),
};
