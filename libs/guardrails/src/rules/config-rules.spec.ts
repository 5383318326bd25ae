import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { TerraformStack } from 'cdktf';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
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

describe('AWS Config rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: TerraformStack) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);

  it.each<[string, RecordingGroup, string[]]>([
    ['no recording group (every supported type by default)', undefined, []],
    ['the all-supported strategy, whatever all_supported says', { allSupported: false, recordingStrategy: [{ useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' }] }, []],
    ['a group without all_supported (true by default)', { includeGlobalResourceTypes: true }, []],
  ])('PLAT-CFG-001: %s', (_, recordingGroup, expected) => {
    expect(problems('PLAT-CFG-001', (stack) => recorder(stack, { recordingGroup }))).toEqual(expected);
  });

  it('PLAT-CFG-002 reads a recorder status naming the recorder literally, and ignores one of another recorder', () => {
    const byName = (name: string) => (stack: TerraformStack) => {
      new ConfigConfigurationRecorder(stack, 'Recorder', { name: 'platform', roleArn: 'arn:aws:iam::111122223333:role/config' });
      new ConfigConfigurationRecorderStatus(stack, 'Status', { name, isEnabled: true });
    };
    expect(problems('PLAT-CFG-002', byName('platform'))).toEqual([]);
    expect(problems('PLAT-CFG-002', byName('other'))).toEqual(['has no enabled recorder status']);
  });
});
