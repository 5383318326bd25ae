import { ADDON_CHARTS, ARGO_ROLLOUTS_CHART, KYVERNO_CHART } from '@platform/cluster-addons';
import { OBSERVABILITY_CHARTS } from '@platform/observability';
import { list, map, obj, oneOf, validateAgainstSchema } from './kubernetes-schema';
import { CHART_VALUES_SCHEMAS, CUSTOM_RESOURCE_SCHEMAS } from './kubernetes-schemas/schema-catalog';

describe('the schema catalog', () => {
  const pinned = [...Object.values(ADDON_CHARTS), KYVERNO_CHART, ARGO_ROLLOUTS_CHART, ...Object.values(OBSERVABILITY_CHARTS)];

  it.each(pinned.map((chart) => [chart.chart, chart.version]))('has a values schema of %s read from the pinned version %s', (chart, version) => {
    const schema = CHART_VALUES_SCHEMAS[chart];
    expect(schema).toBeDefined();
    expect(schema.version).toBe(version);
  });

  it('records the repository, tag or commit, and file of every schema', () => {
    const sources = [...Object.values(CHART_VALUES_SCHEMAS).flatMap((schema) => (Array.isArray(schema.source) ? schema.source : [schema.source])), ...Object.values(CUSTOM_RESOURCE_SCHEMAS).map((schema) => schema.source)];
    for (const source of sources) {
      expect(source.repository).toMatch(/^https:\/\/github\.com\/[\w-]+\/[\w.-]+$/);
      expect(source.ref).not.toBe('');
      expect(source.path).toMatch(/\.(yaml|json)/);
    }
  });

  it('reads every CRD schema from the pinned version of the chart that installs it', () => {
    const versions = new Map(pinned.map((chart) => [chart.chart, chart.version]));
    for (const schema of Object.values(CUSTOM_RESOURCE_SCHEMAS)) expect([schema.kind, versions.get(schema.installedBy.chart)]).toEqual([schema.kind, schema.installedBy.version]);
  });
});

describe('validateAgainstSchema', () => {
  const schema = obj({
    replicaCount: 'number',
    service: obj({ annotations: map('string'), type: oneOf('ClusterIP', 'LoadBalancer') }),
    ports: list(obj({ port: 'integer', name: 'string' }, { required: ['port'] })),
    extra: 'object',
    maxUnavailable: 'int-or-string',
  });
  const validate = (value: unknown, mode: 'helm-values' | 'kubernetes' = 'helm-values') => validateAgainstSchema(value, schema, 'values', mode).map((problem) => `${problem.path}: ${problem.message}`);

  it('accepts values of the schema, free-form maps and objects it leaves unchecked', () => {
    expect(validate({ replicaCount: 2, service: { annotations: { 'a/b': 'c' }, type: 'ClusterIP' }, ports: [{ port: 80 }], extra: { anything: [1] }, maxUnavailable: '25%' })).toEqual([]);
  });

  it('names an unknown key with its path and the key it was probably meant to be', () => {
    expect(validate({ replicaCunt: 2 })).toEqual(["values.replicaCunt: unknown key. Fix: did you mean 'replicaCount'?"]);
  });

  it('lists the known keys when no key is close', () => {
    expect(validate({ service: { somethingElse: true } })).toEqual(['values.service.somethingElse: unknown key (known keys here: annotations, type). Fix: remove it, or if the pinned version really reads it, add it to the schema']);
  });

  it('names wrong types, values outside an enum, and missing required fields', () => {
    expect(validate({ replicaCount: '2', service: { type: 'NodePrt', annotations: { a: 1 } }, ports: [{ name: 'http' }], maxUnavailable: 1.5 })).toEqual([
      'values.replicaCount: string "2" where the schema wants number. Fix: write a number',
      'values.service.type: "NodePrt" is not one of "ClusterIP", "LoadBalancer". Fix: write one of them',
      'values.service.annotations.a: number 1 where the schema wants string. Fix: write a string',
      'values.ports[0].port: required field is missing. Fix: set port (integer)',
      'values.maxUnavailable: number 1.5 where the schema wants integer or string. Fix: write an integer or string',
    ]);
  });

  it('accepts null in Helm values (Helm drops the key) but not in a Kubernetes object', () => {
    expect(validate({ extra: null })).toEqual([]);
    expect(validate({ extra: null }, 'kubernetes')).toEqual(['values.extra: null is not allowed. Fix: remove the field or write an object']);
  });

  it('accepts a whole Terraform expression wherever a scalar goes (its type is known at apply)', () => {
    expect(validate({ replicaCount: '${var.replicas}', service: { type: '${local.type}' } })).toEqual([]);
  });

  it('quotes keys that are not identifiers in paths', () => {
    expect(validate({ service: { annotations: { 'service.beta.kubernetes.io/x': false } } })).toEqual([
      'values.service.annotations["service.beta.kubernetes.io/x"]: boolean false where the schema wants string. Fix: write a string',
    ]);
  });
});
