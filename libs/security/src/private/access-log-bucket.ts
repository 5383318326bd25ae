import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { policyDocument } from './policy';

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  readonly region: string;
  /** Buckets whose server access logs arrive here, each under `s3-access/<bucket name>/`. */
  readonly sourceBucketNames: readonly string[];
  readonly retentionDays: number;
  readonly preventDestroy: boolean;
}

/** Days a replaced log object version is kept: logs are written once, versions appear only on tampering or expiry. */
const NONCURRENT_VERSION_DAYS = 30;

/**
 * The server access log bucket of the audit buckets. SSE-S3, not SSE-KMS: S3 server access logging cannot deliver
 * into an SSE-KMS bucket. Otherwise hardened: versioned, all public access blocked, ACLs disabled, plain HTTP and TLS
 * below 1.2 refused, logs expire after `retentionDays`; only S3's logging service of this account writes, only the
 * logs of the source buckets under their own prefix.
 */
export class AccessLogBucket extends Construct {
  /** Key prefix of a source bucket's logs. */
  static prefixOf(sourceBucketName: string): string {
    return `s3-access/${sourceBucketName}/`;
  }

  readonly bucket: S3Bucket;
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucketName = props.bucketName;
    const partition = partitionOf(props.region);
    const bucketArn = `arn:${partition}:s3:::${props.bucketName}`;
    this.bucket = new S3Bucket(this, 'Resource', { bucket: props.bucketName, forceDestroy: false, lifecycle: { preventDestroy: props.preventDestroy } });
    const bucket = this.bucket.id;
    new S3BucketVersioning(this, 'Versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfiguration(this, 'Encryption', { bucket, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(this, 'OwnershipControls', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const everything = [bucketArn, `${bucketArn}/*`];
    new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy: policyDocument([
        { Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'DenyTlsBelow12', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
        ...props.sourceBucketNames.map((source, index) => ({
          Sid: `S3ServerAccessLogs${index}`,
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/${AccessLogBucket.prefixOf(source)}*`,
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': `arn:${partition}:s3:::${source}` } },
        })),
      ]),
    });
  }
}
