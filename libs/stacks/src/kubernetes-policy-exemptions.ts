import { ADDON_PLACEMENTS, ClusterAddons } from '@platform/cluster-addons';
import { SYSTEM_NAMESPACE_NAMES } from '@platform/core';
import { EnvironmentConfig, workloadsNamespace } from '@platform/config';
import { suppress } from '@platform/guardrails';
import { IConstruct } from 'constructs';

/** The namespaces applications run in: the listed platform namespaces and the workloads' own. */
export function applicationNamespaces(environment: EnvironmentConfig): string[] {
  const workloads = workloadsNamespace(environment);
  return [...new Set([...environment.cluster.namespaces, ...(workloads === undefined ? [] : [workloads])])];
}

/** The rule that refuses `latest` images (PLAT-K8S-010), which `workloads.allowLatestTag` deliberately relaxes. */
export const LATEST_IMAGE_RULE = 'PLAT-K8S-010';

/**
 * The Kubernetes rules an environment relaxes on purpose: they are suppressed on its Terraform resources and only
 * audited (not enforced) by the admission policy, so the two stay the same bar.
 */
export function relaxedKubernetesRules(environment: EnvironmentConfig): string[] {
  return environment.workloads.imageTag === undefined && environment.workloads.allowLatestTag ? [LATEST_IMAGE_RULE] : [];
}

/** Suppresses the relaxed rules of {@link relaxedKubernetesRules} on the environment's workloads. */
export function suppressRelaxedKubernetesRules(workloads: IConstruct, environment: EnvironmentConfig): void {
  for (const ruleId of relaxedKubernetesRules(environment)) {
    suppress(
      workloads,
      ruleId,
      'workloads.allowLatestTag: this non-production environment deploys whatever CI built last, latest included (TF_VAR_image_tag); production refuses latest at plan time'
    );
  }
}

/**
 * The namespaces of the add-ons (cert-manager, external-secrets, ...) get no default-deny NetworkPolicy
 * (PLAT-K8S-016): each runs one pinned chart whose pods must reach the API server and AWS APIs and receive the control
 * plane's webhook calls, and the charts ship no allow policies to pair with one. Application namespaces always have one.
 */
export function suppressAddonNamespaceIsolation(addons: ClusterAddons): void {
  for (const addon of addons.enabled) {
    const namespace = addons.node.tryFindChild(ClusterAddons.CONSTRUCT_IDS[addon])?.node.tryFindChild('Namespace');
    if (namespace === undefined || SYSTEM_NAMESPACE_NAMES.includes(ADDON_PLACEMENTS[addon].namespace)) continue;
    suppressNamespaceIsolation(namespace, addon);
  }
}

/** The PLAT-K8S-016 suppression of {@link suppressAddonNamespaceIsolation} on one add-on's namespace. */
export function suppressNamespaceIsolation(namespace: IConstruct, addon: string): void {
  suppress(
    namespace,
    'PLAT-K8S-016',
    `runs only the pinned ${addon} chart, whose pods need the API server, AWS APIs and the control plane's webhook calls; the chart ships no allow policies to pair with a default deny`
  );
}
