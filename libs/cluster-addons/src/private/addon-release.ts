import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_CHARTS, ADDON_PLACEMENTS, ClusterAddonName, IRSA_ROLE_ANNOTATION } from '../addon-catalog';

/** Seconds Helm waits for an add-on's resources to become ready before it rolls the release back. */
export const DEFAULT_RELEASE_TIMEOUT_SECONDS = 600;

export interface AddonReleaseSpec {
  readonly addon: ClusterAddonName;
  /** Chart values, as typed TypeScript objects; rendered as JSON (valid YAML), so tests can parse them back. */
  readonly values: Record<string, unknown>;
  /** Whether Helm creates the namespace; false for namespaces that always exist (kube-system). */
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
  return new Release(scope, 'Resource', {
    name: placement.releaseName,
    namespace: placement.namespace,
    createNamespace: spec.createNamespace,
    repository: chart.repository,
    chart: chart.chart,
    version: chart.version,
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
