import { Cloudtrail, CloudtrailConfig } from '@cdktf/provider-aws/lib/cloudtrail';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { TerraformStack } from 'cdktf';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { CLOUDTRAIL_RULES } from './cloudtrail-rules';

/** A trail bucket as the account baseline builds it: object lock in compliance mode, access logged. */
function trailBucket(stack: TerraformStack, { lockMode = 'COMPLIANCE', logged = true } = {}): S3Bucket {
  const bucket = new S3Bucket(stack, 'TrailBucket', { bucket: 'platform-audit-trail', objectLockEnabled: true });
  new S3BucketObjectLockConfigurationA(stack, 'TrailBucketLock', { bucket: bucket.id, rule: { defaultRetention: { mode: lockMode, days: 365 } } });
  if (logged) new S3BucketLoggingA(stack, 'TrailBucketLogging', { bucket: bucket.id, targetBucket: 'platform-access-logs', targetPrefix: 'trail/' });
  return bucket;
}

function trail(stack: TerraformStack, overrides: Partial<CloudtrailConfig> = {}, bucket = trailBucket(stack)): Cloudtrail {
  return new Cloudtrail(stack, 'Trail', {
    name: 'platform',
    s3BucketName: bucket.id,
    isMultiRegionTrail: true,
    enableLogFileValidation: true,
    kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/trail',
    cloudWatchLogsGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:trail:*',
    cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/trail-logs',
    eventSelector: [{ readWriteType: 'All', includeManagementEvents: true, dataResource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::platform-storage/'] }] }],
    ...overrides,
  });
}

describe('CloudTrail rules', () => {
  testRulePack(CLOUDTRAIL_RULES, (stack) => trail(stack), {
    'PLAT-CT-001': [{ name: 'a single-region trail', build: (stack) => trail(stack, { isMultiRegionTrail: false }), path: 'Trail', problem: 'is_multi_region_trail is false' }],
    'PLAT-CT-002': [{ name: 'a trail without digests', build: (stack) => trail(stack, { enableLogFileValidation: undefined }), path: 'Trail', problem: 'enable_log_file_validation is not set' }],
    'PLAT-CT-003': [{ name: 'a trail encrypted with S3 keys only', build: (stack) => trail(stack, { kmsKeyId: undefined }), path: 'Trail', problem: 'kms_key_id is not set' }],
    'PLAT-CT-004': [{ name: 'a trail only in S3', build: (stack) => trail(stack, { cloudWatchLogsRoleArn: undefined }), path: 'Trail', problem: 'cloud_watch_logs_role_arn is not set' }],
    'PLAT-CT-005': [
      {
        name: 'a trail of write events only',
        build: (stack) => trail(stack, { eventSelector: [{ readWriteType: 'WriteOnly' }] }),
        path: 'Trail',
        problem: 'its event selectors leave out read or write management events',
      },
      {
        name: 'advanced selectors for S3 data events only',
        build: (stack) => trail(stack, { eventSelector: undefined, advancedEventSelector: [{ fieldSelector: [{ field: 'eventCategory', equalTo: ['Data'] }] }] }),
        path: 'Trail',
        problem: 'leave out read or write management events',
      },
    ],
    'PLAT-CT-006': [{ name: 'a stopped trail', build: (stack) => trail(stack, { enableLogging: false }), path: 'Trail', problem: 'enable_logging is false' }],
    'PLAT-CT-007': [
      { name: 'a trail bucket without object lock', build: (stack) => trail(stack, {}, new S3Bucket(stack, 'TrailBucket', { bucket: 'trail' })), path: 'Trail', problem: 'has object_lock_enabled not set' },
      { name: 'object lock without a default retention mode', build: (stack) => trail(stack, {}, trailBucket(stack, { lockMode: '' })), path: 'Trail', problem: "its bucket's object lock default retention mode is" },
      { name: 'a trail bucket of another stack', build: (stack) => trail(stack, { s3BucketName: 'somewhere-else' }), path: 'Trail', problem: 'its bucket "somewhere-else" is not a bucket of this stack' },
    ],
    'PLAT-CT-008': [{ name: 'a trail bucket without access logs', build: (stack) => trail(stack, {}, trailBucket(stack, { logged: false })), path: 'Trail', problem: 'has no access logging' }],
  });

  it('accepts advanced selectors that keep all management events', () => {
    const advanced = (stack: TerraformStack) => trail(stack, { eventSelector: undefined, advancedEventSelector: [{ fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] }] });
    expect(findingsOf('PLAT-CT-005', advanced)).toEqual([]);
  });

  it('asks for object lock in production only', () => {
    const unlocked = (stack: TerraformStack) => trail(stack, {}, new S3Bucket(stack, 'TrailBucket', { bucket: 'trail' }));
    expect(findingsOf('PLAT-CT-007', unlocked, false)).toEqual([]);
  });
});

describe('CloudTrail rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: TerraformStack) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  const MANAGEMENT_GAP = ['its event selectors leave out read or write management events'];

  it.each<[string, string, (stack: TerraformStack) => void, string[]]>([
    ['PLAT-CT-004', 'neither log group nor role', (stack) => trail(stack, { cloudWatchLogsGroupArn: undefined, cloudWatchLogsRoleArn: undefined }), ['cloud_watch_logs_group_arn is not set; cloud_watch_logs_role_arn is not set']],
    ['PLAT-CT-005', 'a selector without read_write_type (All by default)', (stack) => trail(stack, { eventSelector: [{ includeManagementEvents: true }] }), []],
    ['PLAT-CT-005', 'a selector of all events without management events', (stack) => trail(stack, { eventSelector: [{ readWriteType: 'All', includeManagementEvents: false }] }), MANAGEMENT_GAP],
    ['PLAT-CT-005', 'a data-only selector beside one keeping management events', (stack) => trail(stack, { eventSelector: [{ readWriteType: 'All', includeManagementEvents: false }, { readWriteType: 'All' }] }), []],
    ['PLAT-CT-005', 'advanced selectors for read-only management events', (stack) => trail(stack, { eventSelector: undefined, advancedEventSelector: [{ fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }, { field: 'readOnly', equalTo: ['true'] }] }] }), MANAGEMENT_GAP],
    ['PLAT-CT-005', 'advanced selectors without an eventCategory field', (stack) => trail(stack, { eventSelector: undefined, advancedEventSelector: [{ fieldSelector: [{ field: 'eventSource', equalTo: ['Management'] }] }] }), MANAGEMENT_GAP],
    ['PLAT-CT-007', 'object lock in GOVERNANCE mode, the bucket named literally', (stack) => { const bucket = trailBucket(stack, { lockMode: 'GOVERNANCE' }); trail(stack, { s3BucketName: 'platform-audit-trail' }, bucket); }, []],
    ['PLAT-CT-007', 'an object lock configuration of another bucket', (stack) => {
      const bucket = new S3Bucket(stack, 'TrailBucket', { bucket: 'trail', objectLockEnabled: true });
      new S3BucketObjectLockConfigurationA(stack, 'OtherLock', { bucket: 'other', rule: { defaultRetention: { mode: 'COMPLIANCE', days: 1 } } });
      trail(stack, {}, bucket);
    }, ['its bucket test/TrailBucket has no object lock configuration']],
    ['PLAT-CT-005', 'no event selector at all (management events by default)', (stack) => trail(stack, { eventSelector: undefined }), []],
    ['PLAT-CT-007', 'an object lock configuration naming the bucket literally', (stack) => {
      const bucket = new S3Bucket(stack, 'TrailBucket', { bucket: 'trail', objectLockEnabled: true });
      new S3BucketObjectLockConfigurationA(stack, 'TrailBucketLock', { bucket: 'trail', rule: { defaultRetention: { mode: 'COMPLIANCE', days: 1 } } });
      trail(stack, {}, bucket);
    }, []],
    ['PLAT-CT-007', 'object lock configurations without a rule and with an apply-time mode', (stack) => {
      const bucket = new S3Bucket(stack, 'TrailBucket', { bucket: 'trail', objectLockEnabled: true });
      new S3BucketObjectLockConfigurationA(stack, 'NoRule', { bucket: bucket.id });
      new S3BucketObjectLockConfigurationA(stack, 'ApplyTimeMode', { bucket: bucket.id, rule: { defaultRetention: { mode: '${var.lock_mode}', days: 1 } } });
      trail(stack, {}, bucket);
    }, ["its bucket's object lock default retention mode is not set, ${var.lock_mode} (known only at apply time)"]],
    ['PLAT-CT-008', 'a trail without s3_bucket_name beside a bucket without a name', (stack) => trail(stack, { s3BucketName: undefined }, new S3Bucket(stack, 'TrailBucket', {})), [
      'its bucket not set is not a bucket of this stack, so it cannot be checked',
    ]],
    ['PLAT-CT-008', 'access logging naming the bucket literally', (stack) => {
      const bucket = new S3Bucket(stack, 'TrailBucket', { bucket: 'trail' });
      new S3BucketLoggingA(stack, 'TrailBucketLogging', { bucket: 'trail', targetBucket: 'platform-access-logs', targetPrefix: 'trail/' });
      trail(stack, {}, bucket);
    }, []],
    ['PLAT-CT-008', 'access logging written inline on the trail bucket', (stack) => {
      const bucket = new S3Bucket(stack, 'TrailBucket', { bucket: 'trail', objectLockEnabled: true, logging: { targetBucket: 'platform-access-logs' } });
      trail(stack, {}, bucket);
    }, []],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});
