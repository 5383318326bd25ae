import { Cloudtrail, CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ACCOUNT_ID, AWS_REGION, LOG_RETENTION_DAYS, partitionOf, PrivateBucket, requirement } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from './cis-metric-filters';
import { AccessLogBucket } from './private/access-log-bucket';
import { accountKey, policyDocument, PolicyStatement } from './private/policy';

export interface AuditTrailProps {
  /** First part of names, e.g. `platform`: trail `<namePrefix>-audit`, buckets `<namePrefix>-audit-trail-<accountId>` and `<namePrefix>-audit-access-logs-<accountId>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** Home region of the trail (the account's primary region): the buckets, key and log group live here. */
  readonly region: string;
  /**
   * Buckets whose object reads and writes (S3 data events) the trail records, in any region of the account.
   * @default [] - management events only
   */
  readonly dataEventBucketNames?: readonly string[];
  /**
   * Object lock mode of the trail bucket: `COMPLIANCE` binds even the root user, `GOVERNANCE` yields to
   * `s3:BypassGovernanceRetention`.
   * @default 'COMPLIANCE'
   */
  readonly objectLockMode?: 'COMPLIANCE' | 'GOVERNANCE';
  /**
   * Days each log file is locked and kept (then it expires), and the server access logs of the audit buckets too.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Days after which log files move to S3 Glacier Flexible Retrieval; fewer than `retentionDays`.
   * @default 90
   */
  readonly glacierAfterDays?: number;
  /**
   * Also deliver to a CloudWatch log group, with the CIS AWS Foundations metric filters ({@link CIS_METRIC_FILTERS}).
   * @default true
   */
  readonly cloudWatchLogs?: boolean;
  /**
   * Days the log group keeps events; one of the values CloudWatch accepts.
   * @default 365
   */
  readonly logGroupRetentionDays?: number;
  /**
   * Lets AWS Config of this account encrypt its snapshots with the trail's key and log its bucket's access into the
   * access log bucket (see `SecurityPosture`).
   * @default - Config uses neither
   */
  readonly configBucketName?: string;
  /**
   * Refuse `terraform destroy` of the buckets and the key (`prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The account's audit trail (CIS AWS Foundations v3.0 section 3): a multi-region CloudTrail trail of every management
 * event (global services included) and of the S3 data events of the given buckets, with log file validation,
 *
 * - encrypted with its own rotating KMS key, whose policy lets CloudTrail encrypt only for this trail
 *   (`aws:SourceArn`), lets the account's principals decrypt log files, and lets CloudWatch Logs encrypt the trail's
 *   log group only;
 * - delivered to a dedicated {@link PrivateBucket} (versioned, TLS only, SSE-KMS) with object lock, a lifecycle to
 *   Glacier and expiry after the retention, and server access logs into a separate SSE-S3 bucket;
 * - and to a CloudWatch log group through a role CloudTrail alone assumes for this trail, with one metric filter per
 *   CIS control in {@link CIS_METRIC_NAMESPACE} (the monitoring stacks alarm on them).
 */
export class AuditTrail extends Construct {
  static readonly DEFAULT_RETENTION_DAYS = 365;
  static readonly DEFAULT_GLACIER_AFTER_DAYS = 90;
  /** Key prefix of the log files in the trail bucket (`cloudtrail/AWSLogs/<account>/...`). */
  static readonly S3_KEY_PREFIX = 'cloudtrail';

  /** Trail name: `<namePrefix>-audit`. */
  static trailName(namePrefix: string): string {
    return `${namePrefix}-audit`;
  }

  /** Log group of the trail: `/aws/cloudtrail/<namePrefix>-audit`. */
  static logGroupName(namePrefix: string): string {
    return `/aws/cloudtrail/${AuditTrail.trailName(namePrefix)}`;
  }

  readonly trail: Cloudtrail;
  readonly trailArn: string;
  readonly key: KmsKey;
  readonly bucket: PrivateBucket;
  readonly accessLogBucket: AccessLogBucket;
  /** The log group with the metric filters; absent without `cloudWatchLogs`. */
  readonly logGroup?: CloudwatchLogGroup;
  readonly metricFilters: Readonly<Record<string, CloudwatchLogMetricFilter>>;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? AuditTrail.DEFAULT_RETENTION_DAYS;
    const glacierAfterDays = props.glacierAfterDays ?? AuditTrail.DEFAULT_GLACIER_AFTER_DAYS;
    const logGroupRetentionDays = props.logGroupRetentionDays ?? AuditTrail.DEFAULT_RETENTION_DAYS;
    const dataEventBucketNames = props.dataEventBucketNames ?? [];
    const cloudWatchLogs = props.cloudWatchLogs ?? true;
    const preventDestroy = props.preventDestroy ?? true;
    this.validate(props, { retentionDays, glacierAfterDays, logGroupRetentionDays, dataEventBucketNames });

