import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_CHARTS, ADDON_PLACEMENTS, ClusterAddonName, IRSA_ROLE_ANNOTATION } from '../addon-catalog';
import { podSecurityLabels, PodSecurityLevel } from '../platform-namespaces';

/** Seconds Helm waits for an add-on's resources to become ready before it rolls the release back. */
export const DEFAULT_RELEASE_TIMEOUT_SECONDS = 600;

/**
 * Pod Security level enforced on the namespace of each add-on that has its own: `restricted`, except the charts whose
 * pods are not known to satisfy it (the platform-contracts POD_SECURITY_EXCEPTIONS document them).
 */
export const ADDON_NAMESPACE_POD_SECURITY: Readonly<Partial<Record<ClusterAddonName, PodSecurityLevel>>> = {
  velero: 'baseline',
};

export interface AddonReleaseSpec {
  readonly addon: ClusterAddonName;
  /** Chart values, as typed TypeScript objects; rendered as JSON (valid YAML), so tests can parse them back. */
  readonly values: Record<string, unknown>;
  /**
   * Whether the add-on gets its own namespace, created before the release with Pod Security labels
   * (ADDON_NAMESPACE_POD_SECURITY, else `restricted`); false for namespaces that always exist (kube-system).
   */
  readonly createNamespace: boolean;
  readonly timeoutSeconds?: number;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Helm release of an add-on with the settings every add-on shares: the pinned chart, `atomic` (a failed
 * install or upgrade rolls back), `wait` for readiness (and for hook jobs), `cleanup_on_fail`, bounded history.
 */
export function addonRelease(scope: Construct, spec: AddonReleaseSpec): Release {
  const chart = ADDON_CHARTS[spec.addon];
  const placement = ADDON_PLACEMENTS[spec.addon];
  // Not Helm's create_namespace: it creates the namespace without labels, which enforces no Pod Security at all. The
  // release keeps the literal name (IRSA trust policies are built from it) and depends on the namespace.
  const namespace = spec.createNamespace
    ? new NamespaceV1(scope, 'Namespace', { metadata: { name: placement.namespace, labels: podSecurityLabels(ADDON_NAMESPACE_POD_SECURITY[spec.addon] ?? 'restricted') } })
    : undefined;
  return pinnedRelease(scope, {
    chart,
    name: placement.releaseName,
    namespace: placement.namespace,
    values: spec.values,
    timeoutSeconds: spec.timeoutSeconds,
    dependsOn: namespace === undefined ? spec.dependsOn : [namespace, ...(spec.dependsOn ?? [])],
  });
}

/** A chart pinned by repository, name and version (the add-on catalog's entries). */
export interface PinnedChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/**
 * The Helm release `Resource` of a pinned chart with the settings every add-on shares: `atomic` (a failed install or
 * upgrade rolls back), `wait` for readiness (and for hook jobs), `cleanup_on_fail`, bounded history; into a
 * namespace created before it (never Helm's create_namespace, which sets no Pod Security labels).
 */
export function pinnedRelease(
  scope: Construct,
  spec: { chart: PinnedChart; name: string; namespace: string; values: Record<string, unknown>; timeoutSeconds?: number; dependsOn?: ITerraformDependable[] },
): Release {
  return new Release(scope, 'Resource', {
    name: spec.name,
    namespace: spec.namespace,
    createNamespace: false,
    repository: spec.chart.repository,
    chart: spec.chart.chart,
    version: spec.chart.version,
    values: [JSON.stringify(spec.values)],
    atomic: true,
    wait: true,
    waitForJobs: true,
    cleanupOnFail: true,
    timeout: spec.timeoutSeconds ?? DEFAULT_RELEASE_TIMEOUT_SECONDS,
    maxHistory: 10,
    dependsOn: spec.dependsOn,
  });
}

/** Service account values shared by charts that take `{ create, name, annotations }`. */
export function irsaServiceAccount(name: string, roleArn: string): { create: true; name: string; annotations: Record<string, string> } {
  return { create: true, name, annotations: { [IRSA_ROLE_ANNOTATION]: roleArn } };
}
