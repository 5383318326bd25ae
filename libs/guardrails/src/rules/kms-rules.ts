import { Rule } from '../rule';
import { requireTrue } from './rule-helpers';

/** Key specs KMS rotates; asymmetric and HMAC keys cannot rotate automatically. */
const ROTATABLE_KEY_SPEC = 'SYMMETRIC_DEFAULT';

export const KMS_RULES: readonly Rule[] = [
  {
    id: 'PLAT-KMS-001',
    checkovIds: ['CKV_AWS_7'],
    complianceIds: ['CIS-3.0-3.6'],
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    description: 'Symmetric customer managed keys rotate their key material yearly.',
    fix: 'set enable_key_rotation = true',
    check({ config }) {
      const spec = config.customer_master_key_spec ?? ROTATABLE_KEY_SPEC;
      return spec === ROTATABLE_KEY_SPEC ? requireTrue(config, 'enable_key_rotation') : undefined;
    },
  },
];
