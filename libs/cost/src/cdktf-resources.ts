import { PlatformError } from '@platform/core';
import type { TerraformResource } from './estimate-monthly-cost';
import { numberOf, type Values } from './private/values';

/** The parts of a synthesized cdktf stack (`cdk.tf.json`) the adapter reads. */
export interface CdktfStackJson {
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * The resources of a synthesized cdktf stack, with the region of each one's AWS provider (the default `provider.aws`
 * entry, or the alias its `provider` attribute names, e.g. `aws.us-east-1`). A literal `count` or `for_each` expands
 * to one instance per index or key; a `count` or `for_each` not known before apply is kept as one instance whose
 * address ends in `[?]`. Non-AWS resources are kept (the estimator lists them as not priced).
 * @param source names the stack in errors, e.g. its file.
 */
export function resourcesFromCdktfJson(stack: CdktfStackJson, source = 'stack'): TerraformResource[] {
  const regions = providerRegions(stack, source);
  const resources: TerraformResource[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      if (typeof config !== 'object' || config === null) {
        throw new PlatformError(`${source}: resource.${type}.${name} is not an object. Fix: pass the cdk.tf.json that cdktf synthesized`);
      }
      const { count, for_each: forEach, provider, ...values } = config as Values & { count?: unknown; for_each?: unknown; provider?: unknown };
      const region = type.startsWith('aws_') ? regions.get(typeof provider === 'string' ? provider : 'aws') : undefined;
      for (const suffix of instanceKeys(count, forEach)) {
        resources.push({ address: `${type}.${name}${suffix}`, type, values, region });
      }
    }
  }
  return resources;
}

/** `aws` and `aws.<alias>` → region, from the stack's `provider.aws` entries. */
function providerRegions(stack: CdktfStackJson, source: string): Map<string, string | undefined> {
  const entries = stack.provider?.aws;
  const list = Array.isArray(entries) ? entries : entries === undefined ? [] : [entries];
  const regions = new Map<string, string | undefined>();
  for (const entry of list as Values[]) {
    const alias = typeof entry.alias === 'string' ? entry.alias : undefined;
    const region = typeof entry.region === 'string' && !entry.region.includes('${') ? entry.region : undefined;
    const key = alias ? `aws.${alias}` : 'aws';
    if (regions.has(key)) {
      throw new PlatformError(`${source}: two AWS providers are configured as '${key}'. Fix: give every additional provider a distinct alias`);
    }
    regions.set(key, region);
  }
  return regions;
}

/** Address suffixes of the instances of a resource block: `''`, `[0]`, `["key"]`, or `[?]` when unknown. */
function instanceKeys(count: unknown, forEach: unknown): string[] {
  if (count !== undefined) {
    const literal = numberOf({ count }, 'count');
    return literal === undefined ? ['[?]'] : Array.from({ length: literal }, (_, index) => `[${index}]`);
  }
  if (forEach !== undefined) {
    if (Array.isArray(forEach)) return forEach.map((key) => `[${JSON.stringify(String(key))}]`);
    if (typeof forEach === 'object' && forEach !== null) return Object.keys(forEach).map((key) => `[${JSON.stringify(key)}]`);
    return ['[?]'];
  }
  return [''];
}
