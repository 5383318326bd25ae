import type { TerraformPlanJson, TerraformResourceChange } from './plan-json';
import { awsId, awsIdPrefix, hexDigest, partitionOf, type AwsLocation } from './private/aws-placeholders';

type JsonObject = Record<string, unknown>;

/**
 * Names of the string attributes other resources reference (ids, ARNs, names, endpoints, URLs, DNS names such as a record's fqdn): these get a
 * placeholder; other unknown strings of a resource (a status, an enum AWS picks) are left unset.
 */
const REFERENCED_STRING = /(^|_)(id|arn|name|url|issuer|endpoint|address|data|fqdn)$/;

/** A cty type as `terraform providers schema -json` writes it: `"string"`, `["list", "string"]`, `["object", {...}]`. */
export type CtyType = string | [string, unknown];

/** A resource type's block in `terraform providers schema -json`. */
export interface BlockSchema {
  readonly attributes?: Readonly<Record<string, AttributeSchema>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: BlockSchema }>>;
}

/** An attribute of a {@link BlockSchema}. */
export interface AttributeSchema {
  readonly type?: CtyType;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

/** A resource type's schema: its state schema version and its block. */
export interface ResourceSchema {
  readonly version: number;
  readonly block: BlockSchema;
}

/** Resource type → schema, of every provider of a configuration. */
export type ResourceSchemas = Readonly<Record<string, ResourceSchema>>;

/** A step of an attribute path in a state file: an attribute name, or a list index or map key. */
export type TerraformStatePathStep =
  | { readonly type: 'get_attr'; readonly value: string }
  | { readonly type: 'index'; readonly value: { readonly value: string | number; readonly type: 'string' | 'number' } };

/** One instance of a resource in a state file (format version 4). */
export interface TerraformStateInstance {
  index_key?: string | number;
  schema_version: number;
  attributes: JsonObject;
  /** The paths of the sensitive values, as terraform marked them in the plan. */
  sensitive_attributes: TerraformStatePathStep[][];
}

/** One managed resource block in a state file, with its instances. */
export interface TerraformStateResource {
  module?: string;
  mode: 'managed';
  type: string;
  name: string;
  provider: string;
  instances: TerraformStateInstance[];
}

/** A state file (`terraform.tfstate`, format version 4) as far as a crafted state fills it. */
export interface TerraformState {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  resources: TerraformStateResource[];
}

/** What the placeholders of a crafted state are derived from. */
export interface CraftedStateOptions extends AwsLocation {
  /** Seed of the state's lineage (a UUID derived from it), e.g. the stack's name. */
  readonly lineageSeed: string;
}

/** A resource instance the last plan against a crafted state would still change, and what it would change. */
export interface PendingChange {
  /** e.g. `aws_s3_bucket.state_Bucket_1A2B3C4D`, or `output.vpc_id` for a root output. */
  readonly address: string;
  /** e.g. `["update"]`, `["delete","create"]`. */
  readonly actions: readonly string[];
  /**
   * Paths of the attributes whose planned value differs from the state's or is known only after apply, e.g. `input`,
   * `tags.Name`, `rule[0].id`; sorted. Empty for an output.
   */
  readonly attributes: readonly string[];
}

/**
 * A state holding every managed resource instance the create plan creates, as if it had been applied: the values the
 * plan knows, and for those known only after apply a placeholder of the provider schema's type (ARN-shaped for `arn`
 * and `*_arn` in `options`' account and region, a UUID for a KMS key's id, an id with AWS's prefix for the EC2 types (`lt-0…` for a launch template), a
 * hash-derived string otherwise).
 * Placeholders that other resources reference (a bucket's id in its versioning's `bucket`) do not match the values
 * those resources were planned with: {@link settleState} takes the next plan's values.
 *
 * A placeholder is what AWS would report as far as the schema tells: an unknown string attribute is left unset
 * (null: an SNS topic's `fifo_throughput_scope`, a log delivery destination's type) unless it is one other
 * resources reference ({@link REFERENCED_STRING}: ARN-shaped for `arn` and `*_arn`, a URL for `url` and `issuer`, a
 * UUID for a KMS key's id, an id with AWS's prefix for the EC2 types (`lt-0…` for a launch template), a
 * hash-derived string otherwise); a computed list of objects
 * (an EKS cluster's `identity`, `certificate_authority`) has one element, as references index it (`identity[0]`);
 * numbers are 0, booleans false, other collections and nested blocks empty. Sensitive values keep their marks
 * (`sensitive_attributes`), so a state does not plan a sensitivity change.
 * @throws Error for a resource type the schemas lack.
 */
export function stateFromPlan(plan: TerraformPlanJson, schemas: ResourceSchemas, options: CraftedStateOptions): TerraformState {
  const resources = new Map<string, TerraformStateResource>();
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== 'managed' || !change.type || !change.name) {
      continue;
    }
    const schema = schemas[change.type];
    if (!schema) {
      throw new Error(`The provider schema has no resource type ${change.type}`);
    }
    const key = `${change.module_address ?? ''}/${change.type}.${change.name}`;
    const resource = resources.get(key) ?? {
      ...(change.module_address ? { module: change.module_address } : {}),
      mode: 'managed' as const,
      type: change.type,
      name: change.name,
      provider: `provider["${change.provider_name}"]`,
      instances: [],
    };
    const attributes = encodeDynamicValues(fillUnknowns(change.change.after ?? {}, change.change.after_unknown ?? {}, schema.block, change.address, options) as JsonObject, schema.block);
    resource.instances.push({
      ...(change.index !== undefined ? { index_key: change.index } : {}),
      schema_version: schema.version,
      attributes,
      sensitive_attributes: sensitivePaths(change.change.after_sensitive, schema.block, []),
    });
    resources.set(key, resource);
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version ?? '',
    serial: 1,
    lineage: awsId('uuid', options.lineageSeed),
    outputs: {},
    resources: [...resources.values()],
  };
}

