import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import { formatSchemaProblems, type ListSchema, map, obj, type ObjectSchema, type Schema, validateAgainstSchema } from './kubernetes-schema';
import { CHART_VALUES_SCHEMAS, type ChartValuesSchema, CUSTOM_RESOURCE_SCHEMAS, type CustomResourceSchema, type SchemaSource } from './kubernetes-schemas/schema-catalog';
import type { ModelResource, PlatformModel } from './platform-model';
import { notApplicableOnEcs } from './private/not-on-ecs';

/** A custom resource a chart creates from its values, e.g. kube-prometheus-stack's `additionalPrometheusRulesMap`. */
interface ResourceInValues {
  readonly chart: string;
  /** Key path of a map in the values whose every entry is the resource's `part`. */
  readonly path: readonly string[];
  readonly resource: string;
  readonly part: 'spec';
}

const RESOURCES_IN_VALUES: readonly ResourceInValues[] = [
  { chart: 'kube-prometheus-stack', path: ['additionalPrometheusRulesMap'], resource: 'monitoring.coreos.com/v1/PrometheusRule', part: 'spec' },
];

/** API groups Kubernetes serves itself: their objects have no CRD (the provider validates them). */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'storage.k8s.io',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
]);

/** The ObjectMeta fields a manifest may set. */
const OBJECT_META: ObjectSchema = obj(
  { name: 'string', generateName: 'string', namespace: 'string', labels: map('string'), annotations: map('string'), finalizers: 'list', ownerReferences: 'list' },
  { required: ['name'] },
);

const SCHEMA_DIRECTORY = 'libs/platform-contracts/src/kubernetes-schemas';

/**
 * Schema validation of the Kubernetes objects of all stacks: every Helm release's values match the keys and types of
 * the pinned chart version (unknown keys are named with their path), every custom resource (`kubernetes_manifest`,
 * and custom resources the charts create from values) matches its CRD's OpenAPI schema, and every schema was read
 * from the version the platform pins, so a chart bump without a schema update fails.
 */
export class KubernetesSchemasContract implements PlatformContract {
  readonly id = 'kubernetes-schemas';
  readonly title = 'Kubernetes schemas: Helm values and custom resources match the pinned charts and CRDs';

  evaluate(input: ContractInput): ContractResult {
    const notApplicable = notApplicableOnEcs(this, input, 'no Helm release or custom resource to check against a chart or CRD schema');
    if (notApplicable) return notApplicable;
    const { model } = input;
    const releases = model.resources('helm_release');
    const manifests = model.resources('kubernetes_manifest');
    const checks: ContractCheck[] = [...releases.map((release) => releaseCheck(release)), ...manifests.flatMap((manifest) => manifestCheck(model, manifest))];
    return {
      id: this.id,
      title: this.title,
      checks,
      notes: [`${releases.length} Helm releases checked against ${new Set(releases.map((release) => release.raw.chart)).size} chart schemas, ${checks.length - releases.length} custom resources against their CRDs`],
    };
  }
}

function releaseCheck(release: ModelResource): ContractCheck {
  const chart = String(release.raw.chart);
  const version = String(release.raw.version);
  const subject = `${release.constructPath}: ${chart} ${version} values match the chart's keys and types`;
  const schema = CHART_VALUES_SCHEMAS[chart];
  if (schema === undefined) {
    return check(subject, [
      `chart ${chart}: no values schema. Fix: draft one from the chart's values.yaml with tools/derive-kubernetes-schema.ts into ${SCHEMA_DIRECTORY}/chart-values/${chart}.ts and add it to schema-catalog.ts`,
    ]);
  }
  const problems: string[] = [];
  if (schema.version !== version) {
    problems.push(
      `${chart} version: pinned at ${version}, but its values schema was read from ${schema.version} (${sourceOf(schema.source)}). Fix: re-derive ${SCHEMA_DIRECTORY}/chart-values/${chart}.ts from ${chart} ${version}'s values.yaml and record version '${version}'`,
    );
  }
  const documents = Array.isArray(release.raw.values) ? (release.raw.values as unknown[]) : [];
  documents.forEach((document, index) => {
    let values: unknown;
    try {
      values = JSON.parse(String(document));
    } catch {
      problems.push(`${chart} values[${index}]: not JSON, so its keys cannot be checked. Fix: write values with JSON.stringify`);
      return;
    }
    problems.push(...formatSchemaProblems(validateAgainstSchema(values, schema.values, 'values', 'helm-values'), `${chart} `));
    problems.push(...resourcesInValues(chart, values));
  });
  for (const item of blocks(release.raw.set).concat(blocks(release.raw.set_sensitive))) {
    const unknown = unknownSetPath(String(item.name), schema.values);
    if (unknown !== undefined) problems.push(`${chart} set ${String(item.name)}: unknown key ${unknown}. Fix: use a key of ${chart} ${schema.version}'s values`);
  }
  return check(subject, problems);
}

