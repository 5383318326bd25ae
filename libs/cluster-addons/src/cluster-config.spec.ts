import { synthJson } from '@platform/terraform-testing';
import { ClusterConfig, ClusterConfigProps } from './cluster-config';

describe('ClusterConfig', () => {
  const PROPS: ClusterConfigProps = { region: 'eu-central-1', acmeEmail: 'platform@example.com' };
  const synth = (props: Partial<ClusterConfigProps> = {}) => synthJson((scope) => new ClusterConfig(scope, 'config', { ...PROPS, ...props }));
  const manifests = (json: ReturnType<typeof synth>) => json.resources('kubernetes_manifest').map((resource) => resource.manifest as { kind: string; metadata: { name: string }; spec: Record<string, unknown> });

  describe('with cert-manager and external-secrets (the default)', () => {
    const created = manifests(synth());

    it('creates the Let’s Encrypt ClusterIssuers solving HTTP-01 through the ALB, and the Secrets Manager ClusterSecretStore', () => {
      expect(created.map(({ kind, metadata }) => `${kind} ${metadata.name}`).sort()).toEqual([
        'ClusterIssuer letsencrypt-production',
        'ClusterIssuer letsencrypt-staging',
        'ClusterSecretStore aws-secrets-manager',
      ]);
      for (const issuer of created.filter(({ kind }) => kind === 'ClusterIssuer')) {
        expect(issuer.spec).toMatchObject({ acme: { email: 'platform@example.com', solvers: [{ http01: { ingress: { ingressClassName: 'alb' } } }] } });
      }
      expect(created.find(({ kind }) => kind === 'ClusterSecretStore')?.spec).toEqual({ provider: { aws: { service: 'SecretsManager', region: 'eu-central-1' } } });
    });

    it('waits on nothing in its own stack: the stack follows the one installing the CRDs', () => {
      for (const resource of synth().resources('kubernetes_manifest')) expect(resource).not.toHaveProperty('depends_on');
    });
  });

  it('passes the solver Ingress annotations to both issuers', () => {
    const annotations = { 'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only' };
    const issuers = manifests(synth({ solverIngressAnnotations: annotations })).filter(({ kind }) => kind === 'ClusterIssuer');
    expect(issuers).toHaveLength(2);
    for (const issuer of issuers) expect(issuer.spec).toMatchObject({ acme: { solvers: [{ http01: { ingress: { ingressTemplate: { metadata: { annotations } } } } }] } });
  });

  it.each<[string, ClusterConfigProps['addons'], string[]]>([
    ['cert-manager off: no issuers', { certManager: false }, ['ClusterSecretStore']],
    ['external-secrets off: no store', { externalSecrets: false }, ['ClusterIssuer', 'ClusterIssuer']],
    ['both off: nothing', { certManager: false, externalSecrets: false }, []],
  ])('with %s', (_case, addons, kinds) => {
    expect(manifests(synth({ addons, acmeEmail: addons?.certManager === false ? undefined : PROPS.acmeEmail })).map(({ kind }) => kind).sort()).toEqual(kinds);
  });

  it.each<[string, Partial<ClusterConfigProps>, RegExp]>([
    ['a missing ACME email', { acmeEmail: undefined }, /config: acmeEmail: is missing\. Fix: pass the Let's Encrypt account's contact address, or disable the add-on with addons\.certManager: false/],
    ['a malformed ACME email', { acmeEmail: 'platform' }, /config: acmeEmail: 'platform' is not an email address/],
    ['a malformed region', { region: 'Frankfurt' }, /config: region: 'Frankfurt' is not an AWS region/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