/** A resource's arguments as the synthesized configuration writes them (`resource.<type>.<name>` of a cdk.tf.json). */
export type ConfiguredResources = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** A configuration's root outputs as the synthesized configuration writes them (`output` of a cdk.tf.json). */
export type ConfiguredOutputs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Meta-arguments of a resource block: not attributes of its state. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

/** `${aws_kms_key.logs.arn}`, `${aws_eks_cluster.eks.identity[0].oidc[0].issuer}`: a whole value that is one reference to a managed resource's attribute. */
const BARE_REFERENCE = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[a-z0-9_]+|\[\d+\])+)\}$/;

/**
 * The crafted state with every value the configuration sets to a bare reference of another managed resource's
 * attribute (`"${aws_kms_key.logs.arn}"`, also inside nested blocks) set to that attribute's value in the state, as
 * an apply leaves it; repeated until nothing changes, so chains settle too (a key's ARN in a cluster's encryption
 * config, the cluster's issuer in an OIDC provider's url). {@link stateFromPlan} gives each value known only after
 * apply its own placeholder, and every level of such references then cost one more plan to settle
 * ({@link settleState}: a plan shows the referenced value once the referencing resource is planned against it).
 * References to data sources, to resources with several instances, inside templates (`"arn:${…}/*"`) or function
 * calls are left to the plans. Only values the create plan knew only after apply are replaced (`unknowns`: each
 * resource's `after_unknown` by address, `type.name`), each by one of the same JSON type (or where it is unset): a
 * value the plan knew stays as planned. A set unknown as a whole is filled when each configured element is a literal
 * or a bare reference. The root `outputs` (the configuration's) made of literals and bare references, in lists and
 * maps too, are stored as an apply stores them, with their sensitivity; the others are left to the plans.
 */
