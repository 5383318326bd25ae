import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { partitionOf } from '@platform/core';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { awsManagedPolicyArn, serviceTrustPolicy } from './private/iam';
import { defaultAmiType, validateNodeGroupOptions } from './private/node-group-validation';
import { AWS_REGION, IAM_ROLE_NAME, idFor, isLateBound, requirement } from './private/validation';

// The environment config checks node groups with the same rules before any construct exists.
export {
  AMI_TYPES,
  CAPACITY_TYPES,
  defaultAmiType,
  INSTANCE_TYPE,
  LABEL_KEY,
  LABEL_VALUE,
  MAX_DISK_SIZE_GIB,
  MAX_TAINTS,
  MAX_UNAVAILABLE_LIMIT,
  MIN_DISK_SIZE_GIB,
  TAINT_EFFECTS,
} from './private/node-group-validation';

/** A Kubernetes taint on every node of a group. */
export interface NodeTaint {
  readonly key: string;
  /**
   * Value of the taint.
   * @default - no value
   */
  readonly value?: string;
  /** The EKS API's effect names: `NO_SCHEDULE`, `NO_EXECUTE` or `PREFER_NO_SCHEDULE`. */
  readonly effect: 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';
}

/** What a node group is made of; the cluster supplies the rest ({@link ManagedNodeGroupProps}). */
export interface NodeGroupOptions {
  /**
   * `ON_DEMAND`, or `SPOT` for interruptible capacity (list several instance types so spot can draw from many pools).
   * @default 'ON_DEMAND'
   */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  /** EC2 instance types, e.g. `['t3.medium']`; all of one architecture (x86_64 or Graviton arm64). */
  readonly instanceTypes: readonly string[];
  /** Fewest nodes; 0 lets the cluster autoscaler scale the group to zero. */
  readonly minSize: number;
  /**
   * Nodes at creation. Afterwards the cluster autoscaler owns the number: Terraform ignores changes to it
   * (`lifecycle.ignore_changes`), so a plan never scales the group back.
   */
  readonly desiredSize: number;
  /** Most nodes; at least 1. */
  readonly maxSize: number;
  /**
   * Kubernetes labels of every node.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Kubernetes taints of every node.
   * @default []
   */
  readonly taints?: readonly NodeTaint[];
  /**
   * Nodes replaced at once during a rolling update (1–100). Excludes `maxUnavailablePercentage`.
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * Percentage of nodes replaced at once during a rolling update (1–100). Excludes `maxUnavailable`.
   * @default - maxUnavailable 1
   */
  readonly maxUnavailablePercentage?: number;
  /**
   * Size of the encrypted gp3 root volume (`/dev/xvda`), in GiB, 20–16384.
   * @default 50
   */
  readonly diskSizeGiB?: number;
  /**
   * KMS key encrypting the root volumes. A customer managed key must let the EC2 Auto Scaling service-linked role
   * (`AWSServiceRoleForAutoScaling`) use it and create grants, or nodes fail to launch.
   * @default - the account's AWS managed EBS key (`aws/ebs`)
   */
  readonly volumeKmsKeyArn?: string;
  /**
   * IMDSv2 PUT response hop limit. A pod that is not on the host network sits one network hop behind the node
   * (its own network namespace), so with 1 only host-network pods (aws-node, kube-proxy) reach the instance metadata
   * service. 2 is EKS's own default for managed node groups: pods may then read IMDS and, through it, the node role's
   * credentials, which anything not yet on IRSA or EKS Pod Identity (and software reading region or instance
   * identity from IMDS) relies on. Use 1 once every pod that calls AWS has its own role.
   * @default 2
   */
  readonly metadataHopLimit?: 1 | 2;
  /**
   * EKS AMI type; the launch template sizes `/dev/xvda`, so only AL2023 types are accepted. GPU instances need
   * `AL2023_x86_64_NVIDIA` (or `AL2023_ARM_64_NVIDIA`), Inferentia/Trainium `AL2023_x86_64_NEURON`.
   * @default - AL2023_ARM_64_STANDARD when every instance type is Graviton (m7g, c6gn, t4g, …), else AL2023_x86_64_STANDARD
   */
  readonly amiType?: string;
  /**
   * Tags of the node group, its launch template, and the instances and volumes it launches.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ManagedNodeGroupProps extends NodeGroupOptions {
  /** Node group name, unique in the cluster, e.g. `general`; renaming replaces the group. */
  readonly name: string;
  /** Name of the EKS cluster; a reference to the cluster resource (`EksCluster.clusterName`) orders the group after it. */
  readonly clusterName: string;
  /** Region of the cluster, for the partition of IAM policy ARNs. */
  readonly region: string;
  /** Subnets the nodes are launched in: the cluster's private subnets. */
  readonly subnetIds: readonly string[];
  /**
   * Kubernetes version of the nodes; pass the cluster's `version` attribute so a cluster upgrade rolls the nodes.
   * @default - the cluster's version when the group is created, never upgraded by Terraform
   */
  readonly kubernetesVersion?: string;
  /**
   * Security groups of the nodes' network interfaces (and so of their pods). When set it must include the cluster
   * security group: EKS attaches that group only to nodes whose launch template names none.
   * @default - none in the launch template: EKS attaches the cluster security group
   */
  readonly securityGroupIds?: readonly string[];
  /**
   * Prefix of the node IAM role name (`<prefix>-node`, at most 64 characters) and the launch template name.
   * @default - `<clusterName>-<name>`; required when clusterName is a token
   */
  readonly namePrefix?: string;
}

