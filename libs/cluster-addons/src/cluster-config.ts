import { Construct } from 'constructs';
import { ClusterAddonSwitches } from './cluster-addons';
import { ALB_INGRESS_CLASS } from './alb-ingress';
import { LetsEncryptClusterIssuers } from './lets-encrypt-cluster-issuers';
import { AWS_REGION, EMAIL, requireFormat } from './private/validation';
import { SecretsManagerClusterStore } from './secrets-manager-cluster-store';

export interface ClusterConfigProps {
  /** Region of the cluster and of its Secrets Manager secrets, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * The add-ons the cluster runs (the same switches as ClusterAddons): the issuers need certManager, the store
   * externalSecrets.
   * @default - every add-on
   */
  readonly addons?: ClusterAddonSwitches;
  /**
   * Contact of the Let's Encrypt account; required when certManager is enabled.
   * @default - none
   */
  readonly acmeEmail?: string;
  /**
   * IngressClass that answers HTTP-01 challenges: the shared ALB's, whose HTTP listener the solver's path joins.
   * @default ALB_INGRESS_CLASS ('alb')
   */
  readonly ingressClassName?: string;
  /**
   * Annotations of the temporary Ingresses that answer HTTP-01 challenges (see
   * LetsEncryptClusterIssuersProps.solverIngressAnnotations), e.g. to keep external-dns off hosts whose records
   * Terraform owns.
   * @default - none
   */
  readonly solverIngressAnnotations?: Readonly<Record<string, string>>;
}

/**
 * The custom resources of the add-ons, which need the add-ons' CRDs to exist when they are planned: the Let's
 * Encrypt ClusterIssuers (cert-manager) and the Secrets Manager ClusterSecretStore (external-secrets).
 *
 * `kubernetes_manifest` reads a custom resource's schema from the API server at plan time, so these cannot share a
 * stack with the Helm releases that install the CRDs (the first plan fails: "no matches for kind ClusterIssuer",
 * hashicorp/terraform-provider-kubernetes#1367). They live in their own stack, `<env>-cluster-config`, deployed after
 * `<env>-cluster-addons`.
 */
export class ClusterConfig extends Construct {
  /** The ClusterIssuers `letsencrypt-staging` and `letsencrypt-production`, when certManager is enabled. */
  readonly issuers?: LetsEncryptClusterIssuers;
  /** The ClusterSecretStore `aws-secrets-manager`, when externalSecrets is enabled. */
  readonly secretStore?: SecretsManagerClusterStore;

  constructor(scope: Construct, id: string, props: ClusterConfigProps) {
    super(scope, id);
    const on = (addon: 'certManager' | 'externalSecrets') => props.addons?.[addon] ?? true;
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use a region name such as eu-central-1');
    if (on('certManager')) {
      requireFormat(this, props.acmeEmail, 'acmeEmail', EMAIL, 'an email address', "pass the Let's Encrypt account's contact address, or disable the add-on with addons.certManager: false");
    }

    if (on('certManager')) {
      this.issuers = new LetsEncryptClusterIssuers(this, 'LetsEncrypt', {
        email: props.acmeEmail!,
        ingressClassName: props.ingressClassName ?? ALB_INGRESS_CLASS,
        solverIngressAnnotations: props.solverIngressAnnotations,
      });
    }
    if (on('externalSecrets')) {
      this.secretStore = new SecretsManagerClusterStore(this, 'SecretsManagerStore', { region: props.region });
    }
  }
}
