import { LOG_RETENTION_DAYS } from '@platform/core';
import { z } from 'zod';
import { closestAwsRegion, isAwsRegion } from './aws-regions';

/** A CloudWatch Logs retention in days, one of the values CloudWatch accepts. */
export function logRetentionDays(defaultDays: number) {
  return z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `is not a retention CloudWatch Logs accepts. Fix: use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(defaultDays);
}

/**
 * An AWS region code of a partition the platform supports (see aws-regions.ts); a misspelt one is refused with the
 * closest real region as its fix.
 */
export const awsRegion = () =>
  z.string().superRefine((region, ctx) => {
    if (!isAwsRegion(region)) {
      ctx.addIssue({
        code: 'custom',
        message: `'${region}' is not a region of the AWS partitions the platform supports (aws, aws-cn, aws-us-gov). Fix: ${regionFix(region)}`,
      });
    }
  });

function regionFix(region: string): string {
  const closest = closestAwsRegion(region);
  return closest === undefined
    ? 'write a region of libs/config/src/aws-regions.ts (e.g. eu-central-1)'
    : `write '${closest}' if that is the one you meant, or another region of libs/config/src/aws-regions.ts`;
}

/** An IAM role ARN. */
export const iamRoleArn = () =>
  z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "is not an IAM role ARN. Fix: write the role's ARN such as 'arn:aws:iam::123456789012:role/platform-admin'");

/**
 * A refinement of a list that reports every item listed before, at its index (and `field`, when the key is one field
 * of the item): `'x' is listed twice. Fix: list each <noun> once`. `key` says what makes two items the same
 * (default: the item itself).
 */
export function listedOnce<T>(noun: string, key: (item: T) => unknown = (item) => item, field?: string) {
  return (items: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Set<unknown>();
    items.forEach((item, index) => {
      const itemKey = key(item);
      if (seen.has(itemKey)) {
        const shown = typeof itemKey === 'string' ? `'${itemKey}'` : String(itemKey);
        ctx.addIssue({ code: 'custom', path: field === undefined ? [index] : [index, field], message: `${shown} is listed twice. Fix: list each ${noun} once` });
      }
      seen.add(itemKey);
    });
  };
}

/** Reports zones of a list (at `path`) that are not zones of `region` (the setting `regionField`) or are listed twice. */
export function checkZones(
  zones: readonly string[],
  { region, regionField, path }: { region: string; regionField: string; path: readonly (string | number)[] },
  addIssue: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Set<string>();
  zones.forEach((az, index) => {
    // An unknown region is reported on its own; zones cannot be checked against it.
    if (isAwsRegion(region) && !new RegExp(`^${region}[a-z]$`).test(az)) {
      addIssue([...path, index], `'${az}' is not a zone of region ${region}. Fix: use zones of ${region} such as ${region}a, ${region}b, ${region}c, or change ${regionField}`);
    }
    if (seen.has(az)) addIssue([...path, index], `'${az}' is listed twice. Fix: list each zone once`);
    seen.add(az);
  });
}
