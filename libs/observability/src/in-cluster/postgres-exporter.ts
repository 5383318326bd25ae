import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { ExternalSecret, SecretStoreOptions } from './external-secret';
import { MonitoringPlacementProps } from './observability-charts';
import { namespaceOf, observabilityRelease } from './private/observability-release';
import { containerResources } from './private/resources';
import { DNS_NAME, requireFormat, SECRETS_MANAGER_ID } from './private/validation';

export interface PostgresExporterProps extends MonitoringPlacementProps, SecretStoreOptions {
  /** Host name of the PostgreSQL primary, e.g. the RDS instance's address (a reference to another stack is fine). */
  readonly host: string;
  /**
   * Port of the database.
   * @default 5432
   */
  readonly port?: number;
  /**
   * Database the exporter connects to; server-wide statistics come from any database.
   * @default 'postgres'
   */
  readonly database?: string;
  /**
   * Secrets Manager secret (name or ARN) with the JSON properties `username` and `password`, e.g. the RDS-managed
   * master user secret; a dedicated user with the `pg_monitor` role is the narrower choice.
   */
  readonly credentialsSecretName: string;
}

/**
 * prometheus-postgres-exporter scraping one PostgreSQL instance over TLS (`sslmode=require`: RDS enforces TLS,
 * the certificate is not verified against the RDS CA bundle) and exposing its metrics on port 9187 (seed 000) with a
 * ServiceMonitor.
 *
 * The credentials come from an ExternalSecret; the exporter reads them from environment variables at start, so
 * after RDS rotates the password the exporter needs a restart (`kubectl rollout restart`), until which `pg_up` is 0.
 *
 * Values keys verified against prometheus-community/helm-charts charts/prometheus-postgres-exporter/values.yaml and
 * templates at tag prometheus-postgres-exporter-8.2.0 (`config.datasource.{host,port,database,sslmode,userSecret,
 * passwordSecret}`, `service.{port,targetPort}`, `serviceMonitor.enabled`).
 */
export class PostgresExporter extends Construct {
  static readonly METRICS_PORT = 9187;
  static readonly DEFAULT_DATABASE = 'postgres';
  static readonly CREDENTIALS_SECRET = 'postgres-exporter-credentials';

  readonly release: Release;
  readonly credentials: ExternalSecret;

  constructor(scope: Construct, id: string, props: PostgresExporterProps) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    requireFormat(this, props.host, 'host', DNS_NAME, 'a host name', "pass the database's address, e.g. the RDS instance's address");
    const port = props.port ?? 5432;
    ConstructValidationError.require(this, Number.isInteger(port) && port >= 1 && port <= 65535, 'port', `${port} is not a port`, 'use a port between 1 and 65535');
    const database = props.database ?? PostgresExporter.DEFAULT_DATABASE;
    requireFormat(this, props.credentialsSecretName, 'credentialsSecretName', SECRETS_MANAGER_ID, 'a Secrets Manager secret name or ARN', "pass the secret's name or ARN, e.g. the RDS instance's master user secret ARN");
    requireFormat(this, database, 'database', /^[a-zA-Z_][a-zA-Z0-9_$]{0,62}$/, 'a PostgreSQL database name', 'use a letter or underscore, then letters, digits, underscores');

    this.credentials = new ExternalSecret(this, 'Credentials', {
      namespace,
      dependsOn: props.dependsOn,
      secretStoreName: props.secretStoreName,
      targetSecretName: PostgresExporter.CREDENTIALS_SECRET,
      data: ['username', 'password'].map((key) => ({ secretKey: key, remoteRef: { key: props.credentialsSecretName, property: key } })),
    });
    const secretKey = (key: string) => ({ name: PostgresExporter.CREDENTIALS_SECRET, key });
    this.release = observabilityRelease(this, {
      component: 'postgresExporter',
      namespace,
      dependsOn: [...(props.dependsOn ?? []), this.credentials.manifest],
      values: {
        config: {
          datasource: {
            host: props.host,
            // The chart renders the port through `tpl`, which takes strings only.
            port: String(port),
            database,
            sslmode: 'require',
            userSecret: secretKey('username'),
            passwordSecret: secretKey('password'),
          },
        },
        service: { port: PostgresExporter.METRICS_PORT, targetPort: PostgresExporter.METRICS_PORT },
        serviceMonitor: { enabled: true },
        resources: containerResources('50m', '64Mi', '128Mi'),
      },
    });
  }
}
