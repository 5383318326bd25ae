import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { readStack, s3RemoteStateNames, STACK_FILE, type TerraformJson } from './offline-stack';
import { awsId, awsLocation, hexDigest, partitionOf } from './private/aws-placeholders';
import { seedState, startStateBackendEmulator, type StateBackendEmulator } from './state-backend-emulator';

type JsonObject = Record<string, unknown>;

/**
 * How AWS shapes the identifiers of a resource type, for the types whose identifiers consumers typically pass on
 * (the network stack's). Types not listed get `placeholder-<type>-<attribute>` ids and a generic ARN.
 */
interface ResourceShape {
  /** The `id` AWS assigns: `vpc` → `vpc-0` plus 16 hex digits; `uuid` for a KMS key id. */
  readonly id?: string;
  /** Attributes that hold the same value as `id` (an EIP's allocation id is its id). */
  readonly idAliases?: readonly string[];
  /** Service and resource part of the resource's ARN; `global` services (IAM, S3) leave the region out. */
  readonly arn?: { readonly service: string; readonly resource: (attribute: (name: string) => unknown) => string; readonly global?: boolean };
}

const ec2Arn = (resourceType: string): ResourceShape['arn'] => ({ service: 'ec2', resource: (attribute) => `${resourceType}/${attribute('id')}` });

const RESOURCE_SHAPES: Readonly<Record<string, ResourceShape>> = {
  aws_vpc: { id: 'vpc', arn: ec2Arn('vpc') },
  aws_subnet: { id: 'subnet', arn: ec2Arn('subnet') },
  aws_security_group: { id: 'sg', arn: ec2Arn('security-group') },
  aws_route_table: { id: 'rtb', arn: ec2Arn('route-table') },
  aws_internet_gateway: { id: 'igw', arn: ec2Arn('internet-gateway') },
  aws_nat_gateway: { id: 'nat', arn: ec2Arn('natgateway') },
  aws_eip: { id: 'eipalloc', idAliases: ['allocation_id'], arn: ec2Arn('elastic-ip') },
  aws_vpc_endpoint: { id: 'vpce', arn: ec2Arn('vpc-endpoint') },
  aws_network_acl: { id: 'acl', arn: ec2Arn('network-acl') },
  aws_kms_key: { id: 'uuid', idAliases: ['key_id'], arn: { service: 'kms', resource: (attribute) => `key/${attribute('id')}` } },
  // The alias's name carries its `alias/` prefix.
  aws_kms_alias: { arn: { service: 'kms', resource: (attribute) => String(attribute('name')) } },
  aws_cloudwatch_log_group: { arn: { service: 'logs', resource: (attribute) => `log-group:${attribute('name')}` } },
  aws_iam_role: { arn: { service: 'iam', resource: (attribute) => `role/${attribute('name')}`, global: true } },
  aws_db_subnet_group: { arn: { service: 'rds', resource: (attribute) => `subgrp:${attribute('name')}` } },
  aws_elasticache_subnet_group: { arn: { service: 'elasticache', resource: (attribute) => `subnetgroup:${attribute('name')}` } },
  aws_s3_bucket: { arn: { service: 's3', resource: (attribute) => String(attribute('bucket')), global: true } },
  aws_dynamodb_table: { arn: { service: 'dynamodb', resource: (attribute) => `table/${attribute('name')}` } },
};

/** `${...}` reference to one attribute of a resource or data source, e.g. `aws_vpc.network_Vpc_B333FC7A.id`. */
const REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)((?:\[[^\]]*\])?)\.([a-z][a-z0-9_]*)$/;