    const { accountId, region, namePrefix } = props;
    const partition = partitionOf(region);
    const trailName = AuditTrail.trailName(namePrefix);
    this.trailArn = `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
    const logGroupName = AuditTrail.logGroupName(namePrefix);
    const bucketName = `${namePrefix}-audit-trail-${accountId}`;
    const configBucket = props.configBucketName;

    this.key = accountKey(this, 'Key', {
      description: `Encrypts the audit trail ${trailName}${configBucket === undefined ? '' : ' and the AWS Config snapshots'}`,
      alias: `${namePrefix}-audit-trail`,
      accountId,
      region,
      preventDestroy,
      statements: [
        ...trailKeyStatements(this.trailArn, accountId, partition),
        ...(cloudWatchLogs ? [logsKeyStatement(region, `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`)] : []),
        ...(configBucket === undefined ? [] : [configKeyStatement(accountId)]),
      ],
    });

    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: `${namePrefix}-audit-access-logs-${accountId}`,
      accountId,
      region,
      sourceBucketNames: [bucketName, ...(configBucket === undefined ? [] : [configBucket])],
      retentionDays,
      preventDestroy,
    });
    this.bucket = new PrivateBucket(this, 'Bucket', {
      bucketName,
      region,
      kmsKeyArn: this.key.arn,
      objectLock: { mode: props.objectLockMode ?? 'COMPLIANCE', days: retentionDays },
      currentVersions: { glacierAfterDays, expireAfterDays: retentionDays },
      accessLogs: this.accessLogsFor(bucketName),
      preventDestroy,
    });
    this.bucket.addToPolicy(...trailBucketStatements(this.bucket.bucketArn, this.trailArn, accountId));

    let cloudWatch: { cloudWatchLogsGroupArn: string; cloudWatchLogsRoleArn: string } | undefined;
    // CloudTrail checks on create that it can write to the bucket and, through the role, to the log group.
    const checkedOnCreate: ITerraformDependable[] = [this.bucket.policy];
    const metricFilters: Record<string, CloudwatchLogMetricFilter> = {};
    if (cloudWatchLogs) {
      const logGroup = new CloudwatchLogGroup(this, 'LogGroup', { name: logGroupName, retentionInDays: logGroupRetentionDays, kmsKeyId: this.key.arn });
      this.logGroup = logGroup;
      const role = new IamRole(this, 'LogsRole', {
        name: `${trailName}-cloudwatch-logs`,
        description: `Lets CloudTrail deliver the trail ${trailName} to its log group`,
        assumeRolePolicy: policyDocument([
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Only for this trail of this account (confused deputy).
            Condition: { StringEquals: { 'aws:SourceArn': this.trailArn, 'aws:SourceAccount': accountId } },
          },
        ]),
      });
      checkedOnCreate.push(new IamRolePolicy(this, 'LogsRolePolicy', { role: role.name, name: 'deliver-to-log-group', policy: AuditTrail.logsRolePolicy(logGroup.arn, accountId, region) }));
      cloudWatch = { cloudWatchLogsGroupArn: `${logGroup.arn}:*`, cloudWatchLogsRoleArn: role.arn };
      for (const filter of CIS_METRIC_FILTERS) {
        metricFilters[filter.metricName] = new CloudwatchLogMetricFilter(this, `Filter-${filter.metricName}`, {
          name: filter.metricName,
          logGroupName: logGroup.name,
          pattern: filter.pattern,
          metricTransformation: { name: filter.metricName, namespace: CIS_METRIC_NAMESPACE, value: '1' },
        });
      }
    }
    this.metricFilters = metricFilters;

    this.trail = new Cloudtrail(this, 'Trail', {
      name: trailName,
      s3BucketName: this.bucket.bucket.bucket,
      s3KeyPrefix: AuditTrail.S3_KEY_PREFIX,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: this.key.arn,
      ...cloudWatch,
      advancedEventSelector: eventSelectors(dataEventBucketNames, partition),
      dependsOn: checkedOnCreate,
    });
  }

  /** Where a bucket of the account's audit (the AWS Config bucket named `configBucketName`) logs its server access. */
  accessLogsFor(bucketName: string): { targetBucket: string; targetPrefix: string } {
    return { targetBucket: this.accessLogBucket.bucketName, targetPrefix: AccessLogBucket.prefixOf(bucketName) };
  }

  /**
   * What the role CloudTrail assumes may do: create its log streams and put events into the trail's log group, only
   * in streams named for this account (`<account>_CloudTrail_<region>`).
   */
  static logsRolePolicy(logGroupArn: string, accountId: string, region: string): string {
    return policyDocument([
      { Sid: 'DeliverTrailEvents', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:log-stream:${accountId}_CloudTrail_${region}*` },
    ]);
  }

  private validate(props: AuditTrailProps, values: { retentionDays: number; glacierAfterDays: number; logGroupRetentionDays: number; dataEventBucketNames: readonly string[] }): void {
    const require = requirement(this);
    require(/^[a-z][a-z0-9-]{1,30}$/.test(props.namePrefix), 'namePrefix', `'${props.namePrefix}' is not a name prefix`, 'use 2-31 lower-case letters, digits or hyphens, starting with a letter, e.g. platform');
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    const { retentionDays, glacierAfterDays, logGroupRetentionDays, dataEventBucketNames } = values;
    require(Number.isInteger(retentionDays) && retentionDays >= 1, 'retentionDays', `${retentionDays} is not a positive whole number of days`, `keep logs at least a day (default ${AuditTrail.DEFAULT_RETENTION_DAYS})`);
    require(
      Number.isInteger(glacierAfterDays) && glacierAfterDays >= 1 && glacierAfterDays < retentionDays,
      'glacierAfterDays',
      `${glacierAfterDays} is not a whole number of days from 1 to below retentionDays (${retentionDays})`,
      `move log files to Glacier before they expire, e.g. after ${Math.min(AuditTrail.DEFAULT_GLACIER_AFTER_DAYS, retentionDays - 1)} days`,
    );
    require(
      (LOG_RETENTION_DAYS as readonly number[]).includes(logGroupRetentionDays),
      'logGroupRetentionDays',
      `${logGroupRetentionDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    const invalid = dataEventBucketNames.filter((name) => !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name));
    require(invalid.length === 0, 'dataEventBucketNames', `${invalid.map((name) => `'${name}'`).join(', ')} is not a bucket name`, 'list bucket names, not ARNs, e.g. platform-production-storage-123456789012');
    const repeated = dataEventBucketNames.filter((name, index) => dataEventBucketNames.indexOf(name) !== index);
    require(repeated.length === 0, 'dataEventBucketNames', `lists ${repeated.join(', ')} more than once`, 'list each bucket once');
  }
}

/** Every management event; object reads and writes of the data buckets, when there are any. */
function eventSelectors(bucketNames: readonly string[], partition: string): CloudtrailAdvancedEventSelector[] {
  const selectors: CloudtrailAdvancedEventSelector[] = [{ name: 'management-events', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] }];
  if (bucketNames.length > 0) {
    selectors.push({
      name: 's3-data-events-of-data-buckets',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        // Sorted: the selector keeps its order whatever order the buckets are listed in.
        { field: 'resources.ARN', startsWith: [...bucketNames].sort().map((name) => `arn:${partition}:s3:::${name}/`) },
      ],
    });
  }
  return selectors;
}

/** CloudTrail's access to the trail key (CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail"). */
function trailKeyStatements(trailArn: string, accountId: string, partition: string): PolicyStatement[] {
  const trailsOfThisAccount = { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${accountId}:trail/*` };
  return [
    {
      Sid: 'CloudTrailEncryptsForThisTrail',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn }, StringLike: trailsOfThisAccount },
    },
    { Sid: 'CloudTrailDescribesTheKey', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
    {
      Sid: 'AccountDecryptsLogFiles',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': accountId }, StringLike: trailsOfThisAccount },
    },
  ];
}

/** CloudWatch Logs of the region encrypts the trail's log group, and only it. */
function logsKeyStatement(region: string, logGroupArn: string): PolicyStatement {
  return {
    Sid: 'CloudWatchLogsEncryptsTheTrailLogGroup',
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
  };
}

/** AWS Config of this account encrypts the snapshots it delivers (AWS Config developer guide, "Permissions for the KMS Key"). */
function configKeyStatement(accountId: string): PolicyStatement {
  return {
    Sid: 'ConfigEncryptsSnapshots',
    Effect: 'Allow',
    Principal: { Service: 'config.amazonaws.com' },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  };
}

/** CloudTrail checks the bucket and writes log files of this trail only, owned by the bucket owner. */
function trailBucketStatements(bucketArn: string, trailArn: string, accountId: string): PolicyStatement[] {
  return [
    { Sid: 'CloudTrailChecksTheBucket', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
    {
      Sid: 'CloudTrailWritesLogFiles',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/${AuditTrail.S3_KEY_PREFIX}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ];
}
