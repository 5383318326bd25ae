import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { synthJson } from '@platform/terraform-testing';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CLOUDFRONT_MANAGED_POLICY_IDS, ContentDelivery, ContentDeliveryProps, EU_COUNTRY_CODES } from './content-delivery';
import { ISO_3166_ALPHA2_CODES } from './private/edge-country-codes';

type Props = Omit<ContentDeliveryProps, 'usEast1Provider'>;
const PROPS: Props = {
  namePrefix: 'platform-test',
  storage: {
    bucketArn: 'arn:aws:s3:::storage-1',
    bucketRegionalDomainName: 'storage-1.s3.eu-central-1.amazonaws.com',
    logBucketArn: 'arn:aws:s3:::logs-1',
  },
  loadBalancerHostname: 'origin.example.com',
};
const build = (scope: Construct, props: Partial<Props>) => {
  new AwsProvider(scope, 'aws', { region: 'eu-central-1' });
  const usEast1Provider = new AwsProvider(scope, 'aws-us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
  return new ContentDelivery(scope, 'cdn', { ...PROPS, ...props, usEast1Provider });
};
const synth = (props: Partial<Props> = {}) => synthJson((scope) => build(scope, props));

describe('ContentDelivery', () => {
  describe('without a domain', () => {
    const json = synth();
    const distribution = json.resource('aws_cloudfront_distribution', 'Distribution');

    it('reaches the bucket through an always-signing SigV4 Origin Access Control, not an OAI', () => {
      const oac = json.resource('aws_cloudfront_origin_access_control', 'OriginAccessControl');
      expect(oac).toMatchObject({ origin_access_control_origin_type: 's3', signing_behavior: 'always', signing_protocol: 'sigv4' });
      expect(json.resources('aws_cloudfront_origin_access_identity')).toEqual([]);
      const [storage, loadBalancer] = distribution.origin as Record<string, unknown>[];
      expect(storage).toEqual({ origin_id: 'storage', domain_name: 'storage-1.s3.eu-central-1.amazonaws.com', origin_access_control_id: json.ref(oac, 'id') });
      expect(loadBalancer).toMatchObject({
        origin_id: 'load-balancer',
        domain_name: 'origin.example.com',
        custom_origin_config: { https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'], origin_read_timeout: 60 },
      });
    });

    it('redirects viewers to HTTPS, serves HTTP/2 and 3, compresses, and uses the default certificate', () => {
      expect(distribution).toMatchObject({ http_version: 'http2and3', is_ipv6_enabled: true, enabled: true, viewer_certificate: { cloudfront_default_certificate: true } });
      const behaviours = [distribution.default_cache_behavior, ...(distribution.ordered_cache_behavior as unknown[])] as Record<string, unknown>[];
      for (const behaviour of behaviours) expect(behaviour).toMatchObject({ viewer_protocol_policy: 'redirect-to-https', compress: true });
    });

    it('sends /api/* uncached with all methods to the load balancer, with every viewer value but the Host header', () => {
      const [api] = distribution.ordered_cache_behavior as Record<string, unknown>[];
      expect(api).toMatchObject({
        path_pattern: '/api/*',
        target_origin_id: 'load-balancer',
        // Managed-CachingDisabled and Managed-AllViewerExceptHostHeader: CloudFront sends the origin's own domain
        // name as Host, so the ALB routes the request to the API's Ingress rule, and its certificate covers the name.
        cache_policy_id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        origin_request_policy_id: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      });
      expect((api.allowed_methods as string[]).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      expect(CLOUDFRONT_MANAGED_POLICY_IDS).toEqual({ cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac' });
    });

    it('forwards the viewer Host header to no origin', () => {
      const behaviours = [distribution.default_cache_behavior, ...(distribution.ordered_cache_behavior as unknown[])] as Record<string, unknown>[];
      // Managed-AllViewer (216adef6-…) and Managed-AllViewerAndCloudFrontHeaders-2022-06 (33f36d7e-…) forward Host.
      for (const behaviour of behaviours) expect(['216adef6-5c7f-47e4-b989-5492eafa07d3', '33f36d7e-f396-46d9-90e0-52428a34d9dc']).not.toContain(behaviour.origin_request_policy_id);
    });

    it('caches /assets/* for a year and everything else for an hour from the bucket', () => {
      const assets = json.resource('aws_cloudfront_cache_policy', 'AssetsCachePolicy');
      const fallback = json.resource('aws_cloudfront_cache_policy', 'DefaultCachePolicy');
      expect(assets).toMatchObject({ min_ttl: 31536000, default_ttl: 31536000, max_ttl: 31536000 });
      expect(fallback).toMatchObject({ min_ttl: 0, default_ttl: 3600 });
      const [, assetsBehaviour] = distribution.ordered_cache_behavior as Record<string, unknown>[];
      expect(assetsBehaviour).toMatchObject({ path_pattern: '/assets/*', target_origin_id: 'storage', cache_policy_id: json.ref(assets, 'id') });
      expect(distribution.default_cache_behavior).toMatchObject({ target_origin_id: 'storage', cache_policy_id: json.ref(fallback, 'id') });
    });

    it('protects the distribution with a us-east-1 CLOUDFRONT web ACL: rate limits, then the managed rule groups, all with metrics', () => {
      const acl = json.resource('aws_wafv2_web_acl', 'WebAcl');
      expect(acl).toMatchObject({ scope: 'CLOUDFRONT', provider: 'aws.us-east-1', default_action: { allow: {} }, visibility_config: { cloudwatch_metrics_enabled: true } });
      expect(distribution.web_acl_id).toBe(json.ref(acl, 'arn'));
      const rules = acl.rule as Record<string, unknown>[];
      expect(rules.map((r) => [r.priority, r.name])).toEqual([
        [0, 'RateLimitPerIp'],
        [1, 'ApiRateLimitPerIp'],
        [2, 'AWSManagedRulesAmazonIpReputationList'],
        [3, 'AWSManagedRulesCommonRuleSet'],
        [4, 'AWSManagedRulesKnownBadInputsRuleSet'],
      ]);
      expect(rules[0]).toMatchObject({ action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } } });
      // Seed 001's limit on /api/* per viewer, counted where the viewer's own address is known (the ALB sees CloudFront's).
      expect(rules[1]).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 1000, aggregate_key_type: 'IP', evaluation_window_sec: 60, scope_down_statement: { byte_match_statement: { search_string: '/api/', positional_constraint: 'STARTS_WITH' } } } },
      });
      expect(rules[3]).toMatchObject({ override_action: { none: {} }, statement: { managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' } } });
      // `/api/*` POSTs (story text) exceed the common rule set's 8 KB body limit: that rule only counts.
      expect(rules[3]).toMatchObject({ statement: { managed_rule_group_statement: { rule_action_override: [{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }] } } });
      for (const rule of rules) expect(rule.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    });

    it('reads the bucket without an origin group when there is no replica', () => {
      expect(distribution.origin_group).toBeUndefined();
      expect((distribution.origin as { origin_id: string }[]).map((origin) => origin.origin_id)).toEqual(['storage', 'load-balancer']);
    });

    it('has no certificate, DNS records or geo restriction', () => {
      expect(json.resources('aws_acm_certificate')).toEqual([]);
      expect(json.resources('aws_route53_record')).toEqual([]);
      expect(distribution.restrictions).toEqual({ geo_restriction: { restriction_type: 'none', locations: [] } });
    });

    it('delivers standard logs (v2) from us-east-1 into the log bucket', () => {
      expect(json.resource('aws_cloudwatch_log_delivery_source', 'AccessLogSource')).toMatchObject({
        log_type: 'ACCESS_LOGS',
        resource_arn: json.ref(distribution, 'arn'),
        provider: 'aws.us-east-1',
      });
      expect(json.resource('aws_cloudwatch_log_delivery_destination', 'AccessLogDestination').delivery_destination_configuration).toEqual([
        { destination_resource_arn: 'arn:aws:s3:::logs-1' },
      ]);
      expect(json.resource('aws_cloudwatch_log_delivery', 'AccessLogDelivery').provider).toBe('aws.us-east-1');
      expect(distribution.logging_config).toBeUndefined();
    });

    it('exposes the bucket policy statement admitting only this distribution', () => {
      const withOutput = synthJson((scope) => {
        new TerraformOutput(scope, 'statements', { value: JSON.stringify(build(scope, {}).bucketPolicyStatements) });
      });
      const output = (withOutput.json.output as Record<string, { value: string }>).statements.value;
      expect(JSON.parse(output)).toEqual([
        {
          Sid: 'CloudFrontReadsThroughOriginAccessControl',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::storage-1/*',
          Condition: { StringEquals: { 'AWS:SourceArn': withOutput.ref(withOutput.resource('aws_cloudfront_distribution', 'Distribution'), 'arn') } },
        },
      ]);
    });
  });

  describe('with a storage replica', () => {
    const json = synth({ storageReplica: { bucketRegionalDomainName: 'replica-1.s3.eu-west-1.amazonaws.com' } });
    const distribution = json.resource('aws_cloudfront_distribution', 'Distribution');
    const oac = json.resource('aws_cloudfront_origin_access_control', 'OriginAccessControl');
    const behaviours = [distribution.default_cache_behavior, ...(distribution.ordered_cache_behavior as unknown[])] as Record<string, unknown>[];

    it('reaches the replica through the same Origin Access Control', () => {
      expect(distribution.origin).toContainEqual({ origin_id: 'storage-replica', domain_name: 'replica-1.s3.eu-west-1.amazonaws.com', origin_access_control_id: json.ref(oac, 'id') });
      expect(json.resources('aws_cloudfront_origin_access_control')).toHaveLength(1);
    });

    it('fails over from the bucket to the replica on server errors only, not on 403 or 404', () => {
      expect(distribution.origin_group).toEqual([
        { origin_id: 'storage-failover', failover_criteria: { status_codes: [500, 502, 503, 504] }, member: [{ origin_id: 'storage' }, { origin_id: 'storage-replica' }] },
      ]);
    });

    it('serves the default and /assets/* behaviours from the origin group, with only the methods a group fails over', () => {
      const fromGroup = behaviours.filter((behaviour) => behaviour.target_origin_id === 'storage-failover');
      expect(fromGroup.map((behaviour) => behaviour.path_pattern ?? 'default')).toEqual(['default', '/assets/*']);
      for (const behaviour of fromGroup) expect((behaviour.allowed_methods as string[]).sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(behaviours.filter((behaviour) => behaviour.target_origin_id === 'storage')).toEqual([]);
    });

    it('keeps /api/* on the load balancer alone: its name fails over in DNS', () => {
      expect(behaviours.find((behaviour) => behaviour.path_pattern === '/api/*')).toMatchObject({ target_origin_id: 'load-balancer' });
    });

    it.each([
      ['a website endpoint', 'replica-1.s3-website.eu-west-1.amazonaws.com', /storageReplica\.bucketRegionalDomainName: 'replica-1\.s3-website\.eu-west-1\.amazonaws\.com' is not an S3 regional domain name\. Fix: give the replica bucket's/],
      ['a global endpoint', 'replica-1.s3.amazonaws.com', /is not an S3 regional domain name/],
      ['a bucket of the storage bucket\'s region', 'replica-1.s3.eu-central-1.amazonaws.com', /storageReplica\.bucketRegionalDomainName: .* is in the storage bucket's own region eu-central-1, so a regional outage takes both origins\. Fix: give the replica in the secondary region/],
      ['the storage bucket itself', 'storage-1.s3.eu-central-1.amazonaws.com', /is in the storage bucket's own region/],
    ])('rejects %s', (_, bucketRegionalDomainName, message) => {
      expect(() => synth({ storageReplica: { bucketRegionalDomainName } })).toThrow(message);
    });
  });

  describe('with a domain', () => {
    const json = synth({ domain: { name: 'www.example.com', hostedZoneId: 'Z0123456789' } });
    const distribution = json.resource('aws_cloudfront_distribution', 'Distribution');

    it('uses a DNS-validated us-east-1 certificate with TLSv1.2_2021 as the minimum', () => {
      const certificate = json.resource('aws_acm_certificate', 'Certificate');
      expect(certificate).toMatchObject({ domain_name: 'www.example.com', validation_method: 'DNS', provider: 'aws.us-east-1' });
      expect(json.resource('aws_route53_record', 'CertificateValidationRecord')).toMatchObject({ zone_id: 'Z0123456789', for_each: expect.stringContaining('domain_validation_options') });
      const validation = json.resource('aws_acm_certificate_validation', 'CertificateValidation');
      expect(distribution.viewer_certificate).toEqual({
        acm_certificate_arn: json.ref(validation, 'certificate_arn'),
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      });
      expect(distribution.aliases).toEqual(['www.example.com']);
    });

    it('points alias A and AAAA records at the distribution', () => {
      for (const type of ['A', 'AAAA']) {
        expect(json.resource('aws_route53_record', `Alias${type}`)).toMatchObject({
          type,
          name: 'www.example.com',
          alias: { name: json.ref(distribution, 'domain_name'), zone_id: json.ref(distribution, 'hosted_zone_id'), evaluate_target_health: false },
        });
      }
    });
  });

  it('allows only the listed countries (seed 003: the EU)', () => {
    const json = synth({ allowedCountries: EU_COUNTRY_CODES });
    expect(json.resource('aws_cloudfront_distribution', 'Distribution').restrictions).toEqual({
      geo_restriction: { restriction_type: 'whitelist', locations: EU_COUNTRY_CODES },
    });
    expect(EU_COUNTRY_CODES).toHaveLength(27);
  });

  it('ships the 249 ISO 3166-1 alpha-2 codes, each once', () => {
    expect(ISO_3166_ALPHA2_CODES).toHaveLength(249);
    expect(new Set(ISO_3166_ALPHA2_CODES).size).toBe(249);
    for (const code of EU_COUNTRY_CODES) expect(ISO_3166_ALPHA2_CODES).toContain(code);
  });

  it('applies a custom rate limit', () => {
    const rules = synth({ rateLimitPer5Minutes: 500 }).resource('aws_wafv2_web_acl', 'WebAcl').rule as { statement: { rate_based_statement?: { limit: number } } }[];
    expect(rules[0].statement.rate_based_statement?.limit).toBe(500);
  });

  it.each([
    [{ allowedCountries: ['DE', 'UK'] }, /allowedCountries: 'UK' is not an ISO 3166-1 alpha-2 country code/],
    [{ allowedCountries: ['de'] }, /allowedCountries: 'de' is not an ISO 3166-1 alpha-2 country code/],
    [{ allowedCountries: [] }, /allowedCountries: the list is empty/],
    [{ allowedCountries: ['DE', 'DE'] }, /allowedCountries: lists a country twice/],
    [{ rateLimitPer5Minutes: 99 }, /rateLimitPer5Minutes: 99 is outside 100-2000000000/],
    [{ loadBalancerHostname: 'https://lb.example.com' }, /loadBalancerHostname: 'https:\/\/lb.example.com' is not a DNS name/],
    [{ domain: { name: 'WWW.Example.com', hostedZoneId: 'Z1' } }, /domain.name: 'WWW.Example.com' is not a lower-case DNS name/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
