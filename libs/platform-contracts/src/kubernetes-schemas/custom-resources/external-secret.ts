import type { CustomResourceSchema } from '../schema-catalog';
import { list, map, obj, oneOf } from '../../kubernetes-schema';

/**
 * The ExternalSecret CRD's OpenAPI schema (external-secrets.io/v1) as installed by the external-secrets chart 2.9.0, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required` and `enum`;
 * unset subtrees are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const EXTERNAL_SECRET_SCHEMA: CustomResourceSchema = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  installedBy: { chart: 'external-secrets', version: '2.9.0' },
  source: { repository: 'https://github.com/external-secrets/external-secrets', ref: 'helm-chart-2.9.0', path: 'config/crds/bases/external-secrets.io_externalsecrets.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      data: list(obj({
        remoteRef: obj({
          conversionStrategy: oneOf('Default', 'Unicode'), decodingStrategy: oneOf('Auto', 'Base64', 'Base64URL', 'None'), key: 'string',
          metadataPolicy: oneOf('None', 'Fetch'), nullBytePolicy: oneOf('Ignore', 'Fail'), property: 'string', version: 'string',
        }, { required: ['key'] }),
        secretKey: 'string', sourceRef: 'object',
      }, { required: ['remoteRef','secretKey'] })),
      dataFrom: list(obj({
        extract: obj({
          conversionStrategy: oneOf('Default', 'Unicode'), decodingStrategy: oneOf('Auto', 'Base64', 'Base64URL', 'None'), key: 'string',
          metadataPolicy: oneOf('None', 'Fetch'), nullBytePolicy: oneOf('Ignore', 'Fail'), property: 'string', version: 'string',
        }, { required: ['key'] }),
        find: 'object', rewrite: 'list', sourceRef: 'object',
      })),
      refreshInterval: 'string', refreshPolicy: oneOf('CreatedOnce', 'Periodic', 'OnChange'),
      secretStoreRef: obj({ kind: oneOf('SecretStore', 'ClusterSecretStore'), name: 'string' }),
      syncWindows: 'object',
      target: obj({
        creationPolicy: oneOf('Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'), deletionPolicy: oneOf('Delete', 'Merge', 'Retain'), immutable: 'boolean',
        manifest: obj({ apiVersion: 'string', kind: 'string' }, { required: ['apiVersion','kind'] }),
        name: 'string',
        template: obj({
          data: map('string'), engineVersion: oneOf('v2'), mergePolicy: oneOf('Replace', 'Merge'),
          metadata: obj({ annotations: 'object', finalizers: 'list', labels: 'object' }),
          templateFrom: list('object'), type: 'string',
        }),
      }),
    }),
    status: 'object',
  }),
};
