import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { ExternalSecret, ExternalSecretProps } from './external-secret';
import { manifestOf } from './private/testing';

const PROPS: ExternalSecretProps = {
  targetSecretName: 'grafana-admin',
  data: [
    { secretKey: 'admin-user', remoteRef: { key: 'platform/production/observability/grafana-admin', property: 'admin-user' } },
    { secretKey: 'token', remoteRef: { key: 'platform/production/observability/token' } },
  ],
};
const synth = (props: Partial<ExternalSecretProps> = {}) => synthJson((scope) => new ExternalSecret(scope, 'secret', { ...PROPS, ...props }));

describe('ExternalSecret', () => {
  const json = synth();
  const resource = json.resource('kubernetes_manifest', 'secret');

  it('syncs the Secret from Secrets Manager through the aws-secrets-manager ClusterSecretStore, hourly', () => {
    expect(resource.manifest).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'grafana-admin', namespace: 'monitoring' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
        target: { name: 'grafana-admin', creationPolicy: 'Owner' },
        data: [
          { secretKey: 'admin-user', remoteRef: { key: 'platform/production/observability/grafana-admin', property: 'admin-user' } },
          { secretKey: 'token', remoteRef: { key: 'platform/production/observability/token' } },
        ],
      },
    });
  });

  it('makes the apply wait until the Secret is synced, unless told not to', () => {
    expect(resource.wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
    expect(synth({ waitForReady: false }).resource('kubernetes_manifest', 'secret')).not.toHaveProperty('wait');
  });

  it('takes another store, namespace and refresh interval, and a source ARN known only at apply time', () => {
    const custom = synthJson((scope) => {
      const arn = new TerraformVariable(scope, 'arn', {});
      new ExternalSecret(scope, 'secret', {
        ...PROPS,
        namespace: 'observability',
        secretStoreName: 'vault',
        refreshInterval: '15m',
        data: [{ secretKey: 'password', remoteRef: { key: arn.stringValue, property: 'password' } }],
      });
    });
    expect(manifestOf(custom, 'secret')).toMatchObject({
      metadata: { namespace: 'observability' },
      spec: { refreshInterval: '15m', secretStoreRef: { name: 'vault' }, data: [{ secretKey: 'password', remoteRef: { key: '${var.arn}', property: 'password' } }] },
    });
  });

  it.each<[string, Partial<ExternalSecretProps>, RegExp]>([
    ['no data', { data: [] }, /secret: data: is empty, so the Secret would have no keys/],
    ['an invalid Secret key', { data: [{ secretKey: 'admin user', remoteRef: { key: 'a/b' } }] }, /secret: data: secretKey 'admin user' is not a valid Secret key/],
    ['a Secret key twice', { data: [PROPS.data[0], PROPS.data[0]] }, /secret: data: maps a Secret key twice/],
    ['an invalid source', { data: [{ secretKey: 'a', remoteRef: { key: 'no spaces allowed' } }] }, /secret: data\.a\.remoteRef\.key: 'no spaces allowed' is not a Secrets Manager secret name or ARN/],
    ['an empty property', { data: [{ secretKey: 'a', remoteRef: { key: 'a/b', property: '' } }] }, /secret: data\.a\.remoteRef\.property: is empty/],
    ['an invalid Secret name', { targetSecretName: 'Grafana_Admin' }, /secret: targetSecretName: 'Grafana_Admin' is not a Secret name/],
    ['a refresh interval that is no Go duration', { refreshInterval: '1 day' }, /secret: refreshInterval: '1 day' is not a Go duration/],
    ['an invalid namespace', { namespace: 'Monitoring' }, /secret: namespace: 'Monitoring' is not a namespace name/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
