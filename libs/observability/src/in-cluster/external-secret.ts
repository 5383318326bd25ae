import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { MonitoringPlacementProps } from './observability-charts';
import { namespaceOf } from './private/observability-release';
import { DATA_KEY, DNS_SUBDOMAIN, isLateBound, requireFormat, SECRETS_MANAGER_ID } from './private/validation';

/**
 * The ClusterSecretStore of AWS Secrets Manager that the cluster-addons stack creates (cluster-addons'
 * `SECRETS_MANAGER_CLUSTER_STORE`; this library cannot import it, so the two names must stay equal).
 */
export const DEFAULT_CLUSTER_SECRET_STORE = 'aws-secrets-manager';

/** A Go duration as external-secrets parses it, e.g. `1h`, `30m`, `1h30m`. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Where one value of a synced Secret comes from. */
export interface ExternalSecretRemoteRef {
  /** Secrets Manager secret: its full name (e.g. `platform/production/observability/grafana-admin`) or ARN. */
  readonly key: string;
  /**
   * Property of a JSON secret, e.g. `password` of an RDS-managed master secret.
   * @default - the whole secret value
   */
  readonly property?: string;
}

/** One key of the synced Secret. */
export interface ExternalSecretData {
  /** Key in the Kubernetes Secret, e.g. `admin-password`. */
  readonly secretKey: string;
  /** Where the value comes from. */
  readonly remoteRef: ExternalSecretRemoteRef;
}

/** Which ClusterSecretStore constructs that sync Secrets read from. */
export interface SecretStoreOptions {
  /**
   * Name of the ClusterSecretStore.
   * @default 'aws-secrets-manager'
   */
  readonly secretStoreName?: string;
}

export interface ExternalSecretProps extends MonitoringPlacementProps, SecretStoreOptions {
  /** Name of the ExternalSecret and of the Secret it creates, e.g. `grafana-admin`. */
  readonly targetSecretName: string;
  /** The Secret's keys and their sources, at least one, each key once. */
  readonly data: readonly ExternalSecretData[];
  /**
   * How often external-secrets reads the sources again (a Go duration), so rotated values arrive.
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * Whether `terraform apply` waits until the Secret is synced (the ExternalSecret's `Ready` condition), so a
   * release mounting it never starts without it and a missing or unreadable source fails the apply, naming the
   * ExternalSecret.
   * @default true
   */
  readonly waitForReady?: boolean;
}

/**
 * An external-secrets `ExternalSecret` (external-secrets.io/v1) that keeps a Kubernetes Secret in sync with AWS
 * Secrets Manager through a ClusterSecretStore, so credentials never appear in Terraform state or Helm values. The
 * Secret is owned by the ExternalSecret (`creationPolicy: Owner`) and goes away with it.
 *
 * A `kubernetes_manifest` reads the ExternalSecret schema from the API server during plan: the external-secrets
 * CRDs (cluster-addons stack) must be installed before the first plan of the stack that holds this.
 */
export class ExternalSecret extends Construct {
  static readonly DEFAULT_REFRESH_INTERVAL = '1h';

  readonly manifest: Manifest;
  /** Name of the synced Secret. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    requireFormat(this, props.targetSecretName, 'targetSecretName', DNS_SUBDOMAIN, 'a Secret name', 'use lower-case letters, digits, hyphens and dots');
    const storeName = props.secretStoreName ?? DEFAULT_CLUSTER_SECRET_STORE;
    requireFormat(this, storeName, 'secretStoreName', DNS_SUBDOMAIN, 'a ClusterSecretStore name', `use the store's name, e.g. ${DEFAULT_CLUSTER_SECRET_STORE}`);
    const refreshInterval = props.refreshInterval ?? ExternalSecret.DEFAULT_REFRESH_INTERVAL;
    require(GO_DURATION.test(refreshInterval), 'refreshInterval', `'${refreshInterval}' is not a Go duration`, "write a number and unit such as '1h' or '30m'");
    require(props.data.length > 0, 'data', 'is empty, so the Secret would have no keys', 'map at least one Secret key to a Secrets Manager secret');
    for (const { secretKey, remoteRef } of props.data) {
      require(DATA_KEY.test(secretKey), 'data', `secretKey '${secretKey}' is not a valid Secret key`, 'use letters, digits, hyphens, underscores and dots');
      const source = `data.${secretKey}.remoteRef`;
      require(isLateBound(remoteRef.key) || SECRETS_MANAGER_ID.test(remoteRef.key), `${source}.key`, `'${remoteRef.key}' is not a Secrets Manager secret name or ARN`, 'give the full secret name, e.g. platform/production/observability/grafana-admin');
      require(remoteRef.property !== '', `${source}.property`, 'is empty', 'name a JSON property of the secret, or leave property out to use the whole value');
    }
    const keys = props.data.map((entry) => entry.secretKey);
    require(new Set(keys).size === keys.length, 'data', 'maps a Secret key twice', 'give each secretKey once');

    this.secretName = props.targetSecretName;
    this.manifest = new Manifest(this, 'Resource', {
      manifest: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: props.targetSecretName, namespace },
        spec: {
          refreshInterval,
          secretStoreRef: { kind: 'ClusterSecretStore', name: storeName },
          target: { name: props.targetSecretName, creationPolicy: 'Owner' },
          data: props.data.map(({ secretKey, remoteRef }) => ({
            secretKey,
            remoteRef: remoteRef.property === undefined ? { key: remoteRef.key } : { key: remoteRef.key, property: remoteRef.property },
          })),
        },
      },
      wait: props.waitForReady === false ? undefined : { condition: [{ type: 'Ready', status: 'True' }] },
      dependsOn: props.dependsOn,
    });
  }
}
