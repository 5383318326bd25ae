import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { ConstructValidationError, partitionOf } from '@platform/core';
import { Construct } from 'constructs';

export interface TerraformStateStoreProps {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** Name of the DynamoDB lock table. */
  readonly lockTableName: string;
  /** Alias of the KMS key that encrypts state objects and lock items, e.g. `alias/platform-terraform-state`. */
  readonly kmsKeyAlias: string;
  /** Account that owns the state; its root administers the key. */
  readonly accountId: string;
  readonly region: string;
  /**
   * Days a replaced or deleted state version is kept before it expires; the newest 10 old versions are always
   * kept, so a state can be rolled back after a bad apply.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
}

/**
 * Where Terraform state lives, for one account and region: a versioned, KMS-encrypted, private, TLS-only S3 bucket
 * and an on-demand DynamoDB lock table with point-in-time recovery. Bucket, table and key are `prevent_destroy`:
 * losing them loses every environment's state.
 */
export class TerraformStateStore extends Construct {
  static readonly DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS = 90;
  /** Old versions kept regardless of age. */
  static readonly NEWER_NONCURRENT_VERSIONS_KEPT = 10;

  readonly bucket: S3Bucket;
  readonly lockTable: DynamodbTable;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: TerraformStateStoreProps) {
    super(scope, id);
    const retentionDays = props.noncurrentVersionRetentionDays ?? TerraformStateStore.DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS;
    ConstructValidationError.require(
      this,
      Number.isInteger(retentionDays) && retentionDays >= 1,
      'noncurrentVersionRetentionDays',
      `${retentionDays} is not a positive whole number of days`,
      'keep old state versions for at least 1 day (default 90)',
    );
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
    new KmsAlias(this, 'KeyAlias', { name: props.kmsKeyAlias, targetKeyId: this.key.keyId });

    this.bucket = new S3Bucket(this, 'Bucket', { bucket: props.bucketName, forceDestroy: false, lifecycle: keepForever });
    const bucket = this.bucket.id;
    new S3BucketVersioning(this, 'Versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfiguration(this, 'Encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'OwnershipControls', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyPlainHttp',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:${partition}:s3:::${props.bucketName}`, `arn:${partition}:s3:::${props.bucketName}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'DenyTlsBelow12',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:${partition}:s3:::${props.bucketName}`, `arn:${partition}:s3:::${props.bucketName}/*`],
            Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
          },
        ],
      }),
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays, newerNoncurrentVersions: TerraformStateStore.NEWER_NONCURRENT_VERSIONS_KEPT }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

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
