import { IRSA_ADDON_NAMES, IrsaAddonName } from './addon-catalog';
import { addonIamPolicy, AddonPolicyScope } from './addon-iam-policies';
import { decide, KMS_KEY_POLICY_ENABLING_IAM, SimulatedRequest } from './private/iam-simulation';

const SCOPE: AddonPolicyScope = {
  partition: 'aws',
  accountId: '123456789012',
  region: 'eu-central-1',
  clusterName: 'platform-staging',
  secretsPrefix: 'platform/staging/',
  backupBucketName: 'platform-staging-backups',
  backupKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/backup',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
};

describe('addonIamPolicy', () => {
  it.each(IRSA_ADDON_NAMES)('%s: every statement that changes something is scoped by ARN or tag condition', (addon) => {
    const unscoped = addonIamPolicy(addon, SCOPE)
      .Statement.filter((statement) => statement.Resource === '*' && statement.Condition === undefined)
      .map((statement) => ({ addon, sid: statement.Sid, writes: statement.Action.filter((action) => !/^[\w-]+:(Describe|List|Get)/.test(action)) }))
      .filter(({ writes }) => writes.length > 0);
    // Only actions AWS cannot scope by resource may stay unconditioned.
    expect(unscoped.filter(({ sid }) => !/^(CertificatesWafAndShield|ListenersAndRules|ModifyListenersAndRules|VolumeSnapshots)$/.test(sid))).toEqual([]);
  });

  it('lets cluster-autoscaler scale only this cluster’s node groups', () => {
    const scale = addonIamPolicy('clusterAutoscaler', SCOPE).Statement.find((s) => s.Action.includes('autoscaling:SetDesiredCapacity'));
    expect(scale?.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/platform-staging': 'owned' } });
  });

  it('lets external-secrets read and decrypt only the environment’s secrets', () => {
    const secrets = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:platform/staging/*';
    expect(addonIamPolicy('externalSecrets', SCOPE).Statement).toEqual([
      {
        Sid: 'ReadPlatformSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:GetResourcePolicy'],
        Resource: secrets,
      },
      {
        Sid: 'DecryptPlatformSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: 'arn:aws:kms:eu-central-1:123456789012:key/*',
        Condition: {
          StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' },
          StringLike: { 'kms:EncryptionContext:SecretARN': secrets },
        },
      },
    ]);
  });

  it('lets velero write only to its bucket with its key', () => {
    const resources = addonIamPolicy('velero', SCOPE).Statement.flatMap((s) => s.Resource);
    expect(resources).toEqual(['*', 'arn:aws:s3:::platform-staging-backups/*', 'arn:aws:s3:::platform-staging-backups', 'arn:aws:kms:eu-central-1:123456789012:key/backup']);
  });

  // Issue 21: every statement pinned as written (Sid, Effect, Action, Resource, Condition), so a dropped or changed
  // action, resource or statement fails here even where the evaluations below do not exercise it.
  describe('the exact policy of each add-on', () => {
    it('cluster-autoscaler: describe everywhere, scale only groups tagged for this cluster', () => {
      expect(addonIamPolicy('clusterAutoscaler', SCOPE)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Discover',
            Effect: 'Allow',
            Action: [
              'autoscaling:DescribeAutoScalingGroups',
              'autoscaling:DescribeAutoScalingInstances',
              'autoscaling:DescribeLaunchConfigurations',
              'autoscaling:DescribeScalingActivities',
              'autoscaling:DescribeTags',
              'ec2:DescribeImages',
              'ec2:DescribeInstanceTypes',
              'ec2:DescribeLaunchTemplateVersions',
              'ec2:GetInstanceTypesFromInstanceRequirements',
              'eks:DescribeNodegroup',
            ],
            Resource: '*',
          },
          {
            Sid: 'ScaleThisClustersGroups',
            Effect: 'Allow',
            Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/platform-staging': 'owned' } },
          },
        ],
      });
    });

    it('external-dns: records of the environment’s zone only, plus listing the zones', () => {
      expect(addonIamPolicy('externalDns', SCOPE)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ChangeRecordsOfTheZone',
            Effect: 'Allow',
            Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
            Resource: 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ',
          },
          { Sid: 'ListZones', Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: '*' },
        ],
      });
    });

    it('velero: snapshots, objects of its bucket, its key', () => {
      expect(addonIamPolicy('velero', SCOPE)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'VolumeSnapshots',
            Effect: 'Allow',
            Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:CreateTags', 'ec2:CreateVolume', 'ec2:CreateSnapshot', 'ec2:DeleteSnapshot'],
            Resource: '*',
          },
          {
            Sid: 'BackupObjects',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:DeleteObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
            Resource: 'arn:aws:s3:::platform-staging-backups/*',
          },
          { Sid: 'BackupBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::platform-staging-backups' },
          { Sid: 'BackupKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], Resource: 'arn:aws:kms:eu-central-1:123456789012:key/backup' },
        ],
      });
    });

    it('AWS Load Balancer Controller: upstream v3.5.0, ARNs narrowed to this partition, region and account', () => {
      const securityGroups = 'arn:aws:ec2:eu-central-1:123456789012:security-group/*';
      const loadBalancersAndTargetGroups = [
        'arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/*/*',
        'arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/*/*',
        'arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/*/*',
      ];
      const requestTagged = { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' };
      const resourceTagged = { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' };
      const retagging = { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' };
      expect(addonIamPolicy('awsLoadBalancerController', SCOPE)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ServiceLinkedRole',
            Effect: 'Allow',
            Action: ['iam:CreateServiceLinkedRole'],
            Resource: '*',
            Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
          },
          {
            Sid: 'ReadNetworkAndLoadBalancers',
            Effect: 'Allow',
            Action: [
              'ec2:DescribeAccountAttributes',
              'ec2:DescribeAddresses',
              'ec2:DescribeAvailabilityZones',
              'ec2:DescribeInternetGateways',
              'ec2:DescribeVpcs',
              'ec2:DescribeVpcPeeringConnections',
              'ec2:DescribeSubnets',
              'ec2:DescribeSecurityGroups',
              'ec2:DescribeInstances',
              'ec2:DescribeNetworkInterfaces',
              'ec2:DescribeTags',
              'ec2:GetCoipPoolUsage',
              'ec2:DescribeCoipPools',
              'ec2:GetSecurityGroupsForVpc',
              'ec2:DescribeIpamPools',
              'ec2:DescribeRouteTables',
              'elasticloadbalancing:DescribeLoadBalancers',
              'elasticloadbalancing:DescribeLoadBalancerAttributes',
              'elasticloadbalancing:DescribeListeners',
              'elasticloadbalancing:DescribeListenerCertificates',
              'elasticloadbalancing:DescribeSSLPolicies',
              'elasticloadbalancing:DescribeRules',
              'elasticloadbalancing:DescribeTargetGroups',
              'elasticloadbalancing:DescribeTargetGroupAttributes',
              'elasticloadbalancing:DescribeTargetHealth',
              'elasticloadbalancing:DescribeTags',
              'elasticloadbalancing:DescribeTrustStores',
              'elasticloadbalancing:DescribeListenerAttributes',
              'elasticloadbalancing:DescribeCapacityReservation',
            ],
            Resource: '*',
          },
          {
            Sid: 'CertificatesWafAndShield',
            Effect: 'Allow',
            Action: [
              'cognito-idp:DescribeUserPoolClient',
              'acm:ListCertificates',
              'acm:DescribeCertificate',
              'iam:ListServerCertificates',
              'iam:GetServerCertificate',
              'waf-regional:GetWebACL',
              'waf-regional:GetWebACLForResource',
              'waf-regional:AssociateWebACL',
              'waf-regional:DisassociateWebACL',
              'wafv2:GetWebACL',
              'wafv2:GetWebACLForResource',
              'wafv2:AssociateWebACL',
              'wafv2:DisassociateWebACL',
              'shield:GetSubscriptionState',
              'shield:DescribeProtection',
              'shield:CreateProtection',
              'shield:DeleteProtection',
            ],
            Resource: '*',
          },
          { Sid: 'OpenNodeSecurityGroups', Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], Resource: securityGroups },
          { Sid: 'CreateSecurityGroups', Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: [securityGroups, 'arn:aws:ec2:eu-central-1:123456789012:vpc/*'] },
          {
            Sid: 'TagSecurityGroupsOnCreate',
            Effect: 'Allow',
            Action: ['ec2:CreateTags'],
            Resource: securityGroups,
            Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: requestTagged },
          },
          { Sid: 'RetagOwnSecurityGroups', Effect: 'Allow', Action: ['ec2:CreateTags', 'ec2:DeleteTags'], Resource: securityGroups, Condition: { Null: retagging } },
          {
            Sid: 'ManageOwnSecurityGroups',
            Effect: 'Allow',
            Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
            Resource: securityGroups,
            Condition: { Null: resourceTagged },
          },
          {
            Sid: 'CreateTaggedLoadBalancers',
            Effect: 'Allow',
            Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
            Resource: '*',
            Condition: { Null: requestTagged },
          },
          {
            Sid: 'ListenersAndRules',
            Effect: 'Allow',
            Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule'],
            Resource: '*',
          },
          {
            Sid: 'RetagOwnLoadBalancers',
            Effect: 'Allow',
            Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
            Resource: loadBalancersAndTargetGroups,
            Condition: { Null: retagging },
          },
          {
            Sid: 'TagListenersAndRules',
            Effect: 'Allow',
            Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
            Resource: [
              'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/net/*/*/*',
              'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/*/*/*',
              'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener-rule/net/*/*/*',
              'arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener-rule/app/*/*/*',
            ],
          },
          {
            Sid: 'ManageOwnLoadBalancers',
            Effect: 'Allow',
            Action: [
              'elasticloadbalancing:ModifyLoadBalancerAttributes',
              'elasticloadbalancing:SetIpAddressType',
              'elasticloadbalancing:SetSecurityGroups',
              'elasticloadbalancing:SetSubnets',
              'elasticloadbalancing:DeleteLoadBalancer',
              'elasticloadbalancing:ModifyTargetGroup',
              'elasticloadbalancing:ModifyTargetGroupAttributes',
              'elasticloadbalancing:DeleteTargetGroup',
              'elasticloadbalancing:ModifyListenerAttributes',
              'elasticloadbalancing:ModifyCapacityReservation',
              'elasticloadbalancing:ModifyIpPools',
            ],
            Resource: '*',
            Condition: { Null: resourceTagged },
          },
          {
            Sid: 'TagLoadBalancersOnCreate',
            Effect: 'Allow',
            Action: ['elasticloadbalancing:AddTags'],
            Resource: loadBalancersAndTargetGroups,
            Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, Null: requestTagged },
          },
          {
            Sid: 'RegisterTargets',
            Effect: 'Allow',
            Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
            Resource: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/*/*',
          },
          {
            Sid: 'ModifyListenersAndRules',
            Effect: 'Allow',
            Action: [
              'elasticloadbalancing:SetWebAcl',
              'elasticloadbalancing:ModifyListener',
              'elasticloadbalancing:AddListenerCertificates',
              'elasticloadbalancing:RemoveListenerCertificates',
              'elasticloadbalancing:ModifyRule',
              'elasticloadbalancing:SetRulePriorities',
            ],
            Resource: '*',
          },
        ],
      });
    });

    it('names the scope’s partition, region and account in every ARN (GovCloud)', () => {
      const gov: AddonPolicyScope = { ...SCOPE, partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '210987654321', backupKeyArn: 'arn:aws-us-gov:kms:us-gov-west-1:210987654321:key/backup' };
      const written = IRSA_ADDON_NAMES.flatMap((addon) => addonIamPolicy(addon, gov).Statement.flatMap((s) => [s.Resource, JSON.stringify(s.Condition ?? {})].flat()));
      expect(written.filter((text) => /arn:aws:|eu-central-1|123456789012/.test(text))).toEqual([]);
      expect(written).toEqual(
        expect.arrayContaining([
          'arn:aws-us-gov:secretsmanager:us-gov-west-1:210987654321:secret:platform/staging/*',
          'arn:aws-us-gov:kms:us-gov-west-1:210987654321:key/*',
          'arn:aws-us-gov:route53:::hostedzone/Z0123456789ABCDEFGHIJ',
          'arn:aws-us-gov:s3:::platform-staging-backups',
          'arn:aws-us-gov:ec2:us-gov-west-1:210987654321:security-group/*',
          'arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:210987654321:targetgroup/*/*',
        ]),
      );
    });
  });

  describe('awsLoadBalancerController, evaluated by IAM', () => {
    const policy = addonIamPolicy('awsLoadBalancerController', SCOPE);
    const ec2 = (resource: string) => `arn:aws:ec2:eu-central-1:123456789012:${resource}`;
    const elb = (resource: string) => `arn:aws:elasticloadbalancing:eu-central-1:123456789012:${resource}`;
    const SG = ec2('security-group/sg-0a1b2c3d4e5f60718');
    const NODE_SG = ec2('security-group/sg-0f1e2d3c4b5a69788');
    const NLB = elb('loadbalancer/net/k8s-ingressn-ingressn-1a2b3c4d5e/0123456789abcdef');
    const ALB = elb('loadbalancer/app/k8s-web-3f2e1d0c9b/0123456789abcdef');
    const TG = elb('targetgroup/k8s-ingressn-ingressn-1a2b3c4d5e/0123456789abcdef');
    const LISTENER = elb('listener/net/k8s-ingressn-ingressn-1a2b3c4d5e/0123456789abcdef/fedcba9876543210');
    const RULE = elb('listener-rule/app/k8s-web-3f2e1d0c9b/0123456789abcdef/fedcba9876543210/0a1b2c3d4e5f6071');
    const CLASSIC_ADD_TAGS = 'iam-data lists only the Classic Load Balancer AddTags, on load balancers';
    // What the controller sends when it creates a resource: its cluster tag plus its stack and resource tags.
    const clusterTagged = { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'platform-staging', 'aws:TagKeys': ['elbv2.k8s.aws/cluster', 'service.k8s.aws/stack', 'service.k8s.aws/resource'] };
    const ownedByCluster = { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'platform-staging' };
    const ownedByOthers = { 'aws:ResourceTag/team': 'payments' };

    it.each<[string, SimulatedRequest]>([
      ['create a security group tagged for the cluster', { action: 'ec2:CreateSecurityGroup', resource: SG, context: clusterTagged }],
      ['create it in the VPC', { action: 'ec2:CreateSecurityGroup', resource: ec2('vpc/vpc-0123abcd') }],
      ['tag the security group it creates', { action: 'ec2:CreateTags', resource: SG, context: { ...clusterTagged, 'ec2:CreateAction': 'CreateSecurityGroup' } }],
      ['create a load balancer tagged for the cluster', { action: 'elasticloadbalancing:CreateLoadBalancer', resource: NLB, context: clusterTagged }],
      ['tag the load balancer it creates', { action: 'elasticloadbalancing:AddTags', resource: NLB, context: { ...clusterTagged, 'elasticloadbalancing:CreateAction': 'CreateLoadBalancer' } }],
      ['create a target group tagged for the cluster', { action: 'elasticloadbalancing:CreateTargetGroup', resource: TG, context: clusterTagged }],
      [
        'tag the target group it creates',
        { action: 'elasticloadbalancing:AddTags', resource: TG, context: { ...clusterTagged, 'elasticloadbalancing:CreateAction': 'CreateTargetGroup' }, unvalidatedBecause: CLASSIC_ADD_TAGS },
      ],
      ['open the node security group to the load balancer', { action: 'ec2:AuthorizeSecurityGroupIngress', resource: NODE_SG }],
      ['close it again', { action: 'ec2:RevokeSecurityGroupIngress', resource: NODE_SG }],
      ['delete a security group of the cluster', { action: 'ec2:DeleteSecurityGroup', resource: SG, context: ownedByCluster }],
      ['retag a security group of the cluster, keeping the cluster tag', { action: 'ec2:CreateTags', resource: SG, context: { ...ownedByCluster, 'aws:TagKeys': ['service.k8s.aws/stack'] } }],
      ['change a load balancer of the cluster', { action: 'elasticloadbalancing:ModifyLoadBalancerAttributes', resource: ALB, context: ownedByCluster }],
      ['change listener attributes of a load balancer of the cluster', { action: 'elasticloadbalancing:ModifyListenerAttributes', resource: LISTENER, context: ownedByCluster }],
      ['delete a load balancer of the cluster', { action: 'elasticloadbalancing:DeleteLoadBalancer', resource: NLB, context: ownedByCluster }],
      ['delete a target group of the cluster', { action: 'elasticloadbalancing:DeleteTargetGroup', resource: TG, context: ownedByCluster }],
      ['register pods in a target group (TargetGroupBinding)', { action: 'elasticloadbalancing:RegisterTargets', resource: TG }],
      ['tag a listener', { action: 'elasticloadbalancing:AddTags', resource: LISTENER, context: clusterTagged, unvalidatedBecause: CLASSIC_ADD_TAGS }],
      ['reorder listener rules', { action: 'elasticloadbalancing:SetRulePriorities', resource: RULE }],
      // The shared ALB: the IngressClassParams name its certificate and REGIONAL web ACL, which the controller reads and associates.
      ['read the ACM certificate of the ALB', { action: 'acm:DescribeCertificate', resource: 'arn:aws:acm:eu-central-1:123456789012:certificate/0000-1111' }],
      ['read the REGIONAL web ACL', { action: 'wafv2:GetWebACL', resource: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform-staging-ingress/2222' }],
      ['associate the web ACL with the ALB', { action: 'wafv2:AssociateWebACL', resource: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform-staging-ingress/2222' }],
      ['find the web ACL of the ALB', { action: 'wafv2:GetWebACLForResource', resource: ALB }],
    ])('may %s', async (_case, request) => {
      expect(await decide(policy, request)).toBe('Allowed');
    });

    it.each<[string, SimulatedRequest]>([
      ['create a load balancer without the cluster tag', { action: 'elasticloadbalancing:CreateLoadBalancer', resource: NLB, context: { 'aws:RequestTag/team': 'payments', 'aws:TagKeys': ['team'] } }],
      ['change a load balancer not tagged for the cluster', { action: 'elasticloadbalancing:ModifyLoadBalancerAttributes', resource: ALB, context: ownedByOthers }],
      ['delete a load balancer not tagged for the cluster', { action: 'elasticloadbalancing:DeleteLoadBalancer', resource: NLB, context: ownedByOthers }],
      ['delete a target group not tagged for the cluster', { action: 'elasticloadbalancing:DeleteTargetGroup', resource: TG, context: ownedByOthers }],
      ['delete a security group not tagged for the cluster', { action: 'ec2:DeleteSecurityGroup', resource: NODE_SG, context: ownedByOthers }],
      ['claim a foreign security group by tagging it for the cluster', { action: 'ec2:CreateTags', resource: NODE_SG, context: { ...ownedByOthers, ...clusterTagged } }],
      ['claim a foreign load balancer by tagging it for the cluster', { action: 'elasticloadbalancing:AddTags', resource: ALB, context: { ...ownedByOthers, ...clusterTagged } }],
      [
        'claim a foreign target group by tagging it for the cluster',
        { action: 'elasticloadbalancing:AddTags', resource: TG, context: { ...ownedByOthers, ...clusterTagged }, unvalidatedBecause: CLASSIC_ADD_TAGS },
      ],
      ['tag instances it launches', { action: 'ec2:CreateTags', resource: ec2('instance/i-0123456789abcdef0'), context: { ...clusterTagged, 'ec2:CreateAction': 'RunInstances' } }],
      ['open a security group of another region', { action: 'ec2:AuthorizeSecurityGroupIngress', resource: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718' }],
      ['create IAM users', { action: 'iam:CreateUser', resource: 'arn:aws:iam::123456789012:user/intruder' }],
    ])('may not %s', async (_case, request) => {
      expect(await decide(policy, request)).toBe('ImplicitlyDenied');
    });
  });

  it('conditions each Load Balancer Controller statement exactly as upstream (Null on the cluster tag: "false" = present)', () => {
    const requestTagged = { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' };
    const resourceTagged = { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' };
    const retagging = { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' };
    const conditions = Object.fromEntries(addonIamPolicy('awsLoadBalancerController', SCOPE).Statement.map(({ Sid, Condition }) => [Sid, Condition]));
    expect(conditions).toEqual({
      ServiceLinkedRole: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
      ReadNetworkAndLoadBalancers: undefined,
      CertificatesWafAndShield: undefined,
      OpenNodeSecurityGroups: undefined,
      CreateSecurityGroups: undefined,
      TagSecurityGroupsOnCreate: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: requestTagged },
      RetagOwnSecurityGroups: { Null: retagging },
      ManageOwnSecurityGroups: { Null: resourceTagged },
      CreateTaggedLoadBalancers: { Null: requestTagged },
      ListenersAndRules: undefined,
      RetagOwnLoadBalancers: { Null: retagging },
      TagListenersAndRules: undefined,
      ManageOwnLoadBalancers: { Null: resourceTagged },
      TagLoadBalancersOnCreate: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, Null: requestTagged },
      RegisterTargets: undefined,
      ModifyListenersAndRules: undefined,
    });
  });

  describe('externalDns, evaluated by IAM', () => {
    const policy = addonIamPolicy('externalDns', SCOPE);
    const OWN_ZONE = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
    const OTHER_ZONE = 'arn:aws:route53:::hostedzone/Z9876543210ZYXWVUTSRQ';
    // What external-dns sends when it publishes an Ingress: the A record and its TXT ownership record.
    const upsert = {
      'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
      'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT'],
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['api.staging.example.com', 'a-api.staging.example.com'],
    };

    it.each<[string, SimulatedRequest]>([
      ['change records of the environment’s zone', { action: 'route53:ChangeResourceRecordSets', resource: OWN_ZONE, context: upsert }],
      ['list records of the environment’s zone', { action: 'route53:ListResourceRecordSets', resource: OWN_ZONE }],
      ['read the tags of the environment’s zone', { action: 'route53:ListTagsForResources', resource: OWN_ZONE }],
      ['list the hosted zones (to find its own)', { action: 'route53:ListHostedZones', resource: '*' }],
    ])('may %s', async (_case, request) => {
      expect(await decide(policy, request)).toBe('Allowed');
    });

    it.each<[string, SimulatedRequest]>([
      ['change records of another zone of the account', { action: 'route53:ChangeResourceRecordSets', resource: OTHER_ZONE, context: upsert }],
      ['list records of another zone', { action: 'route53:ListResourceRecordSets', resource: OTHER_ZONE }],
      ['delete the environment’s zone', { action: 'route53:DeleteHostedZone', resource: OWN_ZONE }],
    ])('may not %s', async (_case, request) => {
      expect(await decide(policy, request)).toBe('ImplicitlyDenied');
    });

    it.each(['', '/hostedzone/Z0123456789ABCDEFGHIJ', '*'])('refuses the hosted zone id %p', (hostedZoneId) => {
      expect(() => addonIamPolicy('externalDns', { ...SCOPE, hostedZoneId })).toThrow(/^hostedZoneId: '.*' is not a Route 53 hosted zone id\. Fix: set dnsZoneId of the environment/);
    });
  });

  describe('the other add-ons, evaluated by IAM', () => {
    const ASG = (name: string) => `arn:aws:autoscaling:eu-central-1:123456789012:autoScalingGroup:5f3a9c1e-0b2d-4e6f-8a7c-1d2e3f4a5b6c:autoScalingGroupName/${name}`;
    const secret = (name: string) => `arn:aws:secretsmanager:eu-central-1:123456789012:secret:${name}-AbCdEf`;
    // kms:Decrypt through Secrets Manager is checked as JSON above: iam-simulate drops kms:EncryptionContext:<key>
    // from the request (it matches variable keys only after a slash), and its unvalidated mode fails on key policies.
    it.each<[string, IrsaAddonName, SimulatedRequest]>([
      ['cluster-autoscaler scales a node group of this cluster', 'clusterAutoscaler', { action: 'autoscaling:SetDesiredCapacity', resource: ASG('eks-general-1'), context: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/platform-staging': 'owned' } }],
      [
        'cluster-autoscaler removes a node of this cluster',
        'clusterAutoscaler',
        { action: 'autoscaling:TerminateInstanceInAutoScalingGroup', resource: ASG('eks-general-1'), context: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/platform-staging': 'owned' } },
      ],
      ['external-secrets reads an environment secret', 'externalSecrets', { action: 'secretsmanager:GetSecretValue', resource: secret('platform/staging/database') }],
      ['velero writes a backup object', 'velero', { action: 's3:PutObject', resource: 'arn:aws:s3:::platform-staging-backups/platform-staging/backups/daily/velero-backup.json' }],
      ['velero encrypts it with the backup key', 'velero', { action: 'kms:GenerateDataKey', resource: 'arn:aws:kms:eu-central-1:123456789012:key/backup', resourcePolicy: KMS_KEY_POLICY_ENABLING_IAM }],
      ['velero snapshots a volume', 'velero', { action: 'ec2:CreateSnapshot', resource: 'arn:aws:ec2:eu-central-1:123456789012:volume/vol-0123456789abcdef0' }],
    ])('%s', async (_case, addon, request) => {
      expect(await decide(addonIamPolicy(addon, SCOPE), request)).toBe('Allowed');
    });

    it.each<[string, IrsaAddonName, SimulatedRequest]>([
      [
        'cluster-autoscaler may not scale another cluster’s node group',
        'clusterAutoscaler',
        { action: 'autoscaling:SetDesiredCapacity', resource: ASG('eks-other-1'), context: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/platform-production': 'owned' } },
      ],
      ['external-secrets may not read another environment’s secret', 'externalSecrets', { action: 'secretsmanager:GetSecretValue', resource: secret('platform/production/database') }],
      ['velero may not write to another bucket', 'velero', { action: 's3:PutObject', resource: 'arn:aws:s3:::platform-production-backups/backups/velero-backup.json' }],
    ])('%s', async (_case, addon, request) => {
      expect(await decide(addonIamPolicy(addon, SCOPE), request)).toBe('ImplicitlyDenied');
    });
  });
});
