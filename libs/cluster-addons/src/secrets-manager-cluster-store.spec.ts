import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { SECRETS_MANAGER_CLUSTER_STORE, SecretsManagerClusterStore, SecretsManagerClusterStoreProps } from './secrets-manager-cluster-store';

describe('SecretsManagerClusterStore', () => {
  const synth = (props: Partial<SecretsManagerClusterStoreProps> = {}) =>
    synthJson((scope) => {
      const release = new TerraformVariable(scope, 'release', {});
      new SecretsManagerClusterStore(scope, 'store', { region: 'eu-central-1', dependsOn: [release], ...props });
    });
  const store = synth().resource('kubernetes_manifest', 'store');

  it('creates the ClusterSecretStore aws-secrets-manager for Secrets Manager in the region, using the controller’s IRSA role', () => {
    expect(SECRETS_MANAGER_CLUSTER_STORE).toBe('aws-secrets-manager');
    expect(store.manifest).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws-secrets-manager' },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-central-1' } } },
    });
  });

  it('is created after the external-secrets release (its CRD and webhook)', () => {
    expect(store.depends_on).toEqual(['var.release']);
  });

  it('limits the store to the given namespaces', () => {
    const limited = synth({ namespaces: ['monitoring', 'production'] }).resource('kubernetes_manifest', 'store').manifest as { spec: { conditions: unknown } };
    expect(limited.spec.conditions).toEqual([{ namespaces: ['monitoring', 'production'] }]);
  });

  it.each<[string, Partial<SecretsManagerClusterStoreProps>, RegExp]>([
    ['a malformed region', { region: 'Frankfurt' }, /store: region: 'Frankfurt' is not an AWS region/],
    ['an empty namespace list', { namespaces: [] }, /store: namespaces: is empty, so no ExternalSecret could use the store/],
    ['an invalid namespace', { namespaces: ['Prod'] }, /store: namespaces: 'Prod' is not a namespace name/],
    ['a namespace listed twice', { namespaces: ['monitoring', 'monitoring'] }, /store: namespaces: lists a namespace twice/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
