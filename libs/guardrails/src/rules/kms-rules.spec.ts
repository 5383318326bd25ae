import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { KMS_RULES } from './kms-rules';

describe('KMS rules', () => {
  testRulePack(KMS_RULES, (stack) => new KmsKey(stack, 'Key', { description: 'data', enableKeyRotation: true, deletionWindowInDays: 30 }), {
    'PLAT-KMS-001': [{ name: 'a key without rotation', build: (stack) => new KmsKey(stack, 'Key', { description: 'data' }), path: 'Key', problem: 'enable_key_rotation is not set' }],
  });

  it('does not ask asymmetric keys to rotate (KMS cannot)', () => {
    expect(findingsOf('PLAT-KMS-001', (stack) => new KmsKey(stack, 'Signing', { customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }))).toEqual([]);
  });
});
