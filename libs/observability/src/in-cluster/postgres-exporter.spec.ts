import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { PostgresExporter, PostgresExporterProps } from './postgres-exporter';
import { manifestOf, releaseSettings, valuesOf } from './private/testing';

const PROPS: PostgresExporterProps = { host: 'platform-production.abc123.eu-central-1.rds.amazonaws.com', database: 'novel_engine', credentialsSecretName: 'rds!db-0123' };

describe('PostgresExporter', () => {
  const synth = (props: Partial<PostgresExporterProps> = {}) => synthJson((scope) => new PostgresExporter(scope, 'postgres', { ...PROPS, ...props }));
  const json = synth();
  const release = json.resource('helm_release', 'postgres');
  const values = valuesOf(release);

  it('installs the pinned chart into monitoring, atomically, after its credentials are synced', () => {
    expect(release).toMatchObject({ ...releaseSettings('postgresExporter'), chart: 'prometheus-postgres-exporter', version: '8.2.0' });
    expect(release.depends_on).toEqual([`kubernetes_manifest.${json.resource('kubernetes_manifest', 'Credentials').logicalId}`]);
  });

  it('connects to the database over TLS on 5432 with the synced user name and password', () => {
    expect(values.config.datasource).toEqual({
      host: PROPS.host,
      port: '5432',
      database: 'novel_engine',
      sslmode: 'require',
      userSecret: { name: 'postgres-exporter-credentials', key: 'username' },
      passwordSecret: { name: 'postgres-exporter-credentials', key: 'password' },
    });
  });

  it('syncs username and password from the JSON properties of the RDS-managed secret', () => {
    expect(manifestOf(json, 'Credentials').spec.data).toEqual([
      { secretKey: 'username', remoteRef: { key: 'rds!db-0123', property: 'username' } },
      { secretKey: 'password', remoteRef: { key: 'rds!db-0123', property: 'password' } },
    ]);
  });

  it('serves metrics on 9187 (seed 000) with a ServiceMonitor', () => {
    expect(values.service).toEqual({ port: 9187, targetPort: 9187 });
    expect(values.serviceMonitor).toEqual({ enabled: true });
  });

  it('takes the RDS address from another stack as a reference', () => {
    const late = synthJson((scope) => {
      const address = new TerraformVariable(scope, 'address', {});
      new PostgresExporter(scope, 'postgres', { ...PROPS, host: address.stringValue });
    });
    expect(valuesOf(late.resource('helm_release', 'postgres')).config.datasource.host).toBe('${var.address}');
  });

  it.each<[string, Partial<PostgresExporterProps>, RegExp]>([
    ['a host with a scheme', { host: 'postgres://db.example.com' }, /postgres: host: 'postgres:\/\/db.example.com' is not a host name/],
    ['a port out of range', { port: 70000 }, /postgres: port: 70000 is not a port/],
    ['an invalid database name', { database: 'novel-engine' }, /postgres: database: 'novel-engine' is not a PostgreSQL database name/],
    ['no credentials secret', { credentialsSecretName: '' }, /postgres: credentialsSecretName: is missing/],
    ['a malformed credentials secret', { credentialsSecretName: 'rds secret' }, /postgres: credentialsSecretName: 'rds secret' is not a Secrets Manager secret name or ARN/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
