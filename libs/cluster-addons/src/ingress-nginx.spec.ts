import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { IngressNginx, IngressNginxProps } from './ingress-nginx';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

describe('IngressNginx', () => {
  const synth = (props: IngressNginxProps = {}) => synthJson((scope) => new IngressNginx(scope, 'nginx', props));
  const release = releaseOf(synth(), 'nginx');
  const { controller } = valuesOf(release);

  it('installs the pinned chart into its own namespace, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.ingressNginx, 'ingress-nginx', true),
      name: 'ingress-nginx',
      repository: 'https://kubernetes.github.io/ingress-nginx',
      chart: 'ingress-nginx',
      version: '4.15.1',
    });
  });

  it('asks the AWS Load Balancer Controller for an internet-facing NLB with IP targets and PROXY protocol', () => {
    expect(controller.service.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
      'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
    });
  });

  it('puts the platform’s load-balancer group on the NLB and leaves the backend rules to Terraform when given one', () => {
    const annotations = valuesOf(releaseOf(synth({ loadBalancerSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'] }), 'nginx')).controller.service.annotations;
    expect(annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-security-groups': 'sg-0aaaaaaaaaaaaaaaa',
      'service.beta.kubernetes.io/aws-load-balancer-manage-backend-security-group-rules': 'false',
    });
  });

  it('has external-dns publish a regional name for the load balancer only when asked (failover records point at it)', () => {
    const hostname = 'external-dns.alpha.kubernetes.io/hostname';
    expect(controller.service.annotations).not.toHaveProperty(hostname);
    const annotations = valuesOf(releaseOf(synth({ publishedHostname: 'ingress.eu-central-1.example.com' }), 'nginx')).controller.service.annotations;
    expect(annotations[hostname]).toBe('ingress.eu-central-1.example.com');
  });

  it('takes client IPs from the PROXY protocol, never from forgeable X-Forwarded-For headers', () => {
    expect(controller.config).toMatchObject({ 'use-proxy-protocol': 'true', 'use-forwarded-headers': 'false' });
  });

  it('answers rate-limited requests with 429 and sets HSTS, HTTPS redirects and no server tokens', () => {
    expect(controller.config).toMatchObject({
      'limit-req-status-code': '429',
      'limit-conn-status-code': '429',
      'ssl-redirect': 'true',
      hsts: 'true',
      'server-tokens': 'false',
    });
    expect(controller.allowSnippetAnnotations).toBe(false);
  });

  it('runs three replicas spread over zones, behind a disruption budget, with metrics', () => {
    expect(controller).toMatchObject({ replicaCount: 3, maxUnavailable: 1, metrics: { enabled: true } });
    expect(controller.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  it('creates the nginx IngressClass without making it the default', () => {
    expect(controller.ingressClassResource).toEqual({ name: 'nginx', enabled: true, default: false });
  });

  it('merges extra ConfigMap entries over the defaults and can stay inside the VPC', () => {
    const { controller: custom } = valuesOf(releaseOf(synth({ scheme: 'internal', config: { 'proxy-body-size': '10m', hsts: 'false' } }), 'nginx'));
    expect(custom.config).toMatchObject({ 'proxy-body-size': '10m', hsts: 'false', 'use-proxy-protocol': 'true' });
    expect(custom.service.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
  });

  it.each<[string, IngressNginxProps, RegExp]>([
    ['a single replica', { replicas: 1 }, /nginx: replicas: 1 replica\(s\) cannot survive a node drain\. Fix: run at least 2 replicas/],
    ['an unknown scheme', { scheme: 'public' as never }, /nginx: scheme: 'public' is not a load balancer scheme/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
