import { synthJson } from '@platform/terraform-testing';
import { albIngressAnnotations, AlbIngressSettings, validateAlbIngressSettings } from './alb-ingress';
import { IngressHealthEndpoint } from './ingress-health-endpoint';

const ALB: AlbIngressSettings = {
  loadBalancerName: 'platform-production-ingress',
  certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0000-1111',
  webAclArn: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform-production-ingress/2222',
  securityGroupIds: ['sg-0123abcd', 'sg-4567ef01'],
};
const A = 'alb.ingress.kubernetes.io';

describe('albIngressAnnotations', () => {
  it('puts the Ingress on the shared internet-facing ALB with IP targets, HTTPS only, the certificate, TLS policy and web ACL', () => {
    expect(albIngressAnnotations(ALB)).toEqual({
      [`${A}/group.name`]: 'platform-production-ingress',
      [`${A}/load-balancer-name`]: 'platform-production-ingress',
      [`${A}/scheme`]: 'internet-facing',
      [`${A}/target-type`]: 'ip',
      [`${A}/listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]',
      [`${A}/ssl-redirect`]: '443',
      [`${A}/certificate-arn`]: ALB.certificateArn,
      [`${A}/ssl-policy`]: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      [`${A}/wafv2-acl-arn`]: ALB.webAclArn,
      [`${A}/security-groups`]: 'sg-0123abcd,sg-4567ef01',
      [`${A}/manage-backend-security-group-rules`]: 'false',
      [`${A}/load-balancer-attributes`]: 'routing.http.drop_invalid_header_fields.enabled=true,deletion_protection.enabled=true',
    });
  });

  it('turns deletion protection off only when asked, logs access where told, and sets a health check path', () => {
    const annotations = albIngressAnnotations({ ...ALB, deletionProtection: false, accessLogs: { bucket: 'platform-logs', prefix: 'ingress' } }, '/ready');
    expect(annotations[`${A}/load-balancer-attributes`]).toBe(
      'routing.http.drop_invalid_header_fields.enabled=true,deletion_protection.enabled=false,access_logs.s3.enabled=true,access_logs.s3.bucket=platform-logs,access_logs.s3.prefix=ingress',
    );
    expect(annotations).toMatchObject({ [`${A}/healthcheck-path`]: '/ready', [`${A}/success-codes`]: '200-399' });
  });

  it.each<[string, Partial<AlbIngressSettings>, RegExp]>([
    ['a CLOUDFRONT web ACL', { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/3333' }, /alb\.webAclArn: .* is not a REGIONAL WAFv2 web ACL ARN\. Fix: pass the ARN of a REGIONAL web ACL/],
    ['no web ACL', { webAclArn: '' }, /alb\.webAclArn: is missing/],
    ['a name longer than 32 characters', { loadBalancerName: 'platform-production-ingress-eu-west-1' }, /alb\.loadBalancerName: .* is not an ALB name/],
    ['no security group', { securityGroupIds: [] }, /alb\.securityGroupIds: is empty/],
    ['a certificate that is no ACM ARN', { certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }, /alb\.certificateArn: .* is not an ACM certificate ARN/],
  ])('refuses %s', (_case, change, message) => {
    expect(() => synthJson((scope) => validateAlbIngressSettings(scope, { ...ALB, ...change }, 'alb'))).toThrow(message);
  });
});

describe('IngressHealthEndpoint', () => {
  const json = synthJson((scope) => new IngressHealthEndpoint(scope, 'health', { alb: ALB, hostname: 'ingress.eu-central-1.example.com' }));
  const [ingress] = json.resources('kubernetes_ingress_v1') as unknown as { metadata: { namespace: string; annotations: Record<string, string> }; spec: Record<string, unknown> }[];

  it('answers https://<regional name>/healthz with a fixed 200 from the shared ALB itself', () => {
    expect(ingress.metadata.namespace).toBe('kube-system');
    expect(ingress.spec).toEqual({
      ingress_class_name: 'alb',
      rule: [{ host: 'ingress.eu-central-1.example.com', http: { path: [{ path: '/healthz', path_type: 'Exact', backend: { service: { name: 'healthz', port: { name: 'use-annotation' } } } }] } }],
    });
    expect(JSON.parse(ingress.metadata.annotations[`${A}/actions.healthz`])).toEqual({ type: 'fixed-response', fixedResponseConfig: { contentType: 'text/plain', statusCode: '200', messageBody: 'ok' } });
  });

  it('joins the shared ALB with its web ACL', () => {
    expect(ingress.metadata.annotations).toMatchObject(albIngressAnnotations(ALB));
  });

  it('refuses a name that is no host name', () => {
    expect(() => synthJson((scope) => new IngressHealthEndpoint(scope, 'health', { alb: ALB, hostname: 'https://ingress' }))).toThrow(/health: hostname: 'https:\/\/ingress' is not a host name/);
  });
});
