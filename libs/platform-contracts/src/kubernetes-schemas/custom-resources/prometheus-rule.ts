import type { CustomResourceSchema } from '../schema-catalog';
import { list, map, obj } from '../../kubernetes-schema';

/**
 * The PrometheusRule CRD's OpenAPI schema (monitoring.coreos.com/v1) as installed by the kube-prometheus-stack chart 88.5.3, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required` and `enum`;
 * unset subtrees are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const PROMETHEUS_RULE_SCHEMA: CustomResourceSchema = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  installedBy: { chart: 'kube-prometheus-stack', version: '88.5.3' },
  source: { repository: 'https://github.com/prometheus-community/helm-charts', ref: 'kube-prometheus-stack-88.5.3', path: 'charts/kube-prometheus-stack/charts/crds/crds/crd-prometheusrules.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      groups: list(obj({
        interval: 'string', labels: 'object', limit: 'integer', name: 'string', partial_response_strategy: 'string', query_offset: 'string',
        rules: list(obj({
          alert: 'string', annotations: map('string'), expr: 'int-or-string', for: 'string', keep_firing_for: 'string', labels: map('string'), record: 'string',
        }, { required: ['expr'] })),
      }, { required: ['name'] })),
    }),
    status: 'object',
  }, { required: ['spec'] }),
};
