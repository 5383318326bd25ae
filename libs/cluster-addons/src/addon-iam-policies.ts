import type { IrsaAddonName } from './addon-catalog';

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
  // Condensed from the controller's published iam_policy.json (v2/v3): reads anywhere; creates and changes load
  // balancers, target groups and security groups only when they carry the controller's cluster tag.
  awsLoadBalancerController: () => [
    {
      Sid: 'ServiceLinkedRole',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Sid: 'Read',
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
        'ec2:DescribeCoipPools',
        'ec2:DescribeRouteTables',
        'ec2:GetCoipPoolUsage',
        'ec2:GetSecurityGroupsForVpc',
        'elasticloadbalancing:Describe*',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'cognito-idp:DescribeUserPoolClient',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'waf-regional:GetWebACL',
        'waf-regional:GetWebACLForResource',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
      ],
      Resource: '*',
    },
    {
      Sid: 'AttachWafAndShield',
      Effect: 'Allow',
      Action: ['waf-regional:AssociateWebACL', 'waf-regional:DisassociateWebACL', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL', 'shield:CreateProtection', 'shield:DeleteProtection'],
      Resource: '*',
    },
    {
      Sid: 'CreateTaggedSecurityGroupsAndLoadBalancers',
      Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup', 'elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: '*',
      Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } },
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'elasticloadbalancing:AddTags'],
      Resource: '*',
      Condition: {
        StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup', 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
        Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' },
      },
    },
    {
      Sid: 'ManageOwnResources',
      Effect: 'Allow',
      Action: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
        'ec2:CreateTags',
        'ec2:DeleteTags',
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
        'elasticloadbalancing:RegisterTargets',
        'elasticloadbalancing:DeregisterTargets',
      ],
      Resource: '*',
      Condition: { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } },
    },
    {
      Sid: 'ListenersAndRules',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:SetWebAcl',
      ],
      Resource: '*',
    },
  ],
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
  // Route 53 changes on hosted zones only (the zone id is not known offline); external-dns' own filter
  // (domainFilters, txtOwnerId) keeps it to the environment's zone and its own records.
  externalDns: (scope) => [
    { Sid: 'ChangeRecords', Effect: 'Allow', Action: ['route53:ChangeResourceRecordSets'], Resource: `arn:${scope.partition}:route53:::hostedzone/*` },
    { Sid: 'ReadZones', Effect: 'Allow', Action: ['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'], Resource: '*' },
  ],
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
