import type { CustomResourceSchema } from '../schema-catalog';
import { list, obj } from '../../kubernetes-schema';

/**
 * The Rollout CRD's OpenAPI schema (argoproj.io/v1alpha1) as installed by the argo-rollouts chart 2.41.0, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required`; unset subtrees
 * are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const ROLLOUT_SCHEMA: CustomResourceSchema = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  installedBy: { chart: 'argo-rollouts', version: '2.41.0' },
  source: { repository: 'https://github.com/argoproj/argo-helm', ref: 'af0a9310bacbaa4636018dfe22c801a6d33a5c43', path: 'charts/argo-rollouts/templates/crds/rollout-crd.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      analysis: 'object', minReadySeconds: 'integer', paused: 'boolean', progressDeadlineAbort: 'boolean', progressDeadlineSeconds: 'integer',
      replicas: 'integer', restartAt: 'string', revisionHistoryLimit: 'integer', rollbackWindow: 'object', selector: 'object',
      strategy: obj({
        blueGreen: obj({
          abortScaleDownDelaySeconds: 'integer', activeMetadata: 'object', activeService: 'string', antiAffinity: 'object', autoPromotionEnabled: 'boolean',
          autoPromotionSeconds: 'integer', maxUnavailable: 'int-or-string',
          postPromotionAnalysis: obj({
            analysisRunMetadata: 'object',
            args: list(obj({ name: 'string', value: 'string', valueFrom: obj({ fieldRef: 'object', podTemplateHashValue: 'string' }) }, { required: ['name'] })),
            dryRun: 'list', measurementRetention: 'list',
            templates: list(obj({ clusterScope: 'boolean', templateName: 'string' })),
          }),
          prePromotionAnalysis: 'object', previewMetadata: 'object', previewReplicaCount: 'integer', previewService: 'string',
          scaleDownDelayRevisionLimit: 'integer', scaleDownDelaySeconds: 'integer',
        }, { required: ['activeService'] }),
        canary: obj({
          abortScaleDownDelaySeconds: 'integer',
          analysis: obj({
            analysisRunMetadata: 'object',
            args: list(obj({ name: 'string', value: 'string', valueFrom: obj({ fieldRef: 'object', podTemplateHashValue: 'string' }) }, { required: ['name'] })),
            dryRun: 'list', measurementRetention: 'list', startingStep: 'integer',
            templates: list(obj({ clusterScope: 'boolean', templateName: 'string' })),
          }),
          antiAffinity: 'object', canaryMetadata: 'object', canaryService: 'string', dynamicStableScale: 'boolean', maxSurge: 'int-or-string',
          maxUnavailable: 'int-or-string', minPodsPerReplicaSet: 'integer', pingPong: 'object', replicaProgressThreshold: 'object',
          scaleDownDelayRevisionLimit: 'integer', scaleDownDelaySeconds: 'integer', stableMetadata: 'object', stableService: 'string',
          steps: list(obj({
            analysis: 'object', experiment: 'object',
            pause: obj({ duration: 'int-or-string' }),
            plugin: 'object', setCanaryScale: 'object', setHeaderRoute: 'object', setMirrorRoute: 'object', setWeight: 'integer',
          })),
          trafficRouting: obj({
            alb: obj({
              annotationPrefix: 'string', ingress: 'string', ingresses: 'list', rootService: 'string', servicePort: 'integer', stickinessConfig: 'object',
            }, { required: ['servicePort'] }),
            ambassador: 'object', apisix: 'object', appMesh: 'object', istio: 'object', managedRoutes: 'list', maxTrafficWeight: 'integer', nginx: 'object',
            plugins: 'object', smi: 'object', traefik: 'object',
          }),
        }),
      }),
      template: 'object',
      workloadRef: obj({ apiVersion: 'string', kind: 'string', name: 'string', scaleDown: 'string' }),
    }),
    status: 'object',
  }, { required: ['spec'] }),
};
