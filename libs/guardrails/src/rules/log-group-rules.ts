import { Rule } from '../rule';
import { numberOf } from '../terraform-values';
import { describeValue, requireSet } from './rule-helpers';

const LOG_GROUP = ['aws_cloudwatch_log_group'];

export const LOG_GROUP_RULES: readonly Rule[] = [
  {
    id: 'PLAT-LOG-001',
    checkovIds: ['CKV_AWS_66'],
    complianceIds: [],
    severity: 'warning',
    resourceTypes: LOG_GROUP,
    description: 'Log groups expire their events (no unlimited retention of personal data or cost).',
    fix: 'set retention_in_days to a value CloudWatch accepts (LOG_RETENTION_DAYS from @platform/core)',
    check({ config }) {
      const days = numberOf(config.retention_in_days);
      return days !== undefined && days > 0 ? undefined : `retention_in_days is ${describeValue(config.retention_in_days)}, so events never expire`;
    },
  },
  {
    id: 'PLAT-LOG-002',
    checkovIds: ['CKV_AWS_158'],
    complianceIds: [],
    severity: 'warning',
    resourceTypes: LOG_GROUP,
    description: 'Log groups are encrypted with a customer managed KMS key.',
    fix: 'set kms_key_id to a key whose policy lets logs.<region>.amazonaws.com use it',
    check: ({ config }) => requireSet(config, 'kms_key_id'),
  },
];
