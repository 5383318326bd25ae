import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { ExternalDns, ExternalDnsProps } from './external-dns';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

const PROPS: ExternalDnsProps = {
  hostedZoneName: 'example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  clusterName: 'platform-production',
  region: 'eu-central-1',
  roleArn: 'arn:aws:iam::123456789012:role/platform-production-external-dns',
};

describe('ExternalDns', () => {
  const synth = (props: Partial<ExternalDnsProps> = {}) => synthJson((scope) => new ExternalDns(scope, 'dns', { ...PROPS, ...props }));
  const release = releaseOf(synth(), 'dns');
  const values = valuesOf(release);

  it('installs the pinned kubernetes-sigs chart into its own namespace, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.externalDns, 'external-dns', true),
      name: 'external-dns',
      repository: 'https://kubernetes-sigs.github.io/external-dns/',
      chart: 'external-dns',
      version: '1.21.1',
    });
  });

  it('manages only the hosted zone, owning records as the cluster, never deleting any by default', () => {
    expect(values).toMatchObject({
      provider: { name: 'aws' },
      domainFilters: ['example.com'],
      txtOwnerId: 'platform-production',
      registry: 'txt',
      policy: 'upsert-only',
      sources: ['service', 'ingress'],
      extraArgs: { 'aws-zone-type': 'public', 'zone-id-filter': 'Z0123456789ABCDEFGHIJ' },
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'eu-central-1' }],
    });
  });

  it('runs as the service account the IRSA role trusts', () => {
    expect(values.serviceAccount).toEqual({ create: true, name: 'external-dns', annotations: { 'eks.amazonaws.com/role-arn': PROPS.roleArn } });
  });

  it('deletes the records it owns when asked to sync', () => {
    expect(valuesOf(releaseOf(synth({ policy: 'sync' }), 'dns')).policy).toBe('sync');
  });

  it.each<[string, Partial<ExternalDnsProps>, RegExp]>([
    ['a missing hosted zone', { hostedZoneName: '' }, /dns: hostedZoneName: is missing/],
    ['a zone name with a trailing dot', { hostedZoneName: 'example.com.' }, /dns: hostedZoneName: 'example.com.' is not a DNS zone name\. Fix: pass the Route 53 zone name without the trailing dot/],
    ['a missing hosted zone id', { hostedZoneId: '' }, /dns: hostedZoneId: is missing\. Fix: pass the id of the Route 53 zone hostedZoneName/],
    ['a hosted zone id with its /hostedzone/ prefix', { hostedZoneId: '/hostedzone/Z0123456789ABCDEFGHIJ' }, /dns: hostedZoneId: '\/hostedzone\/Z0123456789ABCDEFGHIJ' is not a Route 53 hosted zone id/],
    ['an unknown policy', { policy: 'delete-all' as never }, /dns: policy: 'delete-all' is not an ExternalDNS policy\. Fix: use one of upsert-only, sync, create-only/],
    ['a malformed role ARN', { roleArn: 'dns' }, /dns: roleArn: 'dns' is not an IAM role ARN/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
