import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { testRulePack } from '../testing/rule-pack-tests';
import { SECRETS_MANAGER_RULES } from './secrets-manager-rules';

describe('Secrets Manager rules', () => {
  testRulePack(SECRETS_MANAGER_RULES, (stack) => new SecretsmanagerSecret(stack, 'Secret', { name: 'platform/app/key', kmsKeyId: 'arn:aws:kms:eu-central-1:1:key/k' }), {
    'PLAT-SM-001': [
      { name: 'a secret under the AWS managed key', build: (stack) => new SecretsmanagerSecret(stack, 'Secret', { name: 'platform/app/key' }), path: 'Secret', problem: 'kms_key_id is not set' },
    ],
  });
});
