import { Rule } from '../rule';
import { StackResource } from '../stack-index';
import { blockOf, blocksOf, isTrue } from '../terraform-values';
import { describeValue } from './rule-helpers';

const INSTANCE_TYPES = ['aws_launch_template', 'aws_instance', 'aws_launch_configuration'];

/** The problem with the EBS volumes an instance, launch configuration or launch template declares. */
function volumeEncryptionProblem({ type, config }: StackResource): string | undefined {
  if (type === 'aws_launch_template') {
    const volumes = blocksOf(config.block_device_mappings).map((mapping) => ({ device: String(mapping.device_name), ebs: blockOf(mapping.ebs) }));
    if (volumes.length === 0) return 'declares no block_device_mappings, so the root volume is encrypted only if the AMI snapshot is';
    const unencrypted = volumes.filter(({ ebs }) => ebs !== undefined && !isTrue(ebs.encrypted));
    return unencrypted.length === 0 ? undefined : `volumes ${unencrypted.map(({ device }) => device).join(', ')} are not encrypted`;
  }
  const root = blockOf(config.root_block_device);
  if (!isTrue(root?.encrypted)) return `root_block_device.encrypted is ${describeValue(root?.encrypted)}`;
  const unencrypted = blocksOf(config.ebs_block_device).filter((volume) => !isTrue(volume.encrypted));
  return unencrypted.length === 0 ? undefined : `ebs_block_device volumes ${unencrypted.map((volume) => String(volume.device_name)).join(', ')} are not encrypted`;
}

export const EC2_RULES: readonly Rule[] = [
  {
    id: 'PLAT-EC2-001',
    checkovIds: ['CKV_AWS_79'],
    complianceIds: ['CIS-3.0-5.6', 'FSBP-EC2.8'],
    severity: 'error',
    resourceTypes: INSTANCE_TYPES,
    description: 'Instances answer only IMDSv2 (session-token) metadata requests, which SSRF cannot reach.',
    fix: 'set metadata_options { http_tokens = "required" } (ManagedNodeGroup from @platform/cluster does)',
    check({ config }) {
      const options = blockOf(config.metadata_options);
      if (options?.http_tokens === 'required' || options?.http_endpoint === 'disabled') return undefined;
      return `metadata_options.http_tokens is ${describeValue(options?.http_tokens)}, so IMDSv1 stays enabled`;
    },
  },
  {
    id: 'PLAT-EC2-002',
    checkovIds: ['CKV_AWS_8'],
    complianceIds: ['FSBP-EC2.3'],
    severity: 'error',
    resourceTypes: INSTANCE_TYPES,
    description: 'Every EBS volume an instance launches with is encrypted.',
    fix: 'declare each volume (the root volume included) with encrypted = true',
    check: volumeEncryptionProblem,
  },
];
