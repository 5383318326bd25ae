import { placeholderOutputs, placeholderValue, type RemoteOutputReader, type TerraformJson } from '@platform/terraform-testing';

/** One resource (or data source) of one stack, with its arguments as written and as resolved across stacks. */
export interface ModelResource {
  readonly stack: string;
  readonly mode: 'resource' | 'data';
  /** Terraform type, e.g. `aws_security_group`. */
  readonly type: string;
  /** Logical id (the block's name). */
  readonly name: string;
  /** `<type>.<name>` (data sources: `data.<type>.<name>`). */
  readonly address: string;
  /** Construct path cdktf recorded, e.g. `production-network/network/SecurityGroups/Application`. */
  readonly constructPath: string;
  /** Arguments as synthesized (without cdktf's `//` metadata). */
  readonly raw: Readonly<Record<string, unknown>>;
  /**
   * Arguments with every Terraform reference replaced by the placeholder value an apply would produce, consistently
   * across the environment's stacks: a security group referenced in the data stack through the network stack's
   * outputs gets the same `sg-0…` id as the group itself.
   */
  readonly values: Readonly<Record<string, unknown>>;
}

/** What the model knows besides the stacks' JSON. */
export interface PlatformModelOptions {
  /**
   * Stack name → the stacks it depends on as cdktf records them in `manifest.json` (`stacks.<name>.dependencies`):
   * cross-stack references and `addDependency`. `cdktf deploy` and the delivery tools deploy in this order.
   * @default - only the dependencies the stacks' JSON shows (their `terraform_remote_state` producers)
   */
  readonly dependencies?: Readonly<Record<string, readonly string[]>>;
  /**
   * Stacks deployed before any other stack of the model and outside its deploy order, e.g. the primary region's data
   * stack (whose secrets replicate into the region) in the model of a secondary region: what they create is
   * available to every stack.
   * @default - none
   */
  readonly preexisting?: readonly string[];
}

type Blocks = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

/**
 * The synthesized stacks of one environment read as one system: each stack's JSON, with references inside a stack
 * and across stacks (cdktf cross-stack references: `terraform_remote_state` of the producer's S3 state) resolved to
 * deterministic placeholder ids and ARNs (the offline planner's, see `placeholderOutputs`). The contracts ask it
 * "which security groups does this node carry", "which rules admit that group", "what does this role's policy say",
 * and get the same identifiers wherever a resource is referenced.
 */
export class PlatformModel {
  private readonly outputsByStack = new Map<string, Record<string, unknown>>();
  private readonly resourcesByType = new Map<string, ModelResource[]>();
  private readonly namesById = new Map<string, ModelResource>();

  /** Stacks deployed before all others (see {@link PlatformModelOptions.preexisting}). */
  readonly preexisting: readonly string[];

  /** The declared stack dependencies the model was given (see {@link PlatformModelOptions.dependencies}). */
  readonly declaredDependencies: Readonly<Record<string, readonly string[]>>;

  constructor(
    readonly stacks: Readonly<Record<string, TerraformJson>>,
    options: PlatformModelOptions = {},
  ) {
    this.declaredDependencies = options.dependencies ?? {};
    this.preexisting = options.preexisting ?? [];
    for (const [stack, json] of Object.entries(stacks)) {
      for (const mode of ['resource', 'data'] as const) {
        for (const [type, blocks] of Object.entries(((json as Record<string, unknown>)[mode] ?? {}) as Blocks)) {
          for (const [name, block] of Object.entries(blocks)) {
            const { '//': metadata, ...raw } = block;
            const path = (metadata as { metadata?: { path?: unknown } } | undefined)?.metadata?.path;
            const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
            const resource: ModelResource = {
              stack,
              mode,
              type,
              name,
              address,
              constructPath: typeof path === 'string' ? path : `${stack}/${address}`,
              raw,
              values: this.resolve(stack, raw) as Record<string, unknown>,
            };
            const key = mode === 'data' ? `data.${type}` : type;
            this.resourcesByType.set(key, [...(this.resourcesByType.get(key) ?? []), resource]);
            if (mode === 'resource') this.indexIdentifiers(resource);
          }
        }
      }
    }
  }

  /** The resources of a type in every stack (`data.<type>` for data sources). */
  resources(type: string): readonly ModelResource[] {
    return this.resourcesByType.get(type) ?? [];
  }

  /** `value`, an argument of `stack`, with its references resolved across the environment's stacks. */
  resolve(stack: string, value: unknown): unknown {
    const json = this.stacks[stack];
    if (json === undefined) throw new Error(`no stack '${stack}' in the model (stacks: ${Object.keys(this.stacks).join(', ')})`);
    return placeholderValue(json, value, this.remoteOutputReader(stack));
  }