export function resolveBareReferences(
  state: TerraformState,
  resources: ConfiguredResources,
  schemas: ResourceSchemas,
  unknowns: ReadonlyMap<string, unknown>,
  outputs: ConfiguredOutputs = {},
): TerraformState {
  const decoded = new Map(
    state.resources
      .filter((resource) => resource.module === undefined && resource.instances.length === 1 && resource.instances[0].index_key === undefined)
      .map((resource) => [`${resource.type}.${resource.name}`, decodeDynamicValues(resource.instances[0].attributes, schemas[resource.type]?.block ?? {})]),
  );
  const referenced = (value: unknown): unknown => {
    const match = typeof value === 'string' ? BARE_REFERENCE.exec(value) : null;
    if (match === null) return undefined;
    const [, type, name, path] = match;
    let current: unknown = decoded.get(`${type}.${name}`);
    for (const [, attribute, index] of path.matchAll(/\.([a-z0-9_]+)|\[(\d+)\]/g)) {
      current = attribute !== undefined ? (isObject(current) ? current[attribute] : undefined) : Array.isArray(current) ? current[Number(index)] : undefined;
    }
    return current;
  };
  /** `known` with the references `configured` makes resolved; whether anything changed is counted in `changes`. */
  /** What `after_unknown` marks below `unknown` at `key`: all of it when `unknown` is `true`. */
  const below = (unknown: unknown, key: string | number): unknown => (unknown === true ? true : isObject(unknown) || Array.isArray(unknown) ? (unknown as Record<string, unknown>)[key] : undefined);
  /** A configured scalar as the state holds it: a literal, or a bare reference's scalar value; else undefined. */
  const scalar = (configured: unknown): unknown => {
    if (typeof configured === 'number' || typeof configured === 'boolean') return configured;
    if (typeof configured !== 'string') return undefined;
    if (!configured.includes('${') && !configured.includes('%{')) return configured;
    const target = referenced(configured);
    return typeof target === 'string' || typeof target === 'number' || typeof target === 'boolean' ? target : undefined;
  };
  const resolve = (configured: unknown, known: unknown, unknown: unknown, changes: { count: number }): unknown => {
    // A set with an unknown element is unknown as a whole (`subnet_ids = [${aws_subnet.a.id}, …]`): the crafted
    // state holds it empty. Its elements, when each is a literal or a bare reference, are what an apply stores.
    if (Array.isArray(configured) && configured.length > 0 && unknown === true && (known === null || known === undefined || (Array.isArray(known) && known.length === 0))) {
      const elements = configured.map(scalar);
      if (elements.every((element) => element !== undefined)) {
        changes.count += 1;
        return elements;
      }
      return known;
    }
    const target = referenced(configured);
    if (target !== undefined && target !== null && !isObject(target) && !Array.isArray(target)) {
      if (unknown === true && (known === null || known === undefined || typeof known === typeof target) && known !== target) {
        changes.count += 1;
        return target;
      }
      return known;
    }
    // A nested block written as one object is a list of one in the state.
    if (isObject(configured) && Array.isArray(known) && known.length === 1) return [resolve(configured, known[0], below(unknown, 0), changes)];
    if (Array.isArray(configured) && Array.isArray(known)) return known.map((element, index) => resolve(configured[index], element, below(unknown, index), changes));
    if (isObject(configured) && isObject(known)) {
      return Object.fromEntries(Object.entries(known).map(([name, value]) => [name, resolve(configured[name], value, below(unknown, name), changes)]));
    }
    return known;
  };
  // Each pass settles one more level of a chain; a chain is never longer than the number of resources.
  for (let pass = 0; pass <= decoded.size; pass += 1) {
    const changes = { count: 0 };
    for (const [address, attributes] of decoded) {
      const [type, name] = address.split('.');
      const configured = resources[type]?.[name];
      // Meta-arguments (`provider`, `count`) are no attributes, at the top only: a nested block may be named `provider`.
      const configuredAttributes = isObject(configured) ? Object.fromEntries(Object.entries(configured).filter(([argument]) => !META_ARGUMENTS.has(argument))) : undefined;
      if (configuredAttributes !== undefined) decoded.set(address, resolve(configuredAttributes, attributes, unknowns.get(address), changes) as JsonObject);
    }
    if (changes.count === 0) break;
  }
  // The root outputs an apply would store: those whose value is made of literals and bare references (in lists and
  // maps too); the rest are left to the plans ({@link settleState} takes their planned values).
  const outputValue = (configured: unknown): unknown => {
    if (!Array.isArray(configured) && !isObject(configured)) return scalar(configured);
    const entries = Object.entries(configured).map(([key, element]) => [key, outputValue(element)] as const);
    if (entries.some(([, element]) => element === undefined)) return undefined;
    return Array.isArray(configured) ? entries.map(([, element]) => element) : Object.fromEntries(entries);
  };
  const storedOutputs = Object.entries(outputs).flatMap(([name, output]) => {
    const value = outputValue(output.value);
    return value === undefined ? [] : [[name, { value, type: ctyTypeOf(value), ...(output.sensitive === true ? { sensitive: true } : {}) }] as const];
  });
  return {
    ...state,
    outputs: { ...state.outputs, ...Object.fromEntries(storedOutputs) },
    resources: state.resources.map((resource) => {
      const attributes = resource.module === undefined ? decoded.get(`${resource.type}.${resource.name}`) : undefined;
      return attributes === undefined || resource.instances.length !== 1
        ? resource
        : { ...resource, instances: [{ ...resource.instances[0], attributes: encodeDynamicValues(attributes, schemas[resource.type]?.block ?? {}) }] };
    }),
  };
}

