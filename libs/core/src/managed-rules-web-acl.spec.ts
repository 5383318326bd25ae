import { Testing } from 'cdktf';
import { ManagedRulesWebAcl, ManagedRulesWebAclProps, WAF_DEFAULT_COUNT_ONLY_RULES, WAF_MANAGED_RULE_GROUPS } from './managed-rules-web-acl';

const PROPS: ManagedRulesWebAclProps = { name: 'app-production-alb', description: 'Protects the load balancer', scope: 'REGIONAL', metricPrefix: 'app-production' };
const synth = (props: Partial<ManagedRulesWebAclProps> = {}) => {
  const resources = JSON.parse(Testing.synthScope((scope) => new ManagedRulesWebAcl(scope, 'WebAcl', { ...PROPS, ...props }))).resource;
  return Object.values(resources.aws_wafv2_web_acl as Record<string, Record<string, unknown>>)[0];
};
type Rule = { name: string; priority: number; action?: unknown; override_action?: unknown; statement: Record<string, Record<string, unknown>>; visibility_config: Record<string, unknown> };

describe('ManagedRulesWebAcl', () => {
  it('is the aws_wafv2_web_acl itself, so the owner keeps the Terraform address it gave the resource', () => {
    const resources = JSON.parse(Testing.synthScope((scope) => new ManagedRulesWebAcl(scope, 'WebAcl', PROPS))).resource;
    expect(Object.keys(resources)).toEqual(['aws_wafv2_web_acl']);
    expect(Object.keys(resources.aws_wafv2_web_acl)).toEqual([expect.stringMatching(/^WebAcl$|^WebAcl_/)]);
  });

  it('allows by default, in the given scope, with metrics and sampled requests on the ACL', () => {
    expect(synth()).toMatchObject({
      name: 'app-production-alb',
      scope: 'REGIONAL',
      default_action: { allow: {} },
      visibility_config: { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: 'app-production-alb' },
    });
  });

  it('blocks by per-IP rate first, then evaluates the managed groups in order, each rule with its own metric', () => {
    const rules = synth().rule as Rule[];
    expect(rules.map((rule) => [rule.priority, rule.name])).toEqual([[0, 'RateLimitPerIp'], ...WAF_MANAGED_RULE_GROUPS.map((name, index) => [index + 1, name])]);
    expect(rules[0]).toMatchObject({ action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } } });
    for (const rule of rules.slice(1)) {
      expect(rule).toMatchObject({ override_action: { none: {} }, statement: { managed_rule_group_statement: { name: rule.name, vendor_name: 'AWS' } } });
    }
    expect(rules.map((rule) => rule.visibility_config.metric_name)).toEqual(['app-production-rate-limit-per-ip', ...WAF_MANAGED_RULE_GROUPS.map((name) => `app-production-${name}`)]);
    for (const rule of rules) expect(rule.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
  });

  describe('count-only rules', () => {
    const statementOf = (rules: Rule[], name: string) => rules.find((rule) => rule.name === name)?.statement.managed_rule_group_statement;

    it('only counts the common rule set’s SizeRestrictions_BODY by default, so bodies over 8 KB reach the applications', () => {
      const rules = synth().rule as Rule[];
      expect(statementOf(rules, 'AWSManagedRulesCommonRuleSet')).toEqual({
        name: 'AWSManagedRulesCommonRuleSet',
        vendor_name: 'AWS',
        rule_action_override: [{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }],
      });
      // The group as a whole still blocks: only the named rule is overridden.
      expect(rules.find((rule) => rule.name === 'AWSManagedRulesCommonRuleSet')?.override_action).toEqual({ none: {} });
      for (const name of WAF_MANAGED_RULE_GROUPS.filter((group) => group !== 'AWSManagedRulesCommonRuleSet')) {
        expect(statementOf(rules, name)).not.toHaveProperty('rule_action_override');
      }
      expect(WAF_DEFAULT_COUNT_ONLY_RULES).toEqual({ AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] });
    });

    it('overrides nothing when the default’s group is not evaluated', () => {
      const rules = synth({ managedRuleGroups: ['AWSManagedRulesSQLiRuleSet'] }).rule as Rule[];
      expect(statementOf(rules, 'AWSManagedRulesSQLiRuleSet')).toEqual({ name: 'AWSManagedRulesSQLiRuleSet', vendor_name: 'AWS' });
    });

    it('takes its own map, which replaces the default; {} lets every rule block', () => {
      const custom = synth({ countOnlyRules: { AWSManagedRulesKnownBadInputsRuleSet: ['Host_localhost_HEADER', 'PROPFIND_METHOD'] } }).rule as Rule[];
      expect(statementOf(custom, 'AWSManagedRulesKnownBadInputsRuleSet')?.rule_action_override).toEqual([
        { name: 'Host_localhost_HEADER', action_to_use: { count: {} } },
        { name: 'PROPFIND_METHOD', action_to_use: { count: {} } },
      ]);
      expect(statementOf(custom, 'AWSManagedRulesCommonRuleSet')).not.toHaveProperty('rule_action_override');
      const none = synth({ countOnlyRules: {} }).rule as Rule[];
      for (const name of WAF_MANAGED_RULE_GROUPS) expect(statementOf(none, name)).not.toHaveProperty('rule_action_override');
    });
  });

  it('takes a custom rate limit and list of managed groups', () => {
    const rules = synth({ rateLimitPer5Minutes: 100, managedRuleGroups: ['AWSManagedRulesSQLiRuleSet'] }).rule as Rule[];
    expect(rules.map((rule) => rule.name)).toEqual(['RateLimitPerIp', 'AWSManagedRulesSQLiRuleSet']);
    expect(rules[0].statement.rate_based_statement.limit).toBe(100);
  });

  it('counts a rate limit over another window, e.g. seed 001’s 1000 requests per minute', () => {
    const rules = synth({ rateLimit: { limit: 1000, windowSeconds: 60 } }).rule as Rule[];
    expect(rules[0].statement.rate_based_statement).toEqual({ limit: 1000, aggregate_key_type: 'IP', evaluation_window_sec: 60 });
  });

  it('adds per-IP limits on path prefixes after the general one and before the managed groups', () => {
    const rules = synth({ pathRateLimits: [{ name: 'ApiRateLimitPerIp', pathPrefix: '/api/', limit: 1000, windowSeconds: 60 }] }).rule as Rule[];
    expect(rules.map((rule) => [rule.priority, rule.name])).toEqual([[0, 'RateLimitPerIp'], [1, 'ApiRateLimitPerIp'], ...WAF_MANAGED_RULE_GROUPS.map((name, index) => [index + 2, name])]);
    expect(rules[1]).toMatchObject({
      action: { block: {} },
      statement: {
        rate_based_statement: {
          limit: 1000,
          aggregate_key_type: 'IP',
          evaluation_window_sec: 60,
          scope_down_statement: { byte_match_statement: { search_string: '/api/', positional_constraint: 'STARTS_WITH', field_to_match: { uri_path: {} } } },
        },
      },
      visibility_config: { metric_name: 'app-production-ApiRateLimitPerIp' },
    });
  });

  it.each([
    [{ rateLimit: { limit: 1000, windowSeconds: 60 as const }, rateLimitPer5Minutes: 2000 }, /rateLimit: is set together with rateLimitPer5Minutes/],
    [{ rateLimit: { limit: 1000, windowSeconds: 90 as never } }, /rateLimit\.windowSeconds: 90 is not a WAF evaluation window\. Fix: use one of 60, 120, 300, 600 seconds/],
    [{ rateLimit: { limit: 50, windowSeconds: 60 as const } }, /rateLimit\.limit: 50 is outside/],
    [{ pathRateLimits: [{ name: 'RateLimitPerIp', pathPrefix: '/api/', limit: 1000, windowSeconds: 60 as const }] }, /pathRateLimits: 'RateLimitPerIp' is not a free rule name/],
    [{ pathRateLimits: [{ name: 'Api', pathPrefix: 'api', limit: 1000, windowSeconds: 60 as const }] }, /pathRateLimits\.Api\.pathPrefix: 'api' does not start with \//],
    [{ rateLimitPer5Minutes: 99 }, /^[^:]+: rateLimitPer5Minutes: 99 is outside 100-2000000000\. Fix: allow between 100 and 2000000000/],
    [{ rateLimitPer5Minutes: 2_000_000_001 }, /rateLimitPer5Minutes: 2000000001 is outside/],
    [{ rateLimitPer5Minutes: 150.5 }, /rateLimitPer5Minutes: 150.5 is outside/],
    [{ managedRuleGroups: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesCommonRuleSet'] }, /managedRuleGroups: .* lists a group twice/],
    [{ countOnlyRules: { AWSManagedRulesSQLiRuleSet: ['SQLi_BODY'] } }, /countOnlyRules: 'AWSManagedRulesSQLiRuleSet' is not in managedRuleGroups .* Fix: name a group the web ACL evaluates/],
    [{ countOnlyRules: { AWSManagedRulesCommonRuleSet: [] } }, /countOnlyRules\.AWSManagedRulesCommonRuleSet: \[\] is not a list of distinct rule names/],
    [{ countOnlyRules: { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY', 'SizeRestrictions_BODY'] } }, /countOnlyRules\.AWSManagedRulesCommonRuleSet: .* is not a list of distinct rule names/],
    [{ countOnlyRules: { AWSManagedRulesCommonRuleSet: ['Size Restrictions'] } }, /countOnlyRules\.AWSManagedRulesCommonRuleSet: .* is not a list of distinct rule names/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
