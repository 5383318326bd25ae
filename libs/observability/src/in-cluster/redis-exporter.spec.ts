import { synthJson } from '@platform/terraform-testing';
import { manifestOf, releaseSettings, valuesOf } from './private/testing';
import { RedisExporter, RedisExporterProps } from './redis-exporter';

const PROPS: RedisExporterProps = { host: 'master.platform-production.abc123.euc1.cache.amazonaws.com' };

describe('RedisExporter', () => {
  const synth = (props: Partial<RedisExporterProps> = {}) => synthJson((scope) => new RedisExporter(scope, 'redis', { ...PROPS, ...props }));
  const json = synth();
  const release = json.resource('helm_release', 'redis');
  const values = valuesOf(release);

  it('installs the pinned chart into monitoring, atomically', () => {
    expect(release).toMatchObject({ ...releaseSettings('redisExporter'), chart: 'prometheus-redis-exporter', version: '6.29.0' });
  });

  it('scrapes the primary over TLS on 6379 and serves metrics on 9121 (seed 000) with a ServiceMonitor', () => {
    expect(values.redisAddress).toBe('rediss://master.platform-production.abc123.euc1.cache.amazonaws.com:6379');
    expect(values.service).toEqual({ port: 9121 });
    expect(values.serviceMonitor).toEqual({ enabled: true });
  });

  it('signs in without credentials unless a secret is given (redis_exporter cannot use IAM authentication)', () => {
    expect(values.auth).toEqual({ enabled: false });
    expect(values).not.toHaveProperty('env');
    expect(json.resources('kubernetes_manifest')).toEqual([]);
  });

  it('signs in as the user of the given secret, synced by an ExternalSecret', () => {
    const authenticated = synth({ credentialsSecretName: 'platform/production/redis-exporter' });
    const authValues = valuesOf(authenticated.resource('helm_release', 'redis'));
    expect(authValues.auth).toEqual({ enabled: true, secret: { name: 'redis-exporter-credentials', key: 'password' } });
    expect(authValues.env).toEqual([{ name: 'REDIS_USER', valueFrom: { secretKeyRef: { name: 'redis-exporter-credentials', key: 'username' } } }]);
    expect(manifestOf(authenticated, 'Credentials').spec.data).toEqual([
      { secretKey: 'username', remoteRef: { key: 'platform/production/redis-exporter', property: 'username' } },
      { secretKey: 'password', remoteRef: { key: 'platform/production/redis-exporter', property: 'password' } },
    ]);
    expect(authenticated.resource('helm_release', 'redis').depends_on).toEqual([`kubernetes_manifest.${authenticated.resource('kubernetes_manifest', 'Credentials').logicalId}`]);
  });

  it.each<[string, Partial<RedisExporterProps>, RegExp]>([
    ['a host with a scheme', { host: 'rediss://cache.example.com' }, /redis: host: 'rediss:\/\/cache.example.com' is not a host name/],
    ['a port out of range', { port: 0 }, /redis: port: 0 is not a port/],
    ['a malformed credentials secret', { credentialsSecretName: 'redis exporter' }, /redis: credentialsSecretName: 'redis exporter' is not a Secrets Manager secret name or ARN/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
