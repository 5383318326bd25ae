import { BackupVault as AwsBackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVaultPolicy } from '@cdktf/provider-aws/lib/backup-vault-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { partitionOf, requireAccountAndRegion, requireBackupName, requirement, requireWholeNumber } from './private/validation';

/** Vault lock: how long recovery points must and may be kept, enforced by AWS Backup even against the account. */
export interface BackupVaultLock {
  /** Shortest retention, in days, a recovery point of the vault may have; shorter lifecycles fail. */
  readonly minRetentionDays: number;
  /** Longest retention, in days, a recovery point of the vault may have; longer lifecycles fail. */
  readonly maxRetentionDays: number;
  /**
   * Days during which the lock can still be changed or removed; after them it is in compliance mode and nobody,
   * AWS included, can change or remove it or delete the vault while it holds recovery points. AWS's minimum is 3.
   * @default 3
   */
  readonly changeableForDays?: number;
}

export interface BackupVaultProps {
  /** Vault name, 2 to 50 letters, digits, `-` or `_`, e.g. `production-eu-central-1`. */
  readonly name: string;
  readonly accountId: string;
  /** Region of the vault; the same as the provider's (AWS Backup of this region is the only service that may use the key). */
  readonly region: string;
  /**
   * Provider of the vault's region, e.g. an aliased `PlatformAwsProvider` for eu-west-1: the same construct builds
   * the secondary region's vault that copies land in.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Vault lock (production): retention bounds no one can shorten once the lock is in compliance mode.
   * @default - no lock
   */
  readonly lock?: BackupVaultLock;
  /**
   * Keep the key and the vault when a plan would destroy them: losing the key makes every recovery point unreadable.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * ARNs of the roles that may still delete recovery points, change their lifecycle or replace the vault's access
   * policy; everyone else is denied. The role that applies later changes of this access policy must be listed, as
   * replacing it is one of the denied actions.
   * @default - nobody
   */
  readonly breakGlassRoleArns?: readonly string[];
}

/** Actions the vault's access policy denies: those that destroy recovery points or lift that protection. */
export const PROTECTED_VAULT_ACTIONS = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:PutBackupVaultAccessPolicy',
  // Removing the policy, the vault or (in its grace period) the lock would lift the protection as well.
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultLockConfiguration',
] as const;

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * An AWS Backup vault encrypted with its own customer managed key (yearly rotation, 30-day deletion window; the
 * account administers it, AWS Backup of the vault's region uses it), an access policy that denies deleting recovery
 * points to all but break-glass roles and, when asked, a vault lock.
 */
export class BackupVault extends Construct {
  readonly key: KmsKey;
  readonly vault: AwsBackupVault;
  readonly vaultName: string;
  readonly vaultArn: string;
  /** The lock the vault was built with, so a backup plan can check its retention against it. */
  readonly lock?: BackupVaultLock;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const require = requirement(this);
    requireAccountAndRegion(require, props);
    requireBackupName(require, props.name, 'name', 2, 50, true);
    const breakGlassRoleArns = props.breakGlassRoleArns ?? [];
    for (const arn of breakGlassRoleArns) {
      require(ROLE_ARN.test(arn), 'breakGlassRoleArns', `'${arn}' is not an IAM role ARN`, 'write e.g. arn:aws:iam::123456789012:role/break-glass');
    }
    if (props.lock) validateLock(require, props.lock);

    const partition = partitionOf(props.region);
    const preventDestroy = props.preventDestroy ?? true;
    this.key = new KmsKey(this, 'Key', {
      provider: props.provider,
      description: `Encrypts the recovery points of the backup vault ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(keyPolicy(partition, props.accountId, props.region)),
      lifecycle: { preventDestroy },
    });
    new KmsAlias(this, 'Alias', { provider: props.provider, name: `alias/backup-vault-${props.name}`, targetKeyId: this.key.keyId });
    this.vault = new AwsBackupVault(this, 'Resource', { provider: props.provider, name: props.name, kmsKeyArn: this.key.arn, lifecycle: { preventDestroy } });
    this.vaultName = this.vault.name;
    this.vaultArn = this.vault.arn;
    this.lock = props.lock;

    new BackupVaultPolicy(this, 'AccessPolicy', {
      provider: props.provider,
      backupVaultName: this.vault.name,
      policy: JSON.stringify(accessPolicy(breakGlassRoleArns)),
    });
    if (props.lock) {
      new BackupVaultLockConfiguration(this, 'Lock', {
        provider: props.provider,
        backupVaultName: this.vault.name,
        minRetentionDays: props.lock.minRetentionDays,
        maxRetentionDays: props.lock.maxRetentionDays,
        changeableForDays: props.lock.changeableForDays ?? 3,
      });
    }
  }
}

function validateLock(require: ReturnType<typeof requirement>, lock: BackupVaultLock): void {
  requireWholeNumber(require, lock.minRetentionDays, 'lock.minRetentionDays', 1, 36500);
  requireWholeNumber(require, lock.maxRetentionDays, 'lock.maxRetentionDays', 1, 36500);
  require(
    lock.minRetentionDays <= lock.maxRetentionDays,
    'lock.maxRetentionDays',
    `${lock.maxRetentionDays} is below lock.minRetentionDays ${lock.minRetentionDays}`,
    'set maxRetentionDays to at least minRetentionDays',
  );
  // AWS Backup refuses fewer than 3 days: the grace period in which a mistaken compliance lock can still be removed.
  if (lock.changeableForDays !== undefined) requireWholeNumber(require, lock.changeableForDays, 'lock.changeableForDays', 3, 36500);
}

/**
 * The account administers the key (IAM policies decide who); AWS Backup of the vault's region uses it on behalf of
 * the account's principals, and may create grants only for the AWS resources it manages.
 */
function keyPolicy(partition: string, accountId: string, region: string): object {
  const viaBackup = { 'kms:ViaService': `backup.${region}.amazonaws.com`, 'kms:CallerAccount': accountId };
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AwsBackupUsesTheKey',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: viaBackup },
      },
      {
        Sid: 'AwsBackupGrantsForItsResources',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { StringEquals: viaBackup, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ],
  };
}

/** Denies the protected actions to every principal but the break-glass roles. */
function accessPolicy(breakGlassRoleArns: readonly string[]): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyBreakGlassDeletesRecoveryPoints',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: [...PROTECTED_VAULT_ACTIONS],
        Resource: '*',
        ...(breakGlassRoleArns.length > 0 ? { Condition: { ArnNotEquals: { 'aws:PrincipalArn': [...breakGlassRoleArns] } } } : {}),
      },
    ],
  };
}
