import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blockOf, blocksOf, isFalse, isTrue, stringsOf } from '../terraform-values';
import { attachedTo, describeValue, requireSet, requireTrue } from './rule-helpers';

const TRAIL = ['aws_cloudtrail'];
const LOCK_MODES = ['COMPLIANCE', 'GOVERNANCE'];

/** The bucket of this stack a trail delivers to, by reference or by its literal name; undefined when it is elsewhere. */
function trailBucket(trail: StackResource, stack: StackIndex): StackResource | undefined {
  const name = trail.config.s3_bucket_name;
  return stack.resolve(name) ?? stack.ofType('aws_s3_bucket').find(({ config }) => typeof name === 'string' && config.bucket === name);
}

/** `check` on the trail's bucket, or the problem that the bucket is not in the stack and so cannot be checked. */
function onTrailBucket(trail: StackResource, stack: StackIndex, check: (bucket: StackResource) => string | undefined): string | undefined {
  const bucket = trailBucket(trail, stack);
  if (bucket === undefined) return `its bucket ${describeValue(trail.config.s3_bucket_name)} is not a bucket of this stack, so it cannot be checked`;
  return check(bucket);
}

/** Whether the trail records read and write management events (CloudTrail's default when no selector is given). */
function managementEventsProblem({ config }: StackResource): string | undefined {
  const selectors = blocksOf(config.event_selector);
  const advanced = blocksOf(config.advanced_event_selector);
  if (selectors.length === 0 && advanced.length === 0) return undefined;
  const classic = selectors.some((selector) => !isFalse(selector.include_management_events) && (selector.read_write_type ?? 'All') === 'All');
  const modern = advanced.some((selector) => {
    const fields = blocksOf(selector.field_selector);
    const category = fields.find(({ field }) => field === 'eventCategory');
    return category !== undefined && stringsOf(category.equals).includes('Management') && !fields.some(({ field }) => field === 'readOnly');
  });
  return classic || modern ? undefined : 'its event selectors leave out read or write management events';
}

export const CLOUDTRAIL_RULES: readonly Rule[] = [
  {
    id: 'PLAT-CT-001',
    checkovIds: ['CKV_AWS_67'],
    complianceIds: ['CIS-3.0-3.1', 'FSBP-CloudTrail.1'],
    severity: 'error',
    resourceTypes: TRAIL,
    description: 'Trails record every region, so activity in a region nobody watches is still on record.',
    fix: 'set is_multi_region_trail = true',
    check: ({ config }) => requireTrue(config, 'is_multi_region_trail'),
  },
  {
    id: 'PLAT-CT-002',
    checkovIds: ['CKV_AWS_36'],
    complianceIds: ['CIS-3.0-3.2', 'FSBP-CloudTrail.4'],
    severity: 'error',
    resourceTypes: TRAIL,
    description: 'Trails write digest files, so a changed or deleted log file can be detected.',
    fix: 'set enable_log_file_validation = true',
    check: ({ config }) => requireTrue(config, 'enable_log_file_validation'),
  },
  {
    id: 'PLAT-CT-003',
    checkovIds: ['CKV_AWS_35'],
    complianceIds: ['CIS-3.0-3.5', 'FSBP-CloudTrail.2'],
    severity: 'error',
    resourceTypes: TRAIL,
    description: 'Trail log files are encrypted with a customer managed KMS key, so reading them also needs kms:Decrypt.',
    fix: 'set kms_key_id to a customer managed key whose policy lets cloudtrail.amazonaws.com encrypt for this trail',
    check: ({ config }) => requireSet(config, 'kms_key_id'),
  },
  {
    id: 'PLAT-CT-004',
    checkovIds: ['CKV2_AWS_10'],
    complianceIds: ['FSBP-CloudTrail.5'],
    severity: 'error',
    resourceTypes: TRAIL,
    description: 'Trails deliver to CloudWatch Logs as well, where metric filters raise alarms on the CIS benchmark events within minutes.',
    fix: 'set cloud_watch_logs_group_arn (the log group ARN followed by :*) and cloud_watch_logs_role_arn (a role cloudtrail.amazonaws.com assumes to write it)',
    check: ({ config }) => [requireSet(config, 'cloud_watch_logs_group_arn'), requireSet(config, 'cloud_watch_logs_role_arn')].filter(Boolean).join('; ') || undefined,
  },
  {
    id: 'PLAT-CT-005',
    checkovIds: [],
    complianceIds: ['CIS-3.0-3.1', 'FSBP-CloudTrail.1'],
    severity: 'error',
    resourceTypes: TRAIL,
    description: 'Trails record read and write management events (the default without event selectors).',
    fix: 'drop the event selectors, or keep one with include_management_events = true and read_write_type = "All" (advanced selectors: eventCategory = Management without a readOnly field)',
    check: managementEventsProblem,
  },
  {
    id: 'PLAT-CT-006',
    checkovIds: [],
    complianceIds: ['CIS-3.0-3.1', 'FSBP-CloudTrail.1'],
    severity: 'error',
    resourceTypes: TRAIL,
    description: 'Trails are logging: enable_logging is not false.',
    fix: 'remove enable_logging = false; a trail that does not log is an audit gap that looks like coverage',
    check: ({ config }) => (isFalse(config.enable_logging) ? 'enable_logging is false' : undefined),
  },
  {
    id: 'PLAT-CT-007',
    checkovIds: ['CKV_AWS_143'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TRAIL,
    productionOnly: true,
    description: 'In production the trail bucket (of the same stack) has S3 Object Lock with a default retention in COMPLIANCE or GOVERNANCE mode, so log files cannot be deleted or overwritten while retained.',
    fix: 'create the trail bucket with object_lock_enabled = true and add an aws_s3_bucket_object_lock_configuration whose rule.default_retention.mode is COMPLIANCE (or GOVERNANCE)',
    check: (trail, stack) =>
      onTrailBucket(trail, stack, (bucket) => {
        const locks = attachedTo(stack, 'aws_s3_bucket_object_lock_configuration', 'bucket', bucket, 'bucket');
        const modes = locks.map(({ config }) => blockOf(blockOf(config.rule)?.default_retention)?.mode);
        if (!isTrue(bucket.config.object_lock_enabled)) return `its bucket ${bucket.constructPath} has object_lock_enabled ${describeValue(bucket.config.object_lock_enabled)}`;
        if (modes.some((mode) => LOCK_MODES.includes(String(mode)))) return undefined;
        return locks.length === 0 ? `its bucket ${bucket.constructPath} has no object lock configuration` : `its bucket's object lock default retention mode is ${modes.map(describeValue).join(', ')}`;
      }),
  },
  {
    id: 'PLAT-CT-008',
    checkovIds: [],
    complianceIds: ['CIS-3.0-3.4'],
    severity: 'error',
    resourceTypes: TRAIL,
    description: 'The trail bucket (of the same stack) writes server access logs, so reads of the audit trail are themselves on record.',
    fix: 'add an aws_s3_bucket_logging on the trail bucket with a target_bucket in the same account',
    check: (trail, stack) =>
      onTrailBucket(trail, stack, (bucket) =>
        attachedTo(stack, 'aws_s3_bucket_logging', 'bucket', bucket, 'bucket').length > 0 || blockOf(bucket.config.logging) !== undefined ? undefined : `its bucket ${bucket.constructPath} has no access logging`,
      ),
  },
];
