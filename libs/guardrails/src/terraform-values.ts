/**
 * Readers for argument values of synthesized Terraform JSON. cdktf writes booleans of some providers as strings
 * (`"true"`), single nested blocks as objects and repeated ones as arrays, and anything known only at apply time as
 * a `${...}` expression; rules read values through these helpers so each of those forms is handled once.
 */

/** An argument that is literally true (`true` or `"true"`); an expression is not, since it cannot be proven. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** An argument that is literally false (`false` or `"false"`). */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** A number, or a string holding one (`"7"`); undefined for anything else, expressions included. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A non-empty string, after trimming. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The blocks of a nested-block argument, whether cdktf wrote one block as an object or several as an array. */
export function blocksOf(value: unknown): Record<string, unknown>[] {
  // An unset argument (undefined, null) is no block: the filter drops it with the other non-objects.
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** The first block of a nested-block argument (arguments that take at most one block). */
export function blockOf(value: unknown): Record<string, unknown> | undefined {
  return blocksOf(value)[0];
}

/** The strings of a string-or-list argument, e.g. IAM `Action` or `cidr_blocks`. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Every string anywhere inside a value (nested objects and arrays included). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  // Arrays too: their values are their items, in order.
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allStrings);
  return [];
}
