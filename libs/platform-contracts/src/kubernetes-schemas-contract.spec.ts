import type { ContractInput, ContractResult } from './contract';
import { chartValuesSchema, KubernetesSchemasContract } from './kubernetes-schemas-contract';
import type { ChartValuesSchema, CustomResourceSchema } from './kubernetes-schemas/schema-catalog';
import { PlatformModel } from './platform-model';
import { failures } from './private/spec-support';

/**
 * A small catalog instead of the pinned one: the contract's decisions (which schema, which version, which path of a
 * `set` name) do not depend on the charts, and these schemas have every shape a `set` name can walk (a map, a list of
 * lists, an object with extra keys of one schema, an enum, a key with a dot or brackets in it).
 */
jest.mock('./kubernetes-schemas/schema-catalog', () => {
  const { list, map, obj, oneOf } = jest.requireActual('./kubernetes-schema');
  const web: ChartValuesSchema = {
    chart: 'web',
    version: '1.2.0',
    source: [
      { repository: 'https://github.com/acme/web', ref: 'web-1.2.0', path: 'charts/web/values.yaml' },
      { repository: 'https://github.com/acme/common', ref: 'common-0.4.0', path: 'charts/common/values.yaml' },
    ],
    values: obj({
      replicaCount: 'number',
      nameOverride: 'string',
      mode: oneOf('blue', 'green'),
      config: 'object',
      podAnnotations: map('string'),
      'dotted.key': 'string',
      'weird[key]': 'string',
      service: obj({ type: 'string', annotations: map('string') }),
      ports: list(obj({ port: 'integer', name: 'string' })),
      matrix: list(list(obj({ value: 'string' }))),
      extra: obj({ known: 'string' }, { additional: obj({ enabled: 'boolean' }) }),
      additionalPrometheusRulesMap: 'object',
    }),
  };
  const kubePrometheusStack: ChartValuesSchema = {
    chart: 'kube-prometheus-stack',
    version: '80.0.0',
    source: { repository: 'https://github.com/prometheus-community/helm-charts', ref: 'kube-prometheus-stack-80.0.0', path: 'charts/kube-prometheus-stack/values.yaml' },
    values: obj({ additionalPrometheusRulesMap: 'any', nameOverride: 'string' }),
  };
  const certManager: ChartValuesSchema = {
    chart: 'cert-manager',
    version: 'v1.0.0',
    source: { repository: 'https://github.com/cert-manager/cert-manager', ref: 'v1.0.0', path: 'deploy/charts/cert-manager/values.yaml' },
    values: obj({ installCRDs: 'boolean' }),
  };
  const prometheusRule: CustomResourceSchema = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    installedBy: { chart: 'kube-prometheus-stack', version: '80.0.0' },
    source: { repository: 'https://github.com/prometheus-community/helm-charts', ref: 'kube-prometheus-stack-80.0.0', path: 'crds/crd-prometheusrules.yaml' },
    schema: obj(
      {
        apiVersion: 'string',
        kind: 'string',
        metadata: 'object',
        spec: obj({ groups: list(obj({ name: 'string', rules: list(obj({ alert: 'string', expr: 'int-or-string', labels: map('string') }, { required: ['expr'] })) }, { required: ['name'] })) }),
      },
      { required: ['spec'] },
    ),
  };
  const clusterIssuer: CustomResourceSchema = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    installedBy: { chart: 'cert-manager', version: 'v1.0.0' },
    source: { repository: 'https://github.com/cert-manager/cert-manager', ref: 'v1.0.0', path: 'crds/clusterissuers.yaml' },
    schema: obj({ apiVersion: 'string', kind: 'string', metadata: 'object', spec: obj({ acme: obj({ server: 'string', email: 'string' }, { required: ['server'] }) }) }, { required: ['spec'] }),
  };
  const widget: CustomResourceSchema = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    installedBy: { chart: 'web', version: '1.2.0' },
    source: { repository: 'https://github.com/acme/web', ref: 'web-1.2.0', path: 'charts/web/crds/widgets.yaml' },
    schema: obj({ apiVersion: 'string', kind: 'string', metadata: 'object', spec: obj({ size: 'integer' }) }),
  };
  return {
    CHART_VALUES_SCHEMAS: Object.fromEntries([web, kubePrometheusStack, certManager].map((schema) => [schema.chart, schema])),
    CUSTOM_RESOURCE_SCHEMAS: Object.fromEntries([prometheusRule, clusterIssuer, widget].map((schema) => [`${schema.apiVersion}/${schema.kind}`, schema])),
  };
});

