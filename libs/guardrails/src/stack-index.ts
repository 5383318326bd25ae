import { escapeRegExp } from '@platform/core';
import { allStrings } from './terraform-values';

type Blocks = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

/** The parts of a synthesized stack (`cdk.tf.json`) the policy engine reads. */
export interface TerraformJson {
  readonly '//'?: { readonly metadata?: { readonly stackName?: string }; readonly [key: string]: unknown };
  readonly resource?: Blocks;
  readonly data?: Blocks;
}

/** One resource block of a synthesized stack. */
export interface StackResource {
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Logical id (the block's name). */
  readonly name: string;
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  /** Construct path cdktf recorded for the resource (`<stack>/<construct path>`); the address when there is none. */
  readonly constructPath: string;
  /** Arguments, without cdktf's `//` metadata. */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Whether `value` (an argument, searched through nested blocks) holds a Terraform expression referring to the
 * resource `<type>.<name>`, e.g. `${aws_s3_bucket.logs.id}`. Data sources of the same type do not count.
 */
export function referencesResource(value: unknown, type: string, name: string): boolean {
  // Not preceded by a name character or '.', so `data.<type>.<name>` and longer names do not match.
  const reference = new RegExp(`(?<![\\w.-])${escapeRegExp(type)}\\.${escapeRegExp(name)}(?![\\w-])`);
  return allStrings(value).some((text) => text.includes('${') && reference.test(text));
}

/** A synthesized stack indexed for rules: resources by type, references between resources, data sources. */
export class StackIndex {
  /** Stack name from cdktf's metadata; `stack` when the JSON has none (e.g. `Testing.synth` output). */
  readonly stackName: string;
  private readonly byType = new Map<string, StackResource[]>();
  private readonly byAddress = new Map<string, StackResource>();

  constructor(readonly json: TerraformJson) {
    this.stackName = json['//']?.metadata?.stackName ?? 'stack';
    for (const [type, blocks] of Object.entries(json.resource ?? {})) {
      const resources = Object.entries(blocks).map(([name, { '//': metadata, ...config }]) => {
        const path = (metadata as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
        const address = `${type}.${name}`;
        return { type, name, address, constructPath: typeof path === 'string' ? path : address, config };
      });
      this.byType.set(type, resources);
      for (const resource of resources) this.byAddress.set(resource.address, resource);
    }
  }

  /** Every resource of the stack. */
  get resources(): readonly StackResource[] {
    return [...this.byType.values()].flat();
  }

  /** The resources of one Terraform type. */
  ofType(type: string): readonly StackResource[] {
    return this.byType.get(type) ?? [];
  }

  /** Resources of `type` whose `attribute` (any argument when omitted) refers to `target`. */
  referencing(type: string, target: StackResource, attribute?: string): StackResource[] {
    return this.ofType(type).filter((resource) =>
      referencesResource(attribute === undefined ? resource.config : resource.config[attribute], target.type, target.name),
    );
  }

  /**
   * The resource of this stack a plain reference points at, e.g. `${aws_security_group.lb.id}`; undefined for
   * literals, data sources, cross-stack references and composite expressions.
   */
  resolve(value: unknown): StackResource | undefined {
    if (typeof value !== 'string') return undefined;
    const match = /^\$\{([a-z0-9_]+)\.([^.[\]}]+)(?:[.[][^}]*)?\}$/.exec(value);
    return match && match[1] !== 'data' ? this.byAddress.get(`${match[1]}.${match[2]}`) : undefined;
  }

  /** The arguments of data source `data.<type>.<name>`, without metadata. */
  dataSource(type: string, name: string): Readonly<Record<string, unknown>> | undefined {
    const block = this.json.data?.[type]?.[name];
    if (block === undefined) return undefined;
    const { '//': _metadata, ...config } = block;
    return config;
  }
}
