import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { PrivateBucket } from '@platform/core';
import { TerraformProvider, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { requireBucketName } from './private/names';
import { serviceKey } from './private/service-key';
import { partitionOf, requireAccountAndRegion, requirement, requireWholeNumber } from './private/validation';

/** Where a {@link BucketReplication} writes: a bucket, the key replicas are encrypted with, and their region. */
export interface ReplicationDestination {
  /** ARN of the destination bucket, `arn:<partition>:s3:::<name>`. */
  readonly bucketArn: string;
  /** ARN of a key of the destination's region; replicas are encrypted with it. */
  readonly kmsKeyArn: string;
  /** Region of the destination bucket and its key. */
  readonly region: string;
}

export interface ReplicaBucketProps {
  /** Bucket name: 3 to 63 lower-case letters, digits, `.` and `-`, e.g. `platform-production-storage-eu-west-1`. */
  readonly bucketName: string;
  readonly accountId: string;
  /** Region of the bucket (the destination region, e.g. `eu-west-1`); the same as the provider's. */
  readonly region: string;
  /**
   * Provider of the destination region, e.g. an aliased `PlatformAwsProvider` for eu-west-1.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Days a replaced or deleted replica version is kept (the newest {@link PrivateBucket.NEWER_NONCURRENT_VERSIONS_KEPT}
   * old versions always stay), so a deletion replicated from the source can still be undone for that long.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Refuse `terraform destroy` of the bucket and its key (`prevent_destroy`): they hold the only copy outside the
   * primary region.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Let the account's CloudFront distributions read the replicas through an Origin Access Control, as the failover
   * origin of a distribution in front of the source bucket: the bucket policy allows `s3:GetObject` and the key
   * policy `kms:Decrypt` to `cloudfront.amazonaws.com` for requests from a distribution of this account. Not
   * narrowed to one distribution: the distribution belongs to the primary region's stacks, whose state this
   * bucket's stack must not read (it stays plannable while that region is down); the source bucket's key admits
   * the same distributions.
   * @default false - only S3 replication and the account's principals reach the replicas
   */
  readonly allowCloudFront?: boolean;
}

/**
 * A private bucket in the destination region that receives replicated objects: encrypted by default with its own key
 * of that region (SSE-KMS with an S3 bucket key; yearly rotation, 30-day deletion window; the account administers it
 * and S3 of that region uses it), versioned (replication requires it on both ends), all public access blocked, ACLs
 * disabled, TLS-only policy, and noncurrent versions expired after `noncurrentVersionExpirationDays`. With
 * `allowCloudFront` it also serves as a CloudFront failover origin.
 */
export class ReplicaBucket extends Construct implements ReplicationDestination {
  static readonly DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 30;

  readonly bucket: S3Bucket;
  readonly bucketName: string;
  /** `arn:<partition>:s3:::<name>`, known at synth time. */
  readonly bucketArn: string;
  /** `<name>.s3.<region>.amazonaws.com`, known at synth time: the domain a CloudFront origin names. */
  readonly bucketRegionalDomainName: string;
  readonly key: KmsKey;
  readonly kmsKeyArn: string;
  readonly region: string;
  /** The underlying bucket with its policy, for statements of constructs that read the replicas (a restore). */
  readonly privateBucket: PrivateBucket;
  /** The bucket's versioning; S3 refuses a replication configuration towards a bucket before it is versioned. */
  readonly versioning: S3BucketVersioning;

  constructor(scope: Construct, id: string, props: ReplicaBucketProps) {
    super(scope, id);
    const require = requirement(this);
    requireAccountAndRegion(require, props);
    requireBucketName(require, props.bucketName, 'bucketName');
    const expirationDays = props.noncurrentVersionExpirationDays ?? ReplicaBucket.DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS;
    requireWholeNumber(require, expirationDays, 'noncurrentVersionExpirationDays', 1, 36500);

    const preventDestroy = props.preventDestroy ?? true;
    // Any distribution of the account: its ARN is not known without the primary region's state (see allowCloudFront).
    const fromDistributions = { ArnLike: { 'aws:SourceArn': `arn:${partitionOf(props.region)}:cloudfront::${props.accountId}:distribution/*` } };
    const cloudFront = { Service: 'cloudfront.amazonaws.com' };
    this.key = serviceKey(this, {
      provider: props.provider,
      accountId: props.accountId,
      region: props.region,
      service: 's3',
      description: `Encrypts the replicas in the bucket ${props.bucketName}`,
      // Alias names take no '.', bucket names may.
      alias: `s3-${props.bucketName.replace(/\./g, '-')}`,
      grants: false,
      preventDestroy,
      statements: props.allowCloudFront
        ? [{ Sid: 'CloudFrontOfThisAccountDecrypts', Effect: 'Allow', Principal: cloudFront, Action: ['kms:Decrypt'], Resource: '*', Condition: fromDistributions }]
        : [],
    });
    this.privateBucket = new PrivateBucket(this, 'Resource', {
      bucketName: props.bucketName,
      region: props.region,
      kmsKeyArn: this.key.arn,
      noncurrentVersionRetentionDays: expirationDays,
      preventDestroy,
    });
    // PrivateBucket has no provider prop: every resource it built belongs to the destination region's provider.
    if (props.provider) {
      for (const child of this.privateBucket.node.findAll()) {
        if (child instanceof TerraformResource) child.provider = props.provider;
      }
    }
    this.bucket = this.privateBucket.bucket;
    this.versioning = this.privateBucket.node.findChild('Versioning') as S3BucketVersioning;
    this.bucketName = props.bucketName;
    this.bucketArn = this.privateBucket.bucketArn;
    this.bucketRegionalDomainName = `${props.bucketName}.s3.${props.region}.amazonaws.com`;
    if (props.allowCloudFront) {
      this.privateBucket.addToPolicy({
        Sid: 'CloudFrontOfThisAccountReadsThroughOriginAccessControl',
        Effect: 'Allow',
        Principal: cloudFront,
        Action: 's3:GetObject',
        Resource: `${this.bucketArn}/*`,
        Condition: fromDistributions,
      });
    }
    this.kmsKeyArn = this.key.arn;
    this.region = props.region;
  }
}
