// Shared by every construct library: @platform/core.
import { ACCOUNT_ID, AWS_REGION, type Requirement } from '@platform/core';

export { partitionOf, requirement, type Requirement } from '@platform/core';

/** Names AWS Backup accepts for plans, rules and selections: letters, digits, `-`, `_` and `.`; vault names take no `.`. */
const BACKUP_NAME = /^[A-Za-z0-9._-]+$/;
const VAULT_NAME = /^[A-Za-z0-9_-]+$/;

/** Requires a 12-digit account id and a region name. */
export function requireAccountAndRegion(require: Requirement, props: { readonly accountId: string; readonly region: string }): void {
  require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
  require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
}

/** Requires `name` (the prop `field`) to be an AWS Backup name (a vault's when `vault`) of `min` to `max` characters. */
export function requireBackupName(require: Requirement, name: string, field: string, min: number, max: number, vault = false): void {
  require(
    (vault ? VAULT_NAME : BACKUP_NAME).test(name) && name.length >= min && name.length <= max,
    field,
    `'${name}' is not a name of ${min} to ${max} letters, digits, '-'${vault ? " or '_'" : ", '_' or '.'"}`,
    `use a name such as ${vault ? 'production-eu-central-1' : 'production-postgres'}`,
  );
}

/** Requires `value` (the prop `field`) to be a whole number between `min` and `max`. */
export function requireWholeNumber(require: Requirement, value: number, field: string, min: number, max: number): void {
  require(Number.isInteger(value) && value >= min && value <= max, field, `${value} is not a whole number from ${min} to ${max}`, `write a value from ${min} to ${max}`);
}
