import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { addonRelease } from './private/addon-release';

export interface MetricsServerProps {
  /** Resources the release waits for (the AWS Load Balancer Controller, whose webhook admits Services). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * metrics-server, the source of the resource metrics API behind `kubectl top`, HorizontalPodAutoscalers and the
 * VPA recommender; two replicas behind a disruption budget, so autoscaling keeps working through a node drain.
 *
 * Values keys verified against kubernetes-sigs/metrics-server charts/metrics-server/values.yaml of chart 3.13.1:
 * `replicas`, `podDisruptionBudget.{enabled,minAvailable}`.
 */
export class MetricsServer extends Construct {
  static readonly REPLICAS = 2;

  readonly release: Release;

  constructor(scope: Construct, id: string, props: MetricsServerProps = {}) {
    super(scope, id);
    this.release = addonRelease(this, {
      addon: 'metricsServer',
      createNamespace: false,
      dependsOn: props.dependsOn,
      values: {
        replicas: MetricsServer.REPLICAS,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
      },
    });
  }
}