/**
 * The state updated with what a plan against it knows: each resource instance the plan would change takes the planned
 * values (keeping its placeholders where the plan knows nothing), and the outputs their planned values. The serial is
 * incremented.
 */
export function settleState(state: TerraformState, plan: TerraformPlanJson, schemas: ResourceSchemas): TerraformState {
  const planned = new Map<string, TerraformResourceChange>((plan.resource_changes ?? []).map((change) => [change.address, change]));
  const resources = state.resources.map((resource) => ({
    ...resource,
    instances: resource.instances.map((instance) => {
      const index = instance.index_key === undefined ? '' : `[${JSON.stringify(instance.index_key)}]`;
      const change = planned.get(`${resource.module ? `${resource.module}.` : ''}${resource.type}.${resource.name}${index}`);
      const after = change?.change.actions.join() === 'no-op' ? undefined : change?.change.after;
      if (!after) {
        return instance;
      }
      const block = schemas[resource.type]?.block ?? {};
      const known = decodeDynamicValues(instance.attributes, block);
      return { ...instance, attributes: encodeDynamicValues(mergeKnown(known, after, change?.change.after_unknown) as JsonObject, block) };
    }),
  }));
  const outputs = Object.fromEntries(
    Object.entries(plan.output_changes ?? {})
      .filter(([, change]) => change.after_unknown !== true)
      .map(([name, change]) => [name, { value: change.after, type: ctyTypeOf(change.after), ...(change.after_sensitive === true ? { sensitive: true } : {}) }]),
  );
  return { ...state, serial: state.serial + 1, outputs, resources };
}

/** Every resource instance and root output the plan would change, with the attribute paths that change. */
export function pendingChanges(plan: TerraformPlanJson): PendingChange[] {
  const resources = (plan.resource_changes ?? [])
    .filter(({ change }) => change.actions.join() !== 'no-op')
    .map(({ address, change }) => ({
      address,
      actions: change.actions,
      attributes: [...new Set(changedPaths(change.before ?? null, change.after ?? null, change.after_unknown, ''))].sort(),
    }));
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => change.actions.join() !== 'no-op')
    .map(([name, change]) => ({ address: `output.${name}`, actions: change.actions, attributes: [] }));
  return [...resources, ...outputs];
}

/** One line per pending change: `<address> <actions> (<attributes>)`. */
export function formatPendingChanges(pending: readonly PendingChange[]): string {
  return pending
    .map(({ address, actions, attributes }) => `${address} ${actions.join('+')}${attributes.length > 0 ? ` (${attributes.join(', ')})` : ''}`)
    .join('\n');
}

/** Paths below `path` where `after` differs from `before` or `unknown` marks the value as known only after apply. */
function changedPaths(before: unknown, after: unknown, unknown: unknown, path: string): string[] {
  if (unknown === true) {
    return [path || '(all)'];
  }
  if (Array.isArray(after) && Array.isArray(before) && after.length === before.length) {
    return after.flatMap((element, index) => changedPaths(before[index], element, Array.isArray(unknown) ? unknown[index] : undefined, `${path}[${index}]`));
  }
  if (isObject(after) && isObject(before)) {
    const unknowns = isObject(unknown) ? unknown : {};
    const names = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknowns)])];
    return names.flatMap((name) => changedPaths(before[name] ?? null, after[name] ?? null, unknowns[name], path ? `${path}.${name}` : name));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [path || '(all)'];
}

