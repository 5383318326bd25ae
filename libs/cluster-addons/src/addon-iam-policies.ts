import type { IrsaAddonName } from './addon-catalog';
import { HOSTED_ZONE_ID } from './private/validation';

/** What the add-on policies are scoped to. */
export interface AddonPolicyScope {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  /** Secrets external-secrets may read: names under this prefix, e.g. `platform/production/`. */
  readonly secretsPrefix: string;
  /** Bucket velero writes backups to. */
  readonly backupBucketName: string;
  /** KMS key of the backup bucket. */
  readonly backupKeyArn: string;
  /** Route 53 hosted zone external-dns manages, e.g. `Z0123456789ABCDEFGHIJ` (without `/hostedzone/`). */
  readonly hostedZoneId: string;
}

type Statement = { readonly Sid: string; readonly Effect: 'Allow'; readonly Action: string[]; readonly Resource: string | string[]; readonly Condition?: object };

/**
 * The IAM policy of each add-on that calls AWS, as narrow as the add-on allows. Actions that AWS does not scope
 * by resource (`Describe*`, `List*`) stay on `*`; everything that changes something is limited to this cluster's
 * resources by tag condition or ARN.
 */
export function addonIamPolicy(addon: IrsaAddonName, scope: AddonPolicyScope): { Version: '2012-10-17'; Statement: Statement[] } {
  return { Version: '2012-10-17', Statement: STATEMENTS[addon](scope) };
}

const STATEMENTS: { readonly [K in IrsaAddonName]: (scope: AddonPolicyScope) => Statement[] } = {
  // As in the cluster-autoscaler AWS docs: describe everywhere, scale only groups EKS tagged for this cluster.
  clusterAutoscaler: (scope) => [
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
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${scope.clusterName}`]: 'owned' } },
    },
  ],
  awsLoadBalancerController: (scope) => awsLoadBalancerControllerStatements(scope),
  externalSecrets: (scope) => [
    {
      Sid: 'ReadPlatformSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:GetResourcePolicy'],
      Resource: `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.accountId}:secret:${scope.secretsPrefix}*`,
    },
    // The secrets are encrypted with a customer managed key of the data stack, unknown here: decrypt with any key of
    // the account, but only through Secrets Manager and only for these secrets (the encryption context names them).
    {
      Sid: 'DecryptPlatformSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: `arn:${scope.partition}:kms:${scope.region}:${scope.accountId}:key/*`,
      Condition: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${scope.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:SecretARN': `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.accountId}:secret:${scope.secretsPrefix}*` },
      },
    },
  ],
  // As in external-dns v0.21.0 docs/tutorials/aws.md, with the hosted zone ARN narrowed from `hostedzone/*` to the
  // environment's zone ("Further improvements" there): records of any other zone of the account are out of reach.
  // The chart passes the same id as --zone-id-filter, so external-dns never tries another zone.
  externalDns: (scope) => {
    if (!HOSTED_ZONE_ID.test(scope.hostedZoneId)) {
      throw new Error(`hostedZoneId: '${scope.hostedZoneId}' is not a Route 53 hosted zone id. Fix: set dnsZoneId of the environment to the id of its zone, e.g. Z0123456789ABCDEFGHIJ`);
    }
    return [
      {
        Sid: 'ChangeRecordsOfTheZone',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        Resource: `arn:${scope.partition}:route53:::hostedzone/${scope.hostedZoneId}`,
      },
      // ListHostedZones authorizes on no resource: external-dns lists every zone and keeps the filtered one.
      { Sid: 'ListZones', Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: '*' },
    ];
  },
  // As in velero-plugin-for-aws' README: snapshots of this cluster's volumes, objects in the backup bucket only.
  velero: (scope) => [
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
      Resource: `arn:${scope.partition}:s3:::${scope.backupBucketName}/*`,
    },
    { Sid: 'BackupBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: `arn:${scope.partition}:s3:::${scope.backupBucketName}` },
    { Sid: 'BackupKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], Resource: scope.backupKeyArn },
  ],
};

/** Tag the AWS Load Balancer Controller puts on every security group, load balancer and target group it creates. */
const ELBV2_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/**
 * The AWS Load Balancer Controller's policy, statement by statement as upstream publishes it for v3.5.0 (the app
 * version of the pinned chart 3.5.0): kubernetes-sigs/aws-load-balancer-controller, tag v3.5.0,
 * `docs/install/iam_policy.json`. When the chart is bumped, diff that file between the two tags and carry the
 * changes over here. Differences from upstream, all narrower:
 * - ARNs name this cluster's partition, region and account instead of `*:*`;
 * - the unconditioned security group statements (`AuthorizeSecurityGroupIngress` / `RevokeSecurityGroupIngress` on
 *   the node and cluster security groups, `CreateSecurityGroup`) are limited to security groups and VPCs of this
 *   region and account instead of `*`.
 *
 * Each tag-on-create statement tests one service's `CreateAction` key: a request carries either `ec2:CreateAction`
 * or `elasticloadbalancing:CreateAction`, never both, so one condition block naming both would match nothing.
 */
function awsLoadBalancerControllerStatements(scope: AddonPolicyScope): Statement[] {
  const ec2 = (resource: string) => `arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}:${resource}`;
  const elb = (resource: string) => `arn:${scope.partition}:elasticloadbalancing:${scope.region}:${scope.accountId}:${resource}`;
  const securityGroups = ec2('security-group/*');
  const loadBalancersAndTargetGroups = [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')];
  /** The request tags the resource for a cluster (on create). */
  const taggingForCluster = { [`aws:RequestTag/${ELBV2_CLUSTER_TAG}`]: 'false' };
  /** The resource is one the controller created (it carries the cluster tag). */
  const createdByController = { [`aws:ResourceTag/${ELBV2_CLUSTER_TAG}`]: 'false' };
  /** The resource carries the cluster tag and the request leaves that tag alone (no claiming foreign resources). */
  const retaggingOwnResource = { [`aws:RequestTag/${ELBV2_CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${ELBV2_CLUSTER_TAG}`]: 'false' };
  return [
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
    // The node and cluster security groups are not the controller's: it opens them to its load balancers.
    { Sid: 'OpenNodeSecurityGroups', Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], Resource: securityGroups },
    { Sid: 'CreateSecurityGroups', Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: [securityGroups, ec2('vpc/*')] },
    {
      Sid: 'TagSecurityGroupsOnCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: securityGroups,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: taggingForCluster },
    },
    { Sid: 'RetagOwnSecurityGroups', Effect: 'Allow', Action: ['ec2:CreateTags', 'ec2:DeleteTags'], Resource: securityGroups, Condition: { Null: retaggingOwnResource } },
    {
      Sid: 'ManageOwnSecurityGroups',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: securityGroups,
      Condition: { Null: createdByController },
    },
    {
      Sid: 'CreateTaggedLoadBalancers',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: '*',
      Condition: { Null: taggingForCluster },
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
      Condition: { Null: retaggingOwnResource },
    },
    {
      Sid: 'TagListenersAndRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [elb('listener/net/*/*/*'), elb('listener/app/*/*/*'), elb('listener-rule/net/*/*/*'), elb('listener-rule/app/*/*/*')],
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
      Condition: { Null: createdByController },
    },
    {
      Sid: 'TagLoadBalancersOnCreate',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags'],
      Resource: loadBalancersAndTargetGroups,
      Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, Null: taggingForCluster },
    },
    // TargetGroupBindings may name target groups created outside the cluster, so registration is not tag-scoped.
    { Sid: 'RegisterTargets', Effect: 'Allow', Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], Resource: elb('targetgroup/*/*') },
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
  ];
}
