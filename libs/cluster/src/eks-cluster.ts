import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ConstructValidationError, LOG_RETENTION_DAYS, parseIpv4Cidr, partitionOf } from '@platform/core';
import { Annotations, Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_NODE_GROUPS, ManagedNodeGroup, NodeGroupOptions } from './managed-node-group';
import { accountKeyPolicy, awsManagedPolicyArn, logGroupKeyStatement, serviceTrustPolicy } from './private/iam';
import { validateNodeGroupOptions } from './private/node-group-validation';
import {
  ACCOUNT_ID,
  AWS_REGION,
  duplicates,
  IAM_ROLE_ARN,
  IAM_ROLE_NAME,
  idFor,
  isLateBound,
  quoted,
  requirement,
} from './private/validation';
import { ServiceAccountRole, ServiceAccountRoleOptions } from './service-account-role';

/**
 * Kubernetes versions EKS has in standard support. Older versions cost extended-support fees (1.27 and 1.28 are long
 * past standard support); add a version here once EKS offers it.
 */
export const SUPPORTED_EKS_VERSIONS = ['1.32', '1.33', '1.34', '1.35'] as const;
export type EksVersion = (typeof SUPPORTED_EKS_VERSIONS)[number];

/** Every control-plane log type EKS can send to CloudWatch Logs; all are enabled. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** EKS access policies the platform grants (`arn:<partition>:eks::aws:cluster-access-policy/<name>`). */
export const EKS_ACCESS_POLICIES = ['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy', 'AmazonEKSAdminViewPolicy', 'AmazonEKSViewPolicy'] as const;
export type EksAccessPolicyName = (typeof EKS_ACCESS_POLICIES)[number];

/** An IAM role's access to the Kubernetes API: one access entry, one access policy at cluster scope. */
export interface ClusterAccessEntry {
  /** ARN of the IAM role (must exist before the entry is created). */
  readonly principalArn: string;
  /**
   * What it may do: `AmazonEKSClusterAdminPolicy` (everything), `AmazonEKSAdminViewPolicy` (read everything,
   * Secrets included: what `terraform plan` of Helm releases needs, since Helm keeps releases in Secrets),
   * `AmazonEKSViewPolicy` (read, no Secrets), `AmazonEKSAdminPolicy`.
   */
  readonly accessPolicy: EksAccessPolicyName;
}