/** The seed design's node groups: general on-demand capacity, and spot capacity tainted for AI workloads. */
export const DEFAULT_NODE_GROUPS: Readonly<Record<string, NodeGroupOptions>> = {
  general: {
    capacityType: 'ON_DEMAND',
    instanceTypes: ['t3.medium'],
    minSize: 2,
    desiredSize: 3,
    maxSize: 10,
    labels: { role: 'general' },
  },
  'compute-intensive': {
    capacityType: 'SPOT',
    instanceTypes: ['c5.large'],
    minSize: 0,
    desiredSize: 1,
    maxSize: 5,
    labels: { role: 'compute-intensive', workload: 'ai-processing' },
    taints: [{ key: 'workload', value: 'ai-processing', effect: 'NO_SCHEDULE' }],
  },
};

/**
 * An EKS managed node group with its own node IAM role and launch template.
 *
 * - Launch template: IMDSv2 only (`http_tokens = required`) with a hop limit of 2 (see
 *   {@link NodeGroupOptions.metadataHopLimit}), an encrypted gp3 root volume, the `securityGroupIds` (none by
 *   default: EKS then attaches the cluster security group, all traffic between control plane and nodes allowed), no
 *   AMI or user data, so EKS picks the AMI for the Kubernetes version and bootstraps the nodes itself.
 * - Node role, exactly four AWS managed policies: `AmazonEKSWorkerNodePolicy` (kubelet: describe the cluster and
 *   EC2), `AmazonEKS_CNI_Policy` (the VPC CNI `aws-node` assigns pod IPs with the node's role; could move to an IRSA
 *   role of `kube-system/aws-node` to take ENI rights away from every pod that reaches IMDS),
 *   `AmazonEC2ContainerRegistryReadOnly` (pull images from ECR) and `AmazonSSMManagedInstanceCore` (shell access
 *   through SSM Session Manager, audited in CloudTrail, instead of SSH keys and an open port 22).
 * - Scaling: the cluster autoscaler changes the desired size; Terraform ignores it after creation.
 *
 * With authentication mode API, EKS creates the node role's access entry (type EC2_LINUX) itself.
 */
