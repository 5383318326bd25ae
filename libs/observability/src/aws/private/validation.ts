import { LOG_RETENTION_DAYS } from '@platform/core';
import { Token } from 'cdktf';

// Shared by every construct library: @platform/core.
export { ACCOUNT_ID, AWS_REGION, requirement, type Requirement } from '@platform/core';

/** Prefix of resource names, e.g. `platform-production`: letters, digits, hyphens; starts with a letter. */
export const NAME_PREFIX = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;
/** A user-defined tag key: up to 128 letters, digits, spaces and `_.:/=+-@`; keys starting with `aws:` are AWS's. */
export const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
/** A mail address, as SNS and AWS Budgets accept it. */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** An `https://` URL. */
export const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** True for values known only at apply time: cdktf tokens and raw Terraform expressions (`${...}`). */
export function isLateBound(value: string): boolean {
  return Token.isUnresolved(value) || value.includes('${');
}

/** True when `value` matches `pattern`, or is late bound and therefore cannot be checked at synth. */
export function matchesOrLateBound(value: string, pattern: RegExp): boolean {
  return isLateBound(value) || pattern.test(value);
}

/** True for a finite number strictly above `min` and at most `max`. */
export function isAboveAndAtMost(value: number, min: number, max: number): boolean {
  return Number.isFinite(value) && value > min && value <= max;
}

/** True for a retention CloudWatch Logs accepts. */
export function isLogRetention(days: number): boolean {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}

/** The values that occur more than once, each once, in order of first repetition. */
export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const value of values) {
    (seen.has(value) ? repeated : seen).add(value);
  }
  return [...repeated];
}

/** `'a', 'b', 'c'` for messages. */
export function quoted(values: readonly (string | number)[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

/**
 * A construct id for a per-item resource, from the item's stable name: characters other than letters, digits and
 * `-` become `-`, so the Terraform logical id keeps the name readable (`Alarm-rds-primary-cpu-high`).
 */
export function idFor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
