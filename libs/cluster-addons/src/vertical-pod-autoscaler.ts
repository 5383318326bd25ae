import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { addonRelease } from './private/addon-release';

export interface VerticalPodAutoscalerProps {
  /** Resources the release waits for (the AWS Load Balancer Controller, whose webhook admits Services). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Vertical Pod Autoscaler from SIG Autoscaling's own chart: the recommender (suggests requests from usage),
 * the updater (evicts pods whose requests drifted) and the admission controller (sets requests on new pods), each
 * twice behind a disruption budget. Workloads opt in with a `VerticalPodAutoscaler` object; the admission webhook
 * fails open (`Ignore`), so a VPA outage never blocks pod creation.
 *
 * Values keys verified against kubernetes/autoscaler vertical-pod-autoscaler/charts/vertical-pod-autoscaler/
 * values.yaml of chart 0.11.0 (VPA 1.7.1): `recommender`, `updater`, `admissionController`, each with `enabled`,
 * `replicas`, `podDisruptionBudget`; `admissionController.mutatingWebhookConfiguration.failurePolicy`.
 */
export class VerticalPodAutoscaler extends Construct {
  static readonly REPLICAS = 2;

  readonly release: Release;

  constructor(scope: Construct, id: string, props: VerticalPodAutoscalerProps = {}) {
    super(scope, id);
    const component = { enabled: true, replicas: VerticalPodAutoscaler.REPLICAS, podDisruptionBudget: { enabled: true, minAvailable: 1 } };
    this.release = addonRelease(this, {
      addon: 'verticalPodAutoscaler',
      createNamespace: false,
      dependsOn: props.dependsOn,
      values: {
        recommender: component,
        updater: component,
        admissionController: { ...component, mutatingWebhookConfiguration: { failurePolicy: 'Ignore' } },
      },
    });
  }
}
