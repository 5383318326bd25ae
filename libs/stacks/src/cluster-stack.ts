import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ClusterAccessEntry, EcrRepositories, EksCluster, EksManagedAddons, GithubActionsRunner } from '@platform/cluster';
import { ADDON_SERVICE_ACCOUNTS, addonIamPolicy, ArgoRollouts, AlbIngressSettings, ClusterAddonRoleArns, ClusterAddonsProviders, IRSA_ADDON_NAMES, IrsaAddonName } from '@platform/cluster-addons';
import { defaultWorkloadHosts, EnvironmentConfig, githubRunnerName, workloadServices, workloadsNamespace } from '@platform/config';
import { IngressLoadBalancerEdge } from '@platform/ecs';
import { suppress } from '@platform/guardrails';
import { partitionOf, PrivateBucket, tagComponent } from '@platform/core';
import { serviceAccountRoleRequests } from '@platform/workloads';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { BootstrapStack } from './bootstrap-stack';
import { ecrRepositoryNames } from './image-repositories';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { addRegistryReplication } from './recovery-settings';

/**
 * Component of the AWS resources here that exist only for the in-cluster add-ons (their IRSA roles, velero's bucket
 * and key), so their cost is allocated with the add-ons rather than the cluster.
 */
const ADDONS_COMPONENT = 'cluster-addons';

/**
 * Kubernetes API access of the environment's GitHub roles (created by the bootstrap): the plan role reads everything,
 * Secrets included, since Helm keeps its releases in Secrets and a plan of the add-on stacks reads them; the apply
 * role administers the cluster, as the Kubernetes and Helm stacks create cluster-scoped objects. The review role gets
 * none: pull requests assume it, and any pull request can edit its workflow to run on the runner in the VPC.
 */
function ciAccessEntries(environment: EnvironmentConfig): Record<string, ClusterAccessEntry> {
  const roles = BootstrapStack.githubRoleArns(environment);
  if (roles === undefined) return {};
  return {
    'github-plan': { principalArn: roles.plan, accessPolicy: 'AmazonEKSAdminViewPolicy' },
    'github-apply': { principalArn: roles.apply, accessPolicy: 'AmazonEKSClusterAdminPolicy' },
  };
}

/**
 * The VPC CNI's configuration (`aws eks describe-addon-configuration --addon-name vpc-cni`):
 * - `enableNetworkPolicy`: the namespaces' default-deny NetworkPolicies are enforced only by the CNI's network policy
 *   agent.
 * - Prefix delegation: each ENI slot takes a /28 prefix (16 addresses) instead of one address, so a node's pod limit
 *   is no longer its secondary addresses (17 pods on a t3.medium, 29 on a c5.large) but EKS's cap (110 below 30
 *   vCPUs). Managed node groups without a custom AMI compute `maxPods` themselves from this setting when a group is
 *   created or updated, so the node groups are created after the add-on (EksManagedAddons). `WARM_PREFIX_TARGET` 1
 *   keeps one spare prefix per node. Nitro instances only (t3, c5, m5 … are).
 */
export const VPC_CNI_CONFIGURATION = {
  enableNetworkPolicy: 'true',
  env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
} as const;

/**
 * Tagged images a non-production ECR repository keeps (count-based expiry). Production never expires tagged images:
 * the image a running release or its rollback target uses must stay pullable.
 */
export const NON_PRODUCTION_TAGGED_IMAGES_KEPT = 30;

/**
 * Host names of the environment's shared ALB in its zone: the workloads' hosts (all route keys, so enabling a catalog
 * changes no certificate) and Grafana's. A host outside the zone needs a certificate of its own zone.
 */
export function ingressHostNames(environment: EnvironmentConfig): string[] {
  const zone = environment.dnsZoneName as string;
  const hosts = [...Object.values(environment.workloads.hosts ?? defaultWorkloadHosts(zone)), environment.observability.grafana.hostname ?? `grafana.${zone}`];
  return [...new Set(hosts.filter((host) => host.endsWith(`.${zone}`)))].sort();
}

/**
 * The AWS side of the environment's shared ALB (certificate, web ACL, access log bucket): here, in the stack every
 * Kubernetes stack follows, and once per region (a disaster-recovery region's certificate leaves the validation
 * records to the primary's: ACM asks for the same CNAMEs in every region of an account).
 */