/**
 * The producer's root outputs (name → value) as a consumer reading its state after an apply would see them, without
 * applying it: every Terraform reference to a resource attribute (`${aws_vpc.x.id}`, also inside maps, lists and
 * string templates) becomes a deterministic placeholder of the right shape, derived from a hash of the address. The
 * first rule that applies wins:
 * 1. an attribute the producer sets as an argument (`cidr_block`, `name`, `bucket`, `subnet_ids`, ...): that argument,
 *    its own references resolved the same way (a subnet's `vpc_id` is its VPC's placeholder id);
 * 2. `id` of the types AWS gives prefixed ids: `vpc-0` plus 16 hex digits (aws_subnet `subnet-`, aws_security_group
 *    `sg-`, aws_route_table `rtb-`, aws_internet_gateway `igw-`, aws_nat_gateway `nat-`, aws_eip `eipalloc-` (also
 *    `allocation_id`), aws_vpc_endpoint `vpce-`, aws_network_acl `acl-`); an aws_kms_key's `id` and `key_id`: a UUID;
 * 3. other `<kind>_id` attributes of those kinds (`default_security_group_id`, `main_route_table_id`, ...): an id of
 *    that kind;
 * 4. `arn`: `arn:<partition>:<service>:<region>:<account>:<resource>` with the region of the resource's provider and
 *    that provider's first allowed account (else 123456789012);
 * 5. anything else: `placeholder-<type>-<attribute>`.
 * An expression that is not a plain attribute reference (function call, splat, variable) becomes the string
 * `placeholder-expression-<hash>`, whatever its type. Literal values stay as they are. The argument is not modified.
 */
export function placeholderOutputs(producer: TerraformJson, remoteOutput?: RemoteOutputReader): Record<string, unknown> {
  const resolver = new PlaceholderResolver(producer, remoteOutput);
  return Object.fromEntries(
    Object.entries((producer.output ?? {}) as Record<string, JsonObject>).map(([name, output]) => [name, resolver.value(output.value)]),
  );
}

/**
 * The value a remote-state output has: `dataName` is the `terraform_remote_state` block's name, `output` the output's
 * name. Undefined when unknown (the reference then becomes an expression placeholder).
 */
export type RemoteOutputReader = (dataName: string, output: string) => unknown;

/**
 * `value` (an argument of `stack`, or any part of it) with every `${...}` resolved the way {@link placeholderOutputs}
 * resolves outputs; `${data.terraform_remote_state.<name>.outputs.<output>}` is read through `remoteOutput`, so the
 * stacks of a whole environment resolve to one consistent set of placeholder ids.
 */
export function placeholderValue(stack: TerraformJson, value: unknown, remoteOutput?: RemoteOutputReader): unknown {
  return new PlaceholderResolver(stack, remoteOutput).value(value);
}

/** `data.terraform_remote_state.<name>.outputs.<output>` */
const REMOTE_OUTPUT = /^data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w.-]+)$/;

/** Resolves the references of one producer's configuration to placeholders (see {@link placeholderOutputs}). */
class PlaceholderResolver {
  /** Attributes being resolved, to stop at a reference cycle through arguments instead of recursing forever. */
  private readonly resolving = new Set<string>();

  constructor(
    private readonly producer: TerraformJson,
    private readonly remoteOutput?: RemoteOutputReader,
  ) {}

