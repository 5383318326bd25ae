import { SEED_002_RATE_LIMIT } from '@platform/cluster-addons';
import { synthJson } from '@platform/terraform-testing';
import { ApplicationIngress, ApplicationIngressProps } from './application-ingress';
import { Json } from './private/testing';

const SEED_002_ROUTES: ApplicationIngressProps = {
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
  it('serves the host over HTTPS with a Let’s Encrypt certificate, redirecting HTTP', () => {
    const ingress = synth();
    expect(ingress.metadata).toMatchObject({ name: 'api', namespace: 'production' });
    expect(ingress.metadata.annotations).toMatchObject({ 'cert-manager.io/cluster-issuer': 'letsencrypt-production', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' });
    expect(ingress.spec.ingress_class_name).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secret_name: 'api-tls' }]);
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

  it('limits each client to seed 001’s 1000 requests per minute by default, shared over the 3 controller replicas', () => {
    expect(synth().metadata.annotations['nginx.ingress.kubernetes.io/limit-rpm']).toBe('334');
  });

  it('takes seed 002’s 100 requests per second', () => {
    const annotations = synth({ rateLimit: SEED_002_RATE_LIMIT, controllerReplicas: 2 }).metadata.annotations;
    expect(annotations['nginx.ingress.kubernetes.io/limit-rps']).toBe('50');
    expect(annotations).not.toHaveProperty('nginx.ingress.kubernetes.io/limit-rpm');
  });

  it('leaves the host to external-dns unless Terraform owns its records (failover), then opts out by annotation', () => {
    const source = 'external-dns.alpha.kubernetes.io/ingress-hostname-source';
    expect(synth().metadata.annotations).not.toHaveProperty(source);
    expect(synth({ publishHostWithExternalDns: false }).metadata.annotations[source]).toBe('annotation-only');
  });

  it('rejects invalid hosts, paths routed twice and invalid rate limits, naming the field', () => {
    expect(() => synth({ host: 'api' })).toThrow("Ingress: host: 'api' is not a fully qualified host name. Fix: use e.g. api.example.com");
    expect(() => synth({ paths: [...SEED_002_ROUTES.paths, { path: '/api/v1/auth', serviceName: 'auth-v2', servicePort: 80 }] })).toThrow(
      'Ingress: paths: routes /api/v1/auth more than once. Fix: route each path to one service',
    );
    expect(() => synth({ rateLimit: { requestsPerSecond: 0 } })).toThrow('Ingress: rateLimit: requestsPerSecond: 0 is not a positive whole number');
  });
});
