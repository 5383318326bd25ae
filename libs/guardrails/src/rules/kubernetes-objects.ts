import { SYSTEM_NAMESPACE_NAMES } from '@platform/core';
import { parse } from 'yaml';
import { StackIndex, StackResource } from '../stack-index';
import { blockOf, blocksOf, numberOf } from '../terraform-values';

/**
 * Readers that turn the Kubernetes resources of a synthesized stack — `kubernetes_<kind>_v1` blocks (snake_case,
 * repeated blocks as lists) and `kubernetes_manifest` objects (the API's camelCase) — into the shape of the
 * Kubernetes API, so each rule checks one shape, and the admission patterns of the same rules apply to the same
 * objects.
 */

type Json = Record<string, unknown>;

/** Terraform resource types whose `spec.template.spec` is a pod spec. */
const TEMPLATE_WORKLOADS: Readonly<Record<string, string>> = {
  kubernetes_deployment_v1: 'Deployment',
  kubernetes_stateful_set_v1: 'StatefulSet',
  kubernetes_daemon_set_v1: 'DaemonSet',
  kubernetes_job_v1: 'Job',
  kubernetes_replication_controller_v1: 'ReplicationController',
};
/** Every Terraform resource type that can hold a pod spec. */
export const WORKLOAD_TYPES = [...Object.keys(TEMPLATE_WORKLOADS), 'kubernetes_cron_job_v1', 'kubernetes_pod_v1', 'kubernetes_manifest'];
const MANIFEST_TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet', 'ReplicationController'];

/** The provider's block names that differ from the API's field names beyond snake_case → camelCase. */
const API_FIELD_NAMES: Readonly<Record<string, string>> = {
  container: 'containers',
  init_container: 'initContainers',
  volume: 'volumes',
  port: 'ports',
  host_pid: 'hostPID',
  host_ipc: 'hostIPC',
  toleration: 'tolerations',
  image_pull_secrets: 'imagePullSecrets',
  volume_mount: 'volumeMounts',
};
/** Repeated blocks the API holds as lists, even when cdktf wrote one block as an object. */
const LIST_FIELDS = new Set(['containers', 'initContainers', 'volumes', 'ports', 'tolerations', 'volumeMounts', 'env']);
/** Single blocks the API holds as objects, even when cdktf wrote them as a one-element list. */
const SINGLE_BLOCKS = new Set([
  'securityContext',
  'seccompProfile',
  'capabilities',
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'hostPath',
  'httpGet',
]);

/** A pod spec of the provider's schema in the API's shape (map keys such as resource names are kept as they are). */
export function apiShape(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    if (key !== undefined && SINGLE_BLOCKS.has(key)) return apiShape(blockOf(value), key);
    return value.map((item) => apiShape(item));
  }
  if (typeof value !== 'object' || value === null) return value;
  // Maps whose keys are data (quantities, labels), not field names.
  if (key === 'limits' || key === 'requests' || key === 'matchLabels' || key === 'nodeSelector') return value;
  const result: Json = {};
  for (const [field, item] of Object.entries(value)) {
    const name = API_FIELD_NAMES[field] ?? field.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
    result[name] = LIST_FIELDS.has(name) ? blocksOf(item).map((block) => apiShape(block)) : apiShape(item, name);
  }
  return result;
}

/** A pod template found in a workload resource, in the API's shape. */
export interface PodTemplate {
  /** API kind of the object holding it, e.g. `Deployment`. */
  readonly kind: string;
  /** Namespace of the object; `default` when none is set (the provider's default too). */
  readonly namespace: string;
  /** `spec.replicas` where the kind has one and it is a literal. */
  readonly replicas?: number;
  /** Labels of the pod template. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pod spec: `containers`, `initContainers`, `securityContext`, `hostNetwork`, `volumes`, ... */
  readonly spec: Json;
}

/** A container of a pod spec, with where it is (`containers[0] app`). */
export interface PodContainer {
  readonly label: string;
  readonly container: Json;
}

const asJson = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

/** The `manifest` of a `kubernetes_manifest`, as written. */
export function manifestOf(resource: StackResource): Json | undefined {
  return resource.type === 'kubernetes_manifest' ? asJson(resource.config.manifest) : undefined;
}

/** The literal name of a namespace argument: a literal, or a reference to a `kubernetes_namespace_v1` of the stack. */
export function namespaceName(value: unknown, stack: StackIndex): string | undefined {
  if (typeof value === 'string' && !value.includes('${')) return value;
  const namespace = stack.resolve(value);
  const name = namespace === undefined ? undefined : blockOf(namespace.config.metadata)?.name;
  return typeof name === 'string' && !name.includes('${') ? name : undefined;
}

/** The namespace of a namespaced Kubernetes resource of the stack; `default` when it sets none. */
export function namespaceOf(resource: StackResource, stack: StackIndex): string {
  const manifest = manifestOf(resource);
  const value = manifest !== undefined ? asJson(manifest.metadata)?.namespace : blockOf(resource.config.metadata)?.namespace;
  if (value === undefined) return 'default';
  // An apply-time namespace is checked like an application one, the strict choice.
  return namespaceName(value, stack) ?? String(value);
}

