import type { ContractResult } from '../contract';

type Json = Record<string, unknown>;

/** The failing checks of a result, as `subject: problem<separator>problem` (for the contracts' specs). */
export function failures(result: ContractResult, separator = '; '): string[] {
  return result.checks.filter((item) => !item.passed).map((item) => `${item.subject}: ${item.problems.join(separator)}`);
}

/** {@link failures} with the problems of a check joined by ` | ` (the specs that compare whole failure lines). */
export function failuresPiped(result: ContractResult): string[] {
  return failures(result, ' | ');
}

/** Merges blocks of several resource types (each a map of name → arguments), as one stack's `resource` (for the contracts' specs). */
export function merge(...parts: Json[]): Json {
  const merged: Record<string, Json> = {};
  for (const part of parts) for (const [type, blocks] of Object.entries(part)) merged[type] = { ...merged[type], ...(blocks as Json) };
  return merged;
}
