import { LogDeliveryBucket, partitionOf } from '@platform/core';
import { Construct } from 'constructs';

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  readonly region: string;
  /** Buckets whose server access logs arrive here, each under `s3-access/<bucket name>/`. */
  readonly sourceBucketNames: readonly string[];
  readonly retentionDays: number;
  readonly preventDestroy: boolean;
}

/**
 * The server access log bucket of the audit buckets: a {@link LogDeliveryBucket} (SSE-S3: S3 server access logging
 * cannot deliver into an SSE-KMS bucket) that only S3's logging service of this account writes to, only the logs of
 * the source buckets under their own prefix.
 */
export class AccessLogBucket extends LogDeliveryBucket {
  /** Days a replaced log object version is kept. */
  static readonly NONCURRENT_VERSION_DAYS = 30;

  /** Key prefix of a source bucket's logs. */
  static prefixOf(sourceBucketName: string): string {
    return `s3-access/${sourceBucketName}/`;
  }

  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id, {
      bucketName: props.bucketName,
      region: props.region,
      retentionDays: props.retentionDays,
      noncurrentVersionDays: AccessLogBucket.NONCURRENT_VERSION_DAYS,
      preventDestroy: props.preventDestroy,
      writers: (bucketArn) =>
        props.sourceBucketNames.map((source, index) => ({
          Sid: `S3ServerAccessLogs${index}`,
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/${AccessLogBucket.prefixOf(source)}*`,
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': `arn:${partitionOf(props.region)}:s3:::${source}` } },
        })),
    });
    this.bucketName = props.bucketName;
  }
}
