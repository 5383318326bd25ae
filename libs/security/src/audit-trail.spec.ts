import { synthJson } from '@platform/terraform-testing';
import { decide, SIMULATED_ACCOUNT } from '@platform/terraform-testing/iam';
import { AuditTrail, AuditTrailProps } from './audit-trail';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from './cis-metric-filters';

const PROPS: AuditTrailProps = { namePrefix: 'platform', accountId: SIMULATED_ACCOUNT, region: 'eu-central-1' };
const synth = (props: Partial<AuditTrailProps> = {}) => synthJson((scope) => new AuditTrail(scope, 'audit', { ...PROPS, ...props }));
const TRAIL_ARN = `arn:aws:cloudtrail:eu-central-1:${SIMULATED_ACCOUNT}:trail/platform-audit`;
const KEY = `arn:aws:kms:eu-central-1:${SIMULATED_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const LOG_GROUP_ARN = `arn:aws:logs:eu-central-1:${SIMULATED_ACCOUNT}:log-group:/aws/cloudtrail/platform-audit`;
const policyOf = (resource: Record<string, unknown>, field = 'policy') => JSON.parse(resource[field] as string);
/** The resource of `type` whose logical id starts with `prefix` (construct path joined by `_`). */
const byPath = (json: ReturnType<typeof synth>, type: string, prefix: string) => json.resources(type).find(({ logicalId }) => logicalId.startsWith(prefix)) as Record<string, unknown>;

type Statement = { Sid?: string; Condition?: Record<string, Record<string, unknown>> };
/**
 * The key policy without its `kms:EncryptionContext:<key>` conditions, which @cloud-copilot/iam-simulate does not
 * evaluate (it reports them as ignored): the simulation decides the rest; the spec asserts those conditions as written.
 */
function withoutEncryptionContext(policy: { Statement: Statement[] }): object {
  const strip = (condition: Record<string, Record<string, unknown>>) =>
    Object.fromEntries(
      Object.entries(condition)
        .map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys).filter(([key]) => !key.startsWith('kms:EncryptionContext:')))] as const)
        .filter(([, keys]) => Object.keys(keys).length > 0),
    );
  return { ...policy, Statement: policy.Statement.map((statement) => (statement.Condition ? { ...statement, Condition: strip(statement.Condition) } : statement)) };
}

describe('AuditTrail', () => {
  const json = synth({ dataEventBucketNames: ['platform-production-storage-123456789012', 'platform-tfstate-123456789012-eu-central-1'] });
  const trail = json.resources('aws_cloudtrail')[0];
  const key = json.resource('aws_kms_key', 'Key');

  it('records every region and global service, validates its log files and encrypts them with its own rotating key', () => {
    expect(trail).toMatchObject({
      name: 'platform-audit',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      kms_key_id: json.ref(key, 'arn'),
      s3_key_prefix: 'cloudtrail',
    });
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  it('records management events, and object reads and writes of the data buckets only', () => {
    expect(trail.advanced_event_selector).toEqual([
      { name: 'management-events', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
      {
        name: 's3-data-events-of-data-buckets',
        field_selector: [
          { field: 'eventCategory', equals: ['Data'] },
          { field: 'resources.type', equals: ['AWS::S3::Object'] },
          { field: 'resources.ARN', starts_with: ['arn:aws:s3:::platform-production-storage-123456789012/', 'arn:aws:s3:::platform-tfstate-123456789012-eu-central-1/'] },
        ],
      },
    ]);
    expect(synth().resources('aws_cloudtrail')[0].advanced_event_selector).toEqual([{ name: 'management-events', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] }]);
  });

  it('delivers to a locked, versioned bucket moving to Glacier after 90 days and expiring after a year, its access logged', () => {
    const bucket = byPath(json, 'aws_s3_bucket', 'audit_Bucket_');
    expect(bucket).toMatchObject({ bucket: 'platform-audit-trail-123456789012', object_lock_enabled: true });
    expect(json.resources('aws_s3_bucket_object_lock_configuration')[0]).toMatchObject({ rule: { default_retention: { mode: 'COMPLIANCE', days: 365 } } });
    expect(byPath(json, 'aws_s3_bucket_lifecycle_configuration', 'audit_Bucket_').rule).toEqual([
      expect.objectContaining({ transition: [{ days: 90, storage_class: 'GLACIER' }], expiration: [{ days: 365 }] }),
    ]);
    expect(json.resource('aws_s3_bucket_logging', 'AccessLogging')).toMatchObject({ target_bucket: 'platform-audit-access-logs-123456789012', target_prefix: 's3-access/platform-audit-trail-123456789012/' });
    expect(byPath(json, 'aws_s3_bucket_server_side_encryption_configuration', 'audit_Bucket_').rule).toEqual([
      expect.objectContaining({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: json.ref(key, 'arn') } }),
    ]);
    // CloudTrail checks on create that it may write to both destinations.
    expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.audit_Bucket_Policy/), expect.stringMatching(/^aws_iam_role_policy\.audit_LogsRolePolicy/)]);
  });

  it('locks in governance mode and keeps what it is told', () => {
    const custom = synth({ objectLockMode: 'GOVERNANCE', retentionDays: 30, glacierAfterDays: 7 });
    expect(custom.resources('aws_s3_bucket_object_lock_configuration')[0]).toMatchObject({ rule: { default_retention: { mode: 'GOVERNANCE', days: 30 } } });
    expect(byPath(custom, 'aws_s3_bucket_lifecycle_configuration', 'audit_Bucket_').rule).toEqual([expect.objectContaining({ transition: [{ days: 7, storage_class: 'GLACIER' }], expiration: [{ days: 30 }] })]);
  });

  it('keeps the access logs in an SSE-S3 bucket only S3 logging of this account writes to', () => {
    expect(byPath(json, 'aws_s3_bucket', 'audit_AccessLogs_').bucket).toBe('platform-audit-access-logs-123456789012');
    expect(byPath(json, 'aws_s3_bucket_server_side_encryption_configuration', 'audit_AccessLogs_').rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    const statements = policyOf(json.resources('aws_s3_bucket_policy').find((policy) => policy.logicalId.includes('AccessLogs')) as Record<string, unknown>).Statement;
    expect(statements.map((statement: { Sid: string }) => statement.Sid)).toEqual(['DenyPlainHttp', 'DenyTlsBelow12', 'S3ServerAccessLogs0']);
    expect(statements[2]).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Resource: 'arn:aws:s3:::platform-audit-access-logs-123456789012/s3-access/platform-audit-trail-123456789012/*',
      Condition: { StringEquals: { 'aws:SourceAccount': SIMULATED_ACCOUNT }, ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::platform-audit-trail-123456789012' } },
    });
  });

  describe('its bucket policy, simulated', () => {
    const bucketPolicy = policyOf(json.resources('aws_s3_bucket_policy').find((policy) => policy.logicalId.includes('Bucket_Policy')) as Record<string, unknown>);
    const write = (sourceArn: string, key = `cloudtrail/AWSLogs/${SIMULATED_ACCOUNT}/CloudTrail/eu-central-1/2026/12/05/file.json.gz`) =>
      decide(
        {
          role: 'cloudtrail.amazonaws.com',
          service: true,
          action: 's3:PutObject',
          resource: `arn:aws:s3:::platform-audit-trail-123456789012/${key}`,
          resourcePolicy: bucketPolicy,
          context: { 'aws:SourceArn': sourceArn, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' },
        },
        'nothing',
      );
    it('lets CloudTrail write the log files of this trail', async () => {
      expect(await write(TRAIL_ARN)).toBe('Allowed');
    });
    it("refuses another trail's log files, and files outside the account's prefix", async () => {
      expect(await write(`arn:aws:cloudtrail:eu-central-1:${SIMULATED_ACCOUNT}:trail/other`)).toBe('ImplicitlyDenied');
      expect(await write(TRAIL_ARN, 'elsewhere/file.json.gz')).toBe('ImplicitlyDenied');
    });
  });

  describe('its key policy, simulated', () => {
    const keyPolicy = policyOf(key);
    const simulable = withoutEncryptionContext(keyPolicy);
    const sid = (name: string) => (keyPolicy.Statement as Statement[]).find((statement) => statement.Sid === name);

    it('limits encryption and decryption to the trails of this account, and the log group key use to the trail log group (the encryption context)', () => {
      const trails = { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${SIMULATED_ACCOUNT}:trail/*` };
      expect(sid('CloudTrailEncryptsForThisTrail')?.Condition?.StringLike).toEqual(trails);
      expect(sid('AccountDecryptsLogFiles')?.Condition?.StringLike).toEqual(trails);
      expect(sid('CloudWatchLogsEncryptsTheTrailLogGroup')?.Condition).toEqual({ ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': LOG_GROUP_ARN } });
    });

    const cloudTrail = (action: string, sourceArn: string) =>
      decide(
        { role: 'cloudtrail.amazonaws.com', service: true, action, resource: KEY, resourcePolicy: simulable, context: { 'aws:SourceArn': sourceArn } },
        'nothing',
      );

    it.each([
      ['lets CloudTrail encrypt for this trail', 'kms:GenerateDataKey', TRAIL_ARN, 'Allowed'],
      ['lets CloudTrail describe the key for this trail', 'kms:DescribeKey', TRAIL_ARN, 'Allowed'],
      ['refuses CloudTrail for another trail', 'kms:GenerateDataKey', 'arn:aws:cloudtrail:eu-central-1:210987654321:trail/other', 'ImplicitlyDenied'],
      ['refuses CloudTrail decryption', 'kms:Decrypt', TRAIL_ARN, 'ImplicitlyDenied'],
    ])('%s', async (_case, action, sourceArn, expected) => {
      expect(await cloudTrail(action, sourceArn)).toBe(expected);
    });

    it("lets the account's principals decrypt log files, even without KMS permissions of their own", async () => {
      const decrypt = (account: string) => decide({ role: 'auditor', action: 'kms:Decrypt', resource: KEY, resourcePolicy: simulable, context: { 'kms:CallerAccount': account } }, 'nothing');
      expect(await decrypt(SIMULATED_ACCOUNT)).toBe('Allowed');
      expect(await decrypt('210987654321')).toBe('ImplicitlyDenied');
    });

    it('lets CloudWatch Logs of the region encrypt, and of no other region', async () => {
      const logs = (region: string) => decide({ role: `logs.${region}.amazonaws.com`, service: true, action: 'kms:GenerateDataKey', resource: KEY, resourcePolicy: simulable }, 'nothing');
      expect(await logs('eu-central-1')).toBe('Allowed');
      expect(await logs('eu-west-1')).toBe('ImplicitlyDenied');
    });

    it('lets AWS Config of this account encrypt snapshots only when it delivers next to the trail', async () => {
      const config = (policy: object, account: string) =>
        decide({ role: 'config.amazonaws.com', service: true, action: 'kms:GenerateDataKey', resource: KEY, resourcePolicy: policy, context: { 'aws:SourceAccount': account } }, 'nothing');
      const withConfig = policyOf(synth({ configBucketName: 'platform-config-123456789012' }).resource('aws_kms_key', 'Key'));
      expect(await config(withConfig, SIMULATED_ACCOUNT)).toBe('Allowed');
      expect(await config(withConfig, '210987654321')).toBe('ImplicitlyDenied');
      expect(await config(keyPolicy, SIMULATED_ACCOUNT)).toBe('ImplicitlyDenied');
    });
  });

  describe('delivery to CloudWatch Logs', () => {
    it('goes to an encrypted log group kept a year, through a role only CloudTrail assumes for this trail', async () => {
      const logGroup = json.resources('aws_cloudwatch_log_group')[0];
      expect(logGroup).toMatchObject({ name: '/aws/cloudtrail/platform-audit', retention_in_days: 365, kms_key_id: json.ref(key, 'arn') });
      const role = json.resources('aws_iam_role')[0];
      expect(trail).toMatchObject({ cloud_watch_logs_group_arn: `${json.ref(logGroup, 'arn')}:*`, cloud_watch_logs_role_arn: json.ref(role, 'arn') });
      const trust = policyOf(role, 'assume_role_policy');
      const assume = (sourceArn: string) =>
        decide({ role: 'cloudtrail.amazonaws.com', service: true, action: 'sts:AssumeRole', resource: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/platform-audit-cloudwatch-logs`, resourcePolicy: trust, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': SIMULATED_ACCOUNT } }, 'nothing');
      expect(await assume(TRAIL_ARN)).toBe('Allowed');
      expect(await assume(`arn:aws:cloudtrail:eu-central-1:${SIMULATED_ACCOUNT}:trail/other`)).toBe('ImplicitlyDenied');
    });

    it.each([
      ['creates the trail log streams', 'logs:CreateLogStream', `${LOG_GROUP_ARN}:log-stream:${SIMULATED_ACCOUNT}_CloudTrail_eu-central-1`, 'Allowed'],
      ['puts events into them', 'logs:PutLogEvents', `${LOG_GROUP_ARN}:log-stream:${SIMULATED_ACCOUNT}_CloudTrail_eu-central-1`, 'Allowed'],
      ['touches no other log group', 'logs:PutLogEvents', `arn:aws:logs:eu-central-1:${SIMULATED_ACCOUNT}:log-group:/other:log-stream:x`, 'ImplicitlyDenied'],
      ['deletes nothing', 'logs:DeleteLogGroup', LOG_GROUP_ARN, 'ImplicitlyDenied'],
    ])('lets the role: %s', async (_case, action, resource, expected) => {
      const policy = JSON.parse(AuditTrail.logsRolePolicy(LOG_GROUP_ARN, SIMULATED_ACCOUNT, 'eu-central-1'));
      expect(await decide({ role: 'platform-audit-cloudwatch-logs', action, resource }, policy)).toBe(expected);
    });

    it('counts every CIS event in its own metric of the fixed namespace', () => {
      const filters = json.resources('aws_cloudwatch_log_metric_filter');
      expect(filters.map((filter) => filter.name).sort()).toEqual(CIS_METRIC_FILTERS.map(({ metricName }) => metricName).sort());
      expect(filters.map((filter) => (filter.metric_transformation as { namespace: string }).namespace)).toEqual(filters.map(() => CIS_METRIC_NAMESPACE));
      expect(json.resource('aws_cloudwatch_log_metric_filter', 'Filter-RootAccountUsage').pattern).toContain('$.userIdentity.type = "Root"');
    });

    it('is left out on request: no log group, role or filters', () => {
      const without = synth({ cloudWatchLogs: false });
      expect(['aws_cloudwatch_log_group', 'aws_iam_role', 'aws_cloudwatch_log_metric_filter'].map((type) => without.resources(type).length)).toEqual([0, 0, 0]);
      expect(without.resources('aws_cloudtrail')[0]).not.toHaveProperty('cloud_watch_logs_group_arn');
      expect(JSON.stringify(policyOf(without.resource('aws_kms_key', 'Key')))).not.toContain('logs.eu-central-1.amazonaws.com');
    });
  });

  it.each<[string, Partial<AuditTrailProps>, RegExp]>([
    ['a name prefix with capitals', { namePrefix: 'Platform' }, /namePrefix: 'Platform' is not a name prefix\. Fix: /],
    ['a short account id', { accountId: '1234' }, /accountId: '1234' is not a 12-digit account id\. Fix: /],
    ['zero days of retention', { retentionDays: 0 }, /retentionDays: 0 is not a positive whole number of days\. Fix: /],
    ['Glacier on the day of expiry', { retentionDays: 30, glacierAfterDays: 30 }, /glacierAfterDays: 30 is not a whole number of days from 1 to below retentionDays \(30\)\. Fix: /],
    ['a log retention CloudWatch refuses', { logGroupRetentionDays: 100 }, /logGroupRetentionDays: 100 is not a retention CloudWatch Logs accepts\. Fix: /],
    ['a bucket ARN for a name', { dataEventBucketNames: ['arn:aws:s3:::data'] }, /dataEventBucketNames: 'arn:aws:s3:::data' is not a bucket name\. Fix: /],
    ['a bucket twice', { dataEventBucketNames: ['data-1', 'data-1'] }, /dataEventBucketNames: lists data-1 more than once\. Fix: /],
  ])('refuses %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
