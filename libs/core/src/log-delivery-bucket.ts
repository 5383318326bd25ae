import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { partitionOf } from './aws-arn';

export interface LogDeliveryBucketProps {
  readonly bucketName: string;
  /** Region of the bucket, for ARNs. */
  readonly region: string;
  /** Days a log object is kept before it expires. */
  readonly retentionDays: number;
  /** Days a replaced or deleted log object version is kept: logs are written once, versions appear only on tampering or expiry. */
  readonly noncurrentVersionDays: number;
  readonly preventDestroy: boolean;
  /** The statements that let the delivering service write, given the bucket's ARN; after the TLS denials. */
  readonly writers: (bucketArn: string) => readonly Readonly<Record<string, unknown>>[];
}

/**
 * A bucket AWS services deliver logs into that accept only SSE-S3 (AES256) destinations, never SSE-KMS: S3 server
 * access logs, ELB access logs. Otherwise as hardened as a `PrivateBucket`: versioned, all public access blocked, ACLs
 * disabled, plain HTTP and TLS below 1.2 refused, logs expire after `retentionDays`; only `writers` write.
 */
export class LogDeliveryBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketArn: string;
  /** A service that writes a test object when logging is turned on (ELB) must wait for it. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: LogDeliveryBucketProps) {
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
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
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
          ...props.writers(this.bucketArn),
        ],
      }),
    });
  }
}
