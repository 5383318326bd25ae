import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { ALB_INGRESS_CLASS, albIngressAnnotations, AlbIngressSettings, EXTERNAL_DNS_IGNORES_HOSTS, validateAlbIngressSettings } from '@platform/cluster-addons';
import { ConstructValidationError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ALB_USE_ANNOTATION_PORT, ARGO_MANAGED_INGRESS_ANNOTATION } from './service-rollout';
import { DNS_1035_LABEL, DNS_LABEL, DNS_NAME, duplicates, isLateBound } from './private/names';

/** One path prefix of a host and the Service it goes to. */
export interface IngressPath {
  /** Path prefix, e.g. `/api/v1/auth` (pathType Prefix: matches `/api/v1/auth` and `/api/v1/auth/...`). */
  readonly path: string;
  /** Service in the Ingress's namespace. */
  readonly serviceName: string;
  /** Port of the Service. */
  readonly servicePort: number;
  /**
   * A weighted forward action in place of the plain backend (a canary's stable and canary Services, which Argo
   * Rollouts reweighs): the backend then names the service with port `use-annotation`, and the annotation carries the
   * weights. Terraform writes its first value and ignores it afterwards.
   * @default - a plain backend
   */
  readonly action?: { readonly annotation: string; readonly initialValue: string };
}

/** Settings every Ingress of an environment shares. */
export interface ApplicationIngressOptions {
  /**
   * The environment's shared internet-facing ALB (certificate, REGIONAL web ACL, security group, access logs); the
   * `alb` IngressClass's parameters enforce the same settings.
   * @default - none; required when a service has routes
   */
  readonly alb?: AlbIngressSettings;
  /**
   * Whether external-dns publishes the Ingress's host. Off where Terraform owns the host's records (disaster
   * recovery: Route 53 failover records between the regions' ingress names), since two owners of one name fight.
   * @default true
   */
  readonly publishHostWithExternalDns?: boolean;
}

export interface ApplicationIngressProps extends Omit<ApplicationIngressOptions, 'alb'> {
  /** The environment's shared ALB. */
  readonly alb: AlbIngressSettings;
  /** Namespace of the Ingress and its Services. */
  readonly namespace: string;
  /** Name of the Ingress (a DNS label), e.g. `api`. */
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

/**
 * The Ingress of one host on the environment's shared ALB (IngressClass `alb`, IP targets): HTTPS with the
 * environment's ACM certificate and TLS policy, plain HTTP redirected to HTTPS, the REGIONAL web ACL (seed 001's per
 * client rate limit and the AWS managed rules) in front, and prefix routes to the Services (each Service names its
 * target group's health check path). One Ingress per host keeps a host's routes together, and adding a host only adds
 * an Ingress (a rule of the same ALB).
 */
export class ApplicationIngress extends Construct {
  readonly ingress: IngressV1;

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
    validateAlbIngressSettings(this, props.alb, 'alb');
    const actions = [...new Map(props.paths.flatMap((entry) => (entry.action === undefined ? [] : [[entry.action.annotation, entry.action] as const]))).values()];

    this.ingress = new IngressV1(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels },
        annotations: {
          ...albIngressAnnotations(props.alb),
          ...(props.publishHostWithExternalDns === false ? EXTERNAL_DNS_IGNORES_HOSTS : {}),
          ...Object.fromEntries(actions.map((action) => [action.annotation, action.initialValue])),
        },
      },
      spec: {
        ingressClassName: ALB_INGRESS_CLASS,
        rule: [
          {
            host: props.host,
            http: {
              path: props.paths.map(({ path, serviceName, servicePort, action }) => ({
                path,
                pathType: 'Prefix',
                backend: { service: { name: serviceName, port: action === undefined ? { number: servicePort } : { name: ALB_USE_ANNOTATION_PORT } } },
              })),
            },
          },
        ],
      },
      // Argo Rollouts owns the weights once the Ingress exists.
      lifecycle:
        actions.length === 0
          ? undefined
          : { ignoreChanges: [...actions.map((action) => `metadata[0].annotations["${action.annotation}"]`), `metadata[0].annotations["${ARGO_MANAGED_INGRESS_ANNOTATION}"]`] },
      dependsOn: props.dependsOn,
    });
  }
}
