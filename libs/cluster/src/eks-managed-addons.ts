import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EksCluster } from './eks-cluster';
import { awsManagedPolicyArn } from './private/iam';
import { idFor, quoted, requirement } from './private/validation';
import { ServiceAccountRole } from './service-account-role';

/** The EKS add-ons every cluster gets, in the order they are declared. */
export const EKS_MANAGED_ADDON_NAMES = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent', 'coredns', 'aws-ebs-csi-driver'] as const;
export type EksManagedAddonName = (typeof EKS_MANAGED_ADDON_NAMES)[number];

/**
 * Add-ons that run a Deployment: EKS reports them ACTIVE only once their pods are scheduled, so they are created
 * after the node groups (the DaemonSet add-ons need no node to become ACTIVE).
 */
export const ADDONS_NEEDING_NODES: readonly EksManagedAddonName[] = ['coredns', 'aws-ebs-csi-driver'];

/** An EKS add-on version, e.g. `v1.19.5-eksbuild.1`. */
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

export interface EksManagedAddonsProps {
  /** The cluster the add-ons are installed into. */
  readonly cluster: EksCluster;
  /**
   * Exact add-on versions (`aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>`).
   * An add-on without a version gets the version EKS marks as default for the cluster's Kubernetes version when it
   * is created, and then keeps it: EKS does not upgrade add-ons when the cluster is upgraded, so pin versions here as
   * part of every cluster upgrade.
   * @default {} - EKS's default version of each add-on at creation
   */
  readonly versions?: Partial<Readonly<Record<EksManagedAddonName, string>>>;
  /**
   * Add-on configuration (the add-on's configuration schema, `aws eks describe-addon-configuration`), e.g.
   * `{ 'vpc-cni': { enableNetworkPolicy: 'true' } }`.
   * @default {} - each add-on's default configuration
   */
  readonly configurationValues?: Partial<Readonly<Record<EksManagedAddonName, Readonly<Record<string, unknown>>>>>;
  /**
   * What coredns and aws-ebs-csi-driver wait for: nodes their pods can run on.
   * @default - every node group of the cluster
   */
  readonly nodeDependencies?: readonly ITerraformDependable[];
  /**
   * Whether every node group of the cluster is created after the vpc-cni add-on. A managed node group computes its
   * nodes' `maxPods` when it is created or updated, from the VPC CNI's configuration at that moment
   * (`ENABLE_PREFIX_DELEGATION`): nodes launched before the add-on is configured keep the secondary-IP limit (17 pods
   * on a t3.medium instead of 110) until the group is updated.
   * @default true
   */
  readonly nodeGroupsAfterVpcCni?: boolean;
}

/**
 * The EKS managed add-ons: VPC CNI, kube-proxy, EKS Pod Identity agent, CoreDNS and the EBS CSI driver, each keyed
 * by its name.
 *
 * - Conflicts: on create `OVERWRITE` (EKS already runs self-managed vpc-cni, kube-proxy and coredns from cluster
 *   creation; the managed add-on takes them over), on update `PRESERVE` (changes made in the cluster survive an
 *   add-on update).
 * - The EBS CSI controller (`kube-system/ebs-csi-controller-sa`) gets its own IRSA role with
 *   `AmazonEBSCSIDriverPolicy`. Volumes encrypted with a customer managed KMS key need that key's grants on top.
 * - coredns and aws-ebs-csi-driver depend on the node groups (see {@link ADDONS_NEEDING_NODES}); the node groups
 *   depend on vpc-cni (see {@link EksManagedAddonsProps.nodeGroupsAfterVpcCni}), so its configuration (prefix
 *   delegation) is in place when EKS computes the nodes' max pods.
 */
export class EksManagedAddons extends Construct {
  static readonly RESOLVE_CONFLICTS_ON_CREATE = 'OVERWRITE';
  static readonly RESOLVE_CONFLICTS_ON_UPDATE = 'PRESERVE';
  /** The EBS CSI controller's service account. */
  static readonly EBS_CSI_SERVICE_ACCOUNT = { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' } as const;

  /** Add-ons by name. */
  readonly addons: Readonly<Record<EksManagedAddonName, EksAddon>>;
  /** IRSA role of the EBS CSI controller. */
  readonly ebsCsiDriverRole: ServiceAccountRole;

  constructor(scope: Construct, id: string, props: EksManagedAddonsProps) {
    super(scope, id);
    const versions: Partial<Record<string, string>> = props.versions ?? {};
    const configurationValues: Partial<Record<string, Readonly<Record<string, unknown>>>> = props.configurationValues ?? {};
    this.validate(versions, configurationValues);
    const { cluster } = props;

    this.ebsCsiDriverRole = cluster.addServiceAccountRole('EbsCsiDriverRole', {
      ...EksManagedAddons.EBS_CSI_SERVICE_ACCOUNT,
      managedPolicyArns: [awsManagedPolicyArn(cluster.partition, 'service-role/AmazonEBSCSIDriverPolicy')],
    });
    const nodeDependencies = props.nodeDependencies ?? Object.values(cluster.nodeGroups).map((group) => group.nodeGroup);

    const addons: Partial<Record<EksManagedAddonName, EksAddon>> = {};
    for (const name of EKS_MANAGED_ADDON_NAMES) {
      const configuration = configurationValues[name];
      addons[name] = new EksAddon(this, idFor('Addon', name), {
        clusterName: cluster.clusterName,
        addonName: name,
        addonVersion: versions[name],
        configurationValues: configuration === undefined ? undefined : JSON.stringify(configuration),
        resolveConflictsOnCreate: EksManagedAddons.RESOLVE_CONFLICTS_ON_CREATE,
        resolveConflictsOnUpdate: EksManagedAddons.RESOLVE_CONFLICTS_ON_UPDATE,
        serviceAccountRoleArn: name === 'aws-ebs-csi-driver' ? this.ebsCsiDriverRole.roleArn : undefined,
        dependsOn: ADDONS_NEEDING_NODES.includes(name) ? [...nodeDependencies] : undefined,
      });
    }
    this.addons = addons as Record<EksManagedAddonName, EksAddon>;
    if (props.nodeGroupsAfterVpcCni ?? true) {
      // The address Terraform expects in depends_on (the resource's fqn would render as an interpolation).
      const vpcCni = `${this.addons['vpc-cni'].terraformResourceType}.${this.addons['vpc-cni'].friendlyUniqueId}`;
      for (const group of Object.values(cluster.nodeGroups)) {
        group.nodeGroup.dependsOn = [...(group.nodeGroup.dependsOn ?? []), vpcCni];
      }
    }
  }

  private validate(versions: Partial<Record<string, string>>, configurationValues: Partial<Record<string, unknown>>): void {
    const require = requirement(this);
    const known = EKS_MANAGED_ADDON_NAMES as readonly string[];
    for (const [field, names] of [
      ['versions', Object.keys(versions)],
      ['configurationValues', Object.keys(configurationValues)],
    ] as const) {
      for (const name of names) {
        require(known.includes(name), `${field}.${name}`, `'${name}' is not one of the managed add-ons`, `use one of ${quoted(EKS_MANAGED_ADDON_NAMES)}`);
      }
    }
    for (const [name, version] of Object.entries(versions)) {
      require(
        version !== undefined && ADDON_VERSION.test(version),
        `versions.${name}`,
        `'${version}' is not an EKS add-on version`,
        `use a version such as v1.19.5-eksbuild.1 (aws eks describe-addon-versions --addon-name ${name})`,
      );
    }
  }
}
