import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { elbLogDeliveryPrincipal } from './elb-log-delivery';

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  readonly region: string;
  /** Key prefix the load balancer writes under (`<prefix>/AWSLogs/<accountId>/...`). */
  readonly prefix: string;
  readonly retentionDays: number;
  readonly preventDestroy: boolean;
}

/**
 * The load balancer's access log bucket. It cannot be a `PrivateBucket`: ALB access logs are only delivered into
 * buckets encrypted with SSE-S3 (AES256), never SSE-KMS (ELB User Guide, "Enable access logs", bucket requirements).
 * Otherwise as hardened: versioned, all public access blocked, ACLs disabled, plain HTTP and TLS below 1.2 refused,
 * logs expire after `retentionDays` (old versions a week later), and only the Region's ELB log delivery principal
 * may write, only under `<prefix>/AWSLogs/<accountId>/`.
 */
export class AccessLogBucket extends Construct {
  /** Days a replaced or deleted log object's version is kept: logs are written once, versions appear only on tampering or expiry. */
  static readonly NONCURRENT_VERSION_DAYS = 7;

  readonly bucket: S3Bucket;
  readonly bucketArn: string;
  /** Must exist before the load balancer enables access logs: ELB writes a test object when they are turned on. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucketArn = `arn:${partitionOf(props.region)}:s3:::${props.bucketName}`;
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
          noncurrentVersionExpiration: [{ noncurrentDays: AccessLogBucket.NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const everything = [this.bucketArn, `${this.bucketArn}/*`];
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          { Sid: 'DenyTlsBelow12', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: everything, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
          {
            Sid: 'ElbAccessLogsOfThisAccount',
            Effect: 'Allow',
            Principal: elbLogDeliveryPrincipal(props.region),
            Action: 's3:PutObject',
            Resource: `${this.bucketArn}/${props.prefix}/AWSLogs/${props.accountId}/*`,
          },
        ],
      }),
    });
  }
}
