import { Rule } from '../rule';
import { requireSet } from './rule-helpers';

const VAULT = ['aws_backup_vault'];

export const BACKUP_RULES: readonly Rule[] = [
  {
    id: 'PLAT-BAK-001',
    checkovIds: ['CKV_AWS_166'],
    complianceIds: ['FSBP-Backup.1'],
    severity: 'error',
    resourceTypes: VAULT,
    description: 'Backup vaults encrypt recovery points with a customer managed KMS key, so restoring also needs that key.',
    fix: 'set kms_key_arn to a customer managed key of the recovery stack',
    check: ({ config }) => requireSet(config, 'kms_key_arn'),
  },
  {
    id: 'PLAT-BAK-002',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: VAULT,
    productionOnly: true,
    description: 'Production vaults are locked (aws_backup_vault_lock_configuration), so nobody, an attacker with the account included, can delete recovery points before their retention ends.',
    fix: 'add an aws_backup_vault_lock_configuration with backup_vault_name = the vault and min_retention_days (changeable_for_days sets the compliance-mode cooling-off)',
    check: (vault, stack) => (stack.referencing('aws_backup_vault_lock_configuration', vault, 'backup_vault_name').length > 0 ? undefined : 'has no vault lock configuration'),
  },
];
