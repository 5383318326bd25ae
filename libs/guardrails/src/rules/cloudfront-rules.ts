import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blockOf, blocksOf, isNonEmptyString, stringsOf } from '../terraform-values';
import { describeValue, requireSet } from './rule-helpers';

const DISTRIBUTION = ['aws_cloudfront_distribution'];
const HTTPS_VIEWER_POLICIES = ['redirect-to-https', 'https-only'];
/** Security policies of TLS 1.2 or later, e.g. `TLSv1.2_2021`. */
const TLS_12_OR_LATER = /^TLSv1\.[23]_\d{4}$/;
const SECURE_ORIGIN_PROTOCOLS = ['TLSv1.2'];

/** Whether CloudFront v2 access logging (a delivery source for the distribution, delivered somewhere) is set up. */
function hasLogDelivery(distribution: StackResource, stack: StackIndex): boolean {
  const sources = stack.referencing('aws_cloudwatch_log_delivery_source', distribution, 'resource_arn').filter(({ config }) => config.log_type === 'ACCESS_LOGS');
  return sources.some((source) => stack.referencing('aws_cloudwatch_log_delivery', source, 'delivery_source_name').length > 0);
}

export const CLOUDFRONT_RULES: readonly Rule[] = [
  {
    id: 'PLAT-CF-001',
    checkovIds: ['CKV_AWS_34'],
    complianceIds: ['FSBP-CloudFront.3'],
    severity: 'error',
    resourceTypes: DISTRIBUTION,
    description: 'Every cache behaviour serves viewers over HTTPS only.',
    fix: 'set viewer_protocol_policy = "redirect-to-https" (or "https-only") on the default and every ordered cache behaviour',
    check({ config }) {
      const behaviours = [
        { name: 'default_cache_behavior', policy: blockOf(config.default_cache_behavior)?.viewer_protocol_policy },
        ...blocksOf(config.ordered_cache_behavior).map((behaviour) => ({ name: `behaviour ${String(behaviour.path_pattern)}`, policy: behaviour.viewer_protocol_policy })),
      ];
      const plain = behaviours.filter(({ policy }) => !HTTPS_VIEWER_POLICIES.includes(String(policy)));
      return plain.length === 0 ? undefined : plain.map(({ name, policy }) => `${name} has viewer_protocol_policy ${describeValue(policy)}`).join('; ');
    },
  },
  {
    id: 'PLAT-CF-002',
    checkovIds: ['CKV_AWS_174'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: DISTRIBUTION,
    description: 'Distributions with a custom certificate accept TLS 1.2 or later only (the default *.cloudfront.net certificate cannot be restricted; checkov fails it too).',
    fix: 'set viewer_certificate.minimum_protocol_version = "TLSv1.2_2021"',
    check({ config }) {
      const certificate = blockOf(config.viewer_certificate);
      const custom = isNonEmptyString(certificate?.acm_certificate_arn) || isNonEmptyString(certificate?.iam_certificate_id);
      if (!custom || TLS_12_OR_LATER.test(String(certificate?.minimum_protocol_version))) return undefined;
      return `viewer_certificate.minimum_protocol_version is ${describeValue(certificate?.minimum_protocol_version)}`;
    },
  },
  {
    id: 'PLAT-CF-003',
    checkovIds: ['CKV_AWS_68'],
    complianceIds: ['FSBP-CloudFront.6'],
    severity: 'error',
    resourceTypes: DISTRIBUTION,
    description: 'A WAF web ACL filters requests before they reach the cache or the origins.',
    fix: 'set web_acl_id to the ARN of a WAFv2 web ACL with scope CLOUDFRONT (ContentDelivery from @platform/data creates one)',
    check: ({ config }) => requireSet(config, 'web_acl_id'),
  },
  {
    id: 'PLAT-CF-004',
    checkovIds: ['CKV_AWS_86'],
    complianceIds: ['FSBP-CloudFront.5'],
    severity: 'warning',
    resourceTypes: DISTRIBUTION,
    description: 'Access logs are delivered: logging_config (legacy) or a CloudWatch log delivery of ACCESS_LOGS for the distribution.',
    fix: 'add an aws_cloudwatch_log_delivery_source (log_type ACCESS_LOGS, resource_arn of the distribution) with a delivery and destination, or a logging_config block',
    check(distribution, stack) {
      const legacy = blockOf(distribution.config.logging_config)?.bucket !== undefined;
      return legacy || hasLogDelivery(distribution, stack) ? undefined : 'has no access logging';
    },
  },
  {
    id: 'PLAT-CF-005',
    checkovIds: ['CKV2_AWS_72', 'CKV2_AWS_54'],
    complianceIds: ['FSBP-CloudFront.9', 'FSBP-CloudFront.10'],
    severity: 'error',
    resourceTypes: DISTRIBUTION,
    description: 'Custom origins are reached over HTTPS with TLS 1.2.',
    fix: 'set custom_origin_config.origin_protocol_policy = "https-only" and origin_ssl_protocols = ["TLSv1.2"]',
    check({ config }) {
      const problems = blocksOf(config.origin).flatMap((origin) => {
        const custom = blockOf(origin.custom_origin_config);
        if (custom === undefined) return [];
        const name = `origin ${String(origin.origin_id)}`;
        const weak = stringsOf(custom.origin_ssl_protocols).filter((protocol) => !SECURE_ORIGIN_PROTOCOLS.includes(protocol));
        return [
          ...(custom.origin_protocol_policy === 'https-only' ? [] : [`${name} has origin_protocol_policy ${describeValue(custom.origin_protocol_policy)}`]),
          ...(weak.length === 0 ? [] : [`${name} allows ${weak.join(', ')}`]),
        ];
      });
      return problems.join('; ') || undefined;
    },
  },
];
