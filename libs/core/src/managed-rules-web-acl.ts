import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { TerraformProvider } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ConstructValidationError } from './errors';

/** AWS managed WAF rule groups every platform web ACL evaluates, in order, after the rate limit. */
export const WAF_MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

export interface ManagedRulesWebAclProps {
  /** Web ACL name, also its CloudWatch metric name, e.g. `platform-production-cloudfront`. */
  readonly name: string;
  readonly description: string;
  /** `CLOUDFRONT` (the ACL must then live in us-east-1) or `REGIONAL` (load balancers, API Gateway). */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /** Prefix of the rules' CloudWatch metric names: `<metricPrefix>-rate-limit-per-ip`, `<metricPrefix>-<rule group>`. */
  readonly metricPrefix: string;
  /**
   * Requests one IP address may send in 5 minutes before it is blocked
   * ({@link ManagedRulesWebAcl.MIN_RATE_LIMIT}–{@link ManagedRulesWebAcl.MAX_RATE_LIMIT}).
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /**
   * AWS managed rule groups evaluated after the rate limit, in this order.
   * @default WAF_MANAGED_RULE_GROUPS
   */
  readonly managedRuleGroups?: readonly string[];
  /** @default - the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A WAFv2 web ACL that allows by default and blocks with, in this order: a per-IP rate limit (cheapest, so floods are
 * stopped before the managed groups are evaluated), then AWS managed rule groups. Every rule and the ACL publish
 * CloudWatch metrics and sampled requests.
 *
 * It is the `aws_wafv2_web_acl` resource itself (a subclass), so an owner keeps the construct id, and thereby the
 * Terraform address, it gave the resource before this class existed.
 */
export class ManagedRulesWebAcl extends Wafv2WebAcl {
  static readonly DEFAULT_RATE_LIMIT = 2000;
  static readonly MIN_RATE_LIMIT = 100;
  static readonly MAX_RATE_LIMIT = 2_000_000_000;
  static readonly RATE_LIMIT_RULE_NAME = 'RateLimitPerIp';

  /**
   * Throws unless `rateLimit` is a whole number WAF accepts for a rate-based rule. Owners call it at the top of their
   * constructor so the error names their path and field.
   */
  static validateRateLimit(scope: IConstruct, rateLimit: number, field = 'rateLimitPer5Minutes'): void {
    const { MIN_RATE_LIMIT: min, MAX_RATE_LIMIT: max, DEFAULT_RATE_LIMIT: fallback } = ManagedRulesWebAcl;
    ConstructValidationError.require(
      scope,
      Number.isInteger(rateLimit) && rateLimit >= min && rateLimit <= max,
      field,
      `${rateLimit} is outside ${min}-${max}`,
      `allow between ${min} and ${max} requests per IP in 5 minutes (default ${fallback})`,
    );
  }

  constructor(scope: Construct, id: string, props: ManagedRulesWebAclProps) {
    const rateLimit = props.rateLimitPer5Minutes ?? ManagedRulesWebAcl.DEFAULT_RATE_LIMIT;
    // The ACL does not exist before super(); the owner's path is where the rate limit came from.
    ManagedRulesWebAcl.validateRateLimit(scope, rateLimit);
    const groups = props.managedRuleGroups ?? WAF_MANAGED_RULE_GROUPS;
    ConstructValidationError.require(scope, new Set(groups).size === groups.length, 'managedRuleGroups', `[${groups.join(', ')}] lists a group twice`, 'list each group once');
    super(scope, id, {
      provider: props.provider,
      name: props.name,
      description: props.description,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: ManagedRulesWebAcl.rules(props.metricPrefix, rateLimit, groups),
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: props.name },
    });
  }

  private static rules(metricPrefix: string, rateLimit: number, groups: readonly string[]): Wafv2WebAclRule[] {
    const visibility = (name: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${metricPrefix}-${name}` });
    // `statement` is untyped in the binding: its keys are written as Terraform names (snake_case).
    return [
      {
        name: ManagedRulesWebAcl.RATE_LIMIT_RULE_NAME,
        priority: 0,
        action: { block: {} },
        statement: { rate_based_statement: { limit: rateLimit, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
        visibilityConfig: visibility('rate-limit-per-ip'),
      },
      ...groups.map((name, index) => ({
        name,
        priority: index + 1,
        overrideAction: { none: {} },
        statement: { managed_rule_group_statement: { name, vendor_name: 'AWS' } },
        visibilityConfig: visibility(name),
      })),
    ];
  }
}
