import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { TerraformProvider } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ConstructValidationError } from './errors';

/** AWS managed WAF rule groups every platform web ACL evaluates, in order, after the rate limit. */
export const WAF_MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

/** Evaluation windows a WAF rate-based rule accepts, in seconds. */
export const WAF_RATE_LIMIT_WINDOWS = [60, 120, 300, 600] as const;
export type WafRateLimitWindow = (typeof WAF_RATE_LIMIT_WINDOWS)[number];

/**
 * Rules of the managed groups that only count (and label) matching requests instead of blocking them, by group:
 * - `AWSManagedRulesCommonRuleSet` `SizeRestrictions_BODY` blocks every request body over 8 KB, and the platform's
 *   applications take larger ones (story text POSTs to `api.`/`services.`/`kgas.`, Grafana dashboard saves); body
 *   size limits belong to the application and the load balancer, which know each route's limit.
 *
 * `NoUserAgent_HEADER` keeps blocking: browsers, SDKs and Route 53 health checkers (User-Agent
 * `Amazon-Route53-Health-Check-Service …`) send one, and ALB target health checks do not pass WAF.
 */
export const WAF_DEFAULT_COUNT_ONLY_RULES: Readonly<Record<string, readonly string[]>> = { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] };

/** A per-client rate limit over the requests whose path starts with a prefix, e.g. seed 001's on `/api/`. */
export interface PathRateLimit {
  /** Rule name (letters, digits, `_`, `-`), unique in the ACL; also the suffix of its metric. */
  readonly name: string;
  /** Only requests whose URI path starts with this are counted and blocked, e.g. `/api/`. */
  readonly pathPrefix: string;
  /** Requests one IP address may send in `windowSeconds` before it is blocked. */
  readonly limit: number;
  readonly windowSeconds: WafRateLimitWindow;
}

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
   * Seconds over which `rateLimitPer5Minutes`'s rule counts, with `rateLimit` requests per window instead: e.g. seed
   * 001's 1000 requests per minute is `{ limit: 1000, windowSeconds: 60 }`. Excludes `rateLimitPer5Minutes`.
   * @default - `rateLimitPer5Minutes` requests in 300 seconds
   */
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: WafRateLimitWindow };
  /**
   * Further per-IP limits on path prefixes, evaluated after the general rate limit and before the managed groups.
   * @default - none
   */
  readonly pathRateLimits?: readonly PathRateLimit[];
  /**
   * AWS managed rule groups evaluated after the rate limit, in this order.
   * @default WAF_MANAGED_RULE_GROUPS
   */
  readonly managedRuleGroups?: readonly string[];
  /**
   * Rules, by managed group, whose matches are only counted (CloudWatch metric, sampled requests, WAF label) instead
   * of blocked: for rules that would block legitimate traffic. Replaces the default map; `{}` lets every rule block.
   * Each group must be in `managedRuleGroups`.
   * @default WAF_DEFAULT_COUNT_ONLY_RULES - the common rule set's `SizeRestrictions_BODY` (bodies over 8 KB), as
   *   far as the group is evaluated
   */
  readonly countOnlyRules?: Readonly<Record<string, readonly string[]>>;
  /** @default - the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A WAFv2 web ACL that allows by default and blocks with, in this order: a per-IP rate limit (cheapest, so floods are
 * stopped before the managed groups are evaluated), then AWS managed rule groups, some of whose rules only count
 * (`countOnlyRules`: by default the common rule set's 8 KB body limit). Every rule and the ACL publish
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
    // The ACL does not exist before super(); the owner's path is where the rate limit came from.
    ConstructValidationError.require(
      scope,
      props.rateLimit === undefined || props.rateLimitPer5Minutes === undefined,
      'rateLimit',
      'is set together with rateLimitPer5Minutes',
      'set one of them',
    );
    const rateLimit = props.rateLimit ?? { limit: props.rateLimitPer5Minutes ?? ManagedRulesWebAcl.DEFAULT_RATE_LIMIT, windowSeconds: 300 as const };
    const pathLimits = props.pathRateLimits ?? [];
    ManagedRulesWebAcl.validateRateLimit(scope, rateLimit.limit, props.rateLimit === undefined ? 'rateLimitPer5Minutes' : 'rateLimit.limit');
    for (const [field, window] of [['rateLimit.windowSeconds', rateLimit.windowSeconds], ...pathLimits.map((path) => [`pathRateLimits.${path.name}.windowSeconds`, path.windowSeconds] as const)] as const) {
      ConstructValidationError.require(scope, (WAF_RATE_LIMIT_WINDOWS as readonly number[]).includes(window), field, `${window} is not a WAF evaluation window`, `use one of ${WAF_RATE_LIMIT_WINDOWS.join(', ')} seconds`);
    }
    for (const path of pathLimits) {
      ManagedRulesWebAcl.validateRateLimit(scope, path.limit, `pathRateLimits.${path.name}.limit`);
      ConstructValidationError.require(scope, /^[A-Za-z0-9_-]{1,128}$/.test(path.name) && path.name !== ManagedRulesWebAcl.RATE_LIMIT_RULE_NAME, 'pathRateLimits', `'${path.name}' is not a free rule name`, `use letters, digits, '_' and '-', other than ${ManagedRulesWebAcl.RATE_LIMIT_RULE_NAME}`);
      ConstructValidationError.require(scope, /^\/\S*$/.test(path.pathPrefix), `pathRateLimits.${path.name}.pathPrefix`, `'${path.pathPrefix}' does not start with /`, 'write a path prefix such as /api/');
    }
    const groups = props.managedRuleGroups ?? WAF_MANAGED_RULE_GROUPS;
    ConstructValidationError.require(scope, new Set(groups).size === groups.length, 'managedRuleGroups', `[${groups.join(', ')}] lists a group twice`, 'list each group once');
    const countOnly = props.countOnlyRules ?? ManagedRulesWebAcl.defaultCountOnlyRules(groups);
    for (const [group, rules] of Object.entries(countOnly)) {
      ConstructValidationError.require(scope, groups.includes(group), 'countOnlyRules', `'${group}' is not in managedRuleGroups [${groups.join(', ')}]`, 'name a group the web ACL evaluates');
      ConstructValidationError.require(
        scope,
        rules.length > 0 && rules.every((rule) => /^[A-Za-z0-9_-]{1,128}$/.test(rule)) && new Set(rules).size === rules.length,
        `countOnlyRules.${group}`,
        `[${rules.join(', ')}] is not a list of distinct rule names`,
        "list each rule of the group once by its name (letters, digits, '_' and '-'), e.g. SizeRestrictions_BODY, or leave the group out",
      );
    }
    const names = [...pathLimits.map((path) => path.name), ...groups];
    ConstructValidationError.require(scope, new Set(names).size === names.length, 'pathRateLimits', `[${names.join(', ')}] repeats a rule name`, 'give each rule its own name');
    super(scope, id, {
      provider: props.provider,
      name: props.name,
      description: props.description,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: ManagedRulesWebAcl.rules(props.metricPrefix, rateLimit, pathLimits, groups, countOnly),
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: props.name },
    });
  }

  /** The entries of {@link WAF_DEFAULT_COUNT_ONLY_RULES} whose group the ACL evaluates. */
  private static defaultCountOnlyRules(groups: readonly string[]): Readonly<Record<string, readonly string[]>> {
    return Object.fromEntries(Object.entries(WAF_DEFAULT_COUNT_ONLY_RULES).filter(([group]) => groups.includes(group)));
  }

  private static rules(
    metricPrefix: string,
    rateLimit: { limit: number; windowSeconds: number },
    pathLimits: readonly PathRateLimit[],
    groups: readonly string[],
    countOnly: Readonly<Record<string, readonly string[]>>,
  ): Wafv2WebAclRule[] {
    const visibility = (name: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${metricPrefix}-${name}` });
    // `statement` is untyped in the binding: its keys are written as Terraform names (snake_case).
    return [
      {
        name: ManagedRulesWebAcl.RATE_LIMIT_RULE_NAME,
        priority: 0,
        action: { block: {} },
        statement: { rate_based_statement: { limit: rateLimit.limit, aggregate_key_type: 'IP', evaluation_window_sec: rateLimit.windowSeconds } },
        visibilityConfig: visibility('rate-limit-per-ip'),
      },
      ...pathLimits.map((path, index) => ({
        name: path.name,
        priority: index + 1,
        action: { block: {} },
        statement: {
          rate_based_statement: {
            limit: path.limit,
            aggregate_key_type: 'IP',
            evaluation_window_sec: path.windowSeconds,
            // Only the path's requests count towards (and are blocked by) this limit.
            scope_down_statement: {
              byte_match_statement: { search_string: path.pathPrefix, positional_constraint: 'STARTS_WITH', field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] },
            },
          },
        },
        visibilityConfig: visibility(path.name),
      })),
      ...groups.map((name, index) => ({
        name,
        priority: pathLimits.length + index + 1,
        overrideAction: { none: {} },
        statement: {
          managed_rule_group_statement: {
            name,
            vendor_name: 'AWS',
            // Count, not `override_action` count on the whole group: the group's other rules keep blocking.
            ...(countOnly[name] === undefined ? {} : { rule_action_override: countOnly[name].map((rule) => ({ name: rule, action_to_use: { count: {} } })) }),
          },
        },
        visibilityConfig: visibility(name),
      })),
    ];
  }
}
