import { Rule } from '../rule';
import { blockOf, isFalse, isTrue } from '../terraform-values';
import { attachedTo } from './rule-helpers';

const RECORDER = ['aws_config_configuration_recorder'];


export const CONFIG_RULES: readonly Rule[] = [
  {
    id: 'PLAT-CFG-001',
    checkovIds: ['CKV2_AWS_48'],
    complianceIds: ['CIS-3.0-3.3', 'FSBP-Config.1'],
    severity: 'error',
    resourceTypes: RECORDER,
    description: 'The AWS Config recorder records every supported resource type, so new kinds of resources are inventoried without a change here.',
    fix: 'leave recording_group out, or set recording_group.all_supported = true (or recording_strategy.use_only = "ALL_SUPPORTED_RESOURCE_TYPES")',
    check({ config }) {
      const group = blockOf(config.recording_group);
      if (group === undefined) return undefined;
      const strategy = blockOf(group.recording_strategy)?.use_only;
      if (strategy !== undefined) return strategy === 'ALL_SUPPORTED_RESOURCE_TYPES' ? undefined : `recording_strategy.use_only is ${String(strategy)}`;
      return isFalse(group.all_supported) ? 'recording_group.all_supported is false' : undefined;
    },
  },
  {
    id: 'PLAT-CFG-002',
    checkovIds: [],
    complianceIds: ['CIS-3.0-3.3', 'FSBP-Config.1'],
    severity: 'error',
    resourceTypes: RECORDER,
    description: 'The recorder is switched on: an aws_config_configuration_recorder_status of this stack names it with is_enabled = true.',
    fix: 'add an aws_config_configuration_recorder_status with name = the recorder name and is_enabled = true (after the delivery channel exists)',
    check: (recorder, stack) => (attachedTo(stack, 'aws_config_configuration_recorder_status', 'name', recorder, 'name').some(({ config }) => isTrue(config.is_enabled)) ? undefined : 'has no enabled recorder status'),
  },
  {
    id: 'PLAT-CFG-003',
    checkovIds: [],
    complianceIds: ['CIS-3.0-3.3', 'FSBP-Config.1'],
    severity: 'error',
    resourceTypes: RECORDER,
    description: 'The recorder delivers configuration history and snapshots to S3 through an aws_config_delivery_channel of this stack.',
    fix: 'add an aws_config_delivery_channel with s3_bucket_name = a private, encrypted bucket (and the recorder in depends_on)',
    check: (_recorder, stack) => (stack.ofType('aws_config_delivery_channel').length > 0 ? undefined : 'has no delivery channel in this stack'),
  },
];
