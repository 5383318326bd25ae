import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_PLACEMENTS } from './addon-catalog';
import { addonRelease } from './private/addon-release';

/** What to tune on ingress-nginx; the composite passes these through. */
export interface IngressNginxOptions {
  /**
   * Controller replicas, spread over zones and nodes; at least 2 so a drain or a zone loss keeps ingress up.
   * Rate limits count per replica: see ingressRateLimitAnnotations.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Whether the load balancer is reachable from the internet (`internet-facing`) or only from the VPC (`internal`).
   * @default 'internet-facing'
   */
  readonly scheme?: 'internet-facing' | 'internal';
  /**
   * Whether Ingresses without `ingressClassName` get the `nginx` class.
   * @default false - every Ingress names its class
   */
  readonly defaultIngressClass?: boolean;
  /**
   * Extra `controller.config` entries (the controller ConfigMap), merged over the defaults.
   * @default - none
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * Security groups of the load balancer (the network's `load-balancer` group), whose rules the platform writes:
   * the internet in on 80/443, out only to the ingress controller's pods. The controller then manages no backend
   * rules itself, so who may reach the pods stays in Terraform.
   * @default - the Load Balancer Controller creates groups and backend rules at run time
   */
  readonly loadBalancerSecurityGroupIds?: readonly string[];
  /**
   * A name external-dns publishes for the load balancer, e.g. `ingress.eu-central-1.example.com`: the regional name
   * Route 53 failover records and health checks point at (disaster recovery), whatever the load balancer's own name.
   * @default - none
   */
  readonly publishedHostname?: string;
}

export interface IngressNginxProps extends IngressNginxOptions {
  /** Resources the release waits for: the AWS Load Balancer Controller, which provisions the NLB. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * ingress-nginx behind an NLB provisioned by the AWS Load Balancer Controller (IP targets, PROXY protocol v2).
 *
 * Client IPs come from the PROXY protocol header the NLB adds, never from `X-Forwarded-For`: behind an L4 load
 * balancer a client could forge that header and dodge per-IP rate limits, so `use-forwarded-headers` stays off
 * (ingress-nginx docs: use it only behind an L7 proxy). Rate limits are per-Ingress annotations (see
 * ingressRateLimitAnnotations, SEED_001_RATE_LIMIT, SEED_002_RATE_LIMIT); this release sets the global parts
 * that exist in the ConfigMap: 429 for rejected requests, HSTS, no server tokens.
 *
 * Upstream retired ingress-nginx in March 2026 (no further releases or security fixes); plan a move to a
 * Gateway API implementation.
 *
 * Values keys verified against kubernetes/ingress-nginx charts/ingress-nginx/values.yaml of chart 4.15.1 and the
 * controller's ConfigMap reference (docs/user-guide/nginx-configuration/configmap.md) at the same tag:
 * `controller.{replicaCount,maxUnavailable,topologySpreadConstraints,config,service.annotations,metrics.enabled,
 * ingressClassResource,allowSnippetAnnotations}`.
 */
export class IngressNginx extends Construct {
  static readonly DEFAULT_REPLICAS = 3;
  static readonly INGRESS_CLASS = 'nginx';
  /** The controller ConfigMap entries this construct always sets. */
  static readonly DEFAULT_CONFIG: Readonly<Record<string, string>> = {
    'use-proxy-protocol': 'true',
    'use-forwarded-headers': 'false',
    'limit-req-status-code': '429',
    'limit-conn-status-code': '429',
    'ssl-redirect': 'true',
    hsts: 'true',
    'hsts-include-subdomains': 'true',
    'hsts-max-age': '31536000',
    'server-tokens': 'false',
  };

  readonly release: Release;
  readonly replicas: number;

  constructor(scope: Construct, id: string, props: IngressNginxProps = {}) {
    super(scope, id);
    this.replicas = props.replicas ?? IngressNginx.DEFAULT_REPLICAS;
    ConstructValidationError.require(
      this,
      Number.isInteger(this.replicas) && this.replicas >= 2,
      'replicas',
      `${this.replicas} replica(s) cannot survive a node drain`,
      'run at least 2 replicas',
    );
    const scheme = props.scheme ?? 'internet-facing';
    ConstructValidationError.require(this, scheme === 'internet-facing' || scheme === 'internal', 'scheme', `'${scheme}' is not a load balancer scheme`, 'use internet-facing or internal');

    const releaseName = ADDON_PLACEMENTS.ingressNginx.releaseName;
    const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable,
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': releaseName, 'app.kubernetes.io/component': 'controller' } },
      matchLabelKeys: ['pod-template-hash'],
    });
    const lb = 'service.beta.kubernetes.io/aws-load-balancer';
    this.release = addonRelease(this, {
      addon: 'ingressNginx',
      createNamespace: true,
      dependsOn: props.dependsOn,
      values: {
        controller: {
          replicaCount: this.replicas,
          maxUnavailable: 1,
          topologySpreadConstraints: [spread('topology.kubernetes.io/zone', 'ScheduleAnyway'), spread('kubernetes.io/hostname', 'ScheduleAnyway')],
          ingressClassResource: { name: IngressNginx.INGRESS_CLASS, enabled: true, default: props.defaultIngressClass ?? false },
          allowSnippetAnnotations: false,
          config: { ...IngressNginx.DEFAULT_CONFIG, ...props.config },
          service: {
            annotations: {
              [`${lb}-type`]: 'external',
              [`${lb}-nlb-target-type`]: 'ip',
              [`${lb}-scheme`]: scheme,
              [`${lb}-proxy-protocol`]: '*',
              [`${lb}-attributes`]: 'load_balancing.cross_zone.enabled=true',
              ...(props.publishedHostname === undefined ? {} : { 'external-dns.alpha.kubernetes.io/hostname': props.publishedHostname }),
              ...(props.loadBalancerSecurityGroupIds?.length
                ? { [`${lb}-security-groups`]: props.loadBalancerSecurityGroupIds.join(','), [`${lb}-manage-backend-security-group-rules`]: 'false' }
                : {}),
            },
          },
          metrics: { enabled: true },
        },
      },
    });
  }
}