function resourcesInValues(chart: string, values: unknown): string[] {
  const problems: string[] = [];
  for (const entry of RESOURCES_IN_VALUES.filter((candidate) => candidate.chart === chart)) {
    const schema = CUSTOM_RESOURCE_SCHEMAS[entry.resource];
    const resources = entry.path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), values);
    if (!isObject(resources)) continue;
    const partSchema = schema.schema.properties[entry.part];
    for (const [name, resource] of Object.entries(resources)) {
      const root = `values.${entry.path.join('.')}.${name}`;
      problems.push(...formatSchemaProblems(validateAgainstSchema(resource, partSchema, root, 'kubernetes'), `${chart} ${schema.kind} `));
    }
  }
  return problems;
}

function manifestCheck(model: PlatformModel, resource: ModelResource): ContractCheck[] {
  const manifest = resource.raw.manifest;
  if (!isObject(manifest)) return [];
  const apiVersion = String(manifest.apiVersion);
  const kind = String(manifest.kind);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (BUILT_IN_GROUPS.has(group)) return [];
  const name = isObject(manifest.metadata) && manifest.metadata.name !== undefined ? String(manifest.metadata.name) : '(no name)';
  const schema = CUSTOM_RESOURCE_SCHEMAS[`${apiVersion}/${kind}`];
  if (schema === undefined) {
    const known = Object.values(CUSTOM_RESOURCE_SCHEMAS).find((candidate) => candidate.kind === kind);
    const subject = `${resource.constructPath}: ${kind} ${name} matches its CRD`;
    return [
      check(subject, [
        known
          ? `${kind} ${name} apiVersion: ${apiVersion}, but the ${kind} schema is for ${known.apiVersion} (the version ${known.installedBy.chart} ${known.installedBy.version} serves). Fix: write apiVersion ${known.apiVersion}`
          : `${kind} ${name}: no schema for ${apiVersion} ${kind}. Fix: draft one from its CRD with tools/derive-kubernetes-schema.ts into ${SCHEMA_DIRECTORY}/custom-resources/ and add it to schema-catalog.ts`,
      ]),
    ];
  }
  const subject = `${resource.constructPath}: ${kind} ${name} matches the ${kind} CRD of ${schema.installedBy.chart} ${schema.installedBy.version}`;
  // The CRD schemas leave metadata to the API server, which refuses an object without a name.
  const rootSchema: ObjectSchema = { ...schema.schema, properties: { ...schema.schema.properties, metadata: OBJECT_META }, required: [...(schema.schema.required ?? []), 'metadata'] };
  const problems = [...installedVersionProblems(model, schema), ...formatSchemaProblems(validateAgainstSchema(manifest, rootSchema, 'manifest', 'kubernetes'), `${kind} ${name} `)];
  return [check(subject, problems)];
}

/** The CRD schema must come from the chart version that installs the CRD in this environment. */
function installedVersionProblems(model: PlatformModel, schema: CustomResourceSchema): string[] {
  const installers = model.resources('helm_release').filter((release) => release.raw.chart === schema.installedBy.chart);
  return installers
    .filter((release) => String(release.raw.version) !== schema.installedBy.version)
    .map(
      (release) =>
        `${schema.kind} CRD: ${release.constructPath} installs ${schema.installedBy.chart} ${String(release.raw.version)}, but the ${schema.kind} schema was read from ${schema.installedBy.version} (${schema.source.path}). Fix: re-derive the schema from that version's CRD and record it`,
    );
}

/** The first segment of a `set` name (`controller.service.annotations.a\.b`, `x[0].y`) the schema does not know. */
function unknownSetPath(name: string, schema: Schema): string | undefined {
  let node: Schema | undefined = schema;
  const segments = name.split(/(?<!\\)\./).map((segment) => segment.replace(/\\\./g, '.'));
  for (const segment of segments) {
    // `key[0][1]`: the key, then one list level per index; a segment of another form is a key as written.
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(segment);
    const key = match === null ? segment : match[1];
    const depth = match === null ? 0 : match[2].split('[').length - 1;
    if (node === undefined || typeof node === 'string' || 'enum' in node) return undefined;
    if ('items' in node) return undefined;
    if ('map' in node) node = node.map;
    else if (key in node.properties) node = node.properties[key];
    else if (node.additional !== undefined) node = node.additional;
    else return segment;
    // A list's items; below an index of anything else nothing is known (every other schema has no `items`).
    for (let count = depth; count > 0; count--) node = typeof node === 'object' ? (node as Partial<ListSchema>).items : undefined;
  }
  return undefined;
}

function sourceOf(source: SchemaSource | readonly SchemaSource[]): string {
  const first = Array.isArray(source) ? (source as readonly SchemaSource[])[0] : (source as SchemaSource);
  return `${first.repository} ${first.ref} ${first.path}`;
}

function blocks(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema the contract checks a chart's values against (for tests and tools). */
export function chartValuesSchema(chart: string): ChartValuesSchema | undefined {
  return CHART_VALUES_SCHEMAS[chart];
}
