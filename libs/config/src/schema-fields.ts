import { LOG_RETENTION_DAYS } from '@platform/core';
import { z } from 'zod';

/** A CloudWatch Logs retention in days, one of the values CloudWatch accepts. */
export function logRetentionDays(defaultDays: number) {
  return z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `is not a retention CloudWatch Logs accepts. Fix: use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(defaultDays);
}

/** An AWS region code such as eu-central-1. */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** An IAM role ARN. */
export const iamRoleArn = () => z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN such as 'arn:aws:iam::123456789012:role/platform-admin'");

/** Reports zones of a list (at `path`) that are not zones of `region` (the setting `regionField`) or are listed twice. */
export function checkZones(
  zones: readonly string[],
  { region, regionField, path }: { region: string; regionField: string; path: readonly (string | number)[] },
  addIssue: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Set<string>();
  zones.forEach((az, index) => {
    // An invalid region is reported on its own; zones cannot be checked against it.
    if (REGION.test(region) && !new RegExp(`^${region}[a-z]$`).test(az)) {
      addIssue([...path, index], `'${az}' is not a zone of region ${region}. Fix: use zones of ${region} such as ${region}a, ${region}b, ${region}c, or change ${regionField}`);
    }
    if (seen.has(az)) addIssue([...path, index], `'${az}' is listed twice. Fix: list each zone once`);
    seen.add(az);
  });
}