/** Whether host access (hostNetwork, hostPath, ...) is allowed in `namespace`: only in the documented system namespaces. */
export function isSystemNamespace(namespace: string): boolean {
  return SYSTEM_NAMESPACE_NAMES.includes(namespace);
}

/** The pod template of a workload resource, or undefined when the resource holds none (e.g. a ConfigMap manifest). */
export function podTemplateOf(resource: StackResource, stack: StackIndex): PodTemplate | undefined {
  // Several rules read every workload's pod template: it is built once per resource (callers only read it).
  if (!podTemplates.has(resource)) podTemplates.set(resource, readPodTemplate(resource, stack));
  return podTemplates.get(resource);
}

const podTemplates = new WeakMap<StackResource, PodTemplate | undefined>();

function readPodTemplate(resource: StackResource, stack: StackIndex): PodTemplate | undefined {
  const namespace = namespaceOf(resource, stack);
  const manifest = manifestOf(resource);
  if (manifest !== undefined) {
    const kind = String(manifest.kind);
    const spec = asJson(manifest.spec);
    const template =
      kind === 'Pod'
        ? { metadata: manifest.metadata, spec }
        : MANIFEST_TEMPLATE_KINDS.includes(kind)
        ? asJson(spec?.template)
        : kind === 'CronJob'
        ? asJson(asJson(asJson(spec?.jobTemplate)?.spec)?.template)
        : undefined;
    const podSpec = asJson(template?.spec);
    if (podSpec === undefined) return undefined;
    return {
      kind,
      namespace,
      replicas: numberOf(spec?.replicas),
      labels: labelsOf(asJson(template?.metadata)?.labels),
      spec: podSpec,
    };
  }
  const spec = blockOf(resource.config.spec);
  const kind = TEMPLATE_WORKLOADS[resource.type];
  let template: Json | undefined;
  if (kind !== undefined) template = blockOf(spec?.template);
  else if (resource.type === 'kubernetes_cron_job_v1') template = blockOf(blockOf(blockOf(spec?.job_template)?.spec)?.template);
  else if (resource.type === 'kubernetes_pod_v1') template = { metadata: resource.config.metadata, spec };
  const podSpec = asJson(apiShape(blockOf(template?.spec)));
  if (podSpec === undefined) return undefined;
  return {
    kind: kind ?? (resource.type === 'kubernetes_pod_v1' ? 'Pod' : 'CronJob'),
    namespace,
    replicas: numberOf(spec?.replicas),
    labels: labelsOf(blockOf(template?.metadata)?.labels),
    spec: podSpec,
  };
}

function labelsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asJson(value) ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Every container of a pod spec (init and ephemeral ones too), labelled for findings. */
export function containersOf(spec: Json): PodContainer[] {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((field) =>
    blocksOf(spec[field]).map((container, index) => ({
      label: `${field}[${index}] ${String(container.name ?? '')}`.trim(),
      container,
    }))
  );
}

/** The field at `path` of an object in the API's shape, e.g. `['securityContext', 'runAsNonRoot']`. */
export function fieldAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, key) => asJson(current)?.[key], value);
}

/** The parsed `values` documents of a `helm_release` (YAML or JSON strings), merged in order, top-level keys only. */
export function helmValuesOf(release: StackResource): Json[] {
  const documents = Array.isArray(release.config.values) ? release.config.values : [];
  return documents.flatMap((document) => {
    if (typeof document !== 'string') return [];
    const parsed = parsedValuesDocument(document);
    return parsed === undefined ? [] : [parsed];
  });
}

/**
 * Each values document parsed once per process: three rules read every release's values, in every environment. The
 * platform writes them as JSON (a subset of YAML), which `JSON.parse` reads ~20× faster than a YAML parser; anything
 * else is read as YAML. Callers only read the result.
 */
const parsedValuesDocuments = new Map<string, Json | undefined>();
function parsedValuesDocument(document: string): Json | undefined {
  if (!parsedValuesDocuments.has(document)) parsedValuesDocuments.set(document, asJson(parseJsonOrYaml(document)));
  return parsedValuesDocuments.get(document);
}

function parseJsonOrYaml(document: string): unknown {
  try {
    return JSON.parse(document);
  } catch {
    try {
      return parse(document);
    } catch {
      return undefined;
    }
  }
}

/** Every `key: value` pair anywhere inside a value, with its dotted path, for scans of chart values. */
export function entriesDeep(value: unknown, path = ''): { path: string; key: string; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => entriesDeep(item, `${path}[${index}]`));
  const object = asJson(value);
  if (object === undefined) return [];
  return Object.entries(object).flatMap(([key, item]) => {
    const itemPath = path === '' ? key : `${path}.${key}`;
    return [{ path: itemPath, key, value: item }, ...entriesDeep(item, itemPath)];
  });
}
