import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_SERVICE_ACCOUNTS } from './addon-catalog';
import { addonRelease, irsaServiceAccount } from './private/addon-release';
import { AWS_REGION, IAM_ROLE_ARN, requireFormat } from './private/validation';

/** What to tune on the cluster autoscaler; the composite passes these through. */
export interface ClusterAutoscalerOptions {
  /**
   * Image tag of the autoscaler. Its minor version must match the cluster's Kubernetes minor version, e.g.
   * `v1.33.0` for Kubernetes 1.33 (see the cluster-autoscaler release notes).
   * @default - the chart's appVersion (v1.35.0 for chart 9.59.0)
   */
  readonly imageTag?: string;
  /**
   * Autoscaler pods; more than one run with leader election, so a node drain never stops scaling.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Which node group grows when several could fit the pending pods (`--expander`).
   * @default 'least-waste'
   */
  readonly expander?: 'least-waste' | 'most-pods' | 'priority' | 'random' | 'price' | 'least-nodes';
}

export interface ClusterAutoscalerProps extends ClusterAutoscalerOptions {
  /** EKS cluster whose Auto Scaling groups are discovered by the `k8s.io/cluster-autoscaler/<name>` tag. */
  readonly clusterName: string;
  readonly region: string;
  /** IAM role of the `kube-system/cluster-autoscaler` service account (IRSA). */
  readonly roleArn: string;
  /** Resources the release waits for (e.g. the AWS Load Balancer Controller, whose webhook admits Services). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Kubernetes cluster-autoscaler for EKS node groups, discovering the Auto Scaling groups tagged
 * `k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<clusterName>` (EKS managed node groups carry
 * both). Balances similar node groups across AZs, may remove nodes running kube-system pods, and picks the node
 * group that wastes the least CPU and memory.
 *
 * Values keys verified against kubernetes/autoscaler charts/cluster-autoscaler/values.yaml of chart 9.59.0:
 * `cloudProvider`, `awsRegion`, `autoDiscovery.clusterName`, `rbac.serviceAccount.{create,name,annotations}`,
 * `extraArgs`, `image.tag`, `replicaCount`, `podDisruptionBudget`, `priorityClassName`.
 *
 * Karpenter is not offered: its controller needs its own IAM, SQS interruption queue and NodePool resources,
 * which belong to the cluster library.
 */
export class ClusterAutoscaler extends Construct {
  static readonly DEFAULT_REPLICAS = 2;

  readonly release: Release;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const replicas = props.replicas ?? ClusterAutoscaler.DEFAULT_REPLICAS;
    ConstructValidationError.require(this, props.clusterName !== '', 'clusterName', 'is empty', 'pass the name of the EKS cluster');
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use a region name such as eu-central-1');
    requireFormat(this, props.roleArn, 'roleArn', IAM_ROLE_ARN, 'an IAM role ARN', 'pass the ARN of the IRSA role of kube-system/cluster-autoscaler');
    ConstructValidationError.require(this, Number.isInteger(replicas) && replicas >= 1, 'replicas', `${replicas} is not a positive whole number`, 'run at least 1 replica (2 for production)');
    if (props.imageTag !== undefined) {
      ConstructValidationError.require(this, /^v1\.\d+\.\d+$/.test(props.imageTag), 'imageTag', `'${props.imageTag}' is not a cluster-autoscaler release tag`, 'use a tag such as v1.33.0 matching the cluster minor version');
    }

    const serviceAccount = ADDON_SERVICE_ACCOUNTS.clusterAutoscaler;
    this.release = addonRelease(this, {
      addon: 'clusterAutoscaler',
      createNamespace: false,
      dependsOn: props.dependsOn,
      values: {
        cloudProvider: 'aws',
        awsRegion: props.region,
        autoDiscovery: { clusterName: props.clusterName },
        rbac: { create: true, serviceAccount: irsaServiceAccount(serviceAccount.name, props.roleArn) },
        extraArgs: {
          'balance-similar-node-groups': true,
          'skip-nodes-with-system-pods': false,
          expander: props.expander ?? 'least-waste',
        },
        ...(props.imageTag === undefined ? {} : { image: { tag: props.imageTag } }),
        replicaCount: replicas,
        podDisruptionBudget: { maxUnavailable: 1 },
        priorityClassName: 'system-cluster-critical',
      },
    });
  }
}
