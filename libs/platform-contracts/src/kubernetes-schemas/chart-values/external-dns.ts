import type { ChartValuesSchema } from '../schema-catalog';
import { list, obj } from '../../kubernetes-schema';

/**
 * Keys and types of the external-dns chart's values, 1.21.1, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 */
export const EXTERNAL_DNS_VALUES: ChartValuesSchema = {
  chart: 'external-dns',
  version: '1.21.1',
  source: { repository: 'https://github.com/kubernetes-sigs/external-dns', ref: 'external-dns-helm-chart-1.21.1', path: 'charts/external-dns/values.yaml, values.schema.json' },
  values: obj({
    global: 'object', image: 'object', imagePullSecrets: 'list', nameOverride: 'any', fullnameOverride: 'any', namespaceOverride: 'any', commonLabels: 'object',
    serviceAccount: obj({ create: 'boolean', labels: 'object', annotations: 'object', name: 'any', automountServiceAccountToken: 'boolean' }),
    service: 'object', rbac: 'object', deploymentAnnotations: 'object', extraContainers: 'list', deploymentStrategy: 'object', revisionHistoryLimit: 'any',
    podLabels: 'object', podAnnotations: 'object', automountServiceAccountToken: 'boolean', shareProcessNamespace: 'boolean', podSecurityContext: 'object',
    priorityClassName: 'any', terminationGracePeriodSeconds: 'any', dnsPolicy: 'any', dnsConfig: 'any', initContainers: 'list', securityContext: 'object',
    env: 'list', livenessProbe: 'object', readinessProbe: 'object', extraVolumes: 'list', extraVolumeMounts: 'list', resources: 'object', nodeSelector: 'object',
    affinity: 'object', topologySpreadConstraints: 'list', tolerations: 'list', serviceMonitor: 'object', logLevel: 'string', logFormat: 'string',
    interval: 'string', triggerLoopOnEvent: 'boolean', namespaced: 'boolean', enableGatewayListenerSets: 'boolean', gatewayNamespace: 'any',
    sourceNamespace: 'any', sources: list('string'), policy: 'string', registry: 'string', txtOwnerId: 'any', txtPrefix: 'any', txtSuffix: 'any',
    domainFilters: list('string'), excludeDomains: 'list', labelFilter: 'any', annotationFilter: 'any', annotationPrefix: 'any', managedRecordTypes: 'list',
    provider: obj({ name: 'string', webhook: 'object' }),
    extraArgs: 'object', secretConfiguration: 'object', enabled: 'any',
  }),
};
