import { synthJson } from '@platform/terraform-testing';
import { EksCluster, EksClusterProps } from './eks-cluster';
import { EKS_MANAGED_ADDON_NAMES, EksManagedAddons, EksManagedAddonsProps } from './eks-managed-addons';

const CLUSTER: EksClusterProps = {
  name: 'platform-test',
  accountId: '123456789012',
  region: 'eu-central-1',
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
};

const synthAddons = (props: Omit<Partial<EksManagedAddonsProps>, 'cluster'> = {}, cluster: Partial<EksClusterProps> = {}) =>
  synthJson((scope) => new EksManagedAddons(scope, 'addons', { cluster: new EksCluster(scope, 'cluster', { ...CLUSTER, ...cluster }), ...props }));

describe('EksManagedAddons', () => {
  const json = synthAddons();
  const clusterName = json.ref(json.resource('aws_eks_cluster', 'cluster'), 'name');
  const nodeGroups = json.resources('aws_eks_node_group').map((group) => `aws_eks_node_group.${group.logicalId}`);

  it('installs vpc-cni, kube-proxy, eks-pod-identity-agent, coredns and aws-ebs-csi-driver, each keyed by its name', () => {
    expect(json.resources('aws_eks_addon').map((addon) => addon.addon_name).sort()).toEqual([...EKS_MANAGED_ADDON_NAMES].sort());
    for (const name of EKS_MANAGED_ADDON_NAMES) {
      expect(json.resource('aws_eks_addon', `Addon-${name}`)).toMatchObject({ addon_name: name, cluster_name: clusterName });
    }
  });

  it('overwrites self-managed add-ons on create and preserves cluster-side changes on update', () => {
    for (const addon of json.resources('aws_eks_addon')) {
      expect(addon).toMatchObject({ resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'PRESERVE' });
      expect(addon).not.toHaveProperty('resolve_conflicts');
    }
  });

  it('pins no version, so EKS installs its default for the cluster version', () => {
    for (const addon of json.resources('aws_eks_addon')) {
      expect(addon).not.toHaveProperty('addon_version');
    }
  });

  it('creates coredns and the EBS CSI driver after the node groups, and the DaemonSet add-ons right away', () => {
    expect(nodeGroups).toHaveLength(2);
    for (const name of ['coredns', 'aws-ebs-csi-driver']) {
      expect((json.resource('aws_eks_addon', `Addon-${name}`).depends_on as string[]).sort()).toEqual([...nodeGroups].sort());
    }
    for (const name of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']) {
      expect(json.resource('aws_eks_addon', `Addon-${name}`)).not.toHaveProperty('depends_on');
    }
  });

  it('creates every node group after vpc-cni, so EKS computes max pods with the CNI configuration in place', () => {
    const address = `aws_eks_addon.${json.resource('aws_eks_addon', 'Addon-vpc-cni').logicalId}`;
    for (const group of json.resources('aws_eks_node_group')) {
      expect(group.depends_on as string[]).toContain(address);
    }
    const opted = synthAddons({ nodeGroupsAfterVpcCni: false });
    for (const group of opted.resources('aws_eks_node_group')) {
      expect(group.depends_on).not.toContainEqual(expect.stringMatching(/^aws_eks_addon\./));
    }
  });

  it('runs the EBS CSI controller with its own IRSA role holding AmazonEBSCSIDriverPolicy', () => {
    const role = json.resource('aws_iam_role', 'EbsCsiDriverRole');
    expect(role.name).toBe('platform-test-ebs-csi-controller-sa');
    expect(json.resource('aws_eks_addon', 'Addon-aws-ebs-csi-driver').service_account_role_arn).toBe(json.ref(role, 'arn'));
    expect(json.resource('aws_iam_role_policy_attachment', 'ManagedPolicy-AmazonEBSCSIDriverPolicy')).toMatchObject({
      role: json.ref(role, 'name'),
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    });
    const documents = (json.json as { data: Record<string, Record<string, { statement: { condition: { variable: string; values: string[] }[] }[] }>> }).data;
    const [trust] = Object.values(documents.aws_iam_policy_document);
    expect(trust.statement[0].condition.map((c) => [c.variable.replace(/^.*:/, ''), c.values])).toEqual([
      ['sub', ['system:serviceaccount:kube-system:ebs-csi-controller-sa']],
      ['aud', ['sts.amazonaws.com']],
    ]);
    for (const name of EKS_MANAGED_ADDON_NAMES.filter((addon) => addon !== 'aws-ebs-csi-driver')) {
      expect(json.resource('aws_eks_addon', `Addon-${name}`)).not.toHaveProperty('service_account_role_arn');
    }
  });

  it('pins given versions and passes configuration values as JSON', () => {
    const pinned = synthAddons({ versions: { coredns: 'v1.12.4-eksbuild.1' }, configurationValues: { 'vpc-cni': { enableNetworkPolicy: 'true' } } });
    expect(pinned.resource('aws_eks_addon', 'Addon-coredns').addon_version).toBe('v1.12.4-eksbuild.1');
    expect(pinned.resource('aws_eks_addon', 'Addon-vpc-cni').configuration_values).toBe('{"enableNetworkPolicy":"true"}');
    expect(pinned.resource('aws_eks_addon', 'Addon-kube-proxy')).not.toHaveProperty('addon_version');
  });

  it('uses the partition of the cluster’s region for the EBS CSI policy', () => {
    const china = synthAddons({}, { region: 'cn-north-1' });
    expect(china.resource('aws_iam_role_policy_attachment', 'ManagedPolicy-AmazonEBSCSIDriverPolicy').policy_arn).toBe(
      'arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    );
  });

  describe('validation', () => {
    it.each<[string, Omit<Partial<EksManagedAddonsProps>, 'cluster'>, RegExp]>([
      ['a version that is not an EKS build', { versions: { coredns: '1.11.1' } }, /addons: versions\.coredns: '1\.11\.1' is not an EKS add-on version\. Fix: use a version such as v1\.19\.5-eksbuild\.1/],
      ['an unknown add-on', { versions: { 'aws-efs-csi-driver': 'v2.1.0-eksbuild.1' } as never }, /addons: versions\.aws-efs-csi-driver: 'aws-efs-csi-driver' is not one of the managed add-ons/],
    ])('rejects %s, naming the construct path and the field', (_case, props, message) => {
      expect(() => synthAddons(props)).toThrow(message);
    });
  });
});