/**
 * The attributes with each value of a `dynamic` attribute (terraform_data's `input`) as a state stores it: the value
 * with its type, `{ value, type }`.
 */
function encodeDynamicValues(attributes: JsonObject, block: BlockSchema): JsonObject {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, block.attributes?.[name]?.type === 'dynamic' && value !== null ? { value, type: ctyTypeOf(value) } : value]),
  );
}

/** The inverse of {@link encodeDynamicValues}: plans show dynamic values bare. */
function decodeDynamicValues(attributes: JsonObject, block: BlockSchema): JsonObject {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, block.attributes?.[name]?.type === 'dynamic' && isObject(value) && 'value' in value ? value.value : value]),
  );
}

/** The state paths of the values `after_sensitive` marks (`true`); `schema` tells attributes from map keys. */
function sensitivePaths(sensitive: unknown, schema: BlockSchema | CtyType | undefined, steps: TerraformStatePathStep[]): TerraformStatePathStep[][] {
  if (sensitive === true) {
    return [steps];
  }
  if (Array.isArray(sensitive)) {
    return sensitive.flatMap((element, index) => sensitivePaths(element, elementSchema(schema), [...steps, { type: 'index', value: { value: index, type: 'number' } }]));
  }
  if (isObject(sensitive)) {
    const map = Array.isArray(schema) && schema[0] === 'map';
    return Object.entries(sensitive).flatMap(([name, member]) =>
      sensitivePaths(member, memberSchema(schema, name), [...steps, map ? { type: 'index', value: { value: name, type: 'string' } } : { type: 'get_attr', value: name }]),
    );
  }
  return [];
}

/** `after`, with every value `unknown` marks replaced by a placeholder of the schema's type for it. */
function fillUnknowns(after: unknown, unknown: unknown, schema: BlockSchema | CtyType | undefined, path: string, options: AwsLocation, attribute?: AttributeSchema): unknown {
  if (unknown === true) {
    return placeholder(schema, path, options, attribute);
  }
  if (Array.isArray(after)) {
    return after.map((element, index) => fillUnknowns(element, Array.isArray(unknown) ? unknown[index] : undefined, elementSchema(schema), `${path}[${index}]`, options));
  }
  if (isObject(after)) {
    const unknowns = isObject(unknown) ? unknown : {};
    const names = new Set([...Object.keys(after), ...Object.keys(unknowns)]);
    const attributes = isBlockSchema(schema) ? schema.attributes : undefined;
    return Object.fromEntries(
      [...names].map((name) => [
        name,
        unknowns[name] === true && path.startsWith('aws_acm_certificate.') && name === 'domain_validation_options'
          ? certificateValidationOptions(after, path)
          : fillUnknowns(after[name] ?? null, unknowns[name], memberSchema(schema, name), `${path}.${name}`, options, attributes?.[name]),
      ]),
    );
  }
  return after;
}

/** `known` with the values `planned` knows; where `unknown` marks a planned value as unknown, `known` is kept. */
function mergeKnown(known: unknown, planned: unknown, unknown: unknown): unknown {
  if (unknown === true) {
    return known;
  }
  if (Array.isArray(planned)) {
    return planned.map((element, index) => mergeKnown(Array.isArray(known) ? known[index] : null, element, Array.isArray(unknown) ? unknown[index] : undefined));
  }
  if (isObject(planned)) {
    const current = isObject(known) ? known : {};
    const unknowns = isObject(unknown) ? unknown : {};
    return Object.fromEntries(Object.entries({ ...current, ...planned }).map(([name]) => [name, mergeKnown(current[name] ?? null, planned[name] ?? null, unknowns[name])]));
  }
  return planned;
}

/**
 * ACM's DNS validation records as it reports them, one per name of the certificate: validation records are keyed by
 * those names (`for_each` over `domain_validation_options`), so placeholders without them would move every record.
 */
