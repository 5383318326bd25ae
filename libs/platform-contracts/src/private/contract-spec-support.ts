/**
 * Helpers of the contract specs that evaluate one contract on small hand-built stacks (only specs import this file).
 */
import type { ContractResult } from '../contract';

type Json = Record<string, unknown>;

/** The failed checks of a result, each as `<subject>: <problems joined by separator>`. */
export function failures(result: ContractResult, separator = ' | '): string[] {
  return result.checks.filter((item) => !item.passed).map((item) => `${item.subject}: ${item.problems.join(separator)}`);
}

/** Merges blocks of several resource types (each a map of name → arguments), later blocks of a type added to earlier ones. */
export function mergeBlocks(...parts: Json[]): Json {
  const merged: Record<string, Json> = {};
  for (const part of parts) for (const [type, blocks] of Object.entries(part)) merged[type] = { ...merged[type], ...(blocks as Json) };
  return merged;
}
