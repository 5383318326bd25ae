import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { MONITORING_NAMESPACE, MonitoringPlacementProps, OBSERVABILITY_CHARTS, OBSERVABILITY_RELEASE_NAMES, ObservabilityComponent } from '../observability-charts';
import { terraformLiteral } from './terraform-literal';
import { DNS_LABEL, requireFormat } from './validation';

/** Seconds Helm waits for a release's resources to become ready before it rolls the release back. */
export const DEFAULT_RELEASE_TIMEOUT_SECONDS = 600;

export interface ObservabilityReleaseSpec {
  readonly component: ObservabilityComponent;
  readonly namespace: string;
  /** Chart values as typed objects; rendered as JSON (valid YAML) that Terraform passes on literally. */
  readonly values: Record<string, unknown>;
  readonly timeoutSeconds?: number;
  readonly dependsOn?: ITerraformDependable[];
}

/** The validated namespace of a construct's placement props. */
export function namespaceOf(scope: IConstruct, props: MonitoringPlacementProps): string {
  const namespace = props.namespace ?? MONITORING_NAMESPACE;
  requireFormat(scope, namespace, 'namespace', DNS_LABEL, 'a namespace name', 'use lower-case letters, digits and hyphens, e.g. monitoring');
  return namespace;
}

/**
 * The Helm release of a component with the settings every release shares: the pinned chart, `atomic` (a failed
 * install or upgrade rolls back), `wait` for readiness and hook jobs, `cleanup_on_fail`, bounded history. The
 * namespace is never created by Helm: MonitoringNamespace owns it, with its Pod Security labels.
 */
export function observabilityRelease(scope: Construct, spec: ObservabilityReleaseSpec): Release {
  const chart = OBSERVABILITY_CHARTS[spec.component];
  return new Release(scope, 'Resource', {
    name: OBSERVABILITY_RELEASE_NAMES[spec.component],
    namespace: spec.namespace,
    createNamespace: false,
    repository: chart.repository,
    chart: chart.chart,
    version: chart.version,
    values: [terraformLiteral(JSON.stringify(spec.values))],
    atomic: true,
    wait: true,
    waitForJobs: true,
    cleanupOnFail: true,
    timeout: spec.timeoutSeconds ?? DEFAULT_RELEASE_TIMEOUT_SECONDS,
    maxHistory: 10,
    dependsOn: spec.dependsOn,
  });
}
