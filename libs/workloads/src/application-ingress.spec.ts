import { albIngressAnnotations } from '@platform/cluster-addons';
import { synthJson } from '@platform/terraform-testing';
import { ApplicationIngress, ApplicationIngressProps } from './application-ingress';
import { Json, TEST_ALB } from './private/testing';

const SEED_002_ROUTES: ApplicationIngressProps = {
  alb: TEST_ALB,
  namespace: 'production',
  name: 'api',
  host: 'api.example.com',
  paths: [
    { path: '/api/v1/auth', serviceName: 'auth-service', servicePort: 80 },
    { path: '/api/v1/users', serviceName: 'user-service', servicePort: 80 },
  ],
};

const synth = (props: Partial<ApplicationIngressProps> = {}): Json =>
  synthJson((scope) => new ApplicationIngress(scope, 'Ingress', { ...SEED_002_ROUTES, ...props })).resource('kubernetes_ingress_v1', 'Ingress');

describe('ApplicationIngress', () => {
  it('serves the host from the shared ALB: HTTPS with the ACM certificate, HTTP redirected, behind the REGIONAL web ACL', () => {
    const ingress = synth();
    expect(ingress.metadata).toMatchObject({ name: 'api', namespace: 'production' });
    expect(ingress.metadata.annotations).toEqual(albIngressAnnotations(TEST_ALB));
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/wafv2-acl-arn': TEST_ALB.webAclArn,
      'alb.ingress.kubernetes.io/certificate-arn': TEST_ALB.certificateArn,
    });
    expect(ingress.spec.ingress_class_name).toBe('alb');
    // The ALB terminates TLS with the ACM certificate: no Kubernetes TLS Secret.
    expect(ingress.spec).not.toHaveProperty('tls');
  });

  it('routes the seed 002 path prefixes to their services', () => {
    expect(synth().spec.rule).toEqual([
      {
        host: 'api.example.com',
        http: {
          path: [
            { path: '/api/v1/auth', path_type: 'Prefix', backend: { service: { name: 'auth-service', port: { number: 80 } } } },
            { path: '/api/v1/users', path_type: 'Prefix', backend: { service: { name: 'user-service', port: { number: 80 } } } },
          ],
        },
      },
    ]);
  });

  it('leaves the host to external-dns unless Terraform owns its records (failover), then opts out by annotation', () => {
    const source = 'external-dns.alpha.kubernetes.io/ingress-hostname-source';
    expect(synth().metadata.annotations).not.toHaveProperty(source);
    expect(synth({ publishHostWithExternalDns: false }).metadata.annotations[source]).toBe('annotation-only');
  });

  it('rejects invalid hosts, paths routed twice and an ALB without a REGIONAL web ACL, naming the field', () => {
    expect(() => synth({ host: 'api' })).toThrow("Ingress: host: 'api' is not a fully qualified host name. Fix: use e.g. api.example.com");
    expect(() => synth({ paths: [...SEED_002_ROUTES.paths, { path: '/api/v1/auth', serviceName: 'auth-v2', servicePort: 80 }] })).toThrow(
      'Ingress: paths: routes /api/v1/auth more than once. Fix: route each path to one service',
    );
    expect(() => synth({ alb: { ...TEST_ALB, webAclArn: 'none' } })).toThrow(/Ingress: alb\.webAclArn: 'none' is not a REGIONAL WAFv2 web ACL ARN/);
  });
});
