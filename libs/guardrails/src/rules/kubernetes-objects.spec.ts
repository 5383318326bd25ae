import { apiShape, containersOf, entriesDeep, fieldAt, helmValuesOf, namespaceName, namespaceOf, podTemplateOf } from './kubernetes-objects';
import { StackIndex, StackResource } from '../stack-index';

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
    // A list whose one string is a JSON object is still no document.
    expect(helmValuesOf(releaseWithValues([['{"nested":true}']]))).toEqual([]);
    expect(helmValuesOf({ ...releaseWithValues([]), config: {} })).toEqual([]);
  });

  it('reads a document the same way when it is met again (parsed once per process)', () => {
    const document = 'podSecurityContext:\n  runAsNonRoot: true\n';
    expect(helmValuesOf(releaseWithValues([document]))).toEqual(helmValuesOf(releaseWithValues([document])));
    expect(helmValuesOf(releaseWithValues([document]))).toEqual([{ podSecurityContext: { runAsNonRoot: true } }]);
  });
});

describe('apiShape', () => {
  it('renames the provider blocks to API fields, lists repeated blocks and unwraps single ones, keeping data maps as written', () => {
    const spec = {
      host_pid: true,
      container: { name: 'app', security_context: [{ run_as_non_root: true, capabilities: [{ drop: ['ALL'] }] }], resources: [{ limits: { memory: '1Gi' }, requests: { cpu_total: '1' } }] },
      init_container: [{ name: 'setup' }],
      volume: { name: 'tmp', host_path: [{ path: '/tmp' }] },
      node_selector: { 'kubernetes.io/os': 'linux', some_label: 'x' },
    };
    expect(apiShape(spec)).toEqual({
      hostPID: true,
      containers: [{ name: 'app', securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } }, resources: { limits: { memory: '1Gi' }, requests: { cpu_total: '1' } } }],
      initContainers: [{ name: 'setup' }],
      volumes: [{ name: 'tmp', hostPath: { path: '/tmp' } }],
      nodeSelector: { 'kubernetes.io/os': 'linux', some_label: 'x' },
    });
    expect([null, 'x', 3].map((value) => apiShape(value))).toEqual([null, 'x', 3]);
  });

  it('keeps the keys of limits and match_labels as written', () => {
    const spec = { container: { name: 'app', resources: { limits: { some_gpu: '1' } } }, label_selector: [{ match_labels: { app_name: 'web' } }] };
    expect(apiShape(spec)).toEqual({ containers: [{ name: 'app', resources: { limits: { some_gpu: '1' } } }], labelSelector: [{ matchLabels: { app_name: 'web' } }] });
  });
});

describe('containersOf and fieldAt', () => {
  it('label init, regular and ephemeral containers by position and name', () => {
    const spec = { initContainers: [{ name: 'setup' }], containers: [{ name: 'app' }, {}], ephemeralContainers: { name: 'debug' } };
    expect(containersOf(spec).map(({ label }) => label)).toEqual(['initContainers[0] setup', 'containers[0] app', 'containers[1]', 'ephemeralContainers[0] debug']);
  });

  it('read a nested field, undefined past a missing or non-object step', () => {
    const value = { a: { b: { c: 1 } }, list: [{ c: 2 }] };
    expect(fieldAt(value, ['a', 'b', 'c'])).toBe(1);
    expect(fieldAt(value, ['a', 'x', 'c'])).toBeUndefined();
    expect(fieldAt(value, ['list', '0', 'c'])).toBeUndefined();
    expect(fieldAt(value, [])).toBe(value);
  });
});

describe('entriesDeep', () => {
  it('lists every key with its dotted path, list items by index', () => {
    expect(entriesDeep({ a: { b: 1 }, c: [{ d: 2 }] })).toEqual([
      { path: 'a', key: 'a', value: { b: 1 } },
      { path: 'a.b', key: 'b', value: 1 },
      { path: 'c', key: 'c', value: [{ d: 2 }] },
      { path: 'c[0].d', key: 'd', value: 2 },
    ]);
    expect(entriesDeep('x')).toEqual([]);
  });
});

