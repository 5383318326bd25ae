import { ConstructValidationError, WafRateLimitWindow } from '@platform/core';
import { Construct } from 'constructs';
import { LoadBalancerCertificate } from './load-balancer-certificate';
import { RegionalWebAcl } from './load-balancer-web-acl';
import { ServiceLogsKey } from './service-logs-key';
import { AccessLogBucket } from './private/access-log-bucket';

export interface IngressLoadBalancerEdgeProps {
  /** Prefix of the names: web ACL `<name>-ingress`, log bucket `<name>-ingress-logs-<accountId>`, e.g. `platform-production`. */
  readonly name: string;
  readonly accountId: string;
  /** Region of the ALB: decides which ELB principal may write the access logs. */
  readonly region: string;
  /** Route 53 public hosted zone of the host names: the certificate's validation records go there. */
  readonly hostedZoneId: string;
  /** Host names the ALB serves, all in the zone, e.g. `api.example.com`, `app.example.com`; the certificate covers each. */
  readonly hostNames: readonly string[];
  /**
   * Create the certificate's validation records (see LoadBalancerCertificateProps.validationRecords): off in a
   * disaster-recovery region, whose certificate for the same names asks for the primary's records.
   * @default true
   */
  readonly validationRecords?: boolean;
  /**
   * Requests one client address may send per window before the web ACL blocks it.
   * @default { limit: 1000, windowSeconds: 60 } - seed 001: 1000 requests per minute per client
   */
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: WafRateLimitWindow };
  /**
   * Days access logs are kept.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
  /**
   * `prevent_destroy` on the access log bucket (production).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * KMS key of the WAF log group; its policy must let `logs.<region>.amazonaws.com` use it for that group.
   * @default - a key of its own (ServiceLogsKey) usable only for the WAF log group
   */
  readonly logKmsKeyArn?: string;
}

/**
 * The AWS side of an ALB that something else creates (the AWS Load Balancer Controller, from Ingresses): a regional
 * ACM certificate of its host names (DNS-validated), a REGIONAL web ACL (per-client rate limit, AWS managed rule
 * groups, SQL injection rules, logged to `aws-waf-logs-<name>-ingress` with credentials redacted, encrypted with a key
 * only that log group may use) that the controller
 * associates, and an access log bucket only the Region's ELB log delivery may write to, under {@link accessLogPrefix}.
 * Everything exists before the ALB does, so the first Ingress gets all of it at once.
 */
export class IngressLoadBalancerEdge extends Construct {
  static readonly DEFAULT_RATE_LIMIT = { limit: 1000, windowSeconds: 60 } as const;
  static readonly DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;
  /** Key prefix of the access logs. */
  static readonly ACCESS_LOG_PREFIX = 'ingress';

  readonly certificate: LoadBalancerCertificate;
  /** ARN of the validated certificate. */
  readonly certificateArn: string;
  readonly webAcl: RegionalWebAcl;
  readonly webAclArn: string;
  readonly accessLogBucketName: string;
  /** The access log bucket (SSE-S3: ALB access logs cannot be delivered into SSE-KMS buckets). */
  readonly accessLogBucket: AccessLogBucket['bucket'];
  readonly accessLogPrefix = IngressLoadBalancerEdge.ACCESS_LOG_PREFIX;

  constructor(scope: Construct, id: string, props: IngressLoadBalancerEdgeProps) {
    super(scope, id);
    const retentionDays = props.accessLogRetentionDays ?? IngressLoadBalancerEdge.DEFAULT_ACCESS_LOG_RETENTION_DAYS;
    ConstructValidationError.require(this, props.hostNames.length > 0, 'hostNames', 'is empty', 'list the host names the ALB serves');
    ConstructValidationError.require(this, Number.isInteger(retentionDays) && retentionDays >= 1, 'accessLogRetentionDays', `${retentionDays} is not a number of days`, 'keep the logs at least 1 day');
    const [domainName, ...alternativeNames] = [...new Set(props.hostNames)].sort();

    this.certificate = new LoadBalancerCertificate(this, 'Certificate', {
      domainName,
      subjectAlternativeNames: alternativeNames,
      hostedZoneId: props.hostedZoneId,
      validationRecords: props.validationRecords,
    });
    this.certificateArn = this.certificate.certificateArn;
    const aclName = `${props.name}-ingress`;
    const logKmsKeyArn =
      props.logKmsKeyArn ??
      new ServiceLogsKey(this, 'LogsKey', {
        alias: `${aclName}-waf-logs`,
        accountId: props.accountId,
        region: props.region,
        logGroupNames: [`${RegionalWebAcl.LOG_GROUP_PREFIX}${aclName}`],
        preventDestroy: props.preventDestroy ?? true,
      }).keyArn;
    this.webAcl = new RegionalWebAcl(this, 'WebAcl', { name: aclName, rateLimit: props.rateLimit ?? IngressLoadBalancerEdge.DEFAULT_RATE_LIMIT, logKmsKeyArn });
    this.webAclArn = this.webAcl.webAclArn;
    this.accessLogBucketName = `${props.name}-ingress-logs-${props.accountId}`;
    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: this.accessLogBucketName,
      accountId: props.accountId,
      region: props.region,
      prefix: this.accessLogPrefix,
      retentionDays,
      preventDestroy: props.preventDestroy ?? true,
    }).bucket;
  }
}
