import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { LetsEncryptClusterIssuers } from './lets-encrypt-cluster-issuers';
import { addonRelease } from './private/addon-release';
import { EMAIL, requireFormat } from './private/validation';

export interface CertManagerProps {
  /** Contact of the Let's Encrypt ACME account of both ClusterIssuers. */
  readonly acmeEmail: string;
  /**
   * IngressClass that answers HTTP-01 challenges.
   * @default 'nginx'
   */
  readonly ingressClassName?: string;
  /** Resources the release waits for (the AWS Load Balancer Controller, whose webhook admits Services). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * cert-manager with its CRDs (kept when the release is uninstalled, so certificates survive a reinstall), every
 * component twice behind a disruption budget, and the Let's Encrypt ClusterIssuers `letsencrypt-staging` and
 * `letsencrypt-production`, created after the release.
 *
 * Values keys verified against cert-manager/cert-manager deploy/charts/cert-manager/values.yaml at v1.21.1:
 * `crds.enabled` and `crds.keep` (the chart's replacement of the deprecated `installCRDs`), `replicaCount`,
 * `podDisruptionBudget.{enabled,minAvailable}`, the same under `webhook` and `cainjector`, `prometheus.enabled`.
 */
export class CertManager extends Construct {
  static readonly REPLICAS = 2;

  readonly release: Release;
  readonly issuers: LetsEncryptClusterIssuers;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    requireFormat(this, props.acmeEmail, 'acmeEmail', EMAIL, 'an email address', "pass the ACME account's contact address, e.g. platform@example.com");

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
    this.issuers = new LetsEncryptClusterIssuers(this, 'LetsEncrypt', {
      email: props.acmeEmail,
      ingressClassName: props.ingressClassName,
      dependsOn: [this.release],
    });
  }
}
