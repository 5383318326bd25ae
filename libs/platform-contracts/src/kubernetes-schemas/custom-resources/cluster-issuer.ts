import type { CustomResourceSchema } from '../schema-catalog';
import { list, map, obj } from '../../kubernetes-schema';

/**
 * The ClusterIssuer CRD's OpenAPI schema (cert-manager.io/v1) as installed by the cert-manager chart v1.21.1, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required` and `enum`;
 * unset subtrees are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const CLUSTER_ISSUER_SCHEMA: CustomResourceSchema = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'ClusterIssuer',
  installedBy: { chart: 'cert-manager', version: 'v1.21.1' },
  source: { repository: 'https://github.com/cert-manager/cert-manager', ref: 'v1.21.1', path: 'deploy/charts/cert-manager/templates/crd-cert-manager.io_clusterissuers.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      acme: obj({
        caBundle: 'string', disableAccountKeyGeneration: 'boolean', email: 'string', enableDurationFeature: 'boolean', externalAccountBinding: 'object',
        preferredChain: 'string',
        privateKeySecretRef: obj({ key: 'string', name: 'string' }, { required: ['name'] }),
        profile: 'string', server: 'string', skipTLSVerify: 'boolean',
        solvers: list(obj({
          dns01: 'object',
          http01: obj({
            gatewayHTTPRoute: 'object',
            ingress: obj({
              class: 'string', ingressClassName: 'string',
              ingressTemplate: obj({ metadata: obj({ annotations: 'object', labels: 'object' }) }),
              name: 'string',
              podTemplate: obj({
                metadata: obj({ annotations: 'object', labels: 'object' }),
                spec: obj({
                  affinity: 'object', imagePullSecrets: 'list', nodeSelector: 'object', priorityClassName: 'string', resources: 'object',
                  securityContext: 'object', serviceAccountName: 'string', tolerations: 'list',
                }),
              }),
              serviceType: 'string',
            }),
          }),
          selector: obj({ dnsNames: list('string'), dnsZones: list('string'), matchLabels: map('string') }),
          waitInsteadOfSelfCheck: 'string',
        })),
      }, { required: ['privateKeySecretRef','server'] }),
      ca: 'object', selfSigned: 'object', vault: 'object', venafi: 'object',
    }),
    status: 'object',
  }, { required: ['spec'] }),
};
