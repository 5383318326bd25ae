/**
 * A compact schema language for Kubernetes objects and Helm values, and the validator the `kubernetes-schemas`
 * contract runs. The schemas are written in this repo from the charts' published `values.yaml` /
 * `values.schema.json` and the CRDs' OpenAPI schemas (see `kubernetes-schemas/`); each records where it was read from.
 */
import { closestMatch } from '@platform/core';

/**
 * A leaf type: `object` is any object (a free-form map, or a subtree the repo does not set, left unchecked), `list`
 * any array, `any` anything, `int-or-string` Kubernetes' `x-kubernetes-int-or-string` (ports, percentages).
 */
export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'list' | 'any' | 'int-or-string';

/** An object whose keys are known: any other key is reported. */
export interface ObjectSchema {
  readonly properties: Readonly<Record<string, Schema>>;
  /** Keys that must be present (CRDs' `required`). */
  readonly required?: readonly string[];
  /** Schema of keys not in `properties` (a partly free-form object); absent: such keys are unknown. */
  readonly additional?: Schema;
}

/** A free-form map (annotations, labels, extraArgs, config …): any key, values of one schema. */
export interface MapSchema {
  readonly map: Schema;
}

/** An array whose items share one schema. */
export interface ListSchema {
  readonly items: Schema;
}

/** One of a few literal values (CRDs' `enum`). */
export interface EnumSchema {
  readonly enum: readonly (string | number | boolean)[];
}

export type Schema = SchemaType | ObjectSchema | MapSchema | ListSchema | EnumSchema;

/** An object with known keys. */
export function obj(properties: Readonly<Record<string, Schema>>, options: { readonly required?: readonly string[]; readonly additional?: Schema } = {}): ObjectSchema {
  return { properties, ...options };
}

/** A free-form map. */
export function map(values: Schema = 'any'): MapSchema {
  return { map: values };
}

/** An array of items of one schema. */
export function list(items: Schema = 'any'): ListSchema {
  return { items };
}

/** One of a few literal values. */
export function oneOf(...values: (string | number | boolean)[]): EnumSchema {
  return { enum: values };
}

/** How values are read: Helm drops a key set to null; the Kubernetes API refuses a null unless the schema allows it. */
export type SchemaMode = 'helm-values' | 'kubernetes';

/** One problem of a value, as `<path>: <problem>. Fix: <what to write>`. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * The problems of `value` under `schema`, each with the path from `root` (e.g. `values.controller.servce`). Strings
 * that are one whole Terraform expression (`${…}`) are accepted wherever a scalar is: their type is known at apply.
 */
export function validateAgainstSchema(value: unknown, schema: Schema, root: string, mode: SchemaMode): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  visit(value, schema, root, mode, problems);
  return problems;
}

/** The problems as `<path>: <message>` lines. */
export function formatSchemaProblems(problems: readonly SchemaProblem[], prefix = ''): string[] {
  return problems.map((problem) => `${prefix}${problem.path}: ${problem.message}`);
}

function visit(value: unknown, schema: Schema, path: string, mode: SchemaMode, problems: SchemaProblem[]): void {
  if (value === null) {
    if (mode === 'helm-values' || schema === 'any') return;
    problems.push({ path, message: `null is not allowed. Fix: remove the field or write ${article(describe(schema))}` });
    return;
  }
  if (typeof schema === 'string') {
    if (!matchesType(value, schema)) problems.push({ path, message: `${typeName(value)} where the schema wants ${describe(schema)}. Fix: write ${article(describe(schema))}` });
    return;
  }
  if ('enum' in schema) {
    if (!isExpression(value) && !schema.enum.includes(value as string)) {
      problems.push({ path, message: `${JSON.stringify(value)} is not one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}. Fix: write one of them` });
    }
    return;
  }
  if ('items' in schema) {
    if (!Array.isArray(value)) {
      if (!isExpression(value)) problems.push({ path, message: `${typeName(value)} where the schema wants a list. Fix: write a list` });
      return;
    }
    value.forEach((item, index) => visit(item, schema.items, `${path}[${index}]`, mode, problems));
    return;
  }
  if (!isPlainObject(value)) {
    if (!isExpression(value)) problems.push({ path, message: `${typeName(value)} where the schema wants an object. Fix: write an object` });
    return;
  }
  if ('map' in schema) {
    for (const [key, item] of Object.entries(value)) visit(item, schema.map, childPath(path, key), mode, problems);
    return;
  }
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) problems.push({ path: childPath(path, key), message: `required field is missing. Fix: set ${key} (${describe(schema.properties[key] ?? 'any')})` });
  }
  for (const [key, item] of Object.entries(value)) {
    const known = schema.properties[key];
    if (known !== undefined) visit(item, known, childPath(path, key), mode, problems);
    else if (schema.additional !== undefined) visit(item, schema.additional, childPath(path, key), mode, problems);
    else problems.push({ path: childPath(path, key), message: unknownKeyMessage(key, Object.keys(schema.properties)) });
  }
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  if (suggestion !== undefined) return `unknown key. Fix: did you mean '${suggestion}'?`;
  const listed = known.length <= 12 ? ` (known keys here: ${known.join(', ')})` : '';
  return `unknown key${listed}. Fix: remove it, or if the pinned version really reads it, add it to the schema`;
}

/** The known key nearest to a misspelt one, when it is close enough to be the intended one. */
function closest(key: string, known: readonly string[]): string | undefined {
  return closestMatch(key, known, Math.max(2, Math.floor(key.length / 4)));
}

function matchesType(value: unknown, type: SchemaType): boolean {
  if (type === 'any') return true;
  if (isExpression(value)) return type !== 'object' && type !== 'list';
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'int-or-string':
      return typeof value === 'string' || Number.isInteger(value);
    case 'object':
      return isPlainObject(value);
    case 'list':
      return Array.isArray(value);
  }
}

/** A string that is one whole Terraform expression: its value, and so its type, is known at apply. */
function isExpression(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{[^]*\}$/.test(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function describe(schema: Schema): string {
  if (typeof schema === 'string') return schema === 'list' ? 'list' : schema === 'int-or-string' ? 'integer or string' : schema;
  if ('enum' in schema) return `one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}`;
  if ('items' in schema) return 'list';
  return 'object';
}

function article(description: string): string {
  return description.startsWith('one of') ? description : `${/^[aeiou]/.test(description) ? 'an' : 'a'} ${description}`;
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
