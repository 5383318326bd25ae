import type { KubernetesAdmission } from '@platform/core';
import { StackIndex, StackResource } from './stack-index';

/** `error` fails synthesis; `warning` is reported and printed. */
export type Severity = 'error' | 'warning';

/** What a rule knows about the environment it checks. */
export interface RuleContext {
  /** The environment is production: production-only rules apply and some thresholds are stricter. */
  readonly production: boolean;
}

/** One policy check over the resources of a synthesized stack. */
export interface Rule {
  /** Stable id, `PLAT-<SERVICE>-<NNN>`; suppressions and reports name it. */
  readonly id: string;
  /** Equivalent checkov checks, for teams that also run checkov; empty when checkov has none. */
  readonly checkovIds: readonly string[];
  /**
   * Controls of CIS AWS Foundations Benchmark v3.0 (`CIS-3.0-<n>`) and AWS Foundational Security Best Practices
   * (`FSBP-<Service>.<n>`) the rule corresponds to, for the compliance view of the policy report; empty when none does.
   */
  readonly complianceIds: readonly string[];
  readonly severity: Severity;
  /** Terraform resource types the rule checks. */
  readonly resourceTypes: readonly string[];
  /** What a compliant resource looks like, one sentence. */
  readonly description: string;
  /** How to fix a violation; every finding's message ends with it. */
  readonly fix: string;
  /**
   * The rule applies to production environments only (e.g. Multi-AZ, deletion protection).
   * @default false
   */
  readonly productionOnly?: boolean;
  /**
   * The same check at admission, for Kubernetes rules: the in-cluster policy (Kyverno ClusterPolicies of
   * @platform/cluster-addons) is generated from the rules that have one.
   * @default - not checked at admission
   */
  readonly admission?: KubernetesAdmission;
  /** The problem with `resource`, e.g. `storage_encrypted is not true`; undefined when it complies. */
  check(resource: StackResource, stack: StackIndex, context: RuleContext): string | undefined;
}
