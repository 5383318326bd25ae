import { Token } from 'cdktf';

// Shared by every construct library: @platform/core.
import { ACCOUNT_ID, AWS_REGION, type Requirement } from '@platform/core';

export { ACCOUNT_ID, AWS_REGION, requirement, type Requirement } from '@platform/core';

/** The ARN of one Secrets Manager secret; RDS names the secrets it manages `rds!db-<id>`, hence the `!`. */
export const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@!-]+$/;

/**
 * A name ECS, IAM and CodeDeploy all accept as a prefix: a lower-case letter, then letters, digits and single hyphens,
 * not ending in a hyphen.
 */
export const RESOURCE_NAME = /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/** True for values known only at apply time: cdktf tokens and raw Terraform expressions (`${...}`). */
export function isLateBound(value: string): boolean {
  return Token.isUnresolved(value) || value.includes('${');
}

/** True for a whole number between `min` and `max`, inclusive. */
export function isIntegerBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * A construct id for a per-item resource, from the item's stable name: characters other than letters, digits and
 * `-` become `-`, so the Terraform logical id stays readable (`EgressTo-postgres`).
 */
export function idFor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

/** Requires `name` (the prop `field`) to be a resource name of at most `maxLength` characters. */
export function requireResourceName(require: Requirement, name: string, maxLength: number, field = 'name'): void {
  require(
    RESOURCE_NAME.test(name) && name.length <= maxLength,
    field,
    `'${name}' is not a name of at most ${maxLength} lower-case letters, digits and single hyphens`,
    'use a name such as storymagic-api, starting with a letter',
  );
}

/** Requires the role name, account id and region every role of this library is built from. */
export function requireRoleBasics(require: Requirement, props: { readonly roleName: string; readonly accountId: string; readonly region: string }): void {
  require(/^[\w+=,.@-]{1,64}$/.test(props.roleName), 'roleName', `'${props.roleName}' is not an IAM role name`, 'use at most 64 letters, digits and +=,.@_-');
  requireAccountAndRegion(require, props);
}

/** Requires a 12-digit account id and a region name. */
export function requireAccountAndRegion(require: Requirement, props: { readonly accountId: string; readonly region: string }): void {
  require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
  require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
}
