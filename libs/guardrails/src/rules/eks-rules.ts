import { isInternetWide } from '../private/internet-cidrs';
import { Rule } from '../rule';
import { blockOf, blocksOf, isFalse, stringsOf } from '../terraform-values';
import { requireTrue } from './rule-helpers';

const CLUSTER = ['aws_eks_cluster'];
const NODE_GROUP = ['aws_eks_node_group'];
/** Every control plane log type EKS can send to CloudWatch Logs. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export const EKS_RULES: readonly Rule[] = [
  {
    id: 'PLAT-EKS-001',
    checkovIds: ['CKV_AWS_58'],
    complianceIds: ['FSBP-EKS.3'],
    severity: 'error',
    resourceTypes: CLUSTER,
    description: 'Kubernetes secrets are envelope-encrypted with a KMS key.',
    fix: 'add encryption_config { resources = ["secrets"], provider { key_arn = <customer managed key> } } (EksCluster from @platform/cluster does)',
    check(cluster) {
      const encrypted = blocksOf(cluster.config.encryption_config).some(
        (config) => stringsOf(config.resources).includes('secrets') && blockOf(config.provider)?.key_arn !== undefined,
      );
      return encrypted ? undefined : 'has no encryption_config for secrets';
    },
  },
  {
    id: 'PLAT-EKS-002',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: CLUSTER,
    description: 'Nodes and in-VPC clients reach the API server through the private endpoint.',
    fix: 'set vpc_config.endpoint_private_access = true',
    check: (cluster) => requireTrue(blockOf(cluster.config.vpc_config), 'endpoint_private_access', 'vpc_config.endpoint_private_access'),
  },
  {
    id: 'PLAT-EKS-003',
    checkovIds: ['CKV_AWS_38', 'CKV_AWS_39'],
    complianceIds: ['FSBP-EKS.1'],
    severity: 'error',
    resourceTypes: CLUSTER,
    productionOnly: true,
    description: 'The production API endpoint is private, or public only to listed ranges, never the whole internet.',
    fix: 'set vpc_config.endpoint_public_access = false, or list the office/VPN ranges in public_access_cidrs (cluster.publicAccessCidrs in the environment config)',
    check(cluster) {
      const vpcConfig = blockOf(cluster.config.vpc_config);
      // The public endpoint is on unless turned off, and open to 0.0.0.0/0 unless ranges are listed.
      if (isFalse(vpcConfig?.endpoint_public_access)) return undefined;
      const cidrs = stringsOf(vpcConfig?.public_access_cidrs);
      if (cidrs.length === 0) return 'the public API endpoint is on and public_access_cidrs is not set, so it is open to 0.0.0.0/0';
      const open = cidrs.filter(isInternetWide);
      return open.length > 0 ? `the public API endpoint is open to ${open.join(', ')}` : undefined;
    },
  },
  {
    id: 'PLAT-EKS-004',
    checkovIds: ['CKV_AWS_37'],
    complianceIds: ['FSBP-EKS.8'],
    severity: 'error',
    resourceTypes: CLUSTER,
    description: `The control plane sends every log type (${EKS_LOG_TYPES.join(', ')}) to CloudWatch Logs.`,
    fix: `set enabled_cluster_log_types = [${EKS_LOG_TYPES.map((type) => `"${type}"`).join(', ')}]`,
    check(cluster) {
      const enabled = stringsOf(cluster.config.enabled_cluster_log_types);
      const missing = EKS_LOG_TYPES.filter((type) => !enabled.includes(type));
      return missing.length === 0 ? undefined : `enabled_cluster_log_types lacks ${missing.join(', ')}`;
    },
  },
  {
    id: 'PLAT-EKS-005',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: NODE_GROUP,
    description: 'Node groups launch from a launch template, so IMDSv2 and encrypted volumes are enforced (the EKS default template allows IMDSv1).',
    fix: 'give the node group a launch_template with metadata_options.http_tokens = "required" and encrypted volumes (ManagedNodeGroup from @platform/cluster does)',
    check: (group) => (blockOf(group.config.launch_template) === undefined ? 'has no launch_template' : undefined),
  },
  {
    id: 'PLAT-EKS-006',
    checkovIds: ['CKV_AWS_100'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: NODE_GROUP,
    description: 'Node groups with SSH remote access restrict it to source security groups.',
    fix: 'remove remote_access (use SSM Session Manager) or set remote_access.source_security_group_ids',
    check(group) {
      const remoteAccess = blockOf(group.config.remote_access);
      if (remoteAccess === undefined) return undefined;
      return stringsOf(remoteAccess.source_security_group_ids).length > 0 ? undefined : 'remote_access has no source_security_group_ids, so SSH is open to 0.0.0.0/0';
    },
  },
];