export interface EksClusterProps {
  /**
   * Cluster name, e.g. `platform-production`: up to 100 letters, digits, `-` and `_`. Prefixes the names of the
   * cluster's IAM roles, KMS aliases and node launch templates; the log group is `/aws/eks/<name>/cluster`.
   */
  readonly name: string;
  /** AWS account id, for ARNs in the KMS key policies (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the cluster, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * Private subnets of the control plane's network interfaces and of the nodes, in at least two AZs, e.g.
   * `Object.values(network.attributes.subnetIds.private)`; tokens (cross-stack references) are accepted.
   */
  readonly subnetIds: readonly string[];
  /**
   * Kubernetes version; one of {@link SUPPORTED_EKS_VERSIONS}. Upgrades go one minor version at a time.
   * @default '1.34'
   */
  readonly version?: string;
  /**
   * CIDRs that may reach the public API endpoint. Empty keeps the endpoint private: the API is reachable only from
   * inside the VPC (and networks routed to it), through the private endpoint, which is always on.
   * @default [] - private endpoint only
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Reject `0.0.0.0/0` in `publicAccessCidrs` (an API endpoint open to the whole internet). Set false only for
   * throw-away environments.
   * @default true
   */
  readonly forbidOpenPublicEndpoint?: boolean;
  /**
   * IAM roles given cluster-admin: one access entry each, associated with `AmazonEKSClusterAdminPolicy` at cluster
   * scope. The role Terraform deploys the add-on stacks with must be one of them (see
   * `bootstrapClusterCreatorAdminPermissions`).
   * @default [] - nobody but the cluster creator, if bootstrapClusterCreatorAdminPermissions is set
   */
  readonly adminRoleArns?: readonly string[];
  /**
   * Give the IAM principal that creates the cluster an implicit, invisible cluster-admin access entry. Off, so that
   * every admin is listed in `adminRoleArns` (reviewable in code); an implicit entry would also make an access entry
   * for the same role fail with "already exists". Changing it replaces the cluster.
   * @default false
   */
  readonly bootstrapClusterCreatorAdminPermissions?: boolean;
  /**
   * Days CloudWatch keeps the control-plane logs; a CloudWatch Logs retention value.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Managed node groups by name; more can be added with {@link EksCluster.addNodeGroup}.
   * @default DEFAULT_NODE_GROUPS - general (on-demand t3.medium, 2..10) and compute-intensive (spot c5.large, 0..5, tainted)
   */
  readonly nodeGroups?: Readonly<Record<string, NodeGroupOptions>>;
  /**
   * Security groups attached to the control plane's network interfaces besides the cluster security group EKS
   * creates. That group (see {@link EksCluster.clusterSecurityGroupId}) already allows all traffic between the
   * control plane and the nodes, which carry it too, so nothing else is needed for the cluster to work. Add a group
   * here only to let something outside the cluster reach the private API endpoint, e.g. a group allowing 443 from the
   * VPN's or CI runners' CIDR. Changing the list may replace the cluster: decide before the first apply.
   * @default []
   */
  readonly additionalSecurityGroupIds?: readonly string[];
  /**
   * Networks that may reach the private API endpoint (TCP 443), as rules on the cluster security group: the deploy
   * runners and VPN address pools. EKS creates that group with no rule for anything outside it, so without an entry
   * here nothing but the nodes can use the private endpoint and no Kubernetes or Helm stack can be applied.
   * @default [] - only the nodes (members of the cluster security group)
   */
  readonly privateAccessCidrs?: readonly string[];
  /**
   * Security groups every node (and, with the VPC CNI, every pod) carries besides the cluster security group, e.g.
   * the network's `application` group, which the data tier admits. Set in the node launch templates, which then list
   * the cluster security group too (EKS adds it only when a launch template names no group).
   * @default [] - the nodes carry the cluster security group only
   */
  readonly nodeSecurityGroupIds?: readonly string[];
  /**
   * Roles that get a cluster access entry with one access policy at cluster scope, by purpose, e.g. the CI roles:
   * `{ 'github-plan': { principalArn, accessPolicy: 'AmazonEKSAdminViewPolicy' } }`. Admins go in `adminRoleArns`.
   * @default {}
   */
  readonly accessEntries?: Readonly<Record<string, ClusterAccessEntry>>;
  /**
   * Refuse `terraform destroy` of the key that envelope-encrypts the Kubernetes secrets (`prevent_destroy`): without
   * it the cluster's secrets are unreadable. `false` only for environments that may be torn down.
   * @default true
   */
  readonly preventSecretsKeyDestroy?: boolean;
  /**
   * Tags of the cluster and its node groups (the provider's default tags apply as well).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An EKS cluster as the platform runs it:
 *
 * - Kubernetes secrets envelope-encrypted with a customer managed KMS key (rotation on). EKS cannot remove or change
 *   the key later, so the key's deletion window is the longest, 30 days.
 * - All five control-plane log types, into `/aws/eks/<name>/cluster`, created here (before the cluster, which depends
 *   on it) with a retention and its own KMS key, so EKS never creates an unmanaged, never-expiring group.
 * - Private API endpoint always; the public endpoint only for an explicit CIDR allow-list.
 * - Authentication mode API: access entries only, no aws-auth ConfigMap; one admin entry per role in `adminRoleArns`.
 * - An IAM OIDC provider for IRSA ({@link addServiceAccountRole}).
 * - Cluster role with `AmazonEKSClusterPolicy` only. `AmazonEKSVPCResourceController` is not attached: EKS needs it
 *   only for security groups for pods (branch network interfaces, the VPC CNI's `ENABLE_POD_ENI`), which the
 *   platform does not use. Attach it to {@link role} before turning that feature on.
 * - Security groups: EKS creates the cluster security group (inbound: all traffic from members of the group;
 *   outbound: all). The control plane's network interfaces and every managed node carry it (listed in the node launch
 *   templates next to `nodeSecurityGroupIds`, when those are set), so control plane ↔ node and node ↔ node traffic
 *   needs no extra rule; `privateAccessCidrs` add 443 from the deploy runners' networks. No `additional`
 *   security group is created.
 * - Managed node groups from `nodeGroups` ({@link ManagedNodeGroup}).
 */
export class EksCluster extends Construct {
  static readonly DEFAULT_VERSION: EksVersion = '1.34';
  static readonly DEFAULT_LOG_RETENTION_DAYS = 365;
  /** Audience of IRSA tokens; the OIDC provider's only client id. */
  static readonly OIDC_CLIENT_ID = 'sts.amazonaws.com';
  static readonly MIN_SUBNETS = 2;

