import type { DiagramEdge } from '../graph';
import { backendOf, block, literal, referencedResource, ResourceBlock, stateAddress, StackJson } from './stack-json';

/**
 * The disaster-recovery arrows: what a stack copies to another region. Read from the synthesized JSON only; a
 * destination is resolved to the box that draws it where the JSON names it (a bucket ARN, a `${type.name.arn}`
 * reference, a remote state output the producing stack defines), else the arrow ends at the destination region's frame.
 */

/** What the replication arrows need of a drawn stack. */
export interface ReplicatingStack {
  readonly name: string;
  readonly region: string;
  readonly json: StackJson;
  readonly resources: readonly ResourceBlock[];
  /** The id of the box each resource (`<type>.<name>`) is drawn in. */
  readonly nodeOf: ReadonlyMap<string, string>;
}

/** An arrow's end: a box, or a region's frame (then `node` is the box Graphviz clips the arrow at). */
export interface EdgeEnd {
  readonly node: string;
  readonly cluster?: string;
}

/** Where a copy lands when the JSON does not say which resource: the frame of a region of the environment. */
export type RegionFrame = (region: string | undefined) => EdgeEnd | undefined;

const list = (value: unknown): Readonly<Record<string, unknown>>[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null);

/** `${data.terraform_remote_state.<state>.outputs.<output>}`, as state and output. */
const REMOTE_OUTPUT = /^\$\{data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;

/**
 * One arrow per kind of copy and pair of boxes: S3 replication (bucket → destination bucket), ECR replication (registry
 * → destination region), AWS Backup copies (plan → destination vault) and Secrets Manager replicas (secret → replica
 * region), labelled with the kind and, when several copies share the arrow, their number.
 */
export function replicationEdges(stacks: readonly ReplicatingStack[], regionFrame: RegionFrame): DiagramEdge[] {
  const resolver = new Resolver(stacks, regionFrame);
  const copies: { from: string; to: EdgeEnd; kind: string }[] = [];
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      const from = stack.nodeOf.get(`${resource.type}.${resource.name}`);
      if (from === undefined) continue;
      const add = (to: EdgeEnd | undefined, kind: string) => {
        if (to !== undefined && to.node !== from) copies.push({ from, to, kind });
      };
      if (resource.type === 'aws_s3_bucket_replication_configuration') {
        // From the source bucket's box when a stack of the environment creates it, else from this resource's.
        const source = resolver.bucket(stack, resource.values.bucket)?.node ?? from;
        for (const rule of list(resource.values.rule)) {
          const to = resolver.bucket(stack, block(rule, 'destination').bucket) ?? regionFrame(undefined);
          if (to !== undefined && to.node !== source) copies.push({ from: source, to, kind: 'S3 replication' });
        }
      } else if (resource.type === 'aws_ecr_replication_configuration') {
        for (const rule of list(block(resource.values, 'replication_configuration').rule)) {
          for (const destination of list(rule.destination)) add(regionFrame(literal(destination, 'region')), 'ECR replication');
        }
      } else if (resource.type === 'aws_backup_plan') {
        for (const rule of list(resource.values.rule)) {
          for (const copy of list(rule.copy_action)) add(resolver.vault(stack, copy.destination_vault_arn), 'backup copy');
        }
      } else if (resource.type === 'aws_secretsmanager_secret') {
        for (const replica of list(resource.values.replica)) add(regionFrame(literal(replica, 'region')), 'secret replica');
      }
    }
  }
  return counted(copies);
}

/** One edge per (from, to, kind), labelled `<kind>` or `<kind> ×<n>`. */
function counted(copies: readonly { from: string; to: EdgeEnd; kind: string }[]): DiagramEdge[] {
  const byKey = new Map<string, { from: string; to: EdgeEnd; kind: string; count: number }>();
  for (const copy of copies) {
    const key = `${copy.from}\n${copy.to.node}\n${copy.to.cluster ?? ''}\n${copy.kind}`;
    const entry = byKey.get(key);
    if (entry) entry.count += 1;
    else byKey.set(key, { ...copy, count: 1 });
  }
  return [...byKey.values()].map(({ from, to, kind, count }) => ({
    from,
    to: to.node,
    ...(to.cluster === undefined ? {} : { toCluster: to.cluster }),
    kind: 'replication' as const,
    label: count === 1 ? kind : `${kind} ×${count}`,
  }));
}

/** Finds the box of a destination named by a literal ARN or name, a reference in the stack, or a remote state output. */
class Resolver {
  private readonly byState = new Map<string, ReplicatingStack>();

  constructor(
    private readonly stacks: readonly ReplicatingStack[],
    private readonly regionFrame: RegionFrame,
  ) {
    for (const stack of stacks) {
      const address = stateAddress(backendOf(stack.json));
      if (address) this.byState.set(address, stack);
    }
  }

  /** A bucket given as its name, `arn:aws:s3:::<name>` or a reference. */
  bucket(stack: ReplicatingStack, value: unknown): EdgeEnd | undefined {
    const name = typeof value === 'string' && !value.includes('${') ? value.replace(/^arn:[^:]+:s3:::/, '') : undefined;
    return (name === undefined ? undefined : this.named('aws_s3_bucket', 'bucket', name)) ?? this.reference(stack, value);
  }

  /** A backup vault given as `arn:aws:backup:<region>:<account>:backup-vault:<name>` or a reference. */
  vault(stack: ReplicatingStack, value: unknown): EdgeEnd | undefined {
    const arn = typeof value === 'string' ? /^arn:[^:]+:backup:([^:]+):[^:]*:backup-vault:(.+)$/.exec(value) : null;
    if (arn !== null) return this.named('aws_backup_vault', 'name', arn[2], arn[1]) ?? this.regionFrame(arn[1]);
    return this.reference(stack, value);
  }

  /** The box of the resource of `type` whose `key` is `value` (in `region` when given). */
  private named(type: string, key: string, value: string, region?: string): EdgeEnd | undefined {
    for (const stack of this.stacks) {
      if (region !== undefined && stack.region !== region) continue;
      const found = stack.resources.find((resource) => resource.type === type && literal(resource.values, key) === value);
      const node = found && stack.nodeOf.get(`${found.type}.${found.name}`);
      if (node !== undefined) return { node };
    }
    return undefined;
  }

  /**
   * `${type.name.attr}` in the stack, or `${data.terraform_remote_state.<s>.outputs.<o>}` whose producing stack
   * outputs such a reference; a remote state output that cannot be followed ends at the producer's region.
   */
  private reference(stack: ReplicatingStack, value: unknown): EdgeEnd | undefined {
    const local = referencedResource(value);
    if (local !== undefined) {
      const node = stack.nodeOf.get(local);
      return node === undefined ? undefined : { node };
    }
    const remote = typeof value === 'string' ? REMOTE_OUTPUT.exec(value) : null;
    if (remote === null) return undefined;
    const state = (stack.json.data?.terraform_remote_state?.[remote[1]] as { config?: Record<string, unknown> } | undefined)?.config;
    const producer = this.byState.get(stateAddress(state ?? {}) ?? '');
    if (producer === undefined) return this.regionFrame(literal(state ?? {}, 'region'));
    const output = producer.json.output?.[remote[2]] as { value?: unknown } | undefined;
    const resource = referencedResource(output?.value);
    const node = resource === undefined ? undefined : producer.nodeOf.get(resource);
    return node === undefined ? this.regionFrame(producer.region) : { node };
  }
}
