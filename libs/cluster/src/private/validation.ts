import { Token } from 'cdktf';

// Shared by every construct library: @platform/core.
export { ACCOUNT_ID, AWS_REGION, requirement, type Requirement } from '@platform/core';

/** An IAM role ARN in any partition, e.g. `arn:aws:iam::123456789012:role/platform-admin`; group 1 is the account. */
export const IAM_ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
/** An IAM policy ARN, AWS managed (`iam::aws:policy/...`) or customer managed; the last group is the policy name. */
export const IAM_POLICY_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(?:aws|\d{12}):policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,128})$/;
/** An IAM role name: up to 64 characters of letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** A KMS key ARN (`key/<id>`) or key alias ARN (`alias/<name>`). */
export const KMS_KEY_ARN = /^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(?:key\/[a-zA-Z0-9-]+|alias\/[\w/-]+)$/;
/** A DNS-1123 label: a Kubernetes namespace name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS-1123 subdomain: a Kubernetes service account name. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for values known only at apply time: cdktf tokens and raw Terraform expressions (`${...}`). */
export function isLateBound(value: string): boolean {
  return Token.isUnresolved(value) || value.includes('${');
}

/** True when `value` matches `pattern`, or is late bound and therefore cannot be checked at synth. */
export function matchesOrLateBound(value: string, pattern: RegExp): boolean {
  return isLateBound(value) || pattern.test(value);
}

/** `'a', 'b', 'c'` for messages. */
export function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
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

/**
 * A construct id for a per-item resource, from the item's stable name: characters other than letters, digits and
 * `-` become `-`, so the Terraform logical id keeps the name readable (`Repository-novel-engine-backend`).
 */
export function idFor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