  readonly cluster: EksClusterResource;
  /** The cluster's IAM role. */
  readonly role: IamRole;
  /** Encrypts Kubernetes secrets (envelope encryption). */
  readonly secretsKey: KmsKey;
  /** Encrypts the control-plane log group. */
  readonly logsKey: KmsKey;
  readonly logGroup: CloudwatchLogGroup;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** OIDC issuer without `https://` (a token), the prefix of IRSA trust policy condition keys. */
  readonly oidcIssuer: string;
  /** The cluster's name, as a reference to the cluster: whatever uses it is created after the cluster. */
  readonly clusterName: string;
  /** The security group EKS created for the cluster (see the class description). */
  readonly clusterSecurityGroupId: string;
  /** API server endpoint, `https://...`. */
  readonly endpoint: string;
  /** Base64-encoded certificate authority data of the API server. */
  readonly certificateAuthorityData: string;
  /** The Kubernetes version, as a reference to the cluster (nodes follow it). */
  readonly kubernetesVersion: string;
  /** Managed node groups by name. */
  readonly nodeGroups: Record<string, ManagedNodeGroup> = {};
  /** Admin access entries by IAM role name. */
  readonly adminAccessEntries: Record<string, EksAccessEntry> = {};
  /** Access entries of {@link EksClusterProps.accessEntries}, by purpose. */
  readonly accessEntries: Record<string, EksAccessEntry> = {};

  /** Region of the cluster. */
  readonly region: string;
  /** ARN partition of the region (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;

  private readonly props: EksClusterProps;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.props = props;
    this.validate(props);
    const { name, accountId, region } = props;
    this.region = region;
    this.partition = partitionOf(region);
    const partition = this.partition;
    const publicAccessCidrs = props.publicAccessCidrs ?? [];
    const logGroupName = `/aws/eks/${name}/cluster`;
    const logGroupArn = `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`;

    this.secretsKey = new KmsKey(this, 'SecretsKey', {
      description: `Envelope-encrypts the Kubernetes secrets of the EKS cluster ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: accountKeyPolicy(partition, accountId),
      lifecycle: { preventDestroy: props.preventSecretsKeyDestroy ?? true },
    });
    new KmsAlias(this, 'SecretsKeyAlias', { name: `alias/${name}-eks-secrets`, targetKeyId: this.secretsKey.keyId });

    this.logsKey = new KmsKey(this, 'LogsKey', {
      description: `Encrypts the control-plane logs of the EKS cluster ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: accountKeyPolicy(partition, accountId, [logGroupKeyStatement(region, logGroupArn)]),
    });
    new KmsAlias(this, 'LogsKeyAlias', { name: `alias/${name}-eks-logs`, targetKeyId: this.logsKey.keyId });
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: logGroupName,
      retentionInDays: props.logRetentionDays ?? EksCluster.DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: this.logsKey.arn,
    });

    this.role = new IamRole(this, 'ClusterRole', {
      name: `${name}-eks-cluster`,
      description: `Control plane of the EKS cluster ${name}`,
      assumeRolePolicy: serviceTrustPolicy('eks.amazonaws.com'),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'ClusterRole-AmazonEKSClusterPolicy', {
      role: this.role.name,
      policyArn: awsManagedPolicyArn(partition, 'AmazonEKSClusterPolicy'),
    });

    this.cluster = new EksClusterResource(this, 'Resource', {
      name,
      version: props.version ?? EksCluster.DEFAULT_VERSION,
      roleArn: this.role.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccessCidrs.length > 0,
        publicAccessCidrs: publicAccessCidrs.length > 0 ? [...publicAccessCidrs] : undefined,
        securityGroupIds: props.additionalSecurityGroupIds?.length ? [...props.additionalSecurityGroupIds] : undefined,
      },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: props.bootstrapClusterCreatorAdminPermissions ?? false,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.arn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      tags: { Name: name, ...props.tags },
      // The log group must exist before EKS starts logging, and the role keep its policy until the cluster is gone.
      dependsOn: [this.logGroup, clusterPolicy],
    });
    this.clusterName = this.cluster.name;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.kubernetesVersion = this.cluster.version;

    const issuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    // No thumbprint_list: IAM trusts the EKS OIDC issuers' root CAs itself, and the attribute is optional in 5.x.
    this.oidcProvider = new IamOpenidConnectProvider(this, 'OidcProvider', {
      url: issuerUrl,
      clientIdList: [EksCluster.OIDC_CLIENT_ID],
      tags: { Name: `${name}-irsa` },
    });
    this.oidcIssuer = Fn.replace(issuerUrl, 'https://', '');

    for (const roleArn of props.adminRoleArns ?? []) {
      const [, , roleName] = IAM_ROLE_ARN.exec(roleArn) ?? [];
      this.adminAccessEntries[roleName] = this.grantAccess('Admin', roleName, { principalArn: roleArn, accessPolicy: 'AmazonEKSClusterAdminPolicy' });
    }
    for (const [purpose, entry] of Object.entries(props.accessEntries ?? {})) {
      this.accessEntries[purpose] = this.grantAccess('Access', purpose, entry);
    }
    for (const cidr of props.privateAccessCidrs ?? []) {
      // Keyed by the CIDR, not its position: adding a network only adds a rule.
      new VpcSecurityGroupIngressRule(this, idFor('PrivateApiAccess', cidr.replace(/[./]/g, '-')), {
        securityGroupId: this.clusterSecurityGroupId,
        description: `Kubernetes API (private endpoint) from ${cidr}`,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    }

    for (const [groupName, options] of Object.entries(props.nodeGroups ?? DEFAULT_NODE_GROUPS)) {
      this.addNodeGroup(groupName, options);
    }
    if ((props.adminRoleArns ?? []).length === 0 && !props.bootstrapClusterCreatorAdminPermissions) {
      Annotations.of(this).addWarning(
        `${this.node.path}: adminRoleArns is empty and bootstrapClusterCreatorAdminPermissions is off: no IAM role can use the Kubernetes API ` +
          'until an access entry is added. List the admin and deployment roles in adminRoleArns.',
      );
    }
  }

  /** An access entry for `entry.principalArn` with its access policy at cluster scope. */
  private grantAccess(idPrefix: string, key: string, entry: ClusterAccessEntry): EksAccessEntry {
    const accessEntry = new EksAccessEntry(this, idFor(`${idPrefix}AccessEntry`, key), {
      clusterName: this.clusterName,
      principalArn: entry.principalArn,
      type: 'STANDARD',
    });
    new EksAccessPolicyAssociation(this, idFor(`${idPrefix}AccessPolicy`, key), {
      clusterName: this.clusterName,
      principalArn: accessEntry.principalArn,
      policyArn: `arn:${this.partition}:eks::aws:cluster-access-policy/${entry.accessPolicy}`,
      accessScope: { type: 'cluster' },
    });
    return accessEntry;
  }