export class ManagedNodeGroup extends Construct {
  static readonly DEFAULT_DISK_SIZE_GIB = 50;
  static readonly DEFAULT_METADATA_HOP_LIMIT = 2;
  static readonly DEFAULT_MAX_UNAVAILABLE = 1;
  /** Root device of the AL2023 EKS AMIs. */
  static readonly ROOT_DEVICE = '/dev/xvda';
  /** The AWS managed policies of every node role. */
  static readonly NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore'] as const;

  readonly nodeGroup: EksNodeGroup;
  readonly role: IamRole;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const namePrefix = props.namePrefix ?? `${props.clusterName}-${props.name}`;
    this.validate(props, namePrefix);
    const partition = partitionOf(props.region);
    const tags = { ...props.tags };

    this.role = new IamRole(this, 'NodeRole', {
      name: `${namePrefix}-node`,
      description: `Nodes of the EKS node group ${props.name}`,
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    const attachments = ManagedNodeGroup.NODE_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, idFor('NodeRole', policy), { role: this.role.name, policyArn: awsManagedPolicyArn(partition, policy) }),
    );

    this.launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      name: namePrefix,
      description: `Nodes of the EKS node group ${props.name}: IMDSv2 only, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: props.securityGroupIds?.length ? [...props.securityGroupIds] : undefined,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: props.metadataHopLimit ?? ManagedNodeGroup.DEFAULT_METADATA_HOP_LIMIT,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: ManagedNodeGroup.ROOT_DEVICE,
          ebs: {
            volumeSize: props.diskSizeGiB ?? ManagedNodeGroup.DEFAULT_DISK_SIZE_GIB,
            volumeType: 'gp3',
            encrypted: 'true',
            kmsKeyId: props.volumeKmsKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: { Name: namePrefix, ...tags } })),
      tags,
    });

    const maxUnavailablePercentage = props.maxUnavailablePercentage;
    this.nodeGroup = new EksNodeGroup(this, 'Resource', {
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      nodeRoleArn: this.role.arn,
      subnetIds: [...props.subnetIds],
      version: props.kubernetesVersion,
      amiType: props.amiType ?? defaultAmiType(props.instanceTypes),
      capacityType: props.capacityType ?? 'ON_DEMAND',
      instanceTypes: [...props.instanceTypes],
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig:
        maxUnavailablePercentage === undefined
          ? { maxUnavailable: props.maxUnavailable ?? ManagedNodeGroup.DEFAULT_MAX_UNAVAILABLE }
          : { maxUnavailablePercentage },
      labels: { ...props.labels },
      taint: (props.taints ?? []).map((taint) => ({ key: taint.key, value: taint.value, effect: taint.effect })),
      tags,
      // Node role policies stay attached until the nodes are gone, so nodes can always drain and deregister.
      dependsOn: attachments,
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });
  }

  private validate(props: ManagedNodeGroupProps, namePrefix: string): void {
    const require = requirement(this);
    require(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(props.name),
      'name',
      `'${props.name}' is not a node group name`,
      'use up to 63 letters, digits, - and _, starting with a letter or digit, e.g. general',
    );
    require(props.clusterName !== '', 'clusterName', 'is empty', 'pass the name of the EKS cluster');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not an AWS region`, 'use a region name such as eu-central-1');
    require(props.subnetIds.length > 0, 'subnetIds', 'is empty', "pass the cluster's private subnet ids");
    require(
      props.namePrefix !== undefined || !isLateBound(props.clusterName),
      'namePrefix',
      'is needed because clusterName is only known at apply time',
      'pass namePrefix, e.g. `<cluster name>-<node group name>`',
    );
    require(
      isLateBound(namePrefix) || IAM_ROLE_NAME.test(`${namePrefix}-node`),
      'namePrefix',
      `the node role name '${namePrefix}-node' is not an IAM role name (at most 64 letters, digits and +=,.@_-)`,
      'shorten the cluster or node group name, or pass a shorter namePrefix',
    );
    validateNodeGroupOptions(require, '', props);
  }
}