  /** `value` with every `${...}` in its strings resolved. */
  value(value: unknown): unknown {
    if (typeof value === 'string') {
      return this.template(value);
    }
    if (Array.isArray(value)) {
      return value.map((element) => this.value(element));
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, this.value(field)]));
    }
    return value;
  }

  /**
   * A string with interpolations: a string that is exactly one `${...}` takes the expression's value whatever its type
   * (an argument list stays a list); otherwise each interpolation is spliced into the text.
   */
  private template(text: string): unknown {
    const parts = splitTemplate(text);
    if (parts.length === 1 && typeof parts[0] !== 'string') {
      return this.expression(parts[0].expression);
    }
    return parts
      .map((part) => {
        if (typeof part === 'string') {
          return part;
        }
        const value = this.expression(part.expression);
        return typeof value === 'string' ? value : JSON.stringify(value);
      })
      .join('');
  }

  private expression(expression: string): unknown {
    const remote = REMOTE_OUTPUT.exec(expression.trim());
    const remoteValue = remote && this.remoteOutput?.(remote[1], remote[2]);
    if (remoteValue !== undefined && remoteValue !== null) {
      return remoteValue;
    }
    const match = REFERENCE.exec(expression.trim());
    if (!match) {
      return `placeholder-expression-${hexDigest(expression.trim(), 8)}`;
    }
    const [, dataPrefix, type, name, index, attribute] = match;
    return this.attribute({ mode: dataPrefix ? 'data' : 'resource', type, name, address: `${dataPrefix ?? ''}${type}.${name}${index}` }, attribute);
  }

  private attribute(block: BlockAddress, attribute: string): unknown {
    const key = `${block.address}.${attribute}`;
    const config = this.producer[block.mode]?.[block.type]?.[block.name];
    const shape = RESOURCE_SHAPES[block.type] ?? {};
    if (config && attribute in config && !this.resolving.has(key)) {
      this.resolving.add(key);
      try {
        return this.value(config[attribute]);
      } finally {
        this.resolving.delete(key);
      }
    }
    if (attribute === 'id' || shape.idAliases?.includes(attribute)) {
      return shape.id ? awsId(shape.id, block.address) : `placeholder-${block.type}-id`;
    }
    if (attribute === 'arn') {
      return this.arn(block, config, shape);
    }
    // e.g. an aws_vpc's default_security_group_id: the id of a security group the producer does not declare.
    const kind = RESOURCE_SHAPES[`aws_${attribute.replace(/^(default|main)_/, '').replace(/_id$/, '')}`];
    if (attribute.endsWith('_id') && kind?.id) {
      return awsId(kind.id, key);
    }
    return `placeholder-${block.type}-${attribute}`;
  }

  private arn(block: BlockAddress, config: JsonObject | undefined, shape: ResourceShape): string {
    const { accountId: account, region } = awsLocation(this.producer, config?.provider);
    const attribute = (name: string) => this.attribute(block, name);
    // Unlisted types: the service is the type's first word after `aws_` (aws_lb_listener → lb), close enough to be well-formed.
    const [service, ...rest] = block.type.replace(/^aws_/, '').split('_');
    const arn = shape.arn ?? { service, resource: () => `${rest.join('-') || service}/${hexDigest(block.address, 17)}` };
    const s3 = arn.service === 's3';
    // S3 bucket ARNs carry neither region nor account; IAM ARNs carry no region.
    return `arn:${partitionOf(region)}:${arn.service}:${arn.global ? '' : region}:${s3 ? '' : account}:${arn.resource(attribute)}`;
  }
}

interface BlockAddress {
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** e.g. `aws_subnet.private["eu-central-1a"]`: the hash input of the block's placeholders. */
  readonly address: string;
}

/**
 * A Terraform template string split into literal text (with `$${` and `%%{` unescaped, as Terraform evaluates them)
 * and `${...}` interpolations; braces inside an interpolation (object literals) are balanced.
 */
function splitTemplate(text: string): Array<string | { expression: string }> {
  const parts: Array<string | { expression: string }> = [];
  let literal = '';
  let position = 0;
  while (position < text.length) {
    if (text.startsWith('$${', position) || text.startsWith('%%{', position)) {
      literal += text.slice(position + 1, position + 3);
      position += 3;
      continue;
    }
    if (!text.startsWith('${', position)) {
      literal += text[position];
      position += 1;
      continue;
    }
    let depth = 1;
    let end = position + 2;
    for (; end < text.length && depth > 0; end += 1) {
      depth += text[end] === '{' ? 1 : text[end] === '}' ? -1 : 0;
    }
    if (depth > 0) {
      // Unterminated: not an interpolation Terraform would accept either; keep the text.
      literal += text.slice(position);
      break;
    }
    if (literal) {
      parts.push(literal);
      literal = '';
    }
    parts.push({ expression: text.slice(position + 2, end - 1) });
    position = end;
  }
  if (literal || parts.length === 0) {
    parts.push(literal);
  }
  return parts;
}

/** A state a consumer reads through S3 remote state, and the sibling stack whose backend writes it. */
export interface RemoteStateProducer {
  readonly bucket: string;
  readonly key: string;
  /** Lock tables (`dynamodb_table`) named by the consumer's remote-state configs of this state; usually one. */
  readonly lockTables: readonly string[];
  /** The producer's synthesized stack directory. */
  readonly stackDir: string;
  readonly stack: TerraformJson;
}

/**
 * The producers of every state the consumer at `stackDir` reads through `data.terraform_remote_state` with backend
 * s3, one per bucket and key: the sibling stack directories (`dirname(stackDir)/<stack>/cdk.tf.json`, cdktf's
 * `cdktf.out/<app>/stacks/<stack>/` layout) whose `terraform.backend.s3` has the same bucket and key.
 * @throws Error naming the bucket, key and the stacks searched when no sibling, or more than one, writes a state.
 */
