import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describeWithTerraform, offlinePlanOf, OfflinePlanResult, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { EcrRepositories } from './ecr-repositories';
import { EksCluster } from './eks-cluster';
import { EksManagedAddons } from './eks-managed-addons';

describeWithTerraform('the cluster constructs with the real terraform', () => {
  let result: OfflinePlanResult;

  beforeAll(async () => {
    result = await offlinePlanOf('test-cluster', (stack) => {
      new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
      const cluster = new EksCluster(stack, 'cluster', {
        name: 'platform-test',
        accountId: '123456789012',
        region: 'eu-central-1',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
        publicAccessCidrs: ['203.0.113.0/24'],
        adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'],
      });
      new EksManagedAddons(stack, 'addons', { cluster });
      new EcrRepositories(stack, 'ecr', { namePrefix: 'platform-test', repositoryNames: ['novel-engine/backend', 'novel-engine/frontend'] });
    });
  }, TERRAFORM_TEST_TIMEOUT_MS);

  it('validates without diagnostics and plans the cluster, two node groups, five add-ons and the repositories', () => {
    expect(result.validateDiagnostics).toEqual([]);
    expect(result.plan).toMatchObject({ add: 38, change: 0, destroy: 0 });
    expect(result.plan.resourceCountsByType).toMatchObject({
      aws_eks_cluster: 1,
      aws_eks_node_group: 2,
      aws_launch_template: 2,
      aws_eks_addon: 5,
      aws_eks_access_entry: 1,
      aws_eks_access_policy_association: 1,
      aws_iam_openid_connect_provider: 1,
      aws_ecr_repository: 2,
      aws_ecr_lifecycle_policy: 2,
    });
  });

  it('plans launch templates with IMDSv2 only and an encrypted gp3 root volume as the provider reads them', () => {
    const templates = Object.entries(result.plannedValues).filter(([address]) => address.startsWith('aws_launch_template.'));
    expect(templates).toHaveLength(2);
    for (const [, template] of templates) {
      expect(template.metadata_options).toEqual([expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 2 })]);
      expect(template.block_device_mappings).toEqual([
        expect.objectContaining({ device_name: '/dev/xvda', ebs: [expect.objectContaining({ encrypted: 'true', volume_type: 'gp3', volume_size: 50 })] }),
      ]);
    }
  });
});