  /** Adds a managed node group in the cluster's subnets, following the cluster's Kubernetes version. */
  addNodeGroup(name: string, options: NodeGroupOptions): ManagedNodeGroup {
    ConstructValidationError.require(this, !(name in this.nodeGroups), `nodeGroups.${name}`, 'already exists', 'give each node group its own name');
    const nodeGroup = new ManagedNodeGroup(this, idFor('NodeGroup', name), {
      ...options,
      name,
      clusterName: this.clusterName,
      region: this.props.region,
      subnetIds: this.props.subnetIds,
      kubernetesVersion: this.kubernetesVersion,
      namePrefix: `${this.props.name}-${name}`,
      securityGroupIds: this.props.nodeSecurityGroupIds?.length ? [this.clusterSecurityGroupId, ...this.props.nodeSecurityGroupIds] : undefined,
      tags: { ...this.props.tags, ...options.tags },
    });
    this.nodeGroups[name] = nodeGroup;
    return nodeGroup;
  }

  /**
   * Adds an IAM role that the Kubernetes service account `namespace/serviceAccount` of this cluster may assume
   * (IRSA), see {@link ServiceAccountRole}.
   */
  addServiceAccountRole(id: string, options: ServiceAccountRoleOptions): ServiceAccountRole {
    const roleName = options.roleName ?? `${this.props.name}-${options.serviceAccount}`;
    ConstructValidationError.require(
      this,
      IAM_ROLE_NAME.test(roleName),
      `${id}.roleName`,
      `'${roleName}' is not an IAM role name (at most 64 letters, digits and +=,.@_-)`,
      'pass a shorter roleName',
    );
    return new ServiceAccountRole(this, id, { ...options, roleName, oidcProviderArn: this.oidcProvider.arn, oidcIssuer: this.oidcIssuer });
  }

  private validate(props: EksClusterProps): void {
    const require = requirement(this);
    const { name, region } = props;
    require(
      /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(name),
      'name',
      `'${name}' is not an EKS cluster name`,
      'use up to 100 letters, digits, - and _, starting with a letter or digit, e.g. platform-production',
    );
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit AWS account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(region), 'region', `'${region}' is not an AWS region`, 'use a region name such as eu-central-1');
    require(
      IAM_ROLE_NAME.test(`${name}-eks-cluster`),
      'name',
      `the cluster role name '${name}-eks-cluster' is longer than IAM's 64 characters`,
      'use a cluster name of at most 52 characters',
    );

