import { synthJson } from '@platform/terraform-testing';
import { RegionalWebAcl, RegionalWebAclProps } from './load-balancer-web-acl';

const PROPS: RegionalWebAclProps = { name: 'storymagic-production-alb', loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/x/1' };
const synth = (props: Partial<RegionalWebAclProps> = {}) => synthJson((scope) => new RegionalWebAcl(scope, 'waf', { ...PROPS, ...props }));

describe('RegionalWebAcl', () => {
  const json = synth();
  const acl = json.resource('aws_wafv2_web_acl', 'waf');

  it('is a REGIONAL web ACL: rate limit, then the AWS managed groups including SQL injection, with metrics', () => {
    expect(acl).toMatchObject({ name: 'storymagic-production-alb', scope: 'REGIONAL', default_action: { allow: {} }, visibility_config: { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true } });
    const rules = acl.rule as { name: string; statement: Record<string, Record<string, unknown>>; visibility_config: Record<string, unknown> }[];
    expect(rules.map((rule) => rule.name)).toEqual([
      'RateLimitPerIp',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
    ]);
    expect(rules[0].statement.rate_based_statement).toMatchObject({ limit: 2000, aggregate_key_type: 'IP' });
    // Story text and Grafana dashboards exceed the common rule set's 8 KB body limit: that rule only counts.
    expect(rules[2].statement.managed_rule_group_statement.rule_action_override).toEqual([{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }]);
    for (const rule of rules) expect(rule.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
  });

  it('is associated with the load balancer', () => {
    expect(json.resource('aws_wafv2_web_acl_association', 'Association')).toEqual(
      expect.objectContaining({ resource_arn: PROPS.loadBalancerArn, web_acl_arn: json.ref(acl, 'arn') }),
    );
  });

  it('logs to aws-waf-logs-<name> with retention, redacting credentials', () => {
    const group = json.resource('aws_cloudwatch_log_group', 'LogGroup');
    expect(group).toMatchObject({ name: 'aws-waf-logs-storymagic-production-alb', retention_in_days: 30 });
    expect(json.resource('aws_wafv2_web_acl_logging_configuration', 'Logging')).toMatchObject({
      resource_arn: json.ref(acl, 'arn'),
      log_destination_configs: [json.ref(group, 'arn')],
      redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }],
    });
  });

  it('takes a rate limit, no SQL injection group, a retention and a KMS key', () => {
    const custom = synth({ rateLimitPer5Minutes: 100, sqlInjectionRules: false, logRetentionDays: 90, logKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/k' });
    const rules = custom.resource('aws_wafv2_web_acl', 'waf').rule as { name: string; statement: Record<string, Record<string, unknown>> }[];
    expect(rules.map((rule) => rule.name)).not.toContain('AWSManagedRulesSQLiRuleSet');
    expect(rules[0].statement.rate_based_statement.limit).toBe(100);
    expect(custom.resource('aws_cloudwatch_log_group', 'LogGroup')).toMatchObject({ retention_in_days: 90, kms_key_id: 'arn:aws:kms:eu-central-1:123456789012:key/k' });
  });

  it.each([
    [{ rateLimitPer5Minutes: 99 }, /waf: rateLimitPer5Minutes: 99 is outside 100-2000000000/],
    [{ logRetentionDays: 45 }, /logRetentionDays: 45 is not a retention CloudWatch Logs accepts/],
    [{ name: 'storymagic production' }, /name: 'storymagic production' is not a web ACL name/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
