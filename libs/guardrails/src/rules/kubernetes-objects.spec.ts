import { helmValuesOf } from './kubernetes-objects';
import type { StackResource } from '../stack-index';

const releaseWithValues = (values: unknown[]): StackResource => ({
  type: 'helm_release',
  name: 'chart',
  address: 'helm_release.chart',
  constructPath: 'stack/chart',
  config: { values },
});

describe('helmValuesOf', () => {
  it('reads JSON documents (as the platform writes them) and YAML documents (as a person may), in order', () => {
    const values = helmValuesOf(releaseWithValues(['{"replicas":2,"image":{"tag":"v1"}}', 'replicas: 3\nimage:\n  tag: v2\n']));
    expect(values).toEqual([{ replicas: 2, image: { tag: 'v1' } }, { replicas: 3, image: { tag: 'v2' } }]);
  });

  it('skips documents that are neither, non-string documents and non-object documents', () => {
    expect(helmValuesOf(releaseWithValues(['replicas: [1, 2', 42, '- a list\n', '{"ok":true}']))).toEqual([{ ok: true }]);
  });

  it('reads a document the same way when it is met again (parsed once per process)', () => {
    const document = 'podSecurityContext:\n  runAsNonRoot: true\n';
    expect(helmValuesOf(releaseWithValues([document]))).toEqual(helmValuesOf(releaseWithValues([document])));
    expect(helmValuesOf(releaseWithValues([document]))).toEqual([{ podSecurityContext: { runAsNonRoot: true } }]);
  });
});
