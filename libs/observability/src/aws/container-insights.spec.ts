import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { ContainerInsights, ContainerInsightsProps } from './container-insights';

const PROPS: ContainerInsightsProps = { clusterName: 'platform-test', accountId: '123456789012', region: 'eu-central-1' };
const synth = (props: Partial<ContainerInsightsProps> = {}) => synthJson((scope) => new ContainerInsights(scope, 'container-insights', { ...PROPS, ...props }));

describe('ContainerInsights', () => {
  const json = synth();
  const addon = json.resource('aws_eks_addon', 'Addon');
  const role = json.resource('aws_iam_role', 'AgentRole');
  const association = json.resource('aws_eks_pod_identity_association', 'PodIdentityAssociation');

  it('installs the pinned amazon-cloudwatch-observability add-on with container logs off', () => {
    expect(addon).toMatchObject({
      cluster_name: 'platform-test',
      addon_name: 'amazon-cloudwatch-observability',
      addon_version: 'v4.10.3-eksbuild.1',
      resolve_conflicts_on_create: 'OVERWRITE',
      resolve_conflicts_on_update: 'PRESERVE',
    });
    expect(JSON.parse(addon.configuration_values as string)).toEqual({ containerLogs: { enabled: false } });
  });

  it('ships container logs with Fluent Bit only when asked, at the pinned or given version', () => {
    const withLogs = synth({ containerLogs: true, addonVersion: 'v3.1.0-eksbuild.1' }).resource('aws_eks_addon', 'Addon');
    expect(JSON.parse(withLogs.configuration_values as string)).toEqual({ containerLogs: { enabled: true } });
    expect(withLogs.addon_version).toBe('v3.1.0-eksbuild.1');
  });

  it("gives the agent's service account a role through EKS Pod Identity, for this account, cluster and service account only", () => {
    expect(role.name).toBe('platform-test-cloudwatch-agent');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      {
        Sid: 'EksPodIdentityForTheCloudWatchAgent',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:SourceAccount': '123456789012',
            'aws:RequestTag/eks-cluster-name': 'platform-test',
            'aws:RequestTag/kubernetes-namespace': 'amazon-cloudwatch',
            'aws:RequestTag/kubernetes-service-account': 'cloudwatch-agent',
          },
        },
      },
    ]);
    expect(json.resource('aws_iam_role_policy_attachment', 'AgentRolePolicy')).toMatchObject({
      role: json.ref(role, 'name'),
      policy_arn: 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
    });
    expect(association).toMatchObject({ cluster_name: 'platform-test', namespace: 'amazon-cloudwatch', service_account: 'cloudwatch-agent', role_arn: json.ref(role, 'arn') });
  });

  it('creates the add-on after the association and the policy, so the agent starts with credentials', () => {
    expect(addon.depends_on).toEqual(
      expect.arrayContaining([
        `aws_eks_pod_identity_association.${association.logicalId}`,
        `aws_iam_role_policy_attachment.${json.resource('aws_iam_role_policy_attachment', 'AgentRolePolicy').logicalId}`,
      ]),
    );
  });

  it('takes a cluster name from another stack together with a role name', () => {
    const tokens = synthJson((scope) => {
      const clusterName = new TerraformVariable(scope, 'cluster_name', { type: 'string' }).stringValue;
      new ContainerInsights(scope, 'container-insights', { ...PROPS, clusterName, roleName: 'platform-test-cloudwatch-agent' });
    });
    expect(tokens.resource('aws_eks_addon', 'Addon').cluster_name).toBe('${var.cluster_name}');
    expect(tokens.resource('aws_iam_role', 'AgentRole').name).toBe('platform-test-cloudwatch-agent');
  });

  it('names the log group of the performance events', () => {
    expect(ContainerInsights.performanceLogGroupName('platform-test')).toBe('/aws/containerinsights/platform-test/performance');
  });

  it.each<[string, Partial<ContainerInsightsProps>, RegExp]>([
    ['a version without eksbuild', { addonVersion: '4.10.3' }, /container-insights: addonVersion: '4.10.3' is not an EKS add-on version/],
    ['a version before Pod Identity support', { addonVersion: 'v2.6.0-eksbuild.1' }, /addonVersion: v2.6.0-eksbuild.1 predates EKS Pod Identity support \(3.1.0\)/],
    ['a role name over 64 characters', { roleName: 'r'.repeat(65) }, /roleName: 'r{65}' is not an IAM role name of at most 64 characters/],
    ['a short account id', { accountId: '42' }, /accountId: '42' is not a 12-digit account id/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('rejects a cluster name from another stack without a role name', () => {
    expect(() =>
      synthJson((scope) => new ContainerInsights(scope, 'container-insights', { ...PROPS, clusterName: new TerraformVariable(scope, 'cluster_name', { type: 'string' }).stringValue })),
    ).toThrow(/roleName: has no default when clusterName is a token/);
  });
});
