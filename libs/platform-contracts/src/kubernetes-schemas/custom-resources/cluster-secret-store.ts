import type { CustomResourceSchema } from '../schema-catalog';
import { list, map, obj, oneOf } from '../../kubernetes-schema';

/**
 * The ClusterSecretStore CRD's OpenAPI schema (external-secrets.io/v1) as installed by the external-secrets chart 2.9.0, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required` and `enum`;
 * unset subtrees are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const CLUSTER_SECRET_STORE_SCHEMA: CustomResourceSchema = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  installedBy: { chart: 'external-secrets', version: '2.9.0' },
  source: { repository: 'https://github.com/external-secrets/external-secrets', ref: 'helm-chart-2.9.0', path: 'config/crds/bases/external-secrets.io_clustersecretstores.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      conditions: 'list', controller: 'string',
      provider: obj({
        akeyless: 'object',
        aws: obj({
          additionalRoles: list('string'),
          auth: obj({
            jwt: obj({ serviceAccountRef: 'object' }),
            secretRef: obj({ accessKeyIDSecretRef: 'object', secretAccessKeySecretRef: 'object', sessionTokenSecretRef: 'object' }),
          }),
          customSessionTags: map('string'), externalID: 'string', prefix: 'string', region: 'string', role: 'string',
          secretsManager: obj({ forceDeleteWithoutRecovery: 'boolean', recoveryWindowInDays: 'integer' }),
          service: oneOf('SecretsManager', 'ParameterStore', 'CertificateManager'),
          sessionTags: list(obj({ key: 'string', value: 'string' }, { required: ['key','value'] })),
          sessionTagsPolicy: oneOf('None', 'Simple', 'Custom'), transitiveTagKeys: list('string'),
        }, { required: ['region','service'] }),
        azurekv: 'object', barbican: 'object', beyondtrust: 'object', beyondtrustworkloadcredentials: 'object', bitwardensecretsmanager: 'object',
        chef: 'object', cloudrusm: 'object', conjur: 'object', crd: 'object', delinea: 'object', doppler: 'object', dvls: 'object', fake: 'object',
        fortanix: 'object', gcpsm: 'object', github: 'object', gitlab: 'object', ibm: 'object', infisical: 'object', keepersecurity: 'object',
        kubernetes: 'object', nebiusmysterybox: 'object', ngrok: 'object', onboardbase: 'object', onepassword: 'object', onepasswordSDK: 'object',
        openBao: 'object', oracle: 'object', ovh: 'object', passbolt: 'object', passworddepot: 'object', previder: 'object', pulumi: 'object',
        scaleway: 'object', secretserver: 'object', senhasegura: 'object', vault: 'object', volcengine: 'object', webhook: 'object',
        yandexcertificatemanager: 'object', yandexlockbox: 'object',
      }),
      refreshInterval: 'int-or-string', retrySettings: 'object',
    }, { required: ['provider'] }),
    status: 'object',
  }),
};
