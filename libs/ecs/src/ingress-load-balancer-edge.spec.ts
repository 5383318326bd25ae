import { synthJson } from '@platform/terraform-testing';
import { IngressLoadBalancerEdge, IngressLoadBalancerEdgeProps } from './ingress-load-balancer-edge';

const PROPS: IngressLoadBalancerEdgeProps = {
  name: 'platform-production',
  accountId: '123456789012',
  region: 'eu-central-1',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostNames: ['app.example.com', 'api.example.com', 'grafana.example.com'],
};
const synth = (props: Partial<IngressLoadBalancerEdgeProps> = {}) => synthJson((scope) => new IngressLoadBalancerEdge(scope, 'edge', { ...PROPS, ...props }));

describe('IngressLoadBalancerEdge', () => {
  const json = synth();

  it('certifies every host name in one DNS-validated regional certificate, validation records in the zone', () => {
    const [certificate] = json.resources('aws_acm_certificate');
    expect(certificate).toMatchObject({ domain_name: 'api.example.com', subject_alternative_names: ['app.example.com', 'grafana.example.com'], validation_method: 'DNS' });
    expect(json.resources('aws_route53_record')).toHaveLength(1);
  });

  it('leaves the validation records to the primary region when asked (disaster recovery)', () => {
    expect(synth({ validationRecords: false }).resources('aws_route53_record')).toEqual([]);
  });

  it('limits each client to seed 001’s 1000 requests per minute in a REGIONAL web ACL it associates with nothing itself', () => {
    const [acl] = json.resources('aws_wafv2_web_acl');
    expect(acl).toMatchObject({ name: 'platform-production-ingress', scope: 'REGIONAL' });
    expect((acl.rule as { statement: Record<string, unknown> }[])[0].statement).toEqual({ rate_based_statement: { limit: 1000, aggregate_key_type: 'IP', evaluation_window_sec: 60 } });
    expect(json.resources('aws_wafv2_web_acl_association')).toEqual([]);
    expect(json.resources('aws_wafv2_web_acl_logging_configuration')).toHaveLength(1);
  });

  it('encrypts the WAF log group with a key only that log group may use, unless given one', () => {
    const [group] = json.resources('aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: 'aws-waf-logs-platform-production-ingress', kms_key_id: expect.stringContaining('aws_kms_key.') });
    expect(JSON.stringify(json.resources('aws_kms_key')[0].policy)).toContain('aws-waf-logs-platform-production-ingress');
    const given = synth({ logKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(given.resources('aws_kms_key')).toEqual([]);
  });

  it('keeps access logs in an SSE-S3 bucket only the ELB log delivery writes to, under the ingress prefix', () => {
    expect(json.resources('aws_s3_bucket')).toEqual([expect.objectContaining({ bucket: 'platform-production-ingress-logs-123456789012' })]);
    const policy = JSON.stringify(json.resources('aws_s3_bucket_policy')[0].policy);
    expect(policy).toContain('ingress/AWSLogs/123456789012/');
  });

  it.each<[string, Partial<IngressLoadBalancerEdgeProps>, RegExp]>([
    ['no host names', { hostNames: [] }, /edge: hostNames: is empty/],
    ['a retention of no days', { accessLogRetentionDays: 0 }, /edge: accessLogRetentionDays: 0 is not a number of days/],
  ])('refuses %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
