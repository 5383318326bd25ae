/** The parts of a synthesized cdktf stack (`cdk.tf.json`) the diagram reads. */
export interface StackJson {
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly terraform?: { readonly backend?: Readonly<Record<string, unknown>> };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Outputs by name (`{ value }`): what another stack's remote state reads. */
  readonly output?: Readonly<Record<string, unknown>>;
}

/** One resource block of a stack: its type, its name in the stack and its arguments. */
export interface ResourceBlock {
  readonly type: string;
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export function resourceBlocks(stack: StackJson): ResourceBlock[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, values]) => ({ type, name, values: (typeof values === 'object' && values !== null ? values : {}) as Record<string, unknown> })),
  );
}

function asList(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null);
}

/** A string argument, or undefined when absent or a Terraform expression (`${...}`) known only at apply. */
export function literal(values: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = values[key];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** The first block of a nested argument (cdktf writes blocks as one-element lists). */
export function block(values: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> {
  return asList(values[key])[0] ?? {};
}

/** The region of the stack's default AWS provider, or else of its S3 backend (Kubernetes-only stacks have no AWS provider). */
export function stackRegion(stack: StackJson): string | undefined {
  const primary = asList(stack.provider?.aws).find((provider) => provider.alias === undefined);
  return (primary && literal(primary, 'region')) ?? literal(backendOf(stack), 'region');
}

/** The S3 backend block of the stack (empty when it has another backend). */
export function backendOf(stack: StackJson): Readonly<Record<string, unknown>> {
  return block(stack.terraform?.backend ?? {}, 's3');
}

/** `bucket/key` of an S3 state: how a remote state names the stack it reads. */
export function stateAddress(config: Readonly<Record<string, unknown>>): string | undefined {
  const bucket = literal(config, 'bucket');
  const key = literal(config, 'key');
  return bucket && key ? `${bucket}/${key}` : undefined;
}

/** The resource a `${<type>.<name>.<attribute>}` reference points at, as `<type>.<name>`. */
export function referencedResource(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(value);
  return match?.[1];
}
