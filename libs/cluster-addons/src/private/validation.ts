import { ConstructValidationError } from '@platform/core';
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';

/** An IAM role ARN in any partition, e.g. `arn:aws:iam::123456789012:role/platform-velero`. */
export const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** An AWS region name, e.g. `eu-central-1`. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** A DNS-1123 label: what Kubernetes accepts as a namespace name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A fully qualified DNS name without the trailing dot, e.g. `example.com`. */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A Route 53 hosted zone id without the `/hostedzone/` prefix, e.g. `Z0123456789ABCDEFGHIJ`. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]+$/;
/** An email address as the ACME server expects: one `@`, a dotted domain. */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** A KMS key ARN, e.g. `arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`. */
export const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;
/** An S3 bucket name (general purpose buckets). */
export const S3_BUCKET = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * True when `value` matches `pattern`, or is a Terraform token (e.g. a remote state output) whose value is only
 * known at apply time and therefore cannot be checked at synth.
 */
export function matchesOrToken(value: string, pattern: RegExp): boolean {
  return isLateBound(value) || pattern.test(value);
}

/** True for values known only at apply time: cdktf tokens and raw Terraform expressions (`${...}`). */
export function isLateBound(value: string): boolean {
  return Token.isUnresolved(value) || value.includes('${');
}

/** Requires `value` to be set and to match `pattern` (or be a token), naming the field in the error. */
export function requireFormat(scope: IConstruct, value: string | undefined, field: string, pattern: RegExp, what: string, fix: string): asserts value is string {
  ConstructValidationError.require(scope, value !== undefined && value !== '', field, 'is missing', fix);
  ConstructValidationError.require(scope, matchesOrToken(value, pattern), field, `'${value}' is not ${what}`, fix);
}
