import { ConstructValidationError } from '@platform/core';
import { IConstruct } from 'constructs';
import { requireFormat } from './private/validation';

/**
 * The environment's shared internet-facing ALB, as the AWS side (the cluster stack) made its parts: every Ingress of
 * the `alb` IngressClass joins it. The controller reads these from the IngressClassParams (which win over an
 * Ingress's own annotations, so an Ingress applied outside Terraform cannot drop the WAF or the certificate) and
 * every Ingress the platform writes repeats them as annotations, so static checks see them on the Ingress too.
 */
export interface AlbIngressSettings {
  /** Name of the one ALB of the environment (`load-balancer-name`, ≤ 32 characters), e.g. `platform-production-ingress`; monitoring finds it by this name. */
  readonly loadBalancerName: string;
  /** Regional ACM certificate of the hosts (ARN of the validated certificate). */
  readonly certificateArn: string;
  /** REGIONAL WAFv2 web ACL the ALB is associated with. */
  readonly webAclArn: string;
  /**
   * Security groups of the ALB (the network's `load-balancer` group), whose rules Terraform writes; the controller then
   * adds no backend rules of its own (`manage-backend-security-group-rules: false`), so who reaches the pods stays in Terraform.
   */
  readonly securityGroupIds: readonly string[];
  /**
   * Refuse deleting the ALB (`deletion_protection.enabled`); on in production.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Access logs of the ALB into an S3 bucket whose policy lets the Region's ELB log delivery write under `<prefix>/`.
   * @default - no access logs
   */
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string };
}

/** The IngressClass the AWS Load Balancer Controller chart creates. */
export const ALB_INGRESS_CLASS = 'alb';
/**
 * Listener TLS policy: TLS 1.3 and 1.2 with forward-secret ciphers only; AWS's recommended policy for new listeners
 * (Elastic Load Balancing User Guide, "Security policies for your Application Load Balancer").
 */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** Annotation prefix of the AWS Load Balancer Controller's Ingress settings. */
export const ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io';

const ALB_NAME = /^(?!internal-)[a-zA-Z0-9]([a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;
const ACM_CERTIFICATE_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/;
const REGIONAL_WEB_ACL_ARN = /^arn:aws(-cn|-us-gov)?:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]+$/;

/** Throws unless the settings describe an ALB the controller can build; `field` prefixes the names in the errors. */
export function validateAlbIngressSettings(scope: IConstruct, settings: AlbIngressSettings, field: string): void {
  requireFormat(scope, settings.loadBalancerName, `${field}.loadBalancerName`, ALB_NAME, 'an ALB name', 'use at most 32 letters, digits and hyphens, not starting with internal-');
  requireFormat(scope, settings.certificateArn, `${field}.certificateArn`, ACM_CERTIFICATE_ARN, 'an ACM certificate ARN', "pass the ARN of the environment's regional certificate");
  requireFormat(scope, settings.webAclArn, `${field}.webAclArn`, REGIONAL_WEB_ACL_ARN, 'a REGIONAL WAFv2 web ACL ARN', 'pass the ARN of a REGIONAL web ACL (CLOUDFRONT ones cannot protect an ALB)');
  ConstructValidationError.require(scope, settings.securityGroupIds.length > 0, `${field}.securityGroupIds`, 'is empty', "pass the network's load-balancer security group");
  for (const id of settings.securityGroupIds) requireFormat(scope, id, `${field}.securityGroupIds`, SECURITY_GROUP_ID, 'a security group id', 'pass ids such as sg-0123abcd');
}

/** Load balancer attributes of the ALB: invalid headers dropped, deletion protection, access logs. */
function loadBalancerAttributes(settings: AlbIngressSettings): { key: string; value: string }[] {
  return [
    // Headers with characters outside [-A-Za-z0-9] never reach the pods (request smuggling through odd header names).
    { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
    { key: 'deletion_protection.enabled', value: String(settings.deletionProtection ?? true) },
    ...(settings.accessLogs === undefined
      ? []
      : [
          { key: 'access_logs.s3.enabled', value: 'true' },
          { key: 'access_logs.s3.bucket', value: settings.accessLogs.bucket },
          { key: 'access_logs.s3.prefix', value: settings.accessLogs.prefix },
        ]),
  ];
}

/**
 * The `spec` of the IngressClassParams the `alb` IngressClass points at (chart value `ingressClassParams.spec`): one
 * group and name, internet-facing, IP targets, the certificate, the TLS policy, HTTP redirected to 443, the web ACL
 * and the load balancer attributes, enforced for every Ingress of the class.
 */
export function albIngressClassParamsSpec(settings: AlbIngressSettings): Record<string, unknown> {
  return {
    group: { name: settings.loadBalancerName },
    loadBalancerName: settings.loadBalancerName,
    scheme: 'internet-facing',
    targetType: 'ip',
    certificateArn: [settings.certificateArn],
    sslPolicy: ALB_SSL_POLICY,
    sslRedirectPort: '443',
    wafv2AclArn: settings.webAclArn,
    loadBalancerAttributes: loadBalancerAttributes(settings),
  };
}

/**
 * The annotations of an Ingress of the shared ALB: the same settings as the IngressClassParams, plus the listeners
 * (HTTP 80 only redirects), the ALB's security groups without controller-managed backend rules, and the target
 * group's health check (`healthcheckPath`, the service's readiness path; 200–399 healthy).
 */
export function albIngressAnnotations(settings: AlbIngressSettings, healthcheckPath?: string): Record<string, string> {
  const a = ALB_ANNOTATION_PREFIX;
  return {
    [`${a}/group.name`]: settings.loadBalancerName,
    [`${a}/load-balancer-name`]: settings.loadBalancerName,
    [`${a}/scheme`]: 'internet-facing',
    [`${a}/target-type`]: 'ip',
    [`${a}/listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]',
    [`${a}/ssl-redirect`]: '443',
    [`${a}/certificate-arn`]: settings.certificateArn,
    [`${a}/ssl-policy`]: ALB_SSL_POLICY,
    [`${a}/wafv2-acl-arn`]: settings.webAclArn,
    [`${a}/security-groups`]: settings.securityGroupIds.join(','),
    [`${a}/manage-backend-security-group-rules`]: 'false',
    [`${a}/load-balancer-attributes`]: loadBalancerAttributes(settings)
      .map(({ key, value }) => `${key}=${value}`)
      .join(','),
    ...(healthcheckPath === undefined ? {} : { [`${a}/healthcheck-path`]: healthcheckPath, [`${a}/success-codes`]: '200-399' }),
  };
}
