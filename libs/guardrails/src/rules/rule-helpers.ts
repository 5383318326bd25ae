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
