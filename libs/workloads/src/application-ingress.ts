import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { EXTERNAL_DNS_IGNORES_HOSTS, IngressNginx, ingressRateLimitAnnotations, IngressRateLimit, LetsEncryptClusterIssuers, SEED_001_RATE_LIMIT } from '@platform/cluster-addons';
import { ConstructValidationError, PlatformError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DNS_1035_LABEL, DNS_LABEL, DNS_NAME, duplicates, isLateBound } from './private/names';

/** One path prefix of a host and the Service it goes to. */
export interface IngressPath {
  /** Path prefix, e.g. `/api/v1/auth` (pathType Prefix: matches `/api/v1/auth` and `/api/v1/auth/...`). */
  readonly path: string;
  /** Service in the Ingress's namespace. */
  readonly serviceName: string;
  /** Port of the Service. */
  readonly servicePort: number;
}

/** Settings every Ingress of an environment shares. */
export interface ApplicationIngressOptions {
  /**
   * Per-client rate limit (seed 001: 1000 requests per minute; seed 002: 100 per second, SEED_002_RATE_LIMIT).
   * @default SEED_001_RATE_LIMIT
   */
  readonly rateLimit?: IngressRateLimit;
  /**
   * Replicas of the ingress-nginx controller, which each count the limit on their own (see ingressRateLimitAnnotations).
   * @default IngressNginx.DEFAULT_REPLICAS (3)
   */
  readonly controllerReplicas?: number;
  /** cert-manager ClusterIssuer of the certificate. @default 'letsencrypt-production' */
  readonly clusterIssuer?: string;
  /** IngressClass. @default 'nginx' */
  readonly ingressClassName?: string;
  /**
   * Whether external-dns publishes the Ingress's host. Off where Terraform owns the host's records (disaster
   * recovery: Route 53 failover records between the regions' ingress names), since two owners of one name fight.
   * @default true
   */
  readonly publishHostWithExternalDns?: boolean;
}

export interface ApplicationIngressProps extends ApplicationIngressOptions {
  /** Namespace of the Ingress and its Services. */
  readonly namespace: string;
  /** Name of the Ingress (a DNS label), e.g. `api`; the TLS Secret is `<name>-tls`. */
  readonly name: string;
  /** Fully qualified host name, e.g. `api.example.com`. */
  readonly host: string;
  /** Path prefixes and their Services, each path once. */
  readonly paths: readonly IngressPath[];
  /** Labels of the Ingress. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources to create first, e.g. the Services. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const NGINX = 'nginx.ingress.kubernetes.io';

/**
 * The Ingress of one host on ingress-nginx: HTTPS with a certificate cert-manager obtains from Let's Encrypt
 * (`cert-manager.io/cluster-issuer`, stored in `<name>-tls`), plain HTTP redirected, a per-client rate limit, and
 * prefix routes to the Services. One Ingress per host keeps a host's certificate, limits and routes together, and
 * adding a host only adds an Ingress.
 */
export class ApplicationIngress extends Construct {
  readonly ingress: IngressV1;
  /** Secret holding the host's certificate. */
  readonly tlsSecretName: string;

  constructor(scope: Construct, id: string, props: ApplicationIngressProps) {
    super(scope, id);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(DNS_LABEL.test(props.name), 'name', `'${props.name}' is not an Ingress name`, 'use lower-case letters, digits and hyphens');
    require(isLateBound(props.namespace) || DNS_LABEL.test(props.namespace), 'namespace', `'${props.namespace}' is not a namespace name`, 'use lower-case letters, digits and hyphens');
    require(isLateBound(props.host) || DNS_NAME.test(props.host), 'host', `'${props.host}' is not a fully qualified host name`, 'use e.g. api.example.com');
    require(props.paths.length > 0, 'paths', 'is empty', 'route at least one path to a service');
    for (const { path, serviceName, servicePort } of props.paths) {
      require(/^\/\S*$/.test(path), 'paths', `'${path}' does not start with /`, 'write path prefixes such as /api/v1/auth');
      require(DNS_1035_LABEL.test(serviceName), 'paths', `service '${serviceName}' of ${path} is not a Service name`, 'name the Service of the path');
      require(Number.isInteger(servicePort) && servicePort >= 1 && servicePort <= 65535, 'paths', `port ${servicePort} of ${path} is not a port`, 'use the Service port, e.g. 80');
    }
    const repeated = duplicates(props.paths.map((entry) => entry.path));
    require(repeated.length === 0, 'paths', `routes ${repeated.join(', ')} more than once`, 'route each path to one service');
    let rateLimit: Record<string, string>;
    try {
      rateLimit = ingressRateLimitAnnotations(props.rateLimit ?? SEED_001_RATE_LIMIT, props.controllerReplicas ?? IngressNginx.DEFAULT_REPLICAS);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      throw new ConstructValidationError(this.node.path, 'rateLimit', error.message, 'set one positive rate and a positive controllerReplicas');
    }

    this.tlsSecretName = `${props.name}-tls`;
    this.ingress = new IngressV1(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels },
        annotations: {
          'cert-manager.io/cluster-issuer': props.clusterIssuer ?? LetsEncryptClusterIssuers.NAMES.production,
          [`${NGINX}/ssl-redirect`]: 'true',
          ...rateLimit,
          ...(props.publishHostWithExternalDns === false ? EXTERNAL_DNS_IGNORES_HOSTS : {}),
        },
      },
      spec: {
        ingressClassName: props.ingressClassName ?? IngressNginx.INGRESS_CLASS,
        tls: [{ hosts: [props.host], secretName: this.tlsSecretName }],
        rule: [
          {
            host: props.host,
            http: {
              path: props.paths.map(({ path, serviceName, servicePort }) => ({
                path,
                pathType: 'Prefix',
                backend: { service: { name: serviceName, port: { number: servicePort } } },
              })),
            },
          },
        ],
      },
      dependsOn: props.dependsOn,
    });
  }
}
