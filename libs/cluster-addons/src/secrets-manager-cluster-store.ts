import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ConstructValidationError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AWS_REGION, DNS_LABEL, requireFormat } from './private/validation';

/** Name of the ClusterSecretStore every ExternalSecret of the platform references (`spec.secretStoreRef.name`). */
export const SECRETS_MANAGER_CLUSTER_STORE = 'aws-secrets-manager';

export interface SecretsManagerClusterStoreProps {
  /** Region of the Secrets Manager secrets (the cluster's), e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * Namespaces whose ExternalSecrets may use the store.
   * @default - every namespace (the operator's IAM role already limits reads to the environment's secrets)
   */
  readonly namespaces?: readonly string[];
  /**
   * What the store waits for within its stack.
   * @default [] - the stack of the store is deployed after the one installing external-secrets, its CRDs and webhook
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The ClusterSecretStore `aws-secrets-manager` (external-secrets.io/v1, the version chart 2.9.0 serves and stores)
 * through which ExternalSecrets in any namespace read AWS Secrets Manager.
 *
 * It has no `auth` block, so the controller uses its own pod identity: the IRSA role of the
 * `external-secrets/external-secrets` service account, which may read only `<project>/<env>/*` secrets (see
 * addonIamPolicy). external-secrets documents this as the zero-configuration method ("Controller's Pod Identity");
 * a `jwt.serviceAccountRef` to the same service account would reach the same role with an extra token request.
 *
 * Like the Let's Encrypt issuers, the store is a `kubernetes_manifest`: on a cluster without the external-secrets
 * CRDs its first plan fails, so it lives in a stack deployed after the one installing external-secrets (ClusterConfig).
 */
export class SecretsManagerClusterStore extends Construct {
  readonly store: Manifest;

  constructor(scope: Construct, id: string, props: SecretsManagerClusterStoreProps) {
    super(scope, id);
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use the region of the secrets, e.g. eu-central-1');
    const namespaces = props.namespaces;
    if (namespaces !== undefined) {
      const require = (condition: boolean, problem: string, fix: string) => ConstructValidationError.require(this, condition, 'namespaces', problem, fix);
      require(namespaces.length > 0, 'is empty, so no ExternalSecret could use the store', 'list at least one namespace, or leave namespaces out to allow every namespace');
      for (const namespace of namespaces) {
        require(DNS_LABEL.test(namespace), `'${namespace}' is not a namespace name`, 'use lower-case letters, digits and hyphens (a DNS label)');
      }
      require(new Set(namespaces).size === namespaces.length, 'lists a namespace twice', 'list each namespace once');
    }

    this.store = new Manifest(this, 'Resource', {
      manifest: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: SECRETS_MANAGER_CLUSTER_STORE },
        spec: {
          provider: { aws: { service: 'SecretsManager', region: props.region } },
          ...(namespaces === undefined ? {} : { conditions: [{ namespaces: [...namespaces] }] }),
        },
      },
      dependsOn: props.dependsOn,
    });
  }
}
