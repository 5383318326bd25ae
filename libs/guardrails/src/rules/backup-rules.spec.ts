import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { BACKUP_RULES } from './backup-rules';

/** A vault like RecoveryVault's: customer managed key, locked. */
function vault(scope: Construct, { kmsKeyArn = 'arn:aws:kms:eu-central-1:1:key/vault', locked = true }: { kmsKeyArn?: string; locked?: boolean } = {}): BackupVault {
  const resource = new BackupVault(scope, 'Vault', { name: 'platform', kmsKeyArn });
  if (locked) new BackupVaultLockConfiguration(scope, 'Lock', { backupVaultName: resource.name, minRetentionDays: 7, changeableForDays: 3 });
  return resource;
}

describe('AWS Backup rules', () => {
  testRulePack(BACKUP_RULES, (stack) => vault(stack), {
    'PLAT-BAK-001': [{ name: 'a vault on the AWS managed key', build: (stack) => new BackupVault(stack, 'Vault', { name: 'platform' }), path: 'Vault', problem: 'kms_key_arn is not set' }],
    'PLAT-BAK-002': [{ name: 'an unlocked production vault', build: (stack) => vault(stack, { locked: false }), path: 'Vault', problem: 'has no vault lock configuration' }],
  });

  it('lets vaults outside production stay unlocked', () => {
    expect(findingsOf('PLAT-BAK-002', (stack) => vault(stack, { locked: false }), false)).toEqual([]);
  });
});
