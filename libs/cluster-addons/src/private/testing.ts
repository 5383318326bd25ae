import { SynthesizedJson, SynthesizedResource } from '@platform/terraform-testing';

/** The one `helm_release` whose construct path contains `id`. */
export function releaseOf(json: SynthesizedJson, id: string): SynthesizedResource {
  return json.resource('helm_release', id);
}

/** The values of a release, parsed back from the JSON document the construct rendered. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function valuesOf(release: SynthesizedResource): any {
  const values = release.values as string[];
  expect(values).toHaveLength(1);
  return JSON.parse(values[0]);
}

/**
 * Chart coordinates and shared release settings, for `toMatchObject`. `ownNamespace`: the add-on's namespace is
 * created before the release (with Pod Security labels), never by Helm.
 */
export function releaseSettings(chart: { repository: string; chart: string; version: string }, namespace: string, ownNamespace: boolean): Record<string, unknown> {
  return {
    repository: chart.repository,
    chart: chart.chart,
    version: chart.version,
    namespace,
    create_namespace: false,
    atomic: true,
    wait: true,
    cleanup_on_fail: true,
    timeout: 600,
    ...(ownNamespace ? { depends_on: expect.arrayContaining([expect.stringMatching(/^kubernetes_namespace_v1\./)]) } : {}),
  };
}
