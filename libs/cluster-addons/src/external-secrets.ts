import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_SERVICE_ACCOUNTS } from './addon-catalog';
import { addonRelease, irsaServiceAccount } from './private/addon-release';
import { IAM_ROLE_ARN, requireFormat } from './private/validation';

export interface ExternalSecretsProps {
  /**
   * IAM role of the `external-secrets/external-secrets` service account (IRSA), allowed to read the platform's
   * Secrets Manager secrets and SSM parameters.
   */
  readonly roleArn: string;
  /** Resources the release waits for (the AWS Load Balancer Controller, whose webhook admits Services). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * External Secrets Operator with its CRDs, syncing AWS Secrets Manager / SSM Parameter Store into Kubernetes
 * Secrets with the IRSA role of its service account. Controller (leader-elected) and webhook run twice behind
 * disruption budgets. ClusterConfig adds the store every stack reads from (SecretsManagerClusterStore), in the stack after this one.
 *
 * Values keys verified against external-secrets/external-secrets deploy/charts/external-secrets/values.yaml of
 * chart 2.9.0: `installCRDs`, `serviceAccount.{create,name,annotations}`, `replicaCount`, `leaderElect`,
 * `podDisruptionBudget.{enabled,minAvailable}`, `webhook.{replicaCount,podDisruptionBudget}`.
 */
export class ExternalSecrets extends Construct {
  static readonly REPLICAS = 2;

  readonly release: Release;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    requireFormat(this, props.roleArn, 'roleArn', IAM_ROLE_ARN, 'an IAM role ARN', 'pass the ARN of the IRSA role of external-secrets/external-secrets');

    const highlyAvailable = { replicaCount: ExternalSecrets.REPLICAS, podDisruptionBudget: { enabled: true, minAvailable: 1 } };
    this.release = addonRelease(this, {
      addon: 'externalSecrets',
      createNamespace: true,
      dependsOn: props.dependsOn,
      values: {
        installCRDs: true,
        serviceAccount: irsaServiceAccount(ADDON_SERVICE_ACCOUNTS.externalSecrets.name, props.roleArn),
        ...highlyAvailable,
        leaderElect: true,
        webhook: highlyAvailable,
      },
    });
  }
}
