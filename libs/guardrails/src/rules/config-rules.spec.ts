import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { TerraformStack } from 'cdktf';
import { testRulePack } from '../testing/rule-pack-tests';
import { CONFIG_RULES } from './config-rules';

type RecordingGroup = ConstructorParameters<typeof ConfigConfigurationRecorder>[2]['recordingGroup'];

function recorder(stack: TerraformStack, { recordingGroup, enabled = true, channel = true }: { recordingGroup?: RecordingGroup; enabled?: boolean; channel?: boolean } = {}): void {
  const resource = new ConfigConfigurationRecorder(stack, 'Recorder', { name: 'platform', roleArn: 'arn:aws:iam::111122223333:role/config', recordingGroup });
  if (channel) new ConfigDeliveryChannel(stack, 'Channel', { name: 'platform', s3BucketName: 'platform-config', dependsOn: [resource] });
  new ConfigConfigurationRecorderStatus(stack, 'Status', { name: resource.name, isEnabled: enabled });
}

describe('AWS Config rules', () => {
  testRulePack(CONFIG_RULES, (stack) => recorder(stack, { recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }), {
    'PLAT-CFG-001': [
      { name: 'a recorder of listed types', build: (stack) => recorder(stack, { recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] } }), path: 'Recorder', problem: 'recording_group.all_supported is false' },
      {
        name: 'a recorder by inclusion strategy',
        build: (stack) => recorder(stack, { recordingGroup: { allSupported: false, recordingStrategy: [{ useOnly: 'INCLUSION_BY_RESOURCE_TYPES' }], resourceTypes: ['AWS::S3::Bucket'] } }),
        path: 'Recorder',
        problem: 'recording_strategy.use_only is INCLUSION_BY_RESOURCE_TYPES',
      },
    ],
    'PLAT-CFG-002': [{ name: 'a stopped recorder', build: (stack) => recorder(stack, { enabled: false }), path: 'Recorder', problem: 'has no enabled recorder status' }],
    'PLAT-CFG-003': [{ name: 'a recorder delivering nowhere', build: (stack) => recorder(stack, { channel: false }), path: 'Recorder', problem: 'has no delivery channel in this stack' }],
  });
});
