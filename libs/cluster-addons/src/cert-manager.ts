import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { addonRelease } from './private/addon-release';

export interface CertManagerProps {
  /**
   * Resources the release waits for (the AWS Load Balancer Controller, whose webhook admits Services).
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * cert-manager with its CRDs (kept when the release is uninstalled, so certificates survive a reinstall), every
 * component twice behind a disruption budget. The Let's Encrypt ClusterIssuers need the CRDs at plan time and are
 * created by ClusterConfig, in the stack after this one.
 *
 * Values keys verified against cert-manager/cert-manager deploy/charts/cert-manager/values.yaml at v1.21.1:
 * `crds.enabled` and `crds.keep` (the chart's replacement of the deprecated `installCRDs`), `replicaCount`,
 * `podDisruptionBudget.{enabled,minAvailable}`, the same under `webhook` and `cainjector`, `prometheus.enabled`.
 */
export class CertManager extends Construct {
  static readonly REPLICAS = 2;

  readonly release: Release;

  constructor(scope: Construct, id: string, props: CertManagerProps = {}) {
    super(scope, id);

    const highlyAvailable = { replicaCount: CertManager.REPLICAS, podDisruptionBudget: { enabled: true, minAvailable: 1 } };
    this.release = addonRelease(this, {
      addon: 'certManager',
      createNamespace: true,
      dependsOn: props.dependsOn,
      values: {
        crds: { enabled: true, keep: true },
        ...highlyAvailable,
        webhook: highlyAvailable,
        cainjector: highlyAvailable,
        prometheus: { enabled: true },
      },
    });
  }
}
