import { CloudfrontDistribution, CloudfrontDistributionConfig, CloudfrontDistributionOrigin } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { CLOUDFRONT_RULES } from './cloudfront-rules';

const API_ORIGIN: CloudfrontDistributionOrigin = {
  originId: 'api',
  domainName: 'api.example.com',
  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
};

/** A distribution like ContentDelivery's: HTTPS viewers, WAF, HTTPS-only API origin, v2 access log delivery. */
function distribution(scope: Construct, overrides: Partial<CloudfrontDistributionConfig> = {}, logDelivery = true): CloudfrontDistribution {
  const resource = new CloudfrontDistribution(scope, 'Cdn', {
    enabled: true,
    origin: [{ originId: 'storage', domainName: 'storage.s3.eu-central-1.amazonaws.com', originAccessControlId: 'oac-1' }, API_ORIGIN],
    defaultCacheBehavior: { targetOriginId: 'storage', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], viewerProtocolPolicy: 'redirect-to-https' },
    orderedCacheBehavior: [
      { pathPattern: '/api/*', targetOriginId: 'api', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], viewerProtocolPolicy: 'https-only' },
    ],
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/c', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    webAclId: 'arn:aws:wafv2:us-east-1:1:global/webacl/platform/1',
    ...overrides,
  });
  if (logDelivery) {
    const source = new CloudwatchLogDeliverySource(scope, 'AccessLogSource', { name: 'cdn', logType: 'ACCESS_LOGS', resourceArn: resource.arn });
    const destination = new CloudwatchLogDeliveryDestination(scope, 'AccessLogDestination', {
      name: 'cdn-s3',
      deliveryDestinationConfiguration: [{ destinationResourceArn: 'arn:aws:s3:::access-logs' }],
    });
    new CloudwatchLogDelivery(scope, 'AccessLogDelivery', { deliverySourceName: source.name, deliveryDestinationArn: destination.arn });
  }
  return resource;
}

describe('CloudFront rules', () => {
  testRulePack(CLOUDFRONT_RULES, (stack) => distribution(stack), {
    'PLAT-CF-001': [
      {
        name: 'an ordered behaviour that allows HTTP',
        build: (stack) =>
          distribution(stack, {
            orderedCacheBehavior: [{ pathPattern: '/legacy/*', targetOriginId: 'api', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], viewerProtocolPolicy: 'allow-all' }],
          }),
        path: 'Cdn',
        problem: 'behaviour /legacy/* has viewer_protocol_policy "allow-all"',
      },
    ],
    'PLAT-CF-002': [
      {
        name: 'a custom certificate accepting TLS 1.0',
        build: (stack) => distribution(stack, { viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/c', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1' } }),
        path: 'Cdn',
        problem: 'viewer_certificate.minimum_protocol_version is "TLSv1"',
      },
    ],
    'PLAT-CF-003': [{ name: 'no WAF', build: (stack) => distribution(stack, { webAclId: undefined }), path: 'Cdn', problem: 'web_acl_id is not set' }],
    'PLAT-CF-004': [{ name: 'no access logs', build: (stack) => distribution(stack, {}, false), path: 'Cdn', problem: 'has no access logging' }],
    'PLAT-CF-005': [
      {
        name: 'an origin reached over HTTP with TLS 1.0 allowed',
        build: (stack) =>
          distribution(stack, {
            origin: [{ ...API_ORIGIN, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'match-viewer', originSslProtocols: ['TLSv1', 'TLSv1.2'] } }],
          }),
        path: 'Cdn',
        problem: 'origin api has origin_protocol_policy "match-viewer"; origin api allows TLSv1',
      },
    ],
  });

  it('accepts the default certificate, whose TLS floor cannot be raised', () => {
    expect(findingsOf('PLAT-CF-002', (stack) => distribution(stack, { viewerCertificate: { cloudfrontDefaultCertificate: true } }))).toEqual([]);
  });

  it('accepts legacy logging_config instead of a log delivery', () => {
    expect(findingsOf('PLAT-CF-004', (stack) => distribution(stack, { loggingConfig: { bucket: 'logs.s3.amazonaws.com' } }, false))).toEqual([]);
  });
});

describe('CloudFront rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: Construct) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  /** A distribution without the v2 log delivery, plus a delivery source of `logType`, delivered or not. */
  const withSource = (logType: string, delivered: boolean) => (stack: Construct) => {
    const resource = distribution(stack, {}, false);
    const source = new CloudwatchLogDeliverySource(stack, 'Source', { name: 'cdn', logType, resourceArn: resource.arn });
    if (delivered) new CloudwatchLogDelivery(stack, 'Delivery', { deliverySourceName: source.name, deliveryDestinationArn: 'arn:aws:logs:us-east-1:1:delivery-destination:d' });
  };

  it.each<[string, string, (stack: Construct) => void, string[]]>([
    ['PLAT-CF-001', 'a default behaviour allowing HTTP', (stack) => distribution(stack, { defaultCacheBehavior: { targetOriginId: 'storage', allowedMethods: ['GET'], cachedMethods: ['GET'], viewerProtocolPolicy: 'allow-all' } }), ['default_cache_behavior has viewer_protocol_policy "allow-all"']],
    ['PLAT-CF-002', 'an IAM certificate accepting TLS 1.1', (stack) => distribution(stack, { viewerCertificate: { iamCertificateId: 'cert', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.1_2016' } }), ['viewer_certificate.minimum_protocol_version is "TLSv1.1_2016"']],
    ['PLAT-CF-002', 'an IAM certificate with TLS 1.2', (stack) => distribution(stack, { viewerCertificate: { iamCertificateId: 'cert', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2019' } }), []],
    ['PLAT-CF-004', 'a delivery source of another log type', withSource('CONNECTION_LOGS', true), ['has no access logging']],
    ['PLAT-CF-004', 'an access log source delivered nowhere', withSource('ACCESS_LOGS', false), ['has no access logging']],
    ['PLAT-CF-004', 'an access log source delivered', withSource('ACCESS_LOGS', true), []],
    ['PLAT-CF-001', 'no default behaviour (Terraform requires one) and a plain ordered one', (stack) => distribution(stack, {
      defaultCacheBehavior: undefined,
      orderedCacheBehavior: [{ pathPattern: '/legacy/*', targetOriginId: 'api', allowedMethods: ['GET'], cachedMethods: ['GET'], viewerProtocolPolicy: 'allow-all' }],
    }), ['default_cache_behavior has viewer_protocol_policy not set; behaviour /legacy/* has viewer_protocol_policy "allow-all"']],
    ['PLAT-CF-002', 'no viewer_certificate (Terraform requires one): no custom certificate', (stack) => distribution(stack, { viewerCertificate: undefined }), []],
    ['PLAT-CF-005', 'an origin allowing TLS 1.0 and 1.1', (stack) => distribution(stack, { origin: [{ ...API_ORIGIN, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] } }] }), ['origin api allows TLSv1, TLSv1.1']],
    ['PLAT-CF-005', 'an HTTPS-only origin still allowing TLS 1.1', (stack) => distribution(stack, { origin: [{ ...API_ORIGIN, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.1', 'TLSv1.2'] } }] }), ['origin api allows TLSv1.1']],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});
