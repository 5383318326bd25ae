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
