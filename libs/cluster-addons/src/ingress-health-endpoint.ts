import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_PLACEMENTS } from './addon-catalog';
import { ALB_ANNOTATION_PREFIX, ALB_INGRESS_CLASS, albIngressAnnotations, AlbIngressSettings, validateAlbIngressSettings } from './alb-ingress';
import { DNS_NAME, requireFormat } from './private/validation';

export interface IngressHealthEndpointProps {
  /** The environment's shared ALB. */
  readonly alb: AlbIngressSettings;
  /**
   * The region's ingress name, e.g. `ingress.eu-central-1.example.com`: external-dns publishes it for the ALB (the
   * Ingress's host), and the Route 53 failover records and health checks point at it.
   */
  readonly hostname: string;
  /** What the Ingress waits for: the AWS Load Balancer Controller, whose webhook admits it. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An Ingress of the shared ALB that serves nothing but `https://<hostname>/healthz` with a fixed `200 ok` from the ALB
 * itself. It makes the ALB exist from the add-ons stack on (also in a warm-standby region without workloads), gives
 * external-dns the region's ingress name to publish, and gives Route 53 a target that answers when, and only when,
 * the ALB, its HTTPS listener and its certificate work.
 */
export class IngressHealthEndpoint extends Construct {
  /** Path the ALB answers with 200. */
  static readonly PATH = '/healthz';
  /** Namespace of the Ingress: the controller's own, which every cluster has. */
  static readonly NAMESPACE = ADDON_PLACEMENTS.awsLoadBalancerController.namespace;
  static readonly NAME = 'ingress-health';

  readonly ingress: IngressV1;

  constructor(scope: Construct, id: string, props: IngressHealthEndpointProps) {
    super(scope, id);
    validateAlbIngressSettings(this, props.alb, 'alb');
    requireFormat(this, props.hostname, 'hostname', DNS_NAME, 'a host name', 'pass ingress.<region>.<zone>');

    const action = 'healthz';
    this.ingress = new IngressV1(this, 'Resource', {
      metadata: {
        name: IngressHealthEndpoint.NAME,
        namespace: IngressHealthEndpoint.NAMESPACE,
        annotations: {
          ...albIngressAnnotations(props.alb),
          // An action named by the backend's service name with port `use-annotation` (controller docs, "actions").
          [`${ALB_ANNOTATION_PREFIX}/actions.${action}`]: JSON.stringify({ type: 'fixed-response', fixedResponseConfig: { contentType: 'text/plain', statusCode: '200', messageBody: 'ok' } }),
        },
      },
      spec: {
        ingressClassName: ALB_INGRESS_CLASS,
        rule: [
          {
            host: props.hostname,
            http: { path: [{ path: IngressHealthEndpoint.PATH, pathType: 'Exact', backend: { service: { name: action, port: { name: 'use-annotation' } } } }] },
          },
        ],
      },
      dependsOn: props.dependsOn,
    });
  }
}
