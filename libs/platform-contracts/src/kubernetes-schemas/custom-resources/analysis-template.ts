import type { CustomResourceSchema } from '../schema-catalog';
import { list, obj } from '../../kubernetes-schema';

/**
 * The AnalysisTemplate CRD's OpenAPI schema (argoproj.io/v1alpha1) as installed by the argo-rollouts chart 2.41.0, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required`; unset subtrees
 * are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const ANALYSIS_TEMPLATE_SCHEMA: CustomResourceSchema = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  installedBy: { chart: 'argo-rollouts', version: '2.41.0' },
  source: { repository: 'https://github.com/argoproj/argo-helm', ref: 'af0a9310bacbaa4636018dfe22c801a6d33a5c43', path: 'charts/argo-rollouts/templates/crds/analysis-template-crd.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      args: list(obj({ name: 'string', value: 'string', valueFrom: 'object' }, { required: ['name'] })),
      dryRun: 'list', measurementRetention: 'list',
      metrics: list(obj({
        consecutiveErrorLimit: 'int-or-string', consecutiveSuccessLimit: 'int-or-string', count: 'int-or-string', failureCondition: 'string',
        failureLimit: 'int-or-string', inconclusiveLimit: 'int-or-string', initialDelay: 'string', interval: 'string', name: 'string',
        provider: obj({
          cloudWatch: 'object', datadog: 'object', graphite: 'object', influxdb: 'object', job: 'object', kayenta: 'object', newRelic: 'object',
          plugin: 'object',
          prometheus: obj({ address: 'string', authentication: 'object', headers: 'list', insecure: 'boolean', query: 'string', rangeQuery: 'object', timeout: 'integer' }),
          skywalking: 'object', wavefront: 'object', web: 'object',
        }),
        successCondition: 'string',
      }, { required: ['name','provider'] })),
      templates: 'list',
    }),
  }, { required: ['spec'] }),
};
