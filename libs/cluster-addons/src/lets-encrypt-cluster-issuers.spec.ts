import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { LetsEncryptClusterIssuers, LetsEncryptClusterIssuersProps } from './lets-encrypt-cluster-issuers';

describe('LetsEncryptClusterIssuers', () => {
  const synth = (props: Partial<LetsEncryptClusterIssuersProps> = {}) =>
    synthJson((scope) => {
      const release = new TerraformVariable(scope, 'release', {});
      new LetsEncryptClusterIssuers(scope, 'issuers', { email: 'platform@example.com', dependsOn: [release], ...props });
    });
  const json = synth();
  const manifest = (id: string) => json.resource('kubernetes_manifest', id).manifest as Record<string, unknown>;

  it.each([
    ['Staging', 'letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
    ['Production', 'letsencrypt-production', 'https://acme-v02.api.letsencrypt.org/directory'],
  ])('creates the %s ClusterIssuer solving HTTP-01 through the alb IngressClass', (id, name, server) => {
    expect(manifest(id)).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name },
      spec: {
        acme: {
          email: 'platform@example.com',
          server,
          privateKeySecretRef: { name: `${name}-account-key` },
          solvers: [{ http01: { ingress: { ingressClassName: 'alb' } } }],
        },
      },
    });
  });

  it('creates the issuers only after what they depend on (the cert-manager release and its CRDs)', () => {
    for (const issuer of json.resources('kubernetes_manifest')) expect(issuer.depends_on).toEqual(['var.release']);
  });

  it('solves challenges through another IngressClass when asked', () => {
    const issuer = synth({ ingressClassName: 'public' }).resource('kubernetes_manifest', 'Production').manifest as { spec: { acme: { solvers: unknown } } };
    expect(issuer.spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'public' } } }]);
  });

  it.each<[string, LetsEncryptClusterIssuersProps['solverIngressAnnotations']]>([
    ['none asked', undefined],
    ['an empty set', {}],
  ])('leaves the solver Ingresses without a template when %s', (_case, solverIngressAnnotations) => {
    for (const issuer of synth({ solverIngressAnnotations }).resources('kubernetes_manifest')) {
      expect((issuer.manifest as { spec: { acme: { solvers: unknown } } }).spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'alb' } } }]);
    }
  });

  it('annotates the solver Ingresses of both issuers when asked, e.g. to keep external-dns off hosts Terraform owns', () => {
    const annotations = { 'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only' };
    const issuers = synth({ solverIngressAnnotations: annotations }).resources('kubernetes_manifest');
    expect(issuers).toHaveLength(2);
    for (const issuer of issuers) {
      expect((issuer.manifest as { spec: { acme: { solvers: unknown } } }).spec.acme.solvers).toEqual([
        { http01: { ingress: { ingressClassName: 'alb', ingressTemplate: { metadata: { annotations } } } } },
      ]);
    }
  });

  it.each([
    ['', /issuers: email: is missing/],
    ['platform', /issuers: email: 'platform' is not an email address/],
  ])('rejects the email %j', (email, message) => {
    expect(() => synth({ email })).toThrow(message);
  });
});