    const version = props.version ?? EksCluster.DEFAULT_VERSION;
    require(
      (SUPPORTED_EKS_VERSIONS as readonly string[]).includes(version),
      'version',
      `'${version}' is not a Kubernetes version in EKS standard support`,
      `use one of ${SUPPORTED_EKS_VERSIONS.join(', ')} (default ${EksCluster.DEFAULT_VERSION})`,
    );

    const { subnetIds } = props;
    // A list token (e.g. a remote state output) stands for any number of subnets; individual ids (literal or tokens)
    // are counted, and literal ones checked.
    const listToken = Token.isUnresolved(subnetIds);
    const literalSubnets = listToken ? [] : subnetIds.filter((id) => !isLateBound(id));
    require(
      listToken || subnetIds.length >= EksCluster.MIN_SUBNETS,
      'subnetIds',
      `${subnetIds.length} given, but EKS needs subnets in at least ${EksCluster.MIN_SUBNETS} Availability Zones`,
      'pass the private subnet of every AZ, e.g. Object.values(network.attributes.subnetIds.private)',
    );
    for (const id of literalSubnets) {
      require(/^subnet-[0-9a-f]{8,17}$/.test(id), 'subnetIds', `'${id}' is not a subnet id`, 'pass ids such as subnet-0123456789abcdef0');
    }
    const repeatedSubnets = duplicates(literalSubnets);
    require(repeatedSubnets.length === 0, 'subnetIds', `lists ${quoted(repeatedSubnets)} more than once`, 'list each subnet once');

    const publicAccessCidrs = props.publicAccessCidrs ?? [];
    publicAccessCidrs.forEach((cidr, index) => {
      const parsed = parseIpv4Cidr(cidr);
      if ('error' in parsed) {
        throw new ConstructValidationError(this.node.path, `publicAccessCidrs[${index}]`, parsed.error, 'list the office or VPN ranges that may reach the API, e.g. 203.0.113.0/24');
      }
      require(
        !(props.forbidOpenPublicEndpoint ?? true) || parsed.prefixLength > 0,
        `publicAccessCidrs[${index}]`,
        `${cidr} opens the API endpoint to the whole internet, and forbidOpenPublicEndpoint is set`,
        'list the office or VPN ranges, or leave publicAccessCidrs empty for a private endpoint',
      );
    });
    const repeatedCidrs = duplicates(publicAccessCidrs);
    require(repeatedCidrs.length === 0, 'publicAccessCidrs', `lists ${quoted(repeatedCidrs)} more than once`, 'list each CIDR once');

    const partition = partitionOf(region);
    const adminRoleArns = props.adminRoleArns ?? [];
    for (const arn of adminRoleArns) {
      require(
        !isLateBound(arn) && IAM_ROLE_ARN.test(arn),
        'adminRoleArns',
        `'${arn}' is not a literal IAM role ARN`,
        'list role ARNs such as arn:aws:iam::123456789012:role/platform-admin (access entries are keyed by role name)',
      );
      require(arn.startsWith(`arn:${partition}:`), 'adminRoleArns', `'${arn}' is not in the partition of ${region} (${partition})`, `use arn:${partition}:iam::… ARNs`);
    }
    const repeatedRoles = duplicates(adminRoleArns.map((arn) => IAM_ROLE_ARN.exec(arn)?.[2] ?? arn));
    require(repeatedRoles.length === 0, 'adminRoleArns', `names the role(s) ${quoted(repeatedRoles)} more than once`, 'list each admin role once; roles of different accounts need different names');

    const retention = props.logRetentionDays ?? EksCluster.DEFAULT_LOG_RETENTION_DAYS;
    require(
      (LOG_RETENTION_DAYS as readonly number[]).includes(retention),
      'logRetentionDays',
      `${retention} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );

    for (const [groupName, options] of Object.entries(props.nodeGroups ?? DEFAULT_NODE_GROUPS)) {
      require(
        /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(groupName),
        'nodeGroups',
        `'${groupName}' is not a node group name`,
        'use up to 63 letters, digits, - and _, starting with a letter or digit',
      );
      require(
        IAM_ROLE_NAME.test(`${name}-${groupName}-node`),
        `nodeGroups.${groupName}`,
        `the node role name '${name}-${groupName}-node' is longer than IAM's 64 characters`,
        'shorten the cluster or node group name',
      );
      validateNodeGroupOptions(require, `nodeGroups.${groupName}.`, options);
    }
  }
}