function addIngressEdge(scope: Construct, environment: EnvironmentConfig, network: NetworkStack): AlbIngressSettings | undefined {
  const { dnsZoneName: zone, dnsZoneId: zoneId } = environment;
  if (zone === undefined || zoneId === undefined || !environment.cluster.addons.awsLoadBalancerController) return undefined;
  const edge = new IngressLoadBalancerEdge(scope, 'ingress-edge', {
    name: environment.resourcePrefix,
    accountId: environment.accountId,
    region: environment.region,
    hostedZoneId: zoneId,
    hostNames: ingressHostNames(environment),
    validationRecords: environment.site === undefined,
    preventDestroy: environment.production,
  });
  tagComponent(edge, ADDONS_COMPONENT);
  suppress(edge.accessLogBucket, 'PLAT-S3-001', 'ALB access logs can only be delivered to a bucket encrypted with SSE-S3 (AES256), not SSE-KMS');
  suppress(edge.accessLogBucket, 'PLAT-S3-005', 'this bucket receives the load balancer access logs itself; logging it into another bucket would only move the question');
  return {
    loadBalancerName: `${environment.resourcePrefix}-ingress`,
    certificateArn: edge.certificateArn,
    webAclArn: edge.webAclArn,
    securityGroupIds: [network.workloadGroupIds.loadBalancer],
    deletionProtection: environment.production,
    accessLogs: { bucket: edge.accessLogBucketName, prefix: edge.accessLogPrefix },
  };
}

/**
 * `<env>-cluster`: the EKS cluster in the network's private subnets, its node groups and managed add-ons, ECR
 * repositories, the AWS side of the in-cluster add-ons (IRSA roles, velero's backup bucket), and the IRSA roles of
 * the application services (the data stack grants the database and cache users their connect permissions). AWS
 * resources only, so it is validated and planned offline like the network.
 */
export class ClusterStack extends PlatformStack {
  readonly eks: EksCluster;
  /** IRSA role of each enabled add-on that calls AWS. */
  readonly addonRoleArns: ClusterAddonRoleArns;
  /** IRSA role of the Argo Rollouts controller (target group verification). */
  readonly argoRolloutsRoleArn: string;
  /** Velero's backup bucket, when velero is enabled. */
  readonly backupBucketName?: string;
  /** The same bucket with its ARN and key (replicated to the secondary region by the recovery stack). */
  readonly backupBucket?: { readonly bucketName: string; readonly bucketArn: string; readonly keyArn: string };
  /**
   * IRSA role ARN of each application service that declares IAM statements or uses the database or cache (IAM
   * authentication), by service name (see serviceAccountRoleRequests).
   */
  readonly workloadRoleArns: Readonly<Record<string, string>>;
  /** Names of the same roles, by service name: the data stack attaches their data access policies. */
  readonly workloadRoleNames: Readonly<Record<string, string>>;
  /**
   * The environment's shared internet-facing ALB (certificate, REGIONAL web ACL, access logs, security group), which
   * the `alb` IngressClass of the add-ons stack enforces; undefined without a hosted zone or the AWS Load Balancer
   * Controller.
   */
  readonly ingressAlb?: AlbIngressSettings;
  private readonly clusterName: string;
  private readonly region: string;

