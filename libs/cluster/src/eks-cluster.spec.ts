import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { CONTROL_PLANE_LOG_TYPES, EksCluster, EksClusterProps, SUPPORTED_EKS_VERSIONS } from './eks-cluster';
import { DEFAULT_NODE_GROUPS } from './managed-node-group';

const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'];
const PROPS: EksClusterProps = { name: 'platform-test', accountId: '123456789012', region: 'eu-central-1', subnetIds: SUBNETS };
const LOG_GROUP_ARN = 'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/eks/platform-test/cluster';

const synthCluster = (props: Partial<EksClusterProps> = {}) => synthJson((scope) => new EksCluster(scope, 'cluster', { ...PROPS, ...props }));

describe('EksCluster', () => {
  describe('with defaults', () => {
    const json = synthCluster();
    const cluster = json.resource('aws_eks_cluster', 'cluster');

    it('runs Kubernetes 1.34 in the private subnets', () => {
      expect(cluster).toMatchObject({ name: 'platform-test', version: '1.34', role_arn: json.ref(json.resource('aws_iam_role', 'ClusterRole'), 'arn') });
      expect((cluster.vpc_config as { subnet_ids: string[] }).subnet_ids).toEqual(SUBNETS);
    });

    it('keeps the API endpoint private', () => {
      expect(cluster.vpc_config).toEqual({ endpoint_private_access: true, endpoint_public_access: false, subnet_ids: SUBNETS });
    });

    it('envelope-encrypts secrets with a rotating customer managed key', () => {
      const key = json.resource('aws_kms_key', 'SecretsKey');
      expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: json.ref(key, 'arn') } });
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      expect(json.resource('aws_kms_alias', 'SecretsKeyAlias').name).toBe('alias/platform-test-eks-secrets');
    });

    it('lets an environment that may be torn down destroy the secrets key', () => {
      expect(synthCluster({ preventSecretsKeyDestroy: false }).resource('aws_kms_key', 'SecretsKey').lifecycle).toEqual({ prevent_destroy: false });
    });

    it('sends all five control-plane log types to its own log group, created first with a retention and KMS', () => {
      expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
      expect(CONTROL_PLANE_LOG_TYPES).toHaveLength(5);
      const logGroup = json.resource('aws_cloudwatch_log_group', 'LogGroup');
      expect(logGroup).toMatchObject({
        name: '/aws/eks/platform-test/cluster',
        retention_in_days: 365,
        kms_key_id: json.ref(json.resource('aws_kms_key', 'LogsKey'), 'arn'),
      });
      expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${logGroup.logicalId}`);
      const logsKey = json.resource('aws_kms_key', 'LogsKey');
      expect(logsKey.enable_key_rotation).toBe(true);
      const statement = JSON.parse(logsKey.policy as string).Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchLogsEncryptsThisLogGroupOnly');
      expect(statement).toMatchObject({
        Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': LOG_GROUP_ARN } },
      });
    });

    it('authenticates with access entries only and gives the creator no implicit admin entry', () => {
      expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
      expect(json.resources('aws_eks_access_entry')).toEqual([]);
    });

    it('gives the cluster role AmazonEKSClusterPolicy and nothing else, trusted by EKS only', () => {
      const role = json.resource('aws_iam_role', 'ClusterRole');
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
      const attachments = json.resources('aws_iam_role_policy_attachment').filter((a) => a.role === json.ref(role, 'name'));
      expect(attachments.map((a) => a.policy_arn)).toEqual(['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']);
      expect(cluster.depends_on).toContain(`aws_iam_role_policy_attachment.${attachments[0].logicalId}`);
    });

    it('creates no additional security group: EKS’s cluster security group serves control plane and nodes', () => {
      expect(json.resources('aws_security_group')).toEqual([]);
      expect(cluster.vpc_config).not.toHaveProperty('security_group_ids');
    });

    it('registers the cluster’s OIDC issuer for IRSA with the STS audience and no thumbprint', () => {
      const provider = json.resource('aws_iam_openid_connect_provider', 'OidcProvider');
      expect(provider).toMatchObject({ client_id_list: ['sts.amazonaws.com'], url: `\${aws_eks_cluster.${cluster.logicalId}.identity[0].oidc[0].issuer}` });
      expect(provider).not.toHaveProperty('thumbprint_list');
    });

    it('creates the seed design’s two node groups, following the cluster’s version', () => {
      const groups = json.resources('aws_eks_node_group');
      expect(groups.map((g) => g.node_group_name).sort()).toEqual(Object.keys(DEFAULT_NODE_GROUPS).sort());
      for (const group of groups) {
        expect(group).toMatchObject({ cluster_name: json.ref(cluster, 'name'), version: json.ref(cluster, 'version'), subnet_ids: SUBNETS });
      }
    });
  });

  describe('public endpoint', () => {
    it('opens the public endpoint to the listed CIDRs only, keeping the private endpoint', () => {
      const json = synthCluster({ publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] });
      expect(json.resource('aws_eks_cluster', 'cluster').vpc_config).toMatchObject({
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: ['203.0.113.0/24', '198.51.100.7/32'],
      });
    });

    it('allows 0.0.0.0/0 only when forbidOpenPublicEndpoint is false', () => {
      expect(() => synthCluster({ publicAccessCidrs: ['0.0.0.0/0'] })).toThrow(/publicAccessCidrs\[0\]: 0\.0\.0\.0\/0 opens the API endpoint to the whole internet/);
      const json = synthCluster({ publicAccessCidrs: ['0.0.0.0/0'], forbidOpenPublicEndpoint: false });
      expect(json.resource('aws_eks_cluster', 'cluster').vpc_config).toMatchObject({ public_access_cidrs: ['0.0.0.0/0'] });
    });
  });

  describe('networks and roles that reach the API, and node security groups', () => {
    const json = synthCluster({
      privateAccessCidrs: ['10.40.0.0/16', '192.168.8.0/22'],
      nodeSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'],
      accessEntries: { 'github-plan': { principalArn: 'arn:aws:iam::123456789012:role/platform-test-github-plan', accessPolicy: 'AmazonEKSAdminViewPolicy' } },
    });
    const clusterGroup = expect.stringMatching(/^\$\{aws_eks_cluster\.cluster_[0-9A-F]{8}\.vpc_config\[0\]\.cluster_security_group_id\}$/);

    it('admits each private-access network on 443 to the cluster security group, keyed by CIDR', () => {
      const rules = json.resources('aws_vpc_security_group_ingress_rule');
      expect(rules.map((rule) => [rule.logicalId.replace(/_[0-9A-F]{8}$/, ''), rule.security_group_id, rule.cidr_ipv4, rule.from_port, rule.to_port])).toEqual([
        ['cluster_PrivateApiAccess-10-40-0-0-16', clusterGroup, '10.40.0.0/16', 443, 443],
        ['cluster_PrivateApiAccess-192-168-8-0-22', clusterGroup, '192.168.8.0/22', 443, 443],
      ]);
    });

    it('lists the cluster security group and the extra groups in every node launch template', () => {
      for (const template of json.resources('aws_launch_template')) {
        expect(template.vpc_security_group_ids).toEqual([clusterGroup, 'sg-0aaaaaaaaaaaaaaaa']);
      }
    });

    it('gives each access entry its policy at cluster scope', () => {
      expect(json.resources('aws_eks_access_policy_association')).toEqual([
        expect.objectContaining({
          principal_arn: expect.stringContaining('aws_eks_access_entry.cluster_AccessAccessEntry-github-plan'),
          policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy',
          access_scope: { type: 'cluster' },
        }),
      ]);
      expect(json.resources('aws_eks_access_entry')[0]).toMatchObject({ principal_arn: 'arn:aws:iam::123456789012:role/platform-test-github-plan', type: 'STANDARD' });
    });

    it('sets no group on nodes and opens nothing by default', () => {
      const defaults = synthCluster();
      expect(defaults.resources('aws_vpc_security_group_ingress_rule')).toEqual([]);
      for (const template of defaults.resources('aws_launch_template')) expect(template.vpc_security_group_ids).toBeUndefined();
    });
  });

  describe('admin roles', () => {
    const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
    const DEPLOYER = 'arn:aws:iam::123456789012:role/ci/platform-deployer';
    const json = synthCluster({ adminRoleArns: [ADMIN, DEPLOYER] });
    const cluster = json.resource('aws_eks_cluster', 'cluster');

    it('gives each role an access entry keyed by the role name', () => {
      expect(json.resource('aws_eks_access_entry', 'AdminAccessEntry-platform-admin')).toMatchObject({
        cluster_name: json.ref(cluster, 'name'),
        principal_arn: ADMIN,
        type: 'STANDARD',
      });
      expect(json.resource('aws_eks_access_entry', 'AdminAccessEntry-platform-deployer').principal_arn).toBe(DEPLOYER);
    });

    it('associates AmazonEKSClusterAdminPolicy at cluster scope with each entry', () => {
      for (const role of ['platform-admin', 'platform-deployer']) {
        expect(json.resource('aws_eks_access_policy_association', `AdminAccessPolicy-${role}`)).toEqual(
          expect.objectContaining({
            cluster_name: json.ref(cluster, 'name'),
            principal_arn: json.ref(json.resource('aws_eks_access_entry', `AdminAccessEntry-${role}`), 'principal_arn'),
            policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
            access_scope: { type: 'cluster' },
          }),
        );
      }
    });

    it('removing one role leaves the other’s resources untouched', () => {
      const after = synthCluster({ adminRoleArns: [DEPLOYER] });
      expect(after.resource('aws_eks_access_entry', 'AdminAccessEntry-platform-deployer')).toEqual(json.resource('aws_eks_access_entry', 'AdminAccessEntry-platform-deployer'));
      expect(after.resources('aws_eks_access_entry')).toHaveLength(1);
    });
  });

  it('warns when no role could use the Kubernetes API', () => {
    const warnings = (props: Partial<EksClusterProps>) => {
      let messages: unknown[] = [];
      synthJson((scope) => {
        const cluster = new EksCluster(scope, 'cluster', { ...PROPS, nodeGroups: {}, ...props });
        messages = cluster.node.metadata.filter((entry) => entry.type === '@cdktf/warn').map((entry) => entry.data);
      });
      return messages;
    };
    expect(warnings({})).toEqual([expect.stringMatching(/adminRoleArns is empty and bootstrapClusterCreatorAdminPermissions is off/)]);
    expect(warnings({ adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'] })).toEqual([]);
    expect(warnings({ bootstrapClusterCreatorAdminPermissions: true })).toEqual([]);
  });

  it('accepts subnet ids that are tokens, e.g. cross-stack references', () => {
    const json = synthJson((scope) => {
      const subnets = new TerraformVariable(scope, 'subnets', { type: 'list(string)' });
      new EksCluster(scope, 'cluster', { ...PROPS, subnetIds: subnets.listValue });
    });
    expect((json.resource('aws_eks_cluster', 'cluster').vpc_config as { subnet_ids: unknown }).subnet_ids).toBe('${var.subnets}');
  });

  it('uses the partition of the region in every ARN', () => {
    const json = synthCluster({ region: 'cn-north-1', adminRoleArns: ['arn:aws-cn:iam::123456789012:role/admin'] });
    expect(json.resources('aws_iam_role_policy_attachment').every((a) => (a.policy_arn as string).startsWith('arn:aws-cn:iam::aws:policy/'))).toBe(true);
    expect(json.resource('aws_eks_access_policy_association', 'AdminAccessPolicy-admin').policy_arn).toBe('arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
  });

  it('adds IRSA roles named after the cluster and trusted through its OIDC provider', () => {
    const json = synthJson((scope) => {
      const cluster = new EksCluster(scope, 'cluster', { ...PROPS, nodeGroups: {} });
      cluster.addServiceAccountRole('AppRole', { namespace: 'apps', serviceAccount: 'backend' });
    });
    expect(json.resources('aws_eks_node_group')).toEqual([]);
    expect(json.resource('aws_iam_role', 'AppRole').name).toBe('platform-test-backend');
    const documents = (json.json as { data: Record<string, Record<string, { statement: { principals: unknown }[] }>> }).data.aws_iam_policy_document;
    expect(Object.values(documents)[0].statement[0].principals).toEqual([
      { type: 'Federated', identifiers: [json.ref(json.resource('aws_iam_openid_connect_provider', 'OidcProvider'), 'arn')] },
    ]);
  });

  describe('validation', () => {
    it.each(SUPPORTED_EKS_VERSIONS)('accepts version %s', (version) => {
      expect(synthCluster({ version }).resource('aws_eks_cluster', 'cluster').version).toBe(version);
    });

    it.each<[string, Partial<EksClusterProps>, RegExp]>([
      ['an unsupported version', { version: '1.28' }, /cluster: version: '1\.28' is not a Kubernetes version in EKS standard support\. Fix: use one of 1\.32, 1\.33, 1\.34, 1\.35/],
      ['an unsupported version', { version: '1.27' }, /version: '1\.27' is not/],
      ['a bad cluster name', { name: '-platform' }, /cluster: name: '-platform' is not an EKS cluster name/],
      ['a bad account id', { accountId: '1234' }, /accountId: '1234' is not a 12-digit AWS account id/],
      ['a single subnet', { subnetIds: ['subnet-0123456789abcdef0'] }, /subnetIds: 1 given, but EKS needs subnets in at least 2 Availability Zones/],
      ['a malformed subnet id', { subnetIds: ['subnet-0123456789abcdef0', 'sn-1'] }, /subnetIds: 'sn-1' is not a subnet id/],
      ['a repeated subnet', { subnetIds: [SUBNETS[0], SUBNETS[0]] }, /subnetIds: lists 'subnet-0123456789abcdef0' more than once/],
      ['a malformed CIDR', { publicAccessCidrs: ['203.0.113.0/33'] }, /publicAccessCidrs\[0\]: '203\.0\.113\.0\/33' is not an IPv4 CIDR.*Fix: list the office or VPN ranges/],
      ['a CIDR with host bits', { publicAccessCidrs: ['203.0.113.7/24'] }, /publicAccessCidrs\[0\]: '203\.0\.113\.7\/24' has host bits set/],
      ['an open endpoint when forbidden', { publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/0'], forbidOpenPublicEndpoint: true }, /publicAccessCidrs\[1\]: 0\.0\.0\.0\/0 opens the API endpoint.*Fix: list the office or VPN ranges, or leave publicAccessCidrs empty/],
      ['an admin that is not a role', { adminRoleArns: ['arn:aws:iam::123456789012:user/alice'] }, /adminRoleArns: 'arn:aws:iam::123456789012:user\/alice' is not a literal IAM role ARN/],
      ['an admin of another partition', { adminRoleArns: ['arn:aws-cn:iam::123456789012:role/admin'] }, /adminRoleArns: .* is not in the partition of eu-central-1 \(aws\)/],
      [
        'two admins with one role name',
        { adminRoleArns: ['arn:aws:iam::123456789012:role/admin', 'arn:aws:iam::210987654321:role/admin'] },
        /adminRoleArns: names the role\(s\) 'admin' more than once/,
      ],
      ['an invalid log retention', { logRetentionDays: 42 }, /logRetentionDays: 42 is not a retention CloudWatch Logs accepts/],
      [
        'a node group with min > max',
        { nodeGroups: { general: { instanceTypes: ['t3.medium'], minSize: 5, desiredSize: 5, maxSize: 3 } } },
        /cluster: nodeGroups\.general\.minSize: 5 is greater than maxSize 3\. Fix: make minSize <= maxSize/,
      ],
      [
        'a node group taint effect typo',
        { nodeGroups: { gpu: { instanceTypes: ['g5.xlarge'], minSize: 0, desiredSize: 0, maxSize: 1, taints: [{ key: 'gpu', effect: 'NoSchedule' as never }] } } },
        /nodeGroups\.gpu\.taints\[0\]\.effect: 'NoSchedule' is not a taint effect of the EKS API\. Fix: use one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE/,
      ],
      ['a name too long for the cluster role', { name: 'a'.repeat(60) }, /name: the cluster role name '.*-eks-cluster' is longer than IAM's 64 characters/],
      [
        'a node group name too long for its role',
        { nodeGroups: { ['n'.repeat(50)]: { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 1, maxSize: 1 } } },
        /cluster: nodeGroups\.n+: the node role name 'platform-test-n+-node' is longer than IAM's 64 characters/,
      ],
    ])('rejects %s, naming the construct path and the field', (_case, props, message) => {
      expect(() => synthCluster(props)).toThrow(message);
    });

    it('rejects a second node group of the same name', () => {
      expect(() =>
        synthJson((scope) => new EksCluster(scope, 'cluster', PROPS).addNodeGroup('general', { instanceTypes: ['t3.large'], minSize: 1, desiredSize: 1, maxSize: 2 })),
      ).toThrow(/cluster: nodeGroups\.general: already exists/);
    });
  });
});
