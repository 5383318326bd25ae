import { DynamodbTable, DynamodbTableConfig } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { testRulePack } from '../testing/rule-pack-tests';
import { DYNAMODB_RULES } from './dynamodb-rules';

/** A table like TerraformStateStore's lock table: PITR and a customer managed key. */
function table(scope: Construct, overrides: Partial<DynamodbTableConfig> = {}): DynamodbTable {
  return new DynamodbTable(scope, 'Locks', {
    name: 'locks',
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'LockID',
    attribute: [{ name: 'LockID', type: 'S' }],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: 'arn:aws:kms:eu-central-1:1:key/k' },
    ...overrides,
  });
}

describe('DynamoDB rules', () => {
  testRulePack(DYNAMODB_RULES, (stack) => table(stack), {
    'PLAT-DDB-001': [{ name: 'no point-in-time recovery', build: (stack) => table(stack, { pointInTimeRecovery: undefined }), path: 'Locks', problem: 'point_in_time_recovery.enabled is not set' }],
    'PLAT-DDB-002': [
      { name: 'the AWS owned key', build: (stack) => table(stack, { serverSideEncryption: undefined }), path: 'Locks', problem: 'server_side_encryption is not enabled' },
      { name: 'the AWS managed key', build: (stack) => table(stack, { serverSideEncryption: { enabled: true } }), path: 'Locks', problem: 'has no kms_key_arn' },
    ],
  });
});
