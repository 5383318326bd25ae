import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ConstructValidationError, KubernetesAdmission, SYSTEM_NAMESPACE_NAMES } from '@platform/core';
import { Construct } from 'constructs';
import type { KyvernoFailurePolicy } from './kyverno';
import { DNS_LABEL } from './private/validation';

/** A guardrail with an admission check, as @platform/guardrails defines its Kubernetes rules. */
export interface AdmissionRuleSource {
  readonly id: string;
  readonly description: string;
  readonly fix: string;
  readonly admission?: KubernetesAdmission;
}

export interface KyvernoPoliciesProps {
  /** The rules to enforce; one ClusterPolicy is made of each rule that has an `admission` check (KUBERNETES_RULES). */
  readonly rules: readonly AdmissionRuleSource[];
  /**
   * Namespaces of the applications: the policies are enforced there (a violating object is refused) and audited
   * elsewhere. Empty (a cluster without workloads): audited everywhere.
   */
  readonly applicationNamespaces: readonly string[];
  /**
   * Rules the environment relaxes on purpose (e.g. `latest` images where workloads.allowLatestTag): audited
   * everywhere, never enforced, like their suppression in the guardrails.
   * @default []
   */
  readonly auditOnlyRuleIds?: readonly string[];
  /**
   * Failure policy of the policies that enforce somewhere (`Kyverno.enforceFailurePolicy` of the installation: `Fail`
   * only where two or more admission controllers answer). Audit-only policies always `Ignore`: they refuse nothing,
   * so an unreachable Kyverno must not refuse anything on their account either.
   * @default 'Fail'
   */
  readonly enforceFailurePolicy?: KyvernoFailurePolicy;
}

/** The Kyverno ClusterPolicy object of one rule (kyverno.io/v1). */
export function kyvernoClusterPolicy(
  rule: AdmissionRuleSource & { admission: KubernetesAdmission },
  applicationNamespaces: readonly string[],
  auditOnly = false,
  enforceFailurePolicy: KyvernoFailurePolicy = 'Fail'
): Record<string, unknown> {
  const kinds = [...rule.admission.kinds];
  const message = `${rule.id}: ${rule.description} Fix: ${rule.fix}`;
  const validate = (failureAction: 'Enforce' | 'Audit') => ({ ...rule.admission.validate, message, failureAction });
  const excluded = [...SYSTEM_NAMESPACE_NAMES];
  const enforces = !auditOnly && applicationNamespaces.length > 0;
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: rule.id.toLowerCase(),
      annotations: { 'policies.kyverno.io/title': rule.id, 'policies.kyverno.io/description': rule.description },
    },
    spec: {
      // Existing objects are scanned too, so the policy reports show what predates the policy.
      background: true,
      failurePolicy: enforces ? enforceFailurePolicy : 'Ignore',
      rules: [
        ...(!enforces
          ? []
          : [
              {
                name: 'enforce-in-application-namespaces',
                match: { any: [{ resources: { kinds, namespaces: [...applicationNamespaces] } }] },
                validate: validate('Enforce'),
              },
            ]),
        {
          // Cluster-scoped objects (ClusterRole, ClusterRoleBinding) have no namespace, so only this rule sees them.
          name: 'audit-elsewhere',
          match: { any: [{ resources: { kinds } }] },
          exclude: { any: [{ resources: { namespaces: auditOnly ? excluded : [...applicationNamespaces, ...excluded] } }] },
          validate: validate('Audit'),
        },
      ],
    },
  };
}

/**
 * The in-cluster admission policy: one Kyverno ClusterPolicy per Kubernetes guardrail with an admission check,
 * generated from the rule (its Kyverno validate body, description and fix), so objects applied outside Terraform
 * meet the same bar. Enforced in the application namespaces, audited elsewhere; the system namespaces
 * (SYSTEM_NAMESPACES) are excluded, as in the guardrails. Needs Kyverno's CRDs at plan time (cluster-config stack).
 */
export class KyvernoPolicies extends Construct {
  /** The ClusterPolicy of each rule, by rule id. */
  readonly policies: Readonly<Record<string, Manifest>>;

  constructor(scope: Construct, id: string, props: KyvernoPoliciesProps) {
    super(scope, id);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    for (const namespace of props.applicationNamespaces) {
      require(DNS_LABEL.test(namespace), 'applicationNamespaces', `'${namespace}' is not a namespace name`, 'list namespace names');
      require(
        !SYSTEM_NAMESPACE_NAMES.includes(namespace),
        'applicationNamespaces',
        `'${namespace}' is a system namespace, which the policies exclude`,
        'list only application namespaces',
      );
    }
    const ids = props.rules.map((rule) => rule.id);
    for (const ruleId of props.auditOnlyRuleIds ?? []) {
      require(ids.includes(ruleId), 'auditOnlyRuleIds', `'${ruleId}' is not one of the rules`, 'name a rule of rules');
    }

    const policies: Record<string, Manifest> = {};
    for (const rule of props.rules) {
      if (rule.admission === undefined) continue;
      const auditOnly = (props.auditOnlyRuleIds ?? []).includes(rule.id);
      policies[rule.id] = new Manifest(this, rule.id, {
        manifest: kyvernoClusterPolicy({ ...rule, admission: rule.admission }, props.applicationNamespaces, auditOnly, props.enforceFailurePolicy),
      });
    }
    this.policies = policies;
  }
}
