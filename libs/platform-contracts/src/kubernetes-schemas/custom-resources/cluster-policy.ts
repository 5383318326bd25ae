import type { CustomResourceSchema } from '../schema-catalog';
import { list, obj, oneOf } from '../../kubernetes-schema';

/** A rule's `match` and `exclude`: the CRD gives both the same schema (ResourceFilters). */
const RESOURCE_FILTER = obj({
  all: 'list',
  any: list(obj({
    clusterRoles: 'list',
    resources: obj({
      annotations: 'object', kinds: 'list', name: 'string', names: 'list', namespaceSelector: 'object', namespaces: 'list', operations: 'list',
      selector: 'object',
    }),
    roles: 'list', subjects: 'list',
  })),
  clusterRoles: 'list', resources: 'object', roles: 'list', subjects: 'list',
});

/**
 * The ClusterPolicy CRD's OpenAPI schema (kyverno.io/v1) as installed by the kyverno chart 3.9.0 (its crds
 * subchart), derived (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with
 * `required` and `enum`; validate patterns are free-form (x-kubernetes-preserve-unknown-fields). `metadata` is checked
 * as ObjectMeta by the contract.
 */
export const CLUSTER_POLICY_SCHEMA: CustomResourceSchema = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  installedBy: { chart: 'kyverno', version: '3.9.0' },
  source: { repository: 'https://github.com/kyverno/kyverno', ref: 'v1.19.0', path: 'charts/kyverno/charts/crds/templates/kyverno.io/kyverno.io_clusterpolicies.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      admission: 'boolean', applyRules: oneOf('All', 'One'), background: 'boolean', emitWarning: 'boolean', failurePolicy: oneOf('Ignore', 'Fail'),
      generateExisting: 'boolean', generateExistingOnPolicyUpdate: 'boolean', mutateExistingOnPolicyUpdate: 'boolean',
      rules: list(obj({
        celPreconditions: 'list', context: 'list',
        exclude: RESOURCE_FILTER,
        generate: 'object', imageExtractors: 'object',
        match: RESOURCE_FILTER,
        mutate: 'object', name: 'string', preconditions: 'any', reportProperties: 'object', skipBackgroundRequests: 'boolean',
        validate: obj({
          allowExistingViolations: 'boolean', anyPattern: 'any', assert: 'any', cel: 'object', deny: obj({ conditions: 'any' }),
          failureAction: oneOf('Audit', 'Enforce'), failureActionOverrides: 'list',
          foreach: list(obj({
            anyPattern: 'any', context: 'list', deny: obj({ conditions: 'any' }), elementScope: 'boolean', foreach: 'any', list: 'string', pattern: 'any',
            preconditions: 'object',
          })),
          manifests: 'object', message: 'string', pattern: 'any', podSecurity: 'object',
        }),
        verifyImages: 'list',
      }, { required: ['match','name'] })),
      schemaValidation: 'boolean', useServerSideApply: 'boolean', validationFailureAction: oneOf('audit', 'enforce', 'Audit', 'Enforce'),
      validationFailureActionOverrides: 'list', webhookConfiguration: 'object', webhookTimeoutSeconds: 'integer',
    }),
    status: 'object',
  }, { required: ['spec'] }),
};