function certificateValidationOptions(certificate: Record<string, unknown>, path: string): Record<string, string>[] {
  const names = [certificate.domain_name, ...(Array.isArray(certificate.subject_alternative_names) ? certificate.subject_alternative_names : [])].filter(
    (name): name is string => typeof name === 'string',
  );
  return [...new Set(names)].map((domainName) => {
    const token = hexDigest(`${path}.${domainName}`, 32);
    return { domain_name: domainName, resource_record_name: `_${token}.${domainName}.`, resource_record_type: 'CNAME', resource_record_value: `_${token}.acm-validations.aws.` };
  });
}

/** A value of the type `schema` describes (see {@link stateFromPlan}); `attributeSchema` is set for a resource's attribute. */
function placeholder(schema: BlockSchema | CtyType | undefined, path: string, location: AwsLocation, attributeSchema?: AttributeSchema): unknown {
  if (isBlockSchema(schema)) {
    return [];
  }
  const kind = Array.isArray(schema) ? schema[0] : schema;
  const { accountId, region } = location;
  switch (kind) {
    case 'string': {
      const attribute = path.split('.').pop() ?? '';
      const resourceType = path.split('.')[0];
      if (attributeSchema && !REFERENCED_STRING.test(attribute)) {
        return null;
      }
      const prefix = attribute === 'id' ? awsIdPrefix(resourceType) : undefined;
      if (prefix) {
        return awsId(prefix, path);
      }
      // ACM reports its validation records' type (read into aws_route53_record.type, which validates it) as CNAME.
      if (attribute === 'resource_record_type') {
        return 'CNAME';
      }
      if (/(^|_)url$|^issuer$/.test(attribute)) {
        return `https://placeholder-${hexDigest(path, 12)}.example.com`;
      }
      if (attribute === 'arn' || attribute.endsWith('_arn')) {
        return `arn:${partitionOf(region)}:${resourceType.split('_')[1]}:${region}:${accountId}:${attribute.replace(/_?arn$/, '') || resourceType}/${hexDigest(path, 16)}`;
      }
      return resourceType === 'aws_kms_key' && (attribute === 'id' || attribute === 'key_id') ? awsId('uuid', path.replace(/\.(id|key_id)$/, '')) : `placeholder-${hexDigest(path, 12)}`;
    }
    case 'number':
      return 0;
    case 'bool':
      return false;
    case 'list': {
      const element = elementSchema(schema);
      return Array.isArray(element) && element[0] === 'object' ? [placeholder(element, `${path}[0]`, location)] : [];
    }
    case 'object':
      return Object.fromEntries(Object.keys(Array.isArray(schema) && isObject(schema[1]) ? schema[1] : {}).map((name) => [name, placeholder(memberSchema(schema, name), `${path}.${name}`, location)]));
    case 'set':
    case 'tuple':
      return [];
    case 'map':
      return {};
    default:
      return null;
  }
}

function elementSchema(schema: BlockSchema | CtyType | undefined): BlockSchema | CtyType | undefined {
  if (isBlockSchema(schema) || !Array.isArray(schema)) {
    return schema;
  }
  return ['list', 'set', 'map'].includes(schema[0]) ? (schema[1] as CtyType) : undefined;
}

function memberSchema(schema: BlockSchema | CtyType | undefined, name: string): BlockSchema | CtyType | undefined {
  if (isBlockSchema(schema)) {
    return schema.attributes?.[name]?.type ?? schema.block_types?.[name]?.block;
  }
  if (Array.isArray(schema) && schema[0] === 'object' && isObject(schema[1])) {
    return schema[1][name] as CtyType;
  }
  return Array.isArray(schema) && schema[0] === 'map' ? (schema[1] as CtyType) : undefined;
}

function isBlockSchema(schema: BlockSchema | CtyType | undefined): schema is BlockSchema {
  return isObject(schema);
}

function ctyTypeOf(value: unknown): unknown {
  if (Array.isArray(value)) return ['tuple', value.map(ctyTypeOf)];
  if (isObject(value)) return ['object', Object.fromEntries(Object.entries(value).map(([name, field]) => [name, ctyTypeOf(field)]))];
  return value === null ? 'dynamic' : typeof value === 'boolean' ? 'bool' : typeof value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
