import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { policyDocument } from './private/monitoring-key';
import { ACCOUNT_ID, AWS_REGION, isLateBound, requirement } from './private/validation';

export interface ContainerInsightsProps {
  /** Name of the EKS cluster; a token from the cluster stack is fine (then give `roleName`). */
  readonly clusterName: string;
  /** AWS account id, for the trust policy's source account condition. */
  readonly accountId: string;
  /** Region of the cluster, for the partition of the managed policy ARN. */
  readonly region: string;
  /**
   * Exact add-on version (`aws eks describe-addon-versions --addon-name amazon-cloudwatch-observability
   * --kubernetes-version <v>`). Pinned so that a cluster upgrade never changes the agent implicitly; 3.1.0 or later
   * is needed for EKS Pod Identity.
   * @default ContainerInsights.DEFAULT_ADDON_VERSION
   */
  readonly addonVersion?: string;
  /**
   * Ship container logs to CloudWatch Logs with the add-on's Fluent Bit DaemonSet (`containerLogs.enabled`). Off:
   * the platform's logs go to Loki, and a second copy in CloudWatch would double the ingestion cost.
   * @default false
   */
  readonly containerLogs?: boolean;
  /**
   * Name of the agent's IAM role, at most 64 characters.
   * @default `<clusterName>-cloudwatch-agent`; required when `clusterName` is a token
   */
  readonly roleName?: string;
}

/** An EKS add-on version, e.g. `v4.10.3-eksbuild.1`. */
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Container Insights (with enhanced observability) on an EKS cluster through the EKS managed add-on
 * `amazon-cloudwatch-observability`: the CloudWatch agent publishes node, pod and cluster metrics to the
 * `ContainerInsights` namespace, which {@link ClusterAlarms} watch.
 *
 * - The agent's service account `amazon-cloudwatch/cloudwatch-agent` gets an IAM role through **EKS Pod Identity**
 *   (the cluster runs the `eks-pod-identity-agent` add-on): the role trusts `pods.eks.amazonaws.com` with
 *   `sts:AssumeRole` and `sts:TagSession`, only for this account and only for the session tags EKS sets for that
 *   cluster, namespace and service account; it carries the AWS managed `CloudWatchAgentServerPolicy`.
 * - The association and the role's policy exist before the add-on, so the agent has credentials from its first start.
 * - Container logs (Fluent Bit) are off unless `containerLogs` is set.
 * - The agent writes its performance events to `/aws/containerinsights/<cluster>/performance`
 *   ({@link ContainerInsights.performanceLogGroupName}); create that group with {@link ApplicationLogGroups}
 *   beforehand to give it a retention and encryption, or the agent creates it without expiry.
 */
export class ContainerInsights extends Construct {
  static readonly ADDON_NAME = 'amazon-cloudwatch-observability';
  /**
   * The pinned add-on version. v4.10.3-eksbuild.1 is the version AWS's own Application Signals demo pins (v5.3.0
   * dropped the agent's cluster-wide ConfigMap read, which breaks its EKS resource detection); its Helm chart
   * release was integration-tested on EKS 1.33. Confirm it for the cluster's version with describe-addon-versions.
   */
  static readonly DEFAULT_ADDON_VERSION = 'v4.10.3-eksbuild.1';
  /** The service account the add-on runs the CloudWatch agent as. */
  static readonly SERVICE_ACCOUNT = { namespace: 'amazon-cloudwatch', serviceAccount: 'cloudwatch-agent' } as const;
  static readonly RESOLVE_CONFLICTS_ON_CREATE = 'OVERWRITE';
  static readonly RESOLVE_CONFLICTS_ON_UPDATE = 'PRESERVE';

  readonly addon: EksAddon;
  /** The CloudWatch agent's role. */
  readonly role: IamRole;
  readonly podIdentityAssociation: EksPodIdentityAssociation;

  /** The log group the agent writes Container Insights performance events to. */
  static performanceLogGroupName(clusterName: string): string {
    return `/aws/containerinsights/${clusterName}/performance`;
  }

  constructor(scope: Construct, id: string, props: ContainerInsightsProps) {
    super(scope, id);
    const addonVersion = props.addonVersion ?? ContainerInsights.DEFAULT_ADDON_VERSION;
    const roleName = props.roleName ?? `${props.clusterName}-cloudwatch-agent`;
    this.validate(props, addonVersion, roleName);
    const { namespace, serviceAccount } = ContainerInsights.SERVICE_ACCOUNT;

    this.role = new IamRole(this, 'AgentRole', {
      name: roleName,
      description: `CloudWatch agent of Container Insights on ${props.clusterName} (EKS Pod Identity)`,
      assumeRolePolicy: policyDocument([
        {
          Sid: 'EksPodIdentityForTheCloudWatchAgent',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:SourceAccount': props.accountId,
              // Session tags EKS Pod Identity sets: only this cluster's agent service account may use the role.
              'aws:RequestTag/eks-cluster-name': props.clusterName,
              'aws:RequestTag/kubernetes-namespace': namespace,
              'aws:RequestTag/kubernetes-service-account': serviceAccount,
            },
          },
        },
      ]),
    });
    const policy = new IamRolePolicyAttachment(this, 'AgentRolePolicy', {
      role: this.role.name,
      policyArn: `arn:${partitionOf(props.region)}:iam::aws:policy/CloudWatchAgentServerPolicy`,
    });
    this.podIdentityAssociation = new EksPodIdentityAssociation(this, 'PodIdentityAssociation', {
      clusterName: props.clusterName,
      namespace,
      serviceAccount,
      roleArn: this.role.arn,
    });
    this.addon = new EksAddon(this, 'Addon', {
      clusterName: props.clusterName,
      addonName: ContainerInsights.ADDON_NAME,
      addonVersion,
      configurationValues: JSON.stringify({ containerLogs: { enabled: props.containerLogs ?? false } }),
      resolveConflictsOnCreate: ContainerInsights.RESOLVE_CONFLICTS_ON_CREATE,
      resolveConflictsOnUpdate: ContainerInsights.RESOLVE_CONFLICTS_ON_UPDATE,
      dependsOn: [this.podIdentityAssociation, policy],
    });
  }

  private validate(props: ContainerInsightsProps, addonVersion: string, roleName: string): void {
    const require = requirement(this);
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    require(
      ADDON_VERSION.test(addonVersion),
      'addonVersion',
      `'${addonVersion}' is not an EKS add-on version`,
      `use a version such as ${ContainerInsights.DEFAULT_ADDON_VERSION} (aws eks describe-addon-versions --addon-name ${ContainerInsights.ADDON_NAME})`,
    );
    const [major, minor] = addonVersion.slice(1).split('.').map(Number);
    require(
      major > 3 || (major === 3 && minor >= 1),
      'addonVersion',
      `${addonVersion} predates EKS Pod Identity support (3.1.0)`,
      `use ${ContainerInsights.DEFAULT_ADDON_VERSION} or another version from 3.1.0 on`,
    );
    require(
      props.roleName !== undefined || !isLateBound(props.clusterName),
      'roleName',
      'has no default when clusterName is a token',
      'pass roleName, e.g. `<cluster name>-cloudwatch-agent`',
    );
    require(isLateBound(roleName) || IAM_ROLE_NAME.test(roleName), 'roleName', `'${roleName}' is not an IAM role name of at most 64 characters`, 'use letters, digits and +=,.@_- only');
  }
}
