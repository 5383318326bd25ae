import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { LOG_GROUP_RULES } from './log-group-rules';

describe('CloudWatch log group rules', () => {
  testRulePack(LOG_GROUP_RULES, (stack) => new CloudwatchLogGroup(stack, 'Logs', { name: '/platform/app', retentionInDays: 30, kmsKeyId: 'arn:aws:kms:eu-central-1:1:key/k' }), {
    'PLAT-LOG-001': [
      { name: 'unlimited retention', build: (stack) => new CloudwatchLogGroup(stack, 'Logs', { kmsKeyId: 'k' }), path: 'Logs', problem: 'retention_in_days is not set, so events never expire' },
      { name: 'retention 0 (never expire)', build: (stack) => new CloudwatchLogGroup(stack, 'Logs', { kmsKeyId: 'k', retentionInDays: 0 }), path: 'Logs', problem: 'retention_in_days is 0' },
    ],
    'PLAT-LOG-002': [{ name: 'no KMS key', build: (stack) => new CloudwatchLogGroup(stack, 'Logs', { retentionInDays: 30 }), path: 'Logs', problem: 'kms_key_id is not set' }],
  });

  it.each([
    [1, 0],
    [0, 1],
  ])('PLAT-LOG-001 at its boundary: a retention of %i days gives %i finding', (retentionInDays, findings) => {
    expect(findingsOf('PLAT-LOG-001', (stack) => new CloudwatchLogGroup(stack, 'Logs', { retentionInDays, kmsKeyId: 'k' }), false)).toHaveLength(findings);
  });
});
