import { ClusterConfig, EXTERNAL_DNS_IGNORES_HOSTS, KyvernoPolicies } from '@platform/cluster-addons';
import { EnvironmentConfig } from '@platform/config';
import { KUBERNETES_RULES } from '@platform/guardrails';
import { Construct } from 'constructs';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { ClusterStack } from './cluster-stack';
import { applicationNamespaces, relaxedKubernetesRules } from './kubernetes-policy-exemptions';
import { PlatformStack } from './platform-stack';
import { ownsFailoverRecords } from './recovery-settings';

/**
 * `<env>-cluster-config`: the add-ons' custom resources — the Let's Encrypt ClusterIssuers and the Secrets Manager
 * ClusterSecretStore. `kubernetes_manifest` needs their CRDs when it plans, and the CRDs come from the Helm releases of
 * `<env>-cluster-addons`, so this stack is deployed after that one: one `cdktf deploy '<env>-*'` converges on an empty
 * cluster, without `-target`. Kubernetes only.
 */
export class ClusterConfigStack extends PlatformStack {
  readonly config: ClusterConfig;
  /** The Kyverno ClusterPolicies generated from the Kubernetes guardrails. */
  readonly admissionPolicies: KyvernoPolicies;

  constructor(scope: Construct, environment: EnvironmentConfig, cluster: ClusterStack, addons: ClusterAddonsStack) {
    super(scope, environment, 'cluster-config', { awsProvider: false });
    // The CRDs (and the webhooks that admit the resources) are installed by the add-ons stack.
    this.addDependency(addons);
    cluster.connectProviders(this);
    this.config = new ClusterConfig(this, 'config', {
      region: environment.region,
      addons: environment.cluster.addons,
      acmeEmail: environment.contactEmail,
      // Terraform owns the application hosts as failover CNAMEs (RecoveryStack): external-dns keeps off the solver Ingresses too.
      solverIngressAnnotations: ownsFailoverRecords(environment) ? EXTERNAL_DNS_IGNORES_HOSTS : undefined,
    });
    this.admissionPolicies = new KyvernoPolicies(this, 'admission-policies', {
      rules: KUBERNETES_RULES,
      applicationNamespaces: applicationNamespaces(environment),
      auditOnlyRuleIds: relaxedKubernetesRules(environment),
      // Fail closed only where the installation can answer through a restart (two or more admission controllers).
      enforceFailurePolicy: addons.kyverno.enforceFailurePolicy,
    });
  }
}
