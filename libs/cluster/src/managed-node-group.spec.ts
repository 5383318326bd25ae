import { synthJson } from '@platform/terraform-testing';
import { DEFAULT_NODE_GROUPS, ManagedNodeGroup, ManagedNodeGroupProps, NodeGroupOptions } from './managed-node-group';

const BASE: Omit<ManagedNodeGroupProps, keyof NodeGroupOptions> = {
  name: 'general',
  clusterName: 'platform-test',
  region: 'eu-central-1',
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
};

const GENERAL = DEFAULT_NODE_GROUPS.general;
const COMPUTE = DEFAULT_NODE_GROUPS['compute-intensive'];

/** Synthesizes the seed design's general group with `overrides`. */
const synthGroup = (overrides: Partial<ManagedNodeGroupProps> = {}) => synthJson((scope) => new ManagedNodeGroup(scope, 'nodes', { ...BASE, ...GENERAL, ...overrides }));

describe('ManagedNodeGroup', () => {
  describe('the seed design’s general group', () => {
    const json = synthGroup();
    const group = json.resource('aws_eks_node_group', 'nodes');
    const template = json.resource('aws_launch_template', 'LaunchTemplate');

    it('scales on-demand t3.medium nodes from 2 to 10, starting at 3, and leaves the desired size to the autoscaler', () => {
      expect(group).toMatchObject({
        node_group_name: 'general',
        cluster_name: 'platform-test',
        capacity_type: 'ON_DEMAND',
        instance_types: ['t3.medium'],
        ami_type: 'AL2023_x86_64_STANDARD',
        scaling_config: { min_size: 2, desired_size: 3, max_size: 10 },
        lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] },
        labels: { role: 'general' },
        taint: [],
      });
    });

    it('replaces one node at a time', () => {
      expect(group.update_config).toEqual({ max_unavailable: 1 });
    });

    it('launches from its launch template, always the latest version', () => {
      expect(group.launch_template).toEqual({ id: json.ref(template, 'id'), version: json.ref(template, 'latest_version') });
    });

    it('requires IMDSv2 with a hop limit of 2', () => {
      expect(template.metadata_options).toEqual({
        http_endpoint: 'enabled',
        http_tokens: 'required',
        http_put_response_hop_limit: 2,
        instance_metadata_tags: 'disabled',
      });
    });

    it('gives nodes an encrypted 50 GiB gp3 root volume on /dev/xvda', () => {
      expect(template.block_device_mappings).toEqual([
        { device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
      ]);
    });

    it('sets no security groups, AMI or user data, so EKS attaches the cluster security group and bootstraps the nodes', () => {
      for (const argument of ['vpc_security_group_ids', 'security_group_names', 'network_interfaces', 'image_id', 'user_data', 'instance_type']) {
        expect(template).not.toHaveProperty(argument);
      }
      expect(group).not.toHaveProperty('disk_size');
      expect(group).not.toHaveProperty('remote_access');
    });

    it('gives the node role exactly the worker, CNI, ECR read-only and SSM policies, trusted by EC2 only', () => {
      const role = json.resource('aws_iam_role', 'NodeRole');
      expect(role.name).toBe('platform-test-general-node');
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
      const attachments = json.resources('aws_iam_role_policy_attachment');
      expect(attachments.map((a) => a.policy_arn).sort()).toEqual([
        'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      ]);
      expect(attachments.every((a) => a.role === json.ref(role, 'name'))).toBe(true);
      expect(group.node_role_arn).toBe(json.ref(role, 'arn'));
      expect((group.depends_on as string[]).sort()).toEqual(attachments.map((a) => `aws_iam_role_policy_attachment.${a.logicalId}`).sort());
    });
  });

  describe('the seed design’s compute-intensive group', () => {
    const json = synthGroup({ ...COMPUTE, name: 'compute-intensive' });
    const group = json.resource('aws_eks_node_group', 'nodes');

    it('runs spot c5.large nodes from 0 to 5, starting at 1', () => {
      expect(group).toMatchObject({
        capacity_type: 'SPOT',
        instance_types: ['c5.large'],
        scaling_config: { min_size: 0, desired_size: 1, max_size: 5 },
      });
    });

    it('labels the nodes and taints them for AI workloads only', () => {
      expect(group.labels).toEqual({ role: 'compute-intensive', workload: 'ai-processing' });
      expect(group.taint).toEqual([{ key: 'workload', value: 'ai-processing', effect: 'NO_SCHEDULE' }]);
    });
  });

  describe.each<[string, Partial<ManagedNodeGroupProps>, Record<string, unknown>]>([
    ['maxUnavailablePercentage', { maxUnavailablePercentage: 25 }, { update_config: { max_unavailable_percentage: 25 } }],
    ['maxUnavailable', { maxUnavailable: 2 }, { update_config: { max_unavailable: 2 } }],
    ['Graviton instance types', { instanceTypes: ['m7g.xlarge', 'c6gn.large'] }, { ami_type: 'AL2023_ARM_64_STANDARD' }],
    ['an explicit AMI type', { instanceTypes: ['g5.xlarge'], amiType: 'AL2023_x86_64_NVIDIA' }, { ami_type: 'AL2023_x86_64_NVIDIA' }],
    ['a Kubernetes version', { kubernetesVersion: '1.35' }, { version: '1.35' }],
  ])('with %s', (_case, overrides, expected) => {
    it('sets the node group accordingly', () => {
      expect(synthGroup(overrides).resource('aws_eks_node_group', 'nodes')).toMatchObject(expected);
    });
  });

  it('honours a hop limit of 1, another disk size and a customer managed volume key', () => {
    const key = 'arn:aws:kms:eu-central-1:123456789012:key/0d2f1d3e-1111-2222-3333-444455556666';
    const template = synthGroup({ metadataHopLimit: 1, diskSizeGiB: 100, volumeKmsKeyArn: key }).resource('aws_launch_template', 'LaunchTemplate');
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings).toEqual([expect.objectContaining({ ebs: expect.objectContaining({ volume_size: 100, kms_key_id: key, encrypted: 'true' }) })]);
  });

  it('tags the node group, the launch template and the instances and volumes it launches', () => {
    const json = synthGroup({ tags: { Team: 'platform' } });
    expect(json.resource('aws_eks_node_group', 'nodes').tags).toEqual({ Team: 'platform' });
    const template = json.resource('aws_launch_template', 'LaunchTemplate');
    expect(template.tags).toEqual({ Team: 'platform' });
    expect(template.tag_specifications).toEqual(
      ['instance', 'volume', 'network-interface'].map((resource_type) => ({ resource_type, tags: { Name: 'platform-test-general', Team: 'platform' } })),
    );
  });

  describe('validation', () => {
    it.each<[string, Partial<ManagedNodeGroupProps>, RegExp]>([
      ['min > max', { minSize: 4, desiredSize: 4, maxSize: 3 }, /nodes: minSize: 4 is greater than maxSize 3\. Fix: make minSize <= maxSize/],
      ['desired above max', { minSize: 1, desiredSize: 11, maxSize: 10 }, /nodes: desiredSize: 11 is outside minSize\.\.maxSize \(1\.\.10\)\. Fix: choose a desiredSize in that range/],
      ['desired below min', { minSize: 2, desiredSize: 1, maxSize: 10 }, /desiredSize: 1 is outside minSize\.\.maxSize \(2\.\.10\)/],
      ['max 0', { minSize: 0, desiredSize: 0, maxSize: 0 }, /maxSize: 0 leaves the node group without nodes\. Fix: allow at least 1 node/],
      ['a fractional size', { minSize: 1.5 }, /minSize: 1\.5 is not a whole number of nodes/],
      ['an instance type without a size', { instanceTypes: ['t3medium'] }, /instanceTypes: 't3medium' is not an EC2 instance type\. Fix: write family and size such as 't3\.medium'/],
      ['an instance type without a generation', { instanceTypes: ['large.xl'] }, /instanceTypes: 'large\.xl' is not an EC2 instance type/],
      ['an upper-case instance type', { instanceTypes: ['T3.medium'] }, /instanceTypes: 'T3\.medium' is not an EC2 instance type/],
      ['no instance type', { instanceTypes: [] }, /instanceTypes: is empty/],
      ['a capacity type typo', { capacityType: 'SPOTS' as never }, /capacityType: 'SPOTS' is not a capacity type\. Fix: use one of ON_DEMAND, SPOT/],
      [
        'a taint effect in Kubernetes spelling',
        { taints: [{ key: 'workload', value: 'ai', effect: 'NoSchedule' as never }] },
        /taints\[0\]\.effect: 'NoSchedule' is not a taint effect of the EKS API\. Fix: use one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE/,
      ],
      ['a taint effect typo', { taints: [{ key: 'workload', effect: 'NO_SCHEDUEL' as never }] }, /taints\[0\]\.effect: 'NO_SCHEDUEL' is not a taint effect/],
      ['a bad label value', { labels: { role: 'not ok' } }, /labels\.role: 'not ok' is not a Kubernetes label value/],
      ['both update limits', { maxUnavailable: 1, maxUnavailablePercentage: 10 }, /maxUnavailable: is set together with maxUnavailablePercentage/],
      ['an update limit above 100', { maxUnavailablePercentage: 150 }, /maxUnavailablePercentage: 150 is not a whole number from 1 to 100/],
      ['a disk smaller than the AMI', { diskSizeGiB: 10 }, /diskSizeGiB: 10 is not a whole number of GiB from 20/],
      ['hop limit 3', { metadataHopLimit: 3 as never }, /metadataHopLimit: 3 is not 1 or 2/],
      ['mixed architectures', { instanceTypes: ['m7g.large', 'm6i.large'] }, /instanceTypes: \[m7g\.large, m6i\.large\] mixes Graviton \(arm64\) and x86_64 types/],
      ['an ARM AMI for x86 instances', { amiType: 'AL2023_ARM_64_STANDARD' }, /amiType: AL2023_ARM_64_STANDARD cannot boot t3\.medium \(x86_64\)/],
      ['a Bottlerocket AMI', { amiType: 'BOTTLEROCKET_x86_64' }, /amiType: 'BOTTLEROCKET_x86_64' is not a supported AMI type/],
      ['a bad volume key', { volumeKmsKeyArn: 'alias/ebs' }, /volumeKmsKeyArn: 'alias\/ebs' is not a KMS key ARN/],
      ['a node role name over 64 characters', { name: 'g'.repeat(60) }, /namePrefix: the node role name '.*-node' is not an IAM role name/],
      ['a cluster name token without a name prefix', { clusterName: '${aws_eks_cluster.this.name}' }, /namePrefix: is needed because clusterName is only known at apply time/],
    ])('rejects %s, naming the construct path and the field', (_case, overrides, message) => {
      expect(() => synthGroup(overrides)).toThrow(message);
    });
  });
});