type Json = Record<string, unknown>;

const contract = new KubernetesSchemasContract();
const EKS = { name: 'production', compute: 'eks' } as unknown as ContractInput['environment'];
const DIRECTORY = 'libs/platform-contracts/src/kubernetes-schemas';

/** A helm_release of `chart` at `version`, its values documents written with JSON.stringify unless already strings. */
const release = (chart: string, version: string, values: unknown[] = [], extra: Json = {}): Json => ({
  chart,
  version,
  name: chart,
  values: values.map((document) => (typeof document === 'string' ? document : JSON.stringify(document))),
  ...extra,
});
const ISSUER = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' }, spec: { acme: { server: 'https://acme.example/directory' } } };
const issuer = (change: Json = {}): Json => ({ manifest: { ...ISSUER, ...change } });

/** One stack, `addons`, with the Helm releases and manifests given (by block name). */
function evaluate(releases: Record<string, Json>, manifests: Record<string, Json> = {}, environment = EKS): ContractResult {
  const model = new PlatformModel({ addons: { resource: { helm_release: releases, kubernetes_manifest: manifests } } } as ConstructorParameters<typeof PlatformModel>[0]);
  return contract.evaluate({ model, environment }) as ContractResult;
}
const subjects = (result: ContractResult) => result.checks.map((item) => `${item.subject}: ${item.passed}`);

