import { PlatformAwsProvider } from '@platform/core';
import { synthJson } from '@platform/terraform-testing';
import { BackupVault, BackupVaultProps, PROTECTED_VAULT_ACTIONS } from './backup-vault';
import { decide, SIMULATED_ACCOUNT } from './private/iam-simulation';

const PROPS: BackupVaultProps = { name: 'production-eu-central-1', accountId: SIMULATED_ACCOUNT, region: 'eu-central-1' };
const BREAK_GLASS = `arn:aws:iam::${SIMULATED_ACCOUNT}:role/break-glass`;
const synth = (props: Partial<BackupVaultProps> = {}) => synthJson((scope) => new BackupVault(scope, 'vault', { ...PROPS, ...props }));
const RECOVERY_POINT = 'arn:aws:backup:eu-central-1:123456789012:recovery-point:abc';
const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('BackupVault', () => {
  it('encrypts the vault with its own rotated key with a 30-day deletion window', () => {
    const json = synth();
    const key = json.resources('aws_kms_key')[0];
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(json.resources('aws_backup_vault')[0]).toMatchObject({ name: 'production-eu-central-1', kms_key_arn: json.ref(key, 'arn') });
    expect(json.resources('aws_kms_alias')[0]).toMatchObject({ name: 'alias/backup-vault-production-eu-central-1' });
  });

  describe('its key policy, simulated', () => {
    const keyPolicy = JSON.parse(synth().resources('aws_kms_key')[0].policy as string);
    const viaBackup = (region: string) => ({ 'kms:ViaService': `backup.${region}.amazonaws.com`, 'kms:CallerAccount': SIMULATED_ACCOUNT });
    it.each([
      ['lets AWS Backup of the region decrypt for a role without KMS permissions', 'kms:Decrypt', viaBackup('eu-central-1'), 'Allowed'],
      ['lets AWS Backup of the region create grants for its resources', 'kms:CreateGrant', { ...viaBackup('eu-central-1'), 'kms:GrantIsForAWSResource': 'true' }, 'Allowed'],
      ['refuses grants that are not for an AWS resource', 'kms:CreateGrant', { ...viaBackup('eu-central-1'), 'kms:GrantIsForAWSResource': 'false' }, 'ImplicitlyDenied'],
      ["refuses AWS Backup of another region", 'kms:Decrypt', viaBackup('eu-west-1'), 'ImplicitlyDenied'],
      ['refuses a direct call outside AWS Backup', 'kms:Decrypt', { 'kms:CallerAccount': SIMULATED_ACCOUNT }, 'ImplicitlyDenied'],
    ])('%s', async (_, action, context, expected) => {
      expect(await decide({ role: 'restore-operator', action, resource: KEY, resourcePolicy: keyPolicy, context }, 'nothing')).toBe(expected);
    });

    it('leaves administration to the account (IAM policies decide)', async () => {
      expect(await decide({ role: 'admin', action: 'kms:ScheduleKeyDeletion', resource: KEY, resourcePolicy: keyPolicy }, 'all')).toBe('Allowed');
    });
  });

  describe('its access policy, simulated', () => {
    const accessPolicy = (props: Partial<BackupVaultProps> = {}) => JSON.parse(synth(props).resources('aws_backup_vault_policy')[0].policy as string);

    it.each(PROTECTED_VAULT_ACTIONS)('denies %s even to an administrator', async (action) => {
      expect(await decide({ role: 'admin', action, resource: action.includes('RecoveryPoint') ? RECOVERY_POINT : 'arn:aws:backup:eu-central-1:123456789012:backup-vault:production-eu-central-1', resourcePolicy: accessPolicy() }, 'all')).toBe('ExplicitlyDenied');
    });

    it('lets only the break-glass roles delete recovery points', async () => {
      const policy = accessPolicy({ breakGlassRoleArns: [BREAK_GLASS] });
      const request = { action: 'backup:DeleteRecoveryPoint', resource: RECOVERY_POINT, resourcePolicy: policy };
      expect(await decide({ ...request, role: 'break-glass' }, 'all')).toBe('Allowed');
      expect(await decide({ ...request, role: 'admin' }, 'all')).toBe('ExplicitlyDenied');
    });

    it('leaves reading and restoring recovery points alone', async () => {
      expect(await decide({ role: 'admin', action: 'backup:StartRestoreJob', resource: RECOVERY_POINT, resourcePolicy: accessPolicy() }, 'all')).toBe('Allowed');
    });
  });

  it('locks the vault only when asked, changeable for 3 days by default', () => {
    expect(synth().resources('aws_backup_vault_lock_configuration')).toEqual([]);
    const [lock] = synth({ lock: { minRetentionDays: 7, maxRetentionDays: 35 } }).resources('aws_backup_vault_lock_configuration');
    expect(lock).toMatchObject({ min_retention_days: 7, max_retention_days: 35, changeable_for_days: 3 });
  });

  it('keeps the key and the vault from being destroyed unless told otherwise', () => {
    for (const type of ['aws_kms_key', 'aws_backup_vault']) {
      expect(synth().resources(type)[0]).toMatchObject({ lifecycle: { prevent_destroy: true } });
      expect(synth({ preventDestroy: false }).resources(type)[0]).toMatchObject({ lifecycle: { prevent_destroy: false } });
    }
  });

  it("builds every resource with the given provider, so the secondary region's vault uses that region's key", () => {
    const json = synthJson((scope) => {
      const provider = new PlatformAwsProvider(scope, 'secondary', { region: 'eu-west-1', accountId: SIMULATED_ACCOUNT, tags: {}, alias: 'eu-west-1' });
      new BackupVault(scope, 'vault', { ...PROPS, name: 'production-eu-west-1', region: 'eu-west-1', provider, lock: { minRetentionDays: 7, maxRetentionDays: 35 } });
    });
    for (const type of ['aws_kms_key', 'aws_kms_alias', 'aws_backup_vault', 'aws_backup_vault_policy', 'aws_backup_vault_lock_configuration']) {
      expect(json.resources(type)[0]).toMatchObject({ provider: 'aws.eu-west-1' });
    }
    expect(JSON.parse(json.resources('aws_kms_key')[0].policy as string).Statement[1].Condition.StringEquals['kms:ViaService']).toBe('backup.eu-west-1.amazonaws.com');
  });

  describe('refuses', () => {
    it.each<[string, Partial<BackupVaultProps>, RegExp]>([
      ['a vault name with a dot', { name: 'production.vault' }, /name: 'production.vault' is not a name of 2 to 50 letters, digits, '-' or '_'\. Fix: use a name such as production-eu-central-1/],
      ['a break-glass ARN that is not a role', { breakGlassRoleArns: ['arn:aws:iam::123456789012:user/alice'] }, /breakGlassRoleArns: 'arn:aws:iam::123456789012:user\/alice' is not an IAM role ARN\. Fix:/],
      ['a lock whose maximum is below its minimum', { lock: { minRetentionDays: 30, maxRetentionDays: 7 } }, /lock\.maxRetentionDays: 7 is below lock\.minRetentionDays 30\. Fix: set maxRetentionDays/],
      ['a lock changeable for fewer than the 3 days AWS requires', { lock: { minRetentionDays: 7, maxRetentionDays: 35, changeableForDays: 1 } }, /lock\.changeableForDays: 1 is not a whole number from 3 to 36500\. Fix:/],
      ['a region that is not one', { region: 'europe' }, /region: 'europe' is not a region name\. Fix:/],
    ])('%s', (_, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
