import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA as S3BucketLogging } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { ConstructValidationError, partitionOf, PrivateBucket } from '@platform/core';
import { Construct } from 'constructs';
import { encryptionKey, policyDocument } from './private/msg-kms-key';

export interface StorageBucketProps {
  /** Prefix of resource names, e.g. `platform-production`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** Region of both buckets, for ARNs and regional domain names. */
  readonly region: string;
  /**
   * Name of the application bucket (globally unique, 3–63 characters).
   * @default `<namePrefix>-storage-<accountId>`
   */
  readonly bucketName?: string;
  /**
   * Name of the log bucket (server access logs of the storage bucket, CloudFront access logs).
   * @default `<namePrefix>-access-logs-<accountId>`
   */
  readonly logBucketName?: string;
  /**
   * Days access logs are kept before they expire.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Days a replaced or deleted object version of the storage bucket is kept (see `PrivateBucket`).
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Let CloudFront distributions of this account decrypt objects with the bucket key (needed by an Origin Access
   * Control in front of an SSE-KMS bucket) and deliver standard access logs (v2) into the log bucket.
   * @default true
   */
  readonly allowCloudFront?: boolean;
  /**
   * Refuse `terraform destroy` of both buckets and the storage bucket's KMS key (`prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;

}

/**
 * The application's storage bucket: a {@link PrivateBucket} encrypted with its own rotating KMS key, with server
 * access logging into a separate, hardened log bucket.
 *
 * The log bucket uses SSE-S3 (AES256), not SSE-KMS: S3 server access logging cannot deliver into a bucket whose
 * default encryption is SSE-KMS ("Default bucket encryption on the destination bucket can only be used if AES256
 * (SSE-S3) is selected"). It is versioned, blocks all public access, has ACLs disabled (`BucketOwnerEnforced`: the
 * logging services are granted by bucket policy, not by ACL), refuses plain HTTP and TLS below 1.2, and expires
 * logs after `logRetentionDays`.
 */
export class StorageBucket extends Construct {
  static readonly DEFAULT_LOG_RETENTION_DAYS = 365;
  /** Key prefix of the storage bucket's server access logs in the log bucket. */
  static readonly ACCESS_LOG_PREFIX = 's3-access/';
  /** Days a replaced log object version is kept (logs are written once; versions only appear on tampering). */
  static readonly LOG_NONCURRENT_VERSION_DAYS = 30;

  readonly storage: PrivateBucket;
  readonly key: KmsKey;
  readonly logBucket: S3Bucket;
  readonly bucketName: string;
  /** `arn:<partition>:s3:::<bucket>`, known at synth time. */
  readonly bucketArn: string;
  /** `<bucket>.s3.<region>.amazonaws.com`, the origin domain CloudFront uses. */
  readonly bucketRegionalDomainName: string;
  readonly keyArn: string;
  readonly logBucketName: string;
  readonly logBucketArn: string;

  constructor(scope: Construct, id: string, props: StorageBucketProps) {
    super(scope, id);
    const logRetentionDays = props.logRetentionDays ?? StorageBucket.DEFAULT_LOG_RETENTION_DAYS;
    const bucketName = props.bucketName ?? `${props.namePrefix}-storage-${props.accountId}`;
    const logBucketName = props.logBucketName ?? `${props.namePrefix}-access-logs-${props.accountId}`;
    ConstructValidationError.require(
      this,
      Number.isInteger(logRetentionDays) && logRetentionDays >= 1,
      'logRetentionDays',
      `${logRetentionDays} is not a positive whole number of days`,
      `keep logs for at least 1 day (default ${StorageBucket.DEFAULT_LOG_RETENTION_DAYS})`,
    );
    for (const [field, name] of [
      ['bucketName', bucketName],
      ['logBucketName', logBucketName],
    ] as const) {
      ConstructValidationError.require(
        this,
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..'),
        field,
        `'${name}' is not a valid S3 bucket name`,
        'use 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit (shorten namePrefix or set the name)',
      );
    }
    ConstructValidationError.require(this, bucketName !== logBucketName, 'logBucketName', 'equals bucketName', 'log into a separate bucket');

    const partition = partitionOf(props.region);
    const allowCloudFront = props.allowCloudFront ?? true;
    const preventDestroy = props.preventDestroy ?? true;
    this.bucketName = bucketName;
    this.logBucketName = logBucketName;
    this.bucketArn = `arn:${partition}:s3:::${bucketName}`;
    this.logBucketArn = `arn:${partition}:s3:::${logBucketName}`;
    this.bucketRegionalDomainName = `${bucketName}.s3.${props.region}.amazonaws.com`;

    this.key = encryptionKey(this, 'Key', {
      description: `Encrypts the objects of ${bucketName}`,
      alias: `${props.namePrefix}-storage`,
      accountId: props.accountId,
      region: props.region,
      statements: allowCloudFront
        ? [
            {
              Sid: 'CloudFrontOfThisAccountDecrypts',
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: ['kms:Decrypt'],
              Resource: '*',
              Condition: { ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudfront::${props.accountId}:distribution/*` } },
            },
          ]
        : [],
      preventDestroy,
    });
    this.keyArn = this.key.arn;

    this.storage = new PrivateBucket(this, 'Storage', {
      bucketName,
      region: props.region,
      kmsKeyArn: this.key.arn,
      noncurrentVersionRetentionDays: props.noncurrentVersionRetentionDays,
      preventDestroy,
    });

    this.logBucket = this.buildLogBucket(props, logRetentionDays, allowCloudFront, preventDestroy);

    new S3BucketLogging(this, 'AccessLogging', {
      bucket: this.storage.bucket.id,
      targetBucket: this.logBucket.id,
      targetPrefix: StorageBucket.ACCESS_LOG_PREFIX,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
    });
  }

  private buildLogBucket(props: StorageBucketProps, retentionDays: number, allowCloudFront: boolean, preventDestroy: boolean): S3Bucket {
    const logBucket = new S3Bucket(this, 'LogBucket', {
      bucket: this.logBucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy },
    });
    const bucket = logBucket.id;
    new S3BucketVersioning(this, 'LogBucketVersioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfiguration(this, 'LogBucketEncryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketPublicAccessBlock(this, 'LogBucketPublicAccessBlock', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'LogBucketOwnershipControls', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketLifecycleConfiguration(this, 'LogBucketLifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: StorageBucket.LOG_NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const partition = partitionOf(props.region);
    const everything = [this.logBucketArn, `${this.logBucketArn}/*`];
    new S3BucketPolicy(this, 'LogBucketPolicy', {
      bucket,
      policy: policyDocument([
        { Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'DenyTlsBelow12', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
        {
          Sid: 'S3ServerAccessLogsOfTheStorageBucket',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${this.logBucketArn}/${StorageBucket.ACCESS_LOG_PREFIX}*`,
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': this.bucketArn } },
        },
        // CloudFront standard logging v2 is a CloudWatch Logs vended log: the delivery source lives in us-east-1.
        ...(allowCloudFront
          ? [
              {
                Sid: 'CloudFrontAccessLogsOfThisAccount',
                Effect: 'Allow',
                Principal: { Service: 'delivery.logs.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: `${this.logBucketArn}/AWSLogs/${props.accountId}/*`,
                Condition: {
                  StringEquals: { 'aws:SourceAccount': props.accountId, 's3:x-amz-acl': 'bucket-owner-full-control' },
                  ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:us-east-1:${props.accountId}:delivery-source:*` },
                },
              },
            ]
          : []),
      ]),
    });
    return logBucket;
  }
}
