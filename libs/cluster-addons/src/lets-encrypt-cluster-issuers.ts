import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EMAIL, requireFormat } from './private/validation';

/** Let's Encrypt's ACME directories. */
export const LETS_ENCRYPT_SERVERS = {
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  production: 'https://acme-v02.api.letsencrypt.org/directory',
} as const;
export type LetsEncryptEnvironment = keyof typeof LETS_ENCRYPT_SERVERS;

export interface LetsEncryptClusterIssuersProps {
  /** Contact of the ACME account; Let's Encrypt mails certificate expiry and policy notices there. */
  readonly email: string;
  /**
   * IngressClass of the temporary Ingresses that answer HTTP-01 challenges.
   * @default 'alb'
   */
  readonly ingressClassName?: string;
  /**
   * Annotations of the temporary Ingresses that answer HTTP-01 challenges (the solver's
   * `http01.ingress.ingressTemplate.metadata.annotations`). Where Terraform owns an application host's DNS record
   * (Route 53 failover CNAMEs under disaster recovery), pass
   * `{ 'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only' }` so external-dns does not
   * publish a plain record for the host on every issuance and renewal.
   * @default - none: the solver Ingresses carry only cert-manager's own annotations
   */
  readonly solverIngressAnnotations?: Readonly<Record<string, string>>;
  /**
   * What the issuers wait for within their stack.
   * @default [] - the stack of the issuers is deployed after the one installing cert-manager and its CRDs
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The ClusterIssuers `letsencrypt-staging` (for trying things out, not trusted by browsers, generous rate limits)
 * and `letsencrypt-production`, both solving ACME HTTP-01 challenges through the `alb` IngressClass (the shared ALB). The platform's
 * own hosts use ACM certificates on the ALB; the issuers serve certificates pods need for themselves. Certificates
 * and Ingresses reference them with `cert-manager.io/cluster-issuer: letsencrypt-production`.
 *
 * `kubernetes_manifest` reads the ClusterIssuer schema from the API server during plan, so on a cluster without
 * cert-manager's CRDs the first plan fails ("no matches for kind ClusterIssuer", hashicorp/terraform-provider-kubernetes
 * #1367): create them in a stack deployed after the one installing cert-manager (ClusterConfig).
 */
export class LetsEncryptClusterIssuers extends Construct {
  /** Issuer names by environment, e.g. `letsencrypt-production`. */
  static readonly NAMES: { readonly [K in LetsEncryptEnvironment]: string } = { staging: 'letsencrypt-staging', production: 'letsencrypt-production' };

  readonly issuers: { readonly [K in LetsEncryptEnvironment]: Manifest };

  constructor(scope: Construct, id: string, props: LetsEncryptClusterIssuersProps) {
    super(scope, id);
    requireFormat(this, props.email, 'email', EMAIL, 'an email address', "pass the ACME account's contact address, e.g. platform@example.com");

    const annotations = props.solverIngressAnnotations;
    const solverIngress = {
      ingressClassName: props.ingressClassName ?? 'alb',
      // Omitted when empty, so issuers without annotations keep their exact manifest (no in-place update).
      ...(annotations && Object.keys(annotations).length > 0 ? { ingressTemplate: { metadata: { annotations: { ...annotations } } } } : {}),
    };
    const issuer = (environment: LetsEncryptEnvironment) => {
      const name = LetsEncryptClusterIssuers.NAMES[environment];
      return new Manifest(this, environment === 'staging' ? 'Staging' : 'Production', {
        manifest: {
          apiVersion: 'cert-manager.io/v1',
          kind: 'ClusterIssuer',
          metadata: { name },
          spec: {
            acme: {
              email: props.email,
              server: LETS_ENCRYPT_SERVERS[environment],
              privateKeySecretRef: { name: `${name}-account-key` },
              solvers: [{ http01: { ingress: solverIngress } }],
            },
          },
        },
        dependsOn: props.dependsOn,
      });
    };
    this.issuers = { staging: issuer('staging'), production: issuer('production') };
  }
}
