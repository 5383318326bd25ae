import { Rule } from '../rule';
import { requireSet } from './rule-helpers';

export const SECRETS_MANAGER_RULES: readonly Rule[] = [
  {
    id: 'PLAT-SM-001',
    checkovIds: ['CKV_AWS_149'],
    complianceIds: [],
    severity: 'warning',
    resourceTypes: ['aws_secretsmanager_secret'],
    description: 'Secrets are encrypted with a customer managed KMS key, so reading them also needs kms:Decrypt on that key.',
    fix: 'set kms_key_id to a customer managed key (ApplicationSecrets from @platform/data does)',
    check: ({ config }) => requireSet(config, 'kms_key_id'),
  },
];