  /**
   * The stacks `stack` directly depends on: those cdktf declared (manifest) and those whose state it reads
   * (`terraform_remote_state` producers), sorted.
   */
  stackDependencies(stack: string): string[] {
    const remote = Object.keys(((this.stacks[stack] as { data?: Blocks } | undefined)?.data?.terraform_remote_state ?? {}) as object)
      .map((dataName) => this.producerOf(stack, dataName))
      .filter((producer): producer is string => producer !== undefined);
    return [...new Set([...(this.declaredDependencies[stack] ?? []), ...remote])].sort();
  }

  /**
   * Whether `producer` is deployed before `consumer` in every deploy order the stacks allow: `consumer` depends on it,
   * directly or through other stacks. False for the same stack.
   */
  deployedBefore(producer: string, consumer: string): boolean {
    const seen = new Set<string>();
    const visit = (stack: string): boolean =>
      this.stackDependencies(stack).some((dependency) => {
        if (dependency === producer) return true;
        if (seen.has(dependency)) return false;
        seen.add(dependency);
        return visit(dependency);
      });
    return visit(consumer);
  }

  /** Whether what `producer` creates exists when `consumer` is planned: the same stack, or one deployed before it. */
  availableTo(producer: string, consumer: string): boolean {
    return producer === consumer || this.preexisting.includes(producer) || this.deployedBefore(producer, consumer);
  }

  /** The placeholder of one attribute of a resource, e.g. its `id` or `arn`. */
  attribute(resource: ModelResource, attribute: string): unknown {
    return this.resolve(resource.stack, `\${${resource.address}.${attribute}}`);
  }

  /**
   * A readable name for a resolved id or ARN: the construct path of the resource it identifies, with the id, e.g.
   * `production-network/network/SecurityGroups/Application (sg-0a1b…)`; the value itself when no resource has it.
   */
  describe(id: string): string {
    const resource = this.namesById.get(id);
    return resource ? `${resource.constructPath} (${id})` : id;
  }

  /** The resource a resolved id or ARN identifies. */
  resourceWithId(id: string): ModelResource | undefined {
    return this.namesById.get(id);
  }

  private indexIdentifiers(resource: ModelResource): void {
    for (const attribute of ['id', 'arn']) {
      const value = this.attribute(resource, attribute);
      if (typeof value !== 'string' || value.startsWith('placeholder-')) continue;
      // A resource that takes another's id as an argument (a topic policy's `arn`) resolves to it too: the first
      // (the one declared earlier, in dependency order) names it.
      if (!this.namesById.has(value)) this.namesById.set(value, resource);
    }
    // The security group EKS creates for a cluster is known only by the cluster's attribute.
    if (resource.type === 'aws_eks_cluster') {
      this.namesById.set(this.clusterSecurityGroupId(resource), { ...resource, constructPath: `${resource.constructPath} (cluster security group)` });
    }
  }

  /** The id of the security group EKS creates for a cluster (`vpc_config[0].cluster_security_group_id`). */
  clusterSecurityGroupId(cluster: ModelResource): string {
    return String(this.resolve(cluster.stack, `\${${cluster.address}.vpc_config[0].cluster_security_group_id}`));
  }

  private remoteOutputReader(consumer: string): RemoteOutputReader {
    return (dataName, output) => {
      const producer = this.producerOf(consumer, dataName);
      return producer === undefined ? undefined : this.outputsOf(producer)[output];
    };
  }

  /** The stack whose S3 state a consumer's `terraform_remote_state` block reads (same bucket and key). */
  private producerOf(consumer: string, dataName: string): string | undefined {
    const remote = (this.stacks[consumer] as { data?: Blocks }).data?.terraform_remote_state?.[dataName];
    const config = remote?.config as { bucket?: string; key?: string } | undefined;
    return Object.keys(this.stacks).find((candidate) => {
      const backend = (this.stacks[candidate] as { terraform?: { backend?: { s3?: { bucket?: string; key?: string } } } }).terraform?.backend?.s3;
      return backend !== undefined && backend.bucket === config?.bucket && backend.key === config?.key;
    });
  }

  private outputsOf(stack: string): Record<string, unknown> {
    let outputs = this.outputsByStack.get(stack);
    if (outputs === undefined) {
      outputs = placeholderOutputs(this.stacks[stack], this.remoteOutputReader(stack));
      this.outputsByStack.set(stack, outputs);
    }
    return outputs;
  }
}
