import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { partitionOf, PrivateBucket } from '@platform/core';
import { Construct } from 'constructs';

/**
 * The names of a state store, which are all a policy needs to reach a store another stack creates (another
 * region's bootstrap stack), without a reference across stacks.
 */
export interface StateStoreReference {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** Name of the DynamoDB lock table. */
  readonly lockTableName: string;
  /** Alias of the KMS key that encrypts state objects and lock items, e.g. `alias/platform-terraform-state`. */
  readonly kmsKeyAlias: string;
  /** Region of the store. */
  readonly region: string;
}

/** ARNs of a state store, computed from its names. */
export interface StateStoreArns {
  readonly bucket: string;
  /** Every object of the bucket. */
  readonly objects: string;
  readonly lockTable: string;
  readonly keyAlias: string;
  /**
   * Every KMS key of the store's account and region: the key's own ARN is known only to the stack that creates
   * it, so policies elsewhere name this pattern and narrow it to the store's key with
   * {@link TerraformStateStore.keyAliasCondition}.
   */
  readonly keysInRegion: string;
}

export interface TerraformStateStoreProps extends StateStoreReference {
  /** Account that owns the state; its root administers the key. */
  readonly accountId: string;
  /**
   * Days a replaced or deleted state version is kept before it expires; the newest 10 old versions are always
   * kept, so a state can be rolled back after a bad apply.
   * @default PrivateBucket.DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS (90)
   */
  readonly noncurrentVersionRetentionDays?: number;
}

/**
 * Where Terraform state lives, for one account and region: a versioned, KMS-encrypted, private, TLS-only S3 bucket
 * and an on-demand DynamoDB lock table with point-in-time recovery. Bucket, table and key are `prevent_destroy`:
 * losing them loses every environment's state.
 */
export class TerraformStateStore extends Construct {
  /** The ARNs of the store named `reference` in `accountId`. */
  static arnsOf(reference: StateStoreReference, accountId: string): StateStoreArns {
    const partition = partitionOf(reference.region);
    const regional = (service: string, resource: string) => `arn:${partition}:${service}:${reference.region}:${accountId}:${resource}`;
    return {
      bucket: `arn:${partition}:s3:::${reference.bucketName}`,
      objects: `arn:${partition}:s3:::${reference.bucketName}/*`,
      lockTable: regional('dynamodb', `table/${reference.lockTableName}`),
      keyAlias: regional('kms', reference.kmsKeyAlias),
      keysInRegion: regional('kms', 'key/*'),
    };
  }

  /**
   * The IAM condition that narrows `keysInRegion` to the keys carrying one of `aliases`: `kms:ResourceAliases`
   * holds the aliases of the key a request uses, however the request names it (key ID, ARN or alias), so it also
   * matches the calls S3 and DynamoDB make for the caller. Aliases are unique in an account and region, and the
   * state alias cannot be moved by the deploy roles (GithubDeployRoles' ProtectStateStore).
   */
  static keyAliasCondition(aliases: readonly string[]): Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> {
    return { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [...new Set(aliases)] } };
  }

  readonly bucket: S3Bucket;
  readonly lockTable: DynamodbTable;
  readonly key: KmsKey;
  /** ARN of the key's alias, which every backend configuration names. */
  readonly keyAliasArn: string;

  constructor(scope: Construct, id: string, props: TerraformStateStoreProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    const keepForever = { preventDestroy: true };

    this.key = new KmsKey(this, 'Key', {
      description: `Encrypts Terraform state and locks in ${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersThroughIam',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      }),
      lifecycle: keepForever,
    });
    this.keyAliasArn = new KmsAlias(this, 'KeyAlias', { name: props.kmsKeyAlias, targetKeyId: this.key.keyId }).arn;

    this.bucket = new PrivateBucket(this, 'StateBucket', {
      bucketName: props.bucketName,
      region: props.region,
      kmsKeyArn: this.key.arn,
      noncurrentVersionRetentionDays: props.noncurrentVersionRetentionDays,
    }).bucket;

    this.lockTable = new DynamodbTable(this, 'LockTable', {
      name: props.lockTableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
      deletionProtectionEnabled: true,
      lifecycle: keepForever,
    });
  }
}
