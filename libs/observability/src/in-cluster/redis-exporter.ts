import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { ExternalSecret, SecretStoreOptions } from './external-secret';
import { MonitoringPlacementProps } from './observability-charts';
import { namespaceOf, observabilityRelease } from './private/observability-release';
import { containerResources } from './private/resources';
import { DNS_NAME, requireFormat, SECRETS_MANAGER_ID } from './private/validation';

export interface RedisExporterProps extends MonitoringPlacementProps, SecretStoreOptions {
  /** Host name of the Redis primary, e.g. the ElastiCache replication group's primary endpoint. */
  readonly host: string;
  /**
   * Port of Redis.
   * @default 6379
   */
  readonly port?: number;
  /**
   * Secrets Manager secret (name or ARN) with the JSON properties `username` and `password` of a Redis ACL user with
   * password authentication for the exporter.
   * @default - no authentication
   */
  readonly credentialsSecretName?: string;
}

/**
 * prometheus-redis-exporter scraping one Redis (ElastiCache) primary over TLS (`rediss://`) and exposing its
 * metrics on port 9121 (seed 000) with a ServiceMonitor.
 *
 * Authentication is optional because redis_exporter cannot sign in with IAM authentication, which the platform's
 * RedisCache users use. RedisCache also disables the `default` user, so against it the exporter needs its own
 * password user (an ElastiCache RBAC user in the replication group's user group) whose secret is passed here;
 * without one, `redis_up` stays 0.
 *
 * Values keys verified against prometheus-community/helm-charts charts/prometheus-redis-exporter/values.yaml and
 * templates at tag prometheus-redis-exporter-6.29.0 (`redisAddress`, `auth.{enabled,secret}`, `env` for
 * `REDIS_USER`, `service.port`, `serviceMonitor.enabled`).
 */
export class RedisExporter extends Construct {
  static readonly METRICS_PORT = 9121;
  static readonly CREDENTIALS_SECRET = 'redis-exporter-credentials';

  readonly release: Release;
  /** The synced credentials, when credentialsSecretName is given. */
  readonly credentials?: ExternalSecret;

  constructor(scope: Construct, id: string, props: RedisExporterProps) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    requireFormat(this, props.host, 'host', DNS_NAME, 'a host name', "pass the replication group's primary endpoint address");
    const port = props.port ?? 6379;
    ConstructValidationError.require(this, Number.isInteger(port) && port >= 1 && port <= 65535, 'port', `${port} is not a port`, 'use a port between 1 and 65535');

    const credentialsSecretName = props.credentialsSecretName;
    if (credentialsSecretName !== undefined) {
      requireFormat(this, credentialsSecretName, 'credentialsSecretName', SECRETS_MANAGER_ID, 'a Secrets Manager secret name or ARN', "pass the exporter user's secret, or leave credentialsSecretName out");
      this.credentials = new ExternalSecret(this, 'Credentials', {
        namespace,
        dependsOn: props.dependsOn,
        secretStoreName: props.secretStoreName,
        targetSecretName: RedisExporter.CREDENTIALS_SECRET,
        data: ['username', 'password'].map((key) => ({ secretKey: key, remoteRef: { key: credentialsSecretName, property: key } })),
      });
    }
    const auth =
      this.credentials === undefined
        ? { auth: { enabled: false } }
        : {
            auth: { enabled: true, secret: { name: RedisExporter.CREDENTIALS_SECRET, key: 'password' } },
            env: [{ name: 'REDIS_USER', valueFrom: { secretKeyRef: { name: RedisExporter.CREDENTIALS_SECRET, key: 'username' } } }],
          };
    this.release = observabilityRelease(this, {
      component: 'redisExporter',
      namespace,
      dependsOn: [...(props.dependsOn ?? []), ...(this.credentials === undefined ? [] : [this.credentials.manifest])],
      values: {
        redisAddress: `rediss://${props.host}:${port}`,
        ...auth,
        service: { port: RedisExporter.METRICS_PORT },
        serviceMonitor: { enabled: true },
        resources: containerResources('50m', '32Mi', '128Mi'),
      },
    });
  }
}
