/**
 * Reading resource attributes as both sources spell them: cdktf JSON writes a single nested block as an object and
 * numbers sometimes as strings; plan JSON writes every block as a list. References (`${aws_x.y.z}`) are strings.
 */
export type Values = Readonly<Record<string, unknown>>;

/** The first (usually only) instance of a nested block, or undefined. */
export function block(values: Values | undefined, key: string): Values | undefined {
  return blocks(values, key)[0];
}

/** Every instance of a nested block. */
export function blocks(values: Values | undefined, key: string): Values[] {
  const value = values?.[key];
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((entry): entry is Values => typeof entry === 'object' && entry !== null && !Array.isArray(entry));
}

/** A literal number (or numeric string); undefined for references, unknowns and absent attributes. */
export function numberOf(values: Values | undefined, key: string): number | undefined {
  const value = values?.[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A literal string (not a reference); undefined otherwise. */
export function stringOf(values: Values | undefined, key: string): string | undefined {
  const value = values?.[key];
  return typeof value === 'string' && !isReference(value) ? value : undefined;
}

/** A literal boolean (or 'true'/'false'); undefined otherwise. */
export function booleanOf(values: Values | undefined, key: string): boolean | undefined {
  const value = values?.[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** A list attribute's entries (references included). */
export function listOf(values: Values | undefined, key: string): unknown[] {
  const value = values?.[key];
  return Array.isArray(value) ? value : [];
}

export function isReference(value: string): boolean {
  return value.includes('${');
}

/**
 * Addresses of the resources a string refers to, e.g. `aws_ecs_task_definition.api` for
 * `${aws_ecs_task_definition.api.arn}` (data sources and other references left out).
 */
export function referencedAddresses(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const addresses: string[] = [];
  for (const match of value.matchAll(/\$\{((?:module\.[A-Za-z0-9_-]+\.)*[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g)) {
    if (!match[1].startsWith('data.') && !match[1].startsWith('var.') && !match[1].startsWith('local.')) addresses.push(match[1]);
  }
  return addresses;
}