describe('kubernetes schemas contract', () => {
  it('is titled for the report; checks each release and custom resource, and notes how many against how many schemas', () => {
    const result = evaluate(
      { web: release('web', '1.2.0', [{ replicaCount: 2 }]), web_canary: release('web', '1.2.0'), certs: release('cert-manager', 'v1.0.0', [{ installCRDs: true }]) },
      {
        issuer: issuer(),
        // A CRD whose schema requires nothing: the manifest needs its metadata only.
        widget: { manifest: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gadget' } } },
        settings: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { anything: 1 } } },
        yaml: { manifest: 'kind: ClusterIssuer' },
        unset: { manifest: null },
        none: {},
      },
    );
    expect(result.id).toBe('kubernetes-schemas');
    expect(result.title).toBe('Kubernetes schemas: Helm values and custom resources match the pinned charts and CRDs');
    expect(subjects(result)).toEqual([
      "addons/helm_release.web: web 1.2.0 values match the chart's keys and types: true",
      "addons/helm_release.web_canary: web 1.2.0 values match the chart's keys and types: true",
      "addons/helm_release.certs: cert-manager v1.0.0 values match the chart's keys and types: true",
      'addons/kubernetes_manifest.issuer: ClusterIssuer letsencrypt matches the ClusterIssuer CRD of cert-manager v1.0.0: true',
      'addons/kubernetes_manifest.widget: Widget gadget matches the Widget CRD of web 1.2.0: true',
    ]);
    expect(result.notes).toEqual(['3 Helm releases checked against 2 chart schemas, 2 custom resources against their CRDs']);
  });

  it('exposes the values schema a chart is checked against', () => {
    expect(chartValuesSchema('web')?.version).toBe('1.2.0');
    expect(chartValuesSchema('webapp')).toBeUndefined();
  });

  it('does not apply on ECS', () => {
    const result = evaluate({}, {}, { ...EKS, compute: 'ecs' } as ContractInput['environment']);
    expect(result.title).toBe(contract.title);
    expect(result.notes).toEqual(["not applicable: production runs on ECS Fargate (compute: 'ecs'); no Helm release or custom resource to check against a chart or CRD schema"]);
  });

  describe('Helm releases', () => {
    it('a chart without a values schema is named with how to draft one', () => {
      expect(failures(evaluate({ app: release('webapp', '1.2.0', [{ replicaCount: 2 }]) }))).toEqual([
        `addons/helm_release.app: webapp 1.2.0 values match the chart's keys and types: chart webapp: no values schema. Fix: draft one from the chart's values.yaml with tools/derive-kubernetes-schema.ts into ${DIRECTORY}/chart-values/webapp.ts and add it to schema-catalog.ts`,
      ]);
    });

    it('a chart pinned at another version than its schema was read from names the (first) source; a set key names the schema’s version', () => {
      const result = evaluate({ web: release('web', '1.3.0', [], { set: [{ name: 'replicaCunt', value: '2' }] }), certs: release('cert-manager', 'v1.0.1') });
      expect(failures(result)).toEqual([
        "addons/helm_release.web: web 1.3.0 values match the chart's keys and types: " +
          `web version: pinned at 1.3.0, but its values schema was read from 1.2.0 (https://github.com/acme/web web-1.2.0 charts/web/values.yaml). Fix: re-derive ${DIRECTORY}/chart-values/web.ts from web 1.3.0's values.yaml and record version '1.3.0'; ` +
          "web set replicaCunt: unknown key replicaCunt. Fix: use a key of web 1.2.0's values",
        "addons/helm_release.certs: cert-manager v1.0.1 values match the chart's keys and types: " +
          `cert-manager version: pinned at v1.0.1, but its values schema was read from v1.0.0 (https://github.com/cert-manager/cert-manager v1.0.0 deploy/charts/cert-manager/values.yaml). Fix: re-derive ${DIRECTORY}/chart-values/cert-manager.ts from cert-manager v1.0.1's values.yaml and record version 'v1.0.1'`,
      ]);
    });

    it('checks every values document (named by its index when it is not JSON) with the chart’s name before each path', () => {
      const result = evaluate({ web: release('web', '1.2.0', ['{"replicaCount": 2', { replicaCunt: 2, service: { type: 1 } }, 'replicaCount: 2']) });
      expect(failures(result, ' | ')).toEqual([
        "addons/helm_release.web: web 1.2.0 values match the chart's keys and types: " +
          [
            'web values[0]: not JSON, so its keys cannot be checked. Fix: write values with JSON.stringify',
            "web values.replicaCunt: unknown key. Fix: did you mean 'replicaCount'?",
            'web values.service.type: number 1 where the schema wants string. Fix: write a string',
            'web values[2]: not JSON, so its keys cannot be checked. Fix: write values with JSON.stringify',
          ].join(' | '),
      ]);
    });

    it('reads values as Helm does (a null drops the key); values that are no list of documents are not checked', () => {
      expect(failures(evaluate({ web: release('web', '1.2.0', [{ nameOverride: null, service: null }]) }))).toEqual([]);
      expect(failures(evaluate({ web: release('web', '1.2.0', [], { values: '{"replicaCunt": 2}' }) }))).toEqual([]);
      expect(failures(evaluate({ web: release('web', '1.2.0', ['null']) }))).toEqual([]);
    });

    describe('custom resources in values', () => {
      const rules = (map: unknown) => ({ additionalPrometheusRulesMap: map });

      it('kube-prometheus-stack’s additionalPrometheusRulesMap entries are PrometheusRule specs, read as Kubernetes reads them', () => {
        const result = evaluate({
          monitoring: release('kube-prometheus-stack', '80.0.0', [
            rules({
              good: { groups: [{ name: 'up', rules: [{ alert: 'Down', expr: 'up == 0' }] }] },
              bad: { groups: [{ name: 'up', rules: [{ alert: 'Down', exp: 'up == 0', labels: { severity: null } }] }, { rules: [] }] },
            }),
          ]),
        });
        expect(failures(result, ' | ')).toEqual([
          "addons/helm_release.monitoring: kube-prometheus-stack 80.0.0 values match the chart's keys and types: " +
            [
              'kube-prometheus-stack PrometheusRule values.additionalPrometheusRulesMap.bad.groups[0].rules[0].expr: required field is missing. Fix: set expr (integer or string)',
              "kube-prometheus-stack PrometheusRule values.additionalPrometheusRulesMap.bad.groups[0].rules[0].exp: unknown key. Fix: did you mean 'expr'?",
              'kube-prometheus-stack PrometheusRule values.additionalPrometheusRulesMap.bad.groups[0].rules[0].labels.severity: null is not allowed. Fix: remove the field or write a string',
              'kube-prometheus-stack PrometheusRule values.additionalPrometheusRulesMap.bad.groups[1].name: required field is missing. Fix: set name (string)',
            ].join(' | '),
        ]);
      });

      it('the same map in another chart, a map that is no object, and values that are no object are not rules', () => {
        const bad = { bad: { groups: [{ rules: [{ exp: 'up' }] }] } };
        expect(failures(evaluate({ web: release('web', '1.2.0', [rules(bad)]) }))).toEqual([]);
        expect(failures(evaluate({ monitoring: release('kube-prometheus-stack', '80.0.0', [rules([bad.bad]), rules('bad'), 'null']) }))).toEqual([]);
        expect(failures(evaluate({ monitoring: release('kube-prometheus-stack', '80.0.0', [[rules(bad)]]) }))).toEqual([
          "addons/helm_release.monitoring: kube-prometheus-stack 80.0.0 values match the chart's keys and types: kube-prometheus-stack values: a list where the schema wants an object. Fix: write an object",
        ]);
      });
    });

    describe('set and set_sensitive names', () => {
      const unknownKeys = (...names: string[]) =>
        failures(evaluate({ web: release('web', '1.2.0', [], { set: names.map((name) => ({ name, value: 'x' })) }) }), ' | ').flatMap((failure) =>
          failure
            .split(': ')
            .slice(2)
            .join(': ')
            .split(' | ')
            .map((problem) => /^web set (.*): unknown key (.*)\. Fix: use a key of web 1\.2\.0's values$/.exec(problem)?.slice(1, 3).join(' → ') ?? problem),
        );

      it.each([
        ['a key of the values', 'replicaCount'],
        ['a nested key', 'service.type'],
        ['any key of a map, with escaped dots', 'service.annotations.service\\.beta\\.kubernetes\\.io/scheme'],
        ['a key with a dot in it, escaped', 'dotted\\.key'],
        ['a key with brackets that are no index', 'weird[key]'],
        ['an item of a list', 'ports[0].port'],
        ['an item at a two-digit index', 'ports[12].name'],
        ['an item of a list of lists', 'matrix[0][1].value'],
        ['a known key of an object with extra keys', 'extra.known'],
        ['an extra key of such an object', 'extra.canary.enabled'],
        ['below a list without index (the item is not known)', 'ports.port'],
        ['below a list of lists with one index', 'matrix[0].value'],
        ['below an unchecked object', 'config.server.port'],
        ['below a string', 'nameOverride.x'],
        ['an index of a string', 'nameOverride[0].x'],
        ['below an enum', 'mode.x'],
        ['below an index of an object (no list)', 'service[0].typo'],
        ['below two indexes of an object', 'service[0][1].typo'],
      ])('%s is known: %s', (_case, name) => {
        expect(unknownKeys(name)).toEqual([]);
      });

      it.each([
        ['an unknown key', 'replicaCunt', 'replicaCunt'],
        ['a nested unknown key (the first unknown segment)', 'service.tpye.x', 'tpye'],
        ['a dotted key unescaped', 'dotted.key', 'dotted'],
        ['an unknown key of a list item', 'ports[0].prot', 'prot'],
        ['an unknown key at a two-digit index', 'ports[12].prot', 'prot'],
        ['an unknown key of a list of lists', 'matrix[0][1].valu', 'valu'],
        ['an unknown key below an extra key', 'extra.canary.enbled', 'enbled'],
        ['an unknown key with an index (the whole segment)', 'portz[0].port', 'portz[0]'],
        ['an index with a trailing word', 'ports[0]x.port', 'ports[0]x'],
        ['a word before brackets', 'x.weird[key]', 'x'],
      ])('%s is named: %s', (_case, name, segment) => {
        expect(unknownKeys(name)).toEqual([`${name} → ${segment}`]);
      });

      it('reads set_sensitive after set, and skips entries that are no block', () => {
        const result = evaluate({ web: release('web', '1.2.0', [], { set: ['replicaCunt', { name: 'replicaCunt' }], set_sensitive: [{ name: 'service.pasword', value: 'x' }] }) });
        expect(failures(result)).toEqual([
          "addons/helm_release.web: web 1.2.0 values match the chart's keys and types: web set replicaCunt: unknown key replicaCunt. Fix: use a key of web 1.2.0's values; web set service.pasword: unknown key pasword. Fix: use a key of web 1.2.0's values",
        ]);
        expect(failures(evaluate({ web: release('web', '1.2.0', [], { set: { name: 'replicaCunt' }, set_sensitive: 'replicaCunt' }) }))).toEqual([]);
      });
    });
  });

  describe('custom resources', () => {
    const ISSUER_SUBJECT = 'addons/kubernetes_manifest.issuer: ClusterIssuer letsencrypt matches the ClusterIssuer CRD of cert-manager v1.0.0';

    it.each([
      ['v1'],
      ['apps/v1'],
      ['batch/v1'],
      ['policy/v1'],
      ['autoscaling/v2'],
      ['networking.k8s.io/v1'],
      ['storage.k8s.io/v1'],
      ['rbac.authorization.k8s.io/v1'],
      ['scheduling.k8s.io/v1'],
      ['admissionregistration.k8s.io/v1'],
      ['apiextensions.k8s.io/v1'],
      ['coordination.k8s.io/v1'],
      ['discovery.k8s.io/v1'],
      ['node.k8s.io/v1'],
      ['certificates.k8s.io/v1'],
      ['events.k8s.io/v1'],
      ['flowcontrol.apiserver.k8s.io/v1'],
    ])('a %s object is Kubernetes’ own (the provider validates it)', (apiVersion) => {
      const result = evaluate({}, { object: { manifest: { apiVersion, kind: 'Thing', metadata: { name: 'thing' }, spek: {} } } });
      expect(result.checks).toEqual([]);
      expect(result.notes).toEqual(['0 Helm releases checked against 0 chart schemas, 0 custom resources against their CRDs']);
    });

    it('a kind without a schema is named with how to draft one; a group that only starts like a built-in one is no built-in one', () => {
      const result = evaluate({}, { vpa: { manifest: { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name: 'web' } } } });
      expect(failures(result)).toEqual([
        `addons/kubernetes_manifest.vpa: VerticalPodAutoscaler web matches its CRD: VerticalPodAutoscaler web: no schema for autoscaling.k8s.io/v1 VerticalPodAutoscaler. Fix: draft one from its CRD with tools/derive-kubernetes-schema.ts into ${DIRECTORY}/custom-resources/ and add it to schema-catalog.ts`,
      ]);
    });

    it('a kind written at another apiVersion than its schema is named with the version the chart serves', () => {
      const result = evaluate({}, { issuer: issuer({ apiVersion: 'cert-manager.io/v1alpha2' }), nameless: { manifest: { apiVersion: 'cert-manager.io/v1alpha2', kind: 'ClusterIssuer' } } });
      expect(failures(result)).toEqual([
        'addons/kubernetes_manifest.issuer: ClusterIssuer letsencrypt matches its CRD: ClusterIssuer letsencrypt apiVersion: cert-manager.io/v1alpha2, but the ClusterIssuer schema is for cert-manager.io/v1 (the version cert-manager v1.0.0 serves). Fix: write apiVersion cert-manager.io/v1',
        'addons/kubernetes_manifest.nameless: ClusterIssuer (no name) matches its CRD: ClusterIssuer (no name) apiVersion: cert-manager.io/v1alpha2, but the ClusterIssuer schema is for cert-manager.io/v1 (the version cert-manager v1.0.0 serves). Fix: write apiVersion cert-manager.io/v1',
      ]);
    });

    it('checks the manifest against the CRD’s schema as Kubernetes reads it (no null), with the kind and name before each path', () => {
      const result = evaluate({}, { issuer: issuer({ spec: { acme: { email: null, sever: 'https://acme.example/directory' } } }) });
      expect(failures(result, ' | ')).toEqual([
        `${ISSUER_SUBJECT}: ` +
          [
            'ClusterIssuer letsencrypt manifest.spec.acme.server: required field is missing. Fix: set server (string)',
            'ClusterIssuer letsencrypt manifest.spec.acme.email: null is not allowed. Fix: remove the field or write a string',
            "ClusterIssuer letsencrypt manifest.spec.acme.sever: unknown key. Fix: did you mean 'server'?",
          ].join(' | '),
      ]);
    });

    it('checks metadata as ObjectMeta', () => {
      const metadata = { name: 'letsencrypt', generateName: 'le-', namespace: 'cert-manager', labels: { team: 'platform' }, annotations: { 'acme/x': 'y' }, finalizers: ['f'], ownerReferences: [{}] };
      expect(failures(evaluate({}, { issuer: issuer({ metadata }) }))).toEqual([]);
      const wrong = { labels: { team: 1 }, annotations: 'a', finalizers: 'f', ownerReferences: {}, namespace: 2, generateName: true, anotations: {} };
      expect(failures(evaluate({}, { issuer: issuer({ metadata: { name: 'letsencrypt', ...wrong } }) }), ' | ')).toEqual([
        `${ISSUER_SUBJECT}: ` +
          [
            'ClusterIssuer letsencrypt manifest.metadata.labels.team: number 1 where the schema wants string. Fix: write a string',
            'ClusterIssuer letsencrypt manifest.metadata.annotations: string "a" where the schema wants an object. Fix: write an object',
            'ClusterIssuer letsencrypt manifest.metadata.finalizers: string "f" where the schema wants list. Fix: write a list',
            'ClusterIssuer letsencrypt manifest.metadata.ownerReferences: an object where the schema wants list. Fix: write a list',
            'ClusterIssuer letsencrypt manifest.metadata.namespace: number 2 where the schema wants string. Fix: write a string',
            'ClusterIssuer letsencrypt manifest.metadata.generateName: boolean true where the schema wants string. Fix: write a string',
            "ClusterIssuer letsencrypt manifest.metadata.anotations: unknown key. Fix: did you mean 'annotations'?",
          ].join(' | '),
      ]);
    });

    it('a manifest without a name, without metadata, or without what its CRD requires, is named', () => {
      const result = evaluate(
        {},
        {
          unnamed: issuer({ metadata: { namespace: 'cert-manager' } }),
          bare: { manifest: { apiVersion: ISSUER.apiVersion, kind: ISSUER.kind, spec: ISSUER.spec } },
          empty: { manifest: { apiVersion: ISSUER.apiVersion, kind: ISSUER.kind } },
        },
      );
      expect(failures(result, ' | ')).toEqual([
        'addons/kubernetes_manifest.unnamed: ClusterIssuer (no name) matches the ClusterIssuer CRD of cert-manager v1.0.0: ClusterIssuer (no name) manifest.metadata.name: required field is missing. Fix: set name (string)',
        'addons/kubernetes_manifest.bare: ClusterIssuer (no name) matches the ClusterIssuer CRD of cert-manager v1.0.0: ClusterIssuer (no name) manifest.metadata: required field is missing. Fix: set metadata (object)',
        'addons/kubernetes_manifest.empty: ClusterIssuer (no name) matches the ClusterIssuer CRD of cert-manager v1.0.0: ' +
          'ClusterIssuer (no name) manifest.spec: required field is missing. Fix: set spec (object) | ClusterIssuer (no name) manifest.metadata: required field is missing. Fix: set metadata (object)',
      ]);
    });

    it('a CRD installed by another version of its chart than its schema was read from is named on the resource, before its schema problems', () => {
      const result = evaluate(
        { certs: release('cert-manager', 'v1.1.0'), certs_again: release('cert-manager', 'v1.0.0'), web: release('web', '1.2.0') },
        { issuer: issuer({ spec: { acme: {} } }) },
      );
      expect(failures(result, ' | ')).toEqual([
        expect.stringMatching(/^addons\/helm_release\.certs: cert-manager v1\.1\.0 values match the chart's keys and types: cert-manager version: pinned at v1\.1\.0/),
        `${ISSUER_SUBJECT}: ` +
          [
            'ClusterIssuer CRD: addons/helm_release.certs installs cert-manager v1.1.0, but the ClusterIssuer schema was read from v1.0.0 (crds/clusterissuers.yaml). Fix: re-derive the schema from that version\'s CRD and record it',
            'ClusterIssuer letsencrypt manifest.spec.acme.server: required field is missing. Fix: set server (string)',
          ].join(' | '),
      ]);
    });
  });
});
