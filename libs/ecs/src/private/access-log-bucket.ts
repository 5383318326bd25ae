import { LogDeliveryBucket } from '@platform/core';
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
 * Otherwise as hardened ({@link LogDeliveryBucket}): logs expire after `retentionDays` (old versions a week later), and
 * only the Region's ELB log delivery principal may write, only under `<prefix>/AWSLogs/<accountId>/`.
 */
export class AccessLogBucket extends LogDeliveryBucket {
  /** Days a replaced or deleted log object's version is kept: logs are written once, versions appear only on tampering or expiry. */
  static readonly NONCURRENT_VERSION_DAYS = 7;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id, {
      bucketName: props.bucketName,
      region: props.region,
      retentionDays: props.retentionDays,
      noncurrentVersionDays: AccessLogBucket.NONCURRENT_VERSION_DAYS,
      preventDestroy: props.preventDestroy,
      writers: (bucketArn) => [
        {
          Sid: 'ElbAccessLogsOfThisAccount',
          Effect: 'Allow',
          Principal: elbLogDeliveryPrincipal(props.region),
          Action: 's3:PutObject',
          Resource: `${bucketArn}/${props.prefix}/AWSLogs/${props.accountId}/*`,
        },
      ],
    });
  }
}
