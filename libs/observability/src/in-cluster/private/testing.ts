import { SynthesizedJson, SynthesizedResource } from '@platform/terraform-testing';
import { MONITORING_NAMESPACE, OBSERVABILITY_CHARTS, OBSERVABILITY_RELEASE_NAMES, ObservabilityComponent } from '../observability-charts';

/** The values of a release, parsed back from the JSON document the construct rendered. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function valuesOf(release: SynthesizedResource): any {
  const values = release.values as string[];
  expect(values).toHaveLength(1);
  return JSON.parse(values[0]);
}

/** Pinned chart, release name and the settings every release shares, for `toMatchObject`. */
export function releaseSettings(component: ObservabilityComponent, namespace = MONITORING_NAMESPACE): Record<string, unknown> {
  return {
    ...OBSERVABILITY_CHARTS[component],
    name: OBSERVABILITY_RELEASE_NAMES[component],
    namespace,
    create_namespace: false,
    atomic: true,
    wait: true,
    cleanup_on_fail: true,
  };
}

/** The `manifest` of the one `kubernetes_manifest` whose construct path contains `id`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function manifestOf(json: SynthesizedJson, id: string): any {
  return json.resource('kubernetes_manifest', id).manifest;
}
