import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate, LaunchTemplateConfig } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { EC2_RULES } from './ec2-rules';

/** A launch template configured like ManagedNodeGroup's: IMDSv2 only, encrypted gp3 root volume. */
function launchTemplate(scope: Construct, overrides: Partial<LaunchTemplateConfig> = {}): LaunchTemplate {
  return new LaunchTemplate(scope, 'nodes', {
    name: 'nodes',
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 2 },
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true', volumeSize: 50, volumeType: 'gp3' } }],
    ...overrides,
  });
}

describe('EC2 rules', () => {
  testRulePack(EC2_RULES, (stack) => launchTemplate(stack), {
    'PLAT-EC2-001': [
      { name: 'IMDSv1 allowed', build: (stack) => launchTemplate(stack, { metadataOptions: { httpTokens: 'optional' } }), path: 'nodes', problem: 'metadata_options.http_tokens is "optional"' },
      { name: 'no metadata options', build: (stack) => launchTemplate(stack, { metadataOptions: undefined }), path: 'nodes', problem: 'http_tokens is not set, so IMDSv1 stays enabled' },
    ],
    'PLAT-EC2-002': [
      {
        name: 'an unencrypted data volume',
        build: (stack) =>
          launchTemplate(stack, {
            blockDeviceMappings: [
              { deviceName: '/dev/xvda', ebs: { encrypted: 'true' } },
              { deviceName: '/dev/xvdb', ebs: { encrypted: 'false' } },
            ],
          }),
        path: 'nodes',
        problem: 'volumes /dev/xvdb are not encrypted',
      },
      { name: 'the AMI default root volume', build: (stack) => launchTemplate(stack, { blockDeviceMappings: undefined }), path: 'nodes', problem: 'declares no block_device_mappings' },
      {
        name: 'an instance with an unencrypted root volume',
        build: (stack) => new Instance(stack, 'bastion', { ami: 'ami-1', instanceType: 't3.micro', metadataOptions: { httpTokens: 'required' } }),
        path: 'bastion',
        problem: 'root_block_device.encrypted is not set',
      },
    ],
  });

  it('checks instances the same way as launch templates', () => {
    const compliant = (stack: Construct) =>
      new Instance(stack, 'bastion', {
        ami: 'ami-1',
        instanceType: 't3.micro',
        metadataOptions: { httpTokens: 'required' },
        rootBlockDevice: { encrypted: true },
        ebsBlockDevice: [{ deviceName: '/dev/sdb', encrypted: true }],
      });
    expect([...findingsOf('PLAT-EC2-001', compliant), ...findingsOf('PLAT-EC2-002', compliant)]).toEqual([]);
    expect(findingsOf('PLAT-EC2-001', (stack) => new Instance(stack, 'bastion', { ami: 'ami-1', instanceType: 't3.micro', rootBlockDevice: { encrypted: true } }))).toHaveLength(1);
  });
});

describe('EC2 rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: Construct) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  const instance = (ebs: { deviceName: string; encrypted?: boolean }[]) => (stack: Construct) =>
    new Instance(stack, 'bastion', { ami: 'ami-1', instanceType: 't3.micro', metadataOptions: { httpTokens: 'required' }, rootBlockDevice: { encrypted: true }, ebsBlockDevice: ebs });

  it.each<[string, string, (stack: Construct) => void, string[]]>([
    ['PLAT-EC2-001', 'the metadata endpoint turned off', (stack) => launchTemplate(stack, { metadataOptions: { httpEndpoint: 'disabled', httpTokens: 'optional' } }), []],
    ['PLAT-EC2-002', 'a mapping without EBS (an instance store volume) beside an encrypted root', (stack) => launchTemplate(stack, { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true' } }, { deviceName: '/dev/sdc', virtualName: 'ephemeral0' }] }), []],
    ['PLAT-EC2-002', 'an unencrypted extra EBS volume on an instance', instance([{ deviceName: '/dev/sdb', encrypted: true }, { deviceName: '/dev/sdc' }]), ['ebs_block_device volumes /dev/sdc are not encrypted']],
    ['PLAT-EC2-002', 'two unencrypted extra EBS volumes on an instance', instance([{ deviceName: '/dev/sdb' }, { deviceName: '/dev/sdc', encrypted: false }]), ['ebs_block_device volumes /dev/sdb, /dev/sdc are not encrypted']],
    ['PLAT-EC2-002', 'two unencrypted volumes in a launch template', (stack) => launchTemplate(stack, { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'false' } }, { deviceName: '/dev/xvdb', ebs: { volumeSize: 10 } }] }), ['volumes /dev/xvda, /dev/xvdb are not encrypted']],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});
