import { ConstructValidationError } from '@platform/core';
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';

/** A DNS-1123 label: a namespace name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS-1123 subdomain: the name of a Secret, ConfigMap or custom resource. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A fully qualified host name without the trailing dot, e.g. `grafana.example.com`. */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A key of a Secret's or ConfigMap's `data`. */
export const DATA_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
/** A Secrets Manager secret name (RDS-managed ones start with `rds!`) or ARN. */
export const SECRETS_MANAGER_ID = /^[A-Za-z0-9/_+=.@!:-]{1,2048}$/;

/** True for values known only at apply time: cdktf tokens and raw Terraform expressions (`${...}`). */
export function isLateBound(value: string): boolean {
  return Token.isUnresolved(value) || value.includes('${');
}

/** Requires `value` to be set and to match `pattern` (or be late-bound), naming the field in the error. */
export function requireFormat(scope: IConstruct, value: string | undefined, field: string, pattern: RegExp, what: string, fix: string): asserts value is string {
  ConstructValidationError.require(scope, value !== undefined && value !== '', field, 'is missing', fix);
  ConstructValidationError.require(scope, isLateBound(value) || pattern.test(value), field, `'${value}' is not ${what}`, fix);
}

/** Requires a whole number within bounds, naming the field and the unit in the error. */
export function requireIntegerAtLeast(scope: IConstruct, value: number, field: string, minimum: number, unit: string): void {
  ConstructValidationError.require(scope, Number.isInteger(value) && value >= minimum, field, `${value} is not a whole number of at least ${minimum} ${unit}`, `use ${minimum} ${unit} or more`);
}
