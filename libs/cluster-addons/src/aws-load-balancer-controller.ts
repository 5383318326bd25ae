import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { ADDON_SERVICE_ACCOUNTS } from './addon-catalog';
import { ALB_INGRESS_CLASS, albIngressClassParamsSpec, AlbIngressSettings, validateAlbIngressSettings } from './alb-ingress';
import { addonRelease, irsaServiceAccount } from './private/addon-release';
import { AWS_REGION, IAM_ROLE_ARN, matchesOrToken, requireFormat } from './private/validation';

export interface AwsLoadBalancerControllerProps {
  /** EKS cluster the controller serves; it tags and names load balancers with it. */
  readonly clusterName: string;
  readonly region: string;
  /** VPC of the cluster; set explicitly so the controller never depends on the instance metadata service. */
  readonly vpcId: string;
  /** IAM role of the `kube-system/aws-load-balancer-controller` service account (IRSA). */
  readonly roleArn: string;
  /**
   * Controller pods: one leader, the others serve the webhooks and take over on failure.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * The environment's shared ALB: the IngressClassParams of the `alb` class enforce its group, name, certificate, TLS
   * policy, HTTPS redirect and web ACL for every Ingress of the class.
   * @default - an `alb` IngressClass without parameters (each Ingress brings its own settings)
   */
  readonly alb?: AlbIngressSettings;
  /**
   * Tags on every AWS resource the controller creates (ALBs, NLBs, target groups, security groups), which Terraform
   * never sees and so never tags: the environment's `Environment`, `Project`, `Owner` and `CostCenter` for cost
   * allocation. Passed as the controller's `--default-tags=k=v,…` flag, so no key or value may hold `,` or `=`.
   * @default - only the controller's own tags (`elbv2.k8s.aws/cluster`, `ingress.k8s.aws/stack`, …)
   */
  readonly defaultTags?: Readonly<Record<string, string>>;
}

/**
 * The AWS Load Balancer Controller: provisions the ALB of the `alb` Ingresses (north-south traffic) and NLBs for
 * `LoadBalancer` Services. Its webhook admits every new Service, so other releases should wait for it.
 *
 * Values keys verified against aws/eks-charts stable/aws-load-balancer-controller/values.yaml of chart 3.5.0:
 * `clusterName`, `region`, `vpcId`, `serviceAccount.{create,name,annotations}`, `replicaCount`,
 * `podDisruptionBudget`, `ingressClass`, `createIngressClassResource`, `ingressClassParams.{create,name,spec}`
 * (IngressClassParams fields from apis/elbv2/v1beta1/ingressclassparams_types.go at v3.5.0), `defaultTags` (a map the
 * deployment template joins into the `--default-tags` argument).
 */
export class AwsLoadBalancerController extends Construct {
  static readonly DEFAULT_REPLICAS = 2;

  readonly release: Release;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    const replicas = props.replicas ?? AwsLoadBalancerController.DEFAULT_REPLICAS;
    ConstructValidationError.require(this, props.clusterName !== '', 'clusterName', 'is empty', 'pass the name of the EKS cluster');
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use a region name such as eu-central-1');
    ConstructValidationError.require(this, matchesOrToken(props.vpcId, /^vpc-[0-9a-f]+$/), 'vpcId', `'${props.vpcId}' is not a VPC id`, "pass the id of the cluster's VPC, e.g. vpc-0123abcd");
    requireFormat(this, props.roleArn, 'roleArn', IAM_ROLE_ARN, 'an IAM role ARN', 'pass the ARN of the IRSA role of kube-system/aws-load-balancer-controller');
    ConstructValidationError.require(this, Number.isInteger(replicas) && replicas >= 2, 'replicas', `${replicas} leaves the Service webhook without a standby`, 'run at least 2 replicas');
    if (props.alb !== undefined) validateAlbIngressSettings(this, props.alb, 'alb');
    for (const [key, value] of Object.entries(props.defaultTags ?? {})) {
      // The chart joins the map into one unquoted `--default-tags=k=v,k=v` argument of the container.
      ConstructValidationError.require(
        this,
        key !== '' && ![key, value].some((text) => /[,=]|:(\s|$)|\s#/.test(text)),
        `defaultTags.${key}`,
        `'${key}=${value}' cannot be passed in the controller's --default-tags flag`,
        "write keys and values without ',', '=', ': ' or ' #'",
      );
    }

    this.release = addonRelease(this, {
      addon: 'awsLoadBalancerController',
      createNamespace: false,
      values: {
        clusterName: props.clusterName,
        region: props.region,
        vpcId: props.vpcId,
        serviceAccount: irsaServiceAccount(ADDON_SERVICE_ACCOUNTS.awsLoadBalancerController.name, props.roleArn),
        replicaCount: replicas,
        podDisruptionBudget: { maxUnavailable: 1 },
        ingressClass: ALB_INGRESS_CLASS,
        createIngressClassResource: true,
        ingressClassParams:
          props.alb === undefined ? { create: false } : { create: true, name: ALB_INGRESS_CLASS, spec: albIngressClassParamsSpec(props.alb) },
        ...(props.defaultTags === undefined || Object.keys(props.defaultTags).length === 0 ? {} : { defaultTags: { ...props.defaultTags } }),
      },
    });
  }
}