  constructor(scope: Construct, environment: EnvironmentConfig, network: NetworkStack) {
    super(scope, environment, 'cluster');
    const { cluster, region, accountId } = environment;
    this.clusterName = environment.resourcePrefix;
    this.region = region;
    this.eks = new EksCluster(this, 'eks', {
      name: environment.resourcePrefix,
      accountId,
      region,
      subnetIds: Object.values(network.network.attributes.subnetIds.private),
      version: cluster.version,
      publicAccessCidrs: cluster.publicAccessCidrs,
      // Deploy runners (and VPNs) reach the private endpoint; by default from the environment's own VPC.
      privateAccessCidrs: cluster.privateAccessCidrs ?? [environment.network.vpcCidr],
      // Pods carry their node's groups (VPC CNI): the application group is the one the data tier admits.
      nodeSecurityGroupIds: [network.workloadGroupIds.application],
      accessEntries: ciAccessEntries(environment),
      preventSecretsKeyDestroy: environment.production,
      forbidOpenPublicEndpoint: environment.production,
      adminRoleArns: cluster.adminRoleArns,
      logRetentionDays: cluster.logRetentionDays,
      nodeGroups: cluster.nodeGroups,
    });
    new EksManagedAddons(this, 'managed-addons', {
      cluster: this.eks,
      configurationValues: { 'vpc-cni': VPC_CNI_CONFIGURATION },
    });
    // In the secondary region ECR replication creates the repositories (with the recovery stack's creation template)
    // on the first replicated push; a repository Terraform created there too would collide with it.
    const repositoryNames = environment.site === undefined ? ecrRepositoryNames(environment) : [];
    // Replicated to the secondary region from before the first push (disaster recovery).
    addRegistryReplication(this, environment, repositoryNames);
    if (repositoryNames.length > 0) {
      new EcrRepositories(this, 'ecr', {
        namePrefix: environment.project,
        repositoryNames,
        taggedImagesKept: environment.production ? undefined : NON_PRODUCTION_TAGGED_IMAGES_KEPT,
        preventKeyDestroy: environment.production,
      });
    }

    let backup: { bucketName: string; keyArn: string } | undefined;
    if (cluster.addons.velero) {
      const key = new KmsKey(this, 'backup-key', {
        description: `Encrypts velero backups of ${environment.resourcePrefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        // Without the key the backups are unreadable: it lives as long as the bucket.
        lifecycle: { preventDestroy: environment.production },
      });
      const bucketName = `${environment.resourcePrefix}-backups-${accountId}-${region}`;
      const bucket = new PrivateBucket(this, 'backups', {
        bucketName,
        region,
        kmsKeyArn: key.arn,
        preventDestroy: environment.production,
      });
      for (const scope of [key, bucket]) tagComponent(scope, ADDONS_COMPONENT);
      backup = { bucketName: bucket.bucket.bucket, keyArn: key.arn };
      this.backupBucketName = bucket.bucket.bucket;
      this.backupBucket = { bucketName, bucketArn: `arn:${partitionOf(region)}:s3:::${bucketName}`, keyArn: key.arn };
    }

    const policyScope = {
      partition: partitionOf(region),
      accountId,
      region,
      clusterName: environment.resourcePrefix,
      secretsPrefix: `${environment.project}/${environment.name}/`,
      backupBucketName: backup?.bucketName ?? '',
      backupKeyArn: backup?.keyArn ?? '',
      // Required by the config while external-dns is enabled, and only read then.
      hostedZoneId: environment.dnsZoneId ?? '',
    };
    const roleArns: { [K in IrsaAddonName]?: string } = {};
    for (const addon of IRSA_ADDON_NAMES.filter((name) => cluster.addons[name])) {
      const account = ADDON_SERVICE_ACCOUNTS[addon];
      const role = this.eks.addServiceAccountRole(`addon-${account.name}`, {
        namespace: account.namespace,
        serviceAccount: account.name,
        policyJson: JSON.stringify(addonIamPolicy(addon, policyScope)),
      });
      tagComponent(role, ADDONS_COMPONENT);
      roleArns[addon] = role.roleArn;
    }
    this.addonRoleArns = roleArns;
    // Argo Rollouts verifies the ALB's weights before it shrinks a stable version (see ArgoRollouts.roleArn).
    const argoRolloutsRole = this.eks.addServiceAccountRole('addon-argo-rollouts', {
      namespace: ArgoRollouts.NAMESPACE,
      serviceAccount: ArgoRollouts.SERVICE_ACCOUNT,
      policyJson: JSON.stringify(ArgoRollouts.iamPolicy()),
    });
    tagComponent(argoRolloutsRole, ADDONS_COMPONENT);
    this.argoRolloutsRoleArn = argoRolloutsRole.roleArn;

    const namespace = workloadsNamespace(environment);
    const requests = namespace === undefined ? {} : serviceAccountRoleRequests(workloadServices(environment.workloads), namespace);
    const workloadRoles = Object.entries(requests).map(([service, request]) => [service, this.eks.addServiceAccountRole(`workload-${service}`, request)] as const);
    this.workloadRoleArns = Object.fromEntries(workloadRoles.map(([service, role]) => [service, role.roleArn]));
    this.workloadRoleNames = Object.fromEntries(workloadRoles.map(([service, role]) => [service, role.roleName]));

    this.ingressAlb = addIngressEdge(this, environment, network);

    const runnerName = githubRunnerName(environment);
    if (runnerName !== undefined && environment.delivery !== undefined) {
      const runner = new GithubActionsRunner(this, 'github-runner', {
        name: runnerName,
        githubRepository: environment.delivery.githubRepository,
        accountId,
        region,
        vpcId: network.network.attributes.vpcId,
        subnetIds: Object.values(network.network.attributes.subnetIds.private),
        computeType: cluster.githubRunner.computeType,
        concurrentJobs: cluster.githubRunner.concurrentJobs,
      });
      tagComponent(runner, 'delivery');
      new TerraformOutput(this, 'github_runner_label', { value: runner.runsOnLabel, description: 'runs-on label prefix of jobs for the runner in the VPC' });
    }

    new TerraformOutput(this, 'cluster_name', { value: this.eks.clusterName, description: 'EKS cluster name' });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.eks.endpoint, description: 'Kubernetes API endpoint (private unless publicAccessCidrs is set)' });
    new TerraformOutput(this, 'oidc_provider_arn', { value: this.eks.oidcProvider.arn, description: 'IAM OIDC provider for IRSA roles' });
  }

  /**
   * The Kubernetes and Helm providers of a stack that deploys into this cluster, authenticated with
   * `aws eks get-token` (the cluster name is literal, so the token command needs no cross-stack read).
   */
  connectProviders(stack: Construct): ClusterAddonsProviders {
    return new ClusterAddonsProviders(stack, 'providers', {
      clusterName: this.clusterName,
      endpoint: this.eks.endpoint,
      certificateAuthorityData: this.eks.certificateAuthorityData,
      region: this.region,
    });
  }
}
