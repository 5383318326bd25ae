import { synthJson } from '@platform/terraform-testing';
import { ClusterAddonsProviders, ClusterAddonsProvidersProps } from './cluster-addons-providers';

const PROPS: ClusterAddonsProvidersProps = {
  clusterName: 'platform-production',
  endpoint: 'https://ABCDEF.gr7.eu-central-1.eks.amazonaws.com',
  certificateAuthorityData: 'LS0tLS1CRUdJTg==',
  region: 'eu-central-1',
};

interface ProviderJson {
  readonly provider: { readonly kubernetes: Record<string, unknown>[]; readonly helm: { kubernetes: Record<string, unknown> }[] };
}

describe('ClusterAddonsProviders', () => {
  const synth = (props: Partial<ClusterAddonsProvidersProps> = {}) =>
    synthJson((scope) => new ClusterAddonsProviders(scope, 'providers', { ...PROPS, ...props })).json as unknown as ProviderJson;
  const expectedExec = {
    api_version: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: ['eks', 'get-token', '--cluster-name', 'platform-production', '--region', 'eu-central-1'],
  };

  describe('the Kubernetes provider', () => {
    const [kubernetes] = synth().provider.kubernetes;

    it('talks to the cluster endpoint and trusts the decoded cluster CA', () => {
      expect(kubernetes.host).toBe(PROPS.endpoint);
      expect(kubernetes.cluster_ca_certificate).toBe('${base64decode("LS0tLS1CRUdJTg==")}');
    });

    it('authenticates with a fresh `aws eks get-token` token and never a static token', () => {
      expect(kubernetes.exec).toEqual([expectedExec]);
      expect(kubernetes).not.toHaveProperty('token');
      expect(kubernetes).not.toHaveProperty('config_path');
    });
  });

  describe('the Helm provider (v3 schema: `kubernetes` and `exec` are objects)', () => {
    const [helm] = synth().provider.helm;

    it('reaches the same cluster with the same exec plugin and no static token', () => {
      expect(helm.kubernetes).toEqual({
        host: PROPS.endpoint,
        cluster_ca_certificate: '${base64decode("LS0tLS1CRUdJTg==")}',
        exec: expectedExec,
      });
    });
  });

  it('configures exactly one provider of each kind', () => {
    const json = synth();
    expect(json.provider.kubernetes).toHaveLength(1);
    expect(json.provider.helm).toHaveLength(1);
  });

  it('runs another AWS CLI binary when asked', () => {
    expect(synth({ awsCliCommand: '/usr/local/bin/aws' }).provider.kubernetes[0].exec).toEqual([{ ...expectedExec, command: '/usr/local/bin/aws' }]);
  });

  it.each<[string, Partial<ClusterAddonsProvidersProps>, RegExp]>([
    ['an empty cluster name', { clusterName: '' }, /providers: clusterName: is empty/],
    ['a plain-HTTP endpoint', { endpoint: 'http://example.com' }, /providers: endpoint: 'http:\/\/example.com' is not an https URL/],
    ['empty CA data', { certificateAuthorityData: '' }, /providers: certificateAuthorityData: is empty/],
    ['a malformed region', { region: 'Frankfurt' }, /providers: region: 'Frankfurt' is not an AWS region\. Fix: use a region name such as eu-central-1/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