export async function findRemoteStateProducers(stackDir: string, consumer: TerraformJson): Promise<RemoteStateProducer[]> {
  const wanted = new Map<string, { bucket: string; key: string; lockTables: Set<string> }>();
  for (const name of s3RemoteStateNames(consumer)) {
    const config = (consumer.data?.terraform_remote_state?.[name]?.config ?? {}) as JsonObject;
    const { bucket, key, dynamodb_table: lockTable } = config;
    if (typeof bucket !== 'string' || typeof key !== 'string' || [bucket, key].some((value) => value.includes('${'))) {
      throw new Error(
        `data.terraform_remote_state.${name} in ${stackDir} has no literal bucket and key (${JSON.stringify({ bucket, key })}): ` +
          'cannot tell which stack writes the state it reads',
      );
    }
    const location = wanted.get(`${bucket}/${key}`) ?? { bucket, key, lockTables: new Set<string>() };
    if (typeof lockTable === 'string') {
      location.lockTables.add(lockTable);
    }
    wanted.set(`${bucket}/${key}`, location);
  }
  if (wanted.size === 0) {
    return [];
  }

  const stacksDir = dirname(resolve(stackDir));
  const siblings = await siblingStacks(stacksDir, resolve(stackDir));
  return [...wanted.values()].map(({ bucket, key, lockTables }) => {
    const producers = siblings.filter(({ stack }) => stack.terraform?.backend?.s3?.bucket === bucket && stack.terraform.backend.s3.key === key);
    const reads = `Stack ${stackDir} reads the state s3://${bucket}/${key} through terraform_remote_state`;
    if (producers.length === 0) {
      const searched = siblings.map(({ stackDir: dir }) => basename(dir)).join(', ') || 'none';
      throw new Error(
        `${reads}, but no stack there has that S3 backend (searched the stacks in ${stacksDir}: ${searched}). ` +
          "Synthesize the producing stack into the same directory, or fix the remote state's bucket and key",
      );
    }
    if (producers.length > 1) {
      throw new Error(`${reads}, written by ${producers.map(({ stackDir: dir }) => basename(dir)).join(' and ')} alike: give each stack its own state key`);
    }
    return { bucket, key, lockTables: [...lockTables].sort(), ...producers[0] };
  });
}

/** Every other synthesized stack in `stacksDir`, sorted by directory. */
async function siblingStacks(stacksDir: string, consumerDir: string): Promise<Array<{ stackDir: string; stack: TerraformJson }>> {
  const entries = await readdir(stacksDir, { withFileTypes: true });
  const dirs = entries.filter((entry) => entry.isDirectory()).map((entry) => join(stacksDir, entry.name));
  const stacks = await Promise.all(
    dirs
      .filter((dir) => dir !== consumerDir)
      .sort()
      .map(async (dir) => {
        const hasStack = (await readdir(dir)).includes(STACK_FILE);
        return hasStack ? { stackDir: dir, stack: await readStack(dir) } : undefined;
      }),
  );
  return stacks.filter((entry) => entry !== undefined);
}

/**
 * Starts a state backend emulator holding, at each producer's bucket and key, a state with the producer's
 * {@link placeholderOutputs}, and the lock tables the consumer's remote-state configs name, as the real account has
 * them (terraform's S3 backend looks the state's digest up there). The caller stops it.
 */
export async function serveRemoteStates(producers: readonly RemoteStateProducer[]): Promise<StateBackendEmulator> {
  const emulator = await startStateBackendEmulator();
  try {
    const buckets = new Set(producers.map(({ bucket }) => bucket));
    const lockTables = new Set(producers.flatMap(({ lockTables: tables }) => tables));
    await Promise.all([...[...buckets].map((bucket) => emulator.createBucket(bucket)), ...[...lockTables].map((table) => emulator.createLockTable(table))]);
    await Promise.all(producers.map(({ bucket, key, stack }) => seedState(emulator, bucket, key, placeholderOutputs(stack))));
    return emulator;
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
