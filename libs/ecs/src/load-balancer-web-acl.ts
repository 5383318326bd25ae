import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { ConstructValidationError, LOG_RETENTION_DAYS, ManagedRulesWebAcl, WAF_MANAGED_RULE_GROUPS, WafRateLimitWindow } from '@platform/core';
import { Construct } from 'constructs';

export interface RegionalWebAclProps {
  /** Name of the web ACL and suffix of its log group `aws-waf-logs-<name>`, e.g. `storymagic-production-alb`. */
  readonly name: string;
  /**
   * ARN of the load balancer the web ACL protects.
   * @default - no association here: the load balancer's owner associates it (the AWS Load Balancer Controller, from
   *   the Ingresses' `wafv2-acl-arn`)
   */
  readonly loadBalancerArn?: string;
  /**
   * Requests one IP address may send in 5 minutes before it is blocked (100–2,000,000,000). Excludes `rateLimit`.
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /**
   * Requests one IP address may send per window before it is blocked, e.g. `{ limit: 1000, windowSeconds: 60 }`.
   * Excludes `rateLimitPer5Minutes`.
   * @default - `rateLimitPer5Minutes` in 300 seconds
   */
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: WafRateLimitWindow };
  /**
   * Also evaluate `AWSManagedRulesSQLiRuleSet` (SQL injection patterns in query, body, cookies and URI). Turn off only
   * if its false positives on free-text input cannot be handled otherwise.
   * @default true
   */
  readonly sqlInjectionRules?: boolean;
  /**
   * Days WAF logs are kept.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key encrypting the WAF log group; its policy must let `logs.<region>.amazonaws.com` use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
}

/**
 * A REGIONAL WAFv2 web ACL, associated with the load balancer when its ARN is given: per-IP rate limit, then the AWS managed IP reputation,
 * common and known bad inputs groups (and SQL injection by default), all with CloudWatch metrics and sampled requests
 * ({@link ManagedRulesWebAcl}). Every request WAF evaluates is logged to the CloudWatch log group
 * `aws-waf-logs-<name>` (WAF only delivers to log groups with that prefix), with the `authorization` and `cookie`
 * headers redacted so that no bearer token or session ends up in the logs. WAF adds the log group resource policy
 * it needs itself when logging is turned on.
 */
export class RegionalWebAcl extends Construct {
  static readonly SQL_INJECTION_RULE_GROUP = 'AWSManagedRulesSQLiRuleSet';
  static readonly DEFAULT_LOG_RETENTION_DAYS = 30;
  /** WAF delivers only to log groups whose name starts with this. */
  static readonly LOG_GROUP_PREFIX = 'aws-waf-logs-';
  /** Headers never written to the WAF logs: credentials of the API's clients. */
  static readonly REDACTED_HEADERS: readonly string[] = ['authorization', 'cookie'];

  readonly webAcl: ManagedRulesWebAcl;
  readonly webAclArn: string;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    if (props.rateLimit === undefined) ManagedRulesWebAcl.validateRateLimit(this, props.rateLimitPer5Minutes ?? ManagedRulesWebAcl.DEFAULT_RATE_LIMIT);
    const logRetentionDays = props.logRetentionDays ?? RegionalWebAcl.DEFAULT_LOG_RETENTION_DAYS;
    ConstructValidationError.require(
      this,
      (LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays),
      'logRetentionDays',
      `${logRetentionDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    // Web ACL names: 1-128 of letters, digits, '_' and '-'; the log group name adds its 13-character prefix within 512.
    ConstructValidationError.require(this, /^[A-Za-z0-9_-]{1,128}$/.test(props.name), 'name', `'${props.name}' is not a web ACL name`, "use 1-128 letters, digits, '_' and '-'");

    this.webAcl = new ManagedRulesWebAcl(this, 'Resource', {
      name: props.name,
      description: `Protects the ${props.name} load balancer`,
      scope: 'REGIONAL',
      metricPrefix: props.name,
      rateLimitPer5Minutes: props.rateLimit === undefined ? (props.rateLimitPer5Minutes ?? ManagedRulesWebAcl.DEFAULT_RATE_LIMIT) : props.rateLimitPer5Minutes,
      rateLimit: props.rateLimit,
      managedRuleGroups: [...WAF_MANAGED_RULE_GROUPS, ...((props.sqlInjectionRules ?? true) ? [RegionalWebAcl.SQL_INJECTION_RULE_GROUP] : [])],
    });
    this.webAclArn = this.webAcl.arn;

    if (props.loadBalancerArn !== undefined) new Wafv2WebAclAssociation(this, 'Association', { resourceArn: props.loadBalancerArn, webAclArn: this.webAcl.arn });

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `${RegionalWebAcl.LOG_GROUP_PREFIX}${props.name}`,
      retentionInDays: logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: RegionalWebAcl.REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }
}