describe('podTemplateOf and namespaceOf', () => {
  const POD = { container: [{ name: 'app', image: 'app:1' }] };
  const stack = new StackIndex({
    resource: {
      kubernetes_namespace_v1: { apps: { metadata: { name: 'apps' } } },
      kubernetes_cron_job_v1: { nightly: { metadata: { namespace: '${kubernetes_namespace_v1.apps.metadata[0].name}' }, spec: { job_template: { spec: { template: { metadata: { labels: { app: 'nightly', n: 1 } }, spec: POD } } } } } },
      kubernetes_pod_v1: { single: { metadata: { name: 'single', labels: { app: 'single' } }, spec: POD } },
      kubernetes_stateful_set_v1: { db: { metadata: { namespace: '${var.namespace}' }, spec: { replicas: '3', template: { spec: POD } } } },
      kubernetes_manifest: {
        pod: { manifest: { kind: 'Pod', metadata: { namespace: 'apps', labels: { app: 'p' } }, spec: { containers: [{ name: 'c' }] } } },
        cron: { manifest: { kind: 'CronJob', metadata: {}, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } } } } },
        replicas: { manifest: { kind: 'ReplicaSet', metadata: { namespace: 'apps' }, spec: { replicas: 2, template: { spec: { containers: [] } } } } },
        config: { manifest: { kind: 'ConfigMap', metadata: { namespace: 'apps' }, data: { spec: 'x' } } },
      },
    },
  });
  const read = (type: string, name: string) => {
    const resource = stack.ofType(type).find((candidate) => candidate.name === name) as StackResource;
    const pod = podTemplateOf(resource, stack);
    return pod && { kind: pod.kind, namespace: pod.namespace, replicas: pod.replicas, labels: pod.labels, containers: containersOf(pod.spec).map(({ label }) => label) };
  };

  it.each<[string, string, unknown]>([
    ['kubernetes_cron_job_v1', 'nightly', { kind: 'CronJob', namespace: 'apps', replicas: undefined, labels: { app: 'nightly' }, containers: ['containers[0] app'] }],
    ['kubernetes_pod_v1', 'single', { kind: 'Pod', namespace: 'default', replicas: undefined, labels: { app: 'single' }, containers: ['containers[0] app'] }],
    ['kubernetes_stateful_set_v1', 'db', { kind: 'StatefulSet', namespace: '${var.namespace}', replicas: 3, labels: {}, containers: ['containers[0] app'] }],
    ['kubernetes_manifest', 'pod', { kind: 'Pod', namespace: 'apps', replicas: undefined, labels: { app: 'p' }, containers: ['containers[0] c'] }],
    ['kubernetes_manifest', 'cron', { kind: 'CronJob', namespace: 'default', replicas: undefined, labels: {}, containers: ['containers[0] c'] }],
    ['kubernetes_manifest', 'replicas', { kind: 'ReplicaSet', namespace: 'apps', replicas: 2, labels: {}, containers: [] }],
    ['kubernetes_manifest', 'config', undefined],
  ])('%s.%s', (type, name, expected) => {
    expect(read(type, name)).toEqual(expected);
  });

  it('reads the namespace of a resource by literal, by reference to a namespace of the stack, or as default', () => {
    const [namespace] = stack.ofType('kubernetes_namespace_v1');
    expect(namespaceOf(namespace, stack)).toBe('default');
    expect(stack.ofType('kubernetes_manifest').map((resource) => namespaceOf(resource, stack))).toEqual(['apps', 'default', 'apps', 'apps']);
  });
});

describe('podTemplateOf and namespaceName of incomplete objects', () => {
  const stack = new StackIndex({
    resource: {
      kubernetes_namespace_v1: { late: { metadata: { name: '${var.namespace}' } } },
      helm_release: { other: { name: 'other', chart: 'other', namespace: 'tools' } },
      kubernetes_manifest: {
        bare: { manifest: { kind: 'Pod', spec: { containers: [{ name: 'c' }] } } },
        nullspec: { manifest: { kind: 'Pod', metadata: {}, spec: null } },
        nullmanifest: { manifest: null },
        nospec: { manifest: { kind: 'Deployment', metadata: {} } },
        cronnospec: { manifest: { kind: 'CronJob', metadata: {} } },
        cronnojob: { manifest: { kind: 'CronJob', metadata: {}, spec: { schedule: '@daily' } } },
        cronnojobspec: { manifest: { kind: 'CronJob', metadata: {}, spec: { jobTemplate: {} } } },
        scheduled: { manifest: { kind: 'ScheduledJob', metadata: {}, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } } } } },
      },
    },
  });
  const read = (name: string) => {
    const pod = podTemplateOf(stack.ofType('kubernetes_manifest').find((candidate) => candidate.name === name) as StackResource, stack);
    return pod && { kind: pod.kind, namespace: pod.namespace };
  };

  it.each<[string, unknown]>([
    ['bare', { kind: 'Pod', namespace: 'default' }],
    ['nullspec', undefined],
    ['nullmanifest', undefined],
    ['nospec', undefined],
    ['cronnospec', undefined],
    ['cronnojob', undefined],
    ['cronnojobspec', undefined],
    ['scheduled', undefined],
  ])('kubernetes_manifest.%s', (name, expected) => {
    expect(read(name)).toEqual(expected);
  });

  it('names no namespace for a reference to a resource without metadata or to a namespace named at apply time', () => {
    expect(namespaceName('${helm_release.other.namespace}', stack)).toBeUndefined();
    expect(namespaceName('${kubernetes_namespace_v1.late.metadata[0].name}', stack)).toBeUndefined();
  });
});
