import type { CustomResourceSchema } from '../schema-catalog';
import { list, map, obj, oneOf } from '../../kubernetes-schema';

/**
 * The VerticalPodAutoscaler CRD's OpenAPI schema (autoscaling.k8s.io/v1) as installed by the vertical-pod-autoscaler chart 0.11.0, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required` and `enum`;
 * unset subtrees are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const VERTICAL_POD_AUTOSCALER_SCHEMA: CustomResourceSchema = {
  apiVersion: 'autoscaling.k8s.io/v1',
  kind: 'VerticalPodAutoscaler',
  installedBy: { chart: 'vertical-pod-autoscaler', version: '0.11.0' },
  source: { repository: 'https://github.com/kubernetes/autoscaler', ref: 'vertical-pod-autoscaler-chart-0.11.0', path: 'vertical-pod-autoscaler/charts/vertical-pod-autoscaler/crds/vpa-v1-crd-gen.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      recommenders: 'list',
      resourcePolicy: obj({
        containerPolicies: list(obj({
          containerName: 'string', controlledResources: list('string'), controlledValues: oneOf('RequestsAndLimits', 'RequestsOnly'),
          maxAllowed: map('int-or-string'), memoryAggregationIntervalCount: 'integer', memoryAggregationIntervalSeconds: 'integer',
          minAllowed: map('int-or-string'), mode: oneOf('Auto', 'Off'), oomBumpUpRatio: 'int-or-string', oomMinBumpUp: 'int-or-string',
          startupBoost: obj({
            cpu: obj({ durationSeconds: 'integer', factor: 'integer', quantity: 'int-or-string', type: oneOf('Factor', 'Quantity') }, { required: ['type'] }),
          }),
        })),
      }),
      startupBoost: 'object',
      targetRef: obj({ apiVersion: 'string', kind: 'string', name: 'string' }, { required: ['kind','name'] }),
      updatePolicy: obj({
        evictAfterOOMSeconds: 'integer',
        evictionRequirements: list(obj({
          changeRequirement: oneOf('TargetHigherThanRequests', 'TargetLowerThanRequests'), resources: 'list',
        }, { required: ['changeRequirement','resources'] })),
        minReplicas: 'integer', updateMode: oneOf('Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'),
      }),
    }, { required: ['targetRef'] }),
    status: 'object',
  }, { required: ['spec'] }),
};
