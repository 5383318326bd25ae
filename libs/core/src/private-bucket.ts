import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA as S3BucketLogging } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA as S3BucketObjectLockConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { partitionOf } from './aws-arn';
import { ConstructValidationError } from './errors';

export interface PrivateBucketProps {
  readonly bucketName: string;
  /** Region of the bucket, for ARNs. */
  readonly region: string;
  /** KMS key ARN every object is encrypted with by default (SSE-KMS with an S3 bucket key). */
  readonly kmsKeyArn: string;
  /**
   * Days a replaced or deleted object version is kept; the newest {@link PrivateBucket.NEWER_NONCURRENT_VERSIONS_KEPT}
   * old versions are always kept.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Refuse `terraform destroy` of the bucket (`prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Object lock: every new object version is locked for `days` in `mode` (`COMPLIANCE` binds even the root user,
   * `GOVERNANCE` yields to `s3:BypassGovernanceRetention`). Only at creation: turning it on replaces the bucket.
   * @default - no object lock
   */
  readonly objectLock?: { readonly mode: 'COMPLIANCE' | 'GOVERNANCE'; readonly days: number };
  /**
   * What happens to current object versions: moved to S3 Glacier Flexible Retrieval after `glacierAfterDays`,
   * expired after `expireAfterDays`.
   * @default - kept in S3 Standard forever
   */
  readonly currentVersions?: { readonly glacierAfterDays?: number; readonly expireAfterDays?: number };
  /**
   * Server access logs into `targetBucket` (a bucket with SSE-S3: S3 cannot deliver them into an SSE-KMS bucket)
   * under `targetPrefix`.
   * @default - no access logging
   */
  readonly accessLogs?: { readonly targetBucket: string; readonly targetPrefix: string };
}

/**
 * An S3 bucket with every safe setting on: versioning, SSE-KMS, all public access blocked, ACLs disabled
 * (`BucketOwnerEnforced`), a policy refusing plain HTTP and TLS below 1.2, expiry of old versions and of abandoned
 * multipart uploads, and no `force_destroy`.
 */
export class PrivateBucket extends Construct {
  static readonly DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS = 90;
  static readonly NEWER_NONCURRENT_VERSIONS_KEPT = 10;

  readonly bucket: S3Bucket;
  /** `arn:<partition>:s3:::<name>`, known at synth time. */
  readonly bucketArn: string;
  /** The bucket's one policy: a service that checks it on setup (CloudTrail) depends on it. */
  readonly policy: S3BucketPolicy;
  private readonly policyStatements: Readonly<Record<string, unknown>>[];

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    const retentionDays = props.noncurrentVersionRetentionDays ?? PrivateBucket.DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS;
    ConstructValidationError.require(
      this,
      Number.isInteger(retentionDays) && retentionDays >= 1,
      'noncurrentVersionRetentionDays',
      `${retentionDays} is not a positive whole number of days`,
      `keep old versions for at least 1 day (default ${PrivateBucket.DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS})`,
    );
    this.bucketArn = `arn:${partitionOf(props.region)}:s3:::${props.bucketName}`;

    const { objectLock, currentVersions, accessLogs } = props;
    if (objectLock !== undefined) {
      ConstructValidationError.require(this, Number.isInteger(objectLock.days) && objectLock.days >= 1, 'objectLock.days', `${objectLock.days} is not a positive whole number of days`, 'lock objects for at least 1 day');
    }
    for (const field of ['glacierAfterDays', 'expireAfterDays'] as const) {
      const days = currentVersions?.[field];
      ConstructValidationError.require(this, days === undefined || (Number.isInteger(days) && days >= 1), `currentVersions.${field}`, `${days} is not a positive whole number of days`, 'write at least 1');
    }
    this.bucket = new S3Bucket(this, 'Bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: objectLock === undefined ? undefined : true,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const bucket = this.bucket.id;
    const versioning = new S3BucketVersioning(this, 'Versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    if (objectLock !== undefined) {
      new S3BucketObjectLockConfiguration(this, 'ObjectLock', {
        bucket,
        rule: { defaultRetention: { mode: objectLock.mode, days: objectLock.days } },
        dependsOn: [versioning],
      });
    }
    if (accessLogs !== undefined) {
      new S3BucketLogging(this, 'AccessLogging', {
        bucket,
        targetBucket: accessLogs.targetBucket,
        targetPrefix: accessLogs.targetPrefix,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
      });
    }
    new S3BucketServerSideEncryptionConfiguration(this, 'Encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'OwnershipControls', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const everything = [this.bucketArn, `${this.bucketArn}/*`];
    this.policyStatements = [
      { Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'DenyTlsBelow12', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
    ];
    // Lazy: constructs created later (a CloudFront distribution) add their access before synthesis.
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy: Lazy.stringValue({ produce: () => JSON.stringify({ Version: '2012-10-17', Statement: this.policyStatements }) }),
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-old-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: retentionDays, newerNoncurrentVersions: PrivateBucket.NEWER_NONCURRENT_VERSIONS_KEPT }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          ...(currentVersions?.glacierAfterDays === undefined ? {} : { transition: [{ days: currentVersions.glacierAfterDays, storageClass: 'GLACIER' }] }),
          ...(currentVersions?.expireAfterDays === undefined ? {} : { expiration: [{ days: currentVersions.expireAfterDays }] }),
        },
      ],
    });
  }

  /** Adds a statement to the bucket's policy (a bucket has one policy, so whoever needs access adds it here). */
  addToPolicy(...statements: Readonly<Record<string, unknown>>[]): void {
    this.policyStatements.push(...statements);
  }
}
