import { blockOf as block, blocksOf as blocks } from '@platform/guardrails';
import type { ModelResource, PlatformModel } from '../platform-model';

/** Namespaces every cluster has before anything is deployed. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

type Json = Record<string, unknown>;

/** Nested blocks as cdktf writes them (an object, or a list): the guardrails' readers, under shorter names. */
export { block, blocks };

/**
 * A field of a Kubernetes resource's `metadata` (`name`, `namespace`), with a reference to another Kubernetes
 * object's `metadata[0].name` in the same stack (`${kubernetes_namespace_v1.x.metadata[0].name}`) followed to that
 * object's name. Undefined when it is not set or not known at synth.
 */
export function metadataField(model: PlatformModel, resource: ModelResource, field: string): string | undefined {
  const raw = block(resource.type === 'kubernetes_manifest' ? (resource.raw.manifest as Json | undefined)?.metadata : resource.raw.metadata)?.[field];
  return nameOf(model, resource.stack, raw);
}

/** A name as written: a literal, or a reference to a Kubernetes object's `metadata[0].name` in `stack`. */
export function nameOf(model: PlatformModel, stack: string, raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const reference = /^\$\{(kubernetes_[a-z0-9_]+)\.([\w-]+)\.metadata\[0\]\.name\}$/.exec(raw);
  if (reference) {
    const target = model.resources(reference[1]).find((candidate) => candidate.stack === stack && candidate.name === reference[2]);
    return target === undefined ? undefined : metadataField(model, target, 'name');
  }
  const resolved = model.resolve(stack, raw);
  return typeof resolved === 'string' && !resolved.startsWith('placeholder-') ? resolved : undefined;
}

/** The values documents of a Helm release, parsed, with references resolved. */
export function helmValues(release: ModelResource): Json[] {
  return ([] as unknown[])
    .concat(release.values.values ?? [])
    .map((text) => (typeof text === 'string' ? (JSON.parse(text) as unknown) : text))
    .filter((document): document is Json => typeof document === 'object' && document !== null);
}

/** Every object in a JSON tree with its dotted path (`a.b[0].c`), the root first. */
export function walkObjects(value: unknown, visit: (object: Json, path: string) => void, path = ''): void {
  if (Array.isArray(value)) value.forEach((item, index) => walkObjects(item, visit, `${path}[${index}]`));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Json, path);
    for (const [key, field] of Object.entries(value)) walkObjects(field, visit, path === '' ? key : `${path}.${key}`);
  }
}

/** `kind name` of a `kubernetes_manifest`, e.g. `ClusterIssuer letsencrypt-production`. */
export function manifestTitle(model: PlatformModel, resource: ModelResource): string {
  const manifest = resource.raw.manifest as Json | undefined;
  const namespace = metadataField(model, resource, 'namespace');
  return `${String(manifest?.kind)} ${namespace === undefined ? '' : `${namespace}/`}${metadataField(model, resource, 'name') ?? '?'}`;
}
