import { Token } from 'cdktf';

// Shared by every construct library: @platform/core.
export { ACCOUNT_ID, AWS_REGION, requirement, type Requirement } from '@platform/core';

/**
 * A name shared by RDS identifiers, ElastiCache ids and KMS aliases: a lower-case letter, then letters, digits and
 * single hyphens, not ending in a hyphen.
 */
export const RESOURCE_NAME = /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;
/** A KMS key ARN (`key/<id>`) or alias ARN; group 1 is the region. */
export const KMS_KEY_ARN = /^arn:aws(?:-cn|-us-gov)?:kms:([a-z0-9-]+):\d{12}:(?:key\/[a-zA-Z0-9-]+|alias\/[\w/-]+)$/;

/** True for values known only at apply time: cdktf tokens and raw Terraform expressions (`${...}`). */
export function isLateBound(value: string): boolean {
  return Token.isUnresolved(value) || value.includes('${');
}

/** True for a whole number between `min` and `max`, inclusive. */
export function isIntegerBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** The values that occur more than once, each once, in order of first repetition. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    (seen.has(value) ? repeated : seen).add(value);
  }
  return [...repeated];
}

/** `'a', 'b', 'c'` for messages. */
export function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

/**
 * A construct id for a per-item resource, from the item's stable name: characters other than letters, digits and
 * `-` become `-`, so the Terraform logical id keeps the name readable (`Secret-novel-engine-jwt-secret-key`).
 */
export function idFor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
