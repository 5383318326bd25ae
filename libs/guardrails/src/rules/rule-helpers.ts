import { policyStatements } from '../policy-document';
import { StackIndex, StackResource, referencesResource } from '../stack-index';
import { isNonEmptyString, isTrue } from '../terraform-values';

/** How a value reads in a finding: `not set`, `false`, `"optional"`, or an apply-time expression. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'not set';
  if (typeof value === 'string' && value.includes('${')) return `${value} (known only at apply time)`;
  return JSON.stringify(value);
}

/** The problem when `block.<attribute>` is not literally true, e.g. `storage_encrypted is not set`. */
export function requireTrue(block: Readonly<Record<string, unknown>> | undefined, attribute: string, label = attribute): string | undefined {
  const value = block?.[attribute];
  return isTrue(value) ? undefined : `${label} is ${describeValue(value)}`;
}

/** The problem when `block.<attribute>` is missing or an empty string, e.g. `kms_key_id is not set`. */
export function requireSet(block: Readonly<Record<string, unknown>> | undefined, attribute: string, label = attribute): string | undefined {
  const value = block?.[attribute];
  return isNonEmptyString(value) ? undefined : `${label} is ${describeValue(value)}`;
}

/**
 * Resources of `type` that configure `target` through `attribute`: by reference (`${aws_s3_bucket.x.id}`) or by the
 * target's literal name in `nameAttribute` (e.g. a bucket name), the two ways Terraform code attaches settings.
 */
export function attachedTo(stack: StackIndex, type: string, attribute: string, target: StackResource, nameAttribute: string): StackResource[] {
  const name = target.config[nameAttribute];
  const literalName = typeof name === 'string' && !name.includes('${') ? name : undefined;
  return stack
    .ofType(type)
    .filter(({ config }) => referencesResource(config[attribute], target.type, target.name) || (literalName !== undefined && config[attribute] === literalName));
}

/**
 * The problem when none of a resource's policies (`what`, e.g. `bucket policy`) has a Deny of `<service>:*` (or `*`)
 * on requests without TLS (`Bool aws:SecureTransport false`): `has no <what>`, a policy known only at apply time, or
 * one that lacks the deny.
 */
export function tlsDenyProblem(policies: readonly unknown[], stack: StackIndex, service: string, what: string): string | undefined {
  if (policies.length === 0) return `has no ${what}`;
  const documents = policies.map((policy) => policyStatements(policy, stack));
  const deniesPlainText = documents.some((statements) =>
    (statements ?? []).some(
      (statement) =>
        statement.effect === 'Deny' &&
        statement.actions.some((action) => action === `${service}:*` || action === '*') &&
        statement.conditions.some(({ test, variable, values }) => test === 'Bool' && variable === 'aws:SecureTransport' && values.includes('false')),
    ),
  );
  if (deniesPlainText) return undefined;
  return documents.some((statements) => statements === undefined)
    ? `its ${what} is known only at apply time, so the TLS-only deny cannot be verified`
    : `its ${what} does not deny requests without TLS`;
}
