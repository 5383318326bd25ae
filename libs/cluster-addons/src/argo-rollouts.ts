import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { ARGO_ROLLOUTS_CHART } from './addon-catalog';
import { podSecurityLabels } from './platform-namespaces';
import { pinnedRelease } from './private/addon-release';

export interface ArgoRolloutsProps {
  /**
   * Controller replicas. With two or more they elect a leader (one reconciles, the other takes over within seconds)
   * and a PodDisruptionBudget keeps one through node drains: a Rollout paused in a canary step is only promoted or
   * aborted while a controller runs.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * IRSA role of the controller's service account (`argo-rollouts` in `argo-rollouts`), with
   * {@link ArgoRollouts.iamPolicy}: with it the controller verifies, before it shrinks the stable version, that the
   * ALB really routes the weights it set (`awsVerifyTargetGroup`) — behind one shared ALB a broken Ingress of another
   * service stops the Load Balancer Controller from reconciling, and the weights would exist only on paper.
   * @default - none: weights are not verified
   */
  readonly roleArn?: string;
}

/**
 * Argo Rollouts, the progressive delivery controller: it runs the Rollouts of the workloads stack (canary 10 % → 50 %
 * → 100 % through the shared ALB's weighted target groups, or blue/green), asks Prometheus at each pause through
 * AnalysisRuns and rolls back on a failed one. The chart installs the CRDs (`installCRDs`, kept on uninstall), which
 * the workloads stack, planned after this one, needs for its Rollouts and AnalysisTemplates.
 *
 * The namespace is not a system namespace: the controller's pods meet Pod Security `restricted` and every admission
 * policy (non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp, requests and limits, the
 * chart's pinned image tag). Its metrics Service is on; the chart's ServiceMonitor stays off, since its CRD comes with
 * kube-prometheus-stack in the observability stack, planned after this one.
 */
export class ArgoRollouts extends Construct {
  static readonly NAMESPACE = 'argo-rollouts';
  /** The Helm release name; the chart names the controller Deployment `argo-rollouts`. */
  static readonly RELEASE_NAME = 'argo-rollouts';
  /**
   * Resources of the controller: it watches Rollouts, ReplicaSets, Services, Ingresses and AnalysisRuns cluster-wide
   * (informer caches), small at the platform's scale; the chart sets none.
   */
  static readonly RESOURCES = { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } };
  /** The controller's service account (the chart's full name). */
  static readonly SERVICE_ACCOUNT = 'argo-rollouts';

  /**
   * What the target group verification reads (Argo Rollouts' ALB docs): the load balancer, its listeners and rules,
   * target groups, their tags and target health. Describe calls accept no resource restriction.
   */
  static iamPolicy(): object {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'VerifyAlbWeightsAndTargets',
          Effect: 'Allow',
          Action: [
            'elasticloadbalancing:DescribeListeners',
            'elasticloadbalancing:DescribeLoadBalancers',
            'elasticloadbalancing:DescribeRules',
            'elasticloadbalancing:DescribeTags',
            'elasticloadbalancing:DescribeTargetGroups',
            'elasticloadbalancing:DescribeTargetHealth',
          ],
          Resource: '*',
        },
      ],
    };
  }

  readonly namespace: NamespaceV1;
  readonly release: Release;
  readonly replicas: number;

  constructor(scope: Construct, id: string, props: ArgoRolloutsProps = {}) {
    super(scope, id);
    const replicas = props.replicas ?? 2;
    ConstructValidationError.require(this, Number.isInteger(replicas) && replicas >= 1, 'replicas', `${replicas} is not a replica count`, 'run 1 or more replicas (2 in production)');
    this.replicas = replicas;
    this.namespace = new NamespaceV1(this, 'Namespace', { metadata: { name: ArgoRollouts.NAMESPACE, labels: podSecurityLabels('restricted') } });
    const values = {
      installCRDs: true,
      keepCRDs: true,
      // Named as the IRSA role's trust names it, whatever the chart's default.
      ...(props.roleArn === undefined ? {} : { serviceAccount: { name: ArgoRollouts.SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': props.roleArn } } }),
      controller: {
        replicas,
        awsVerifyTargetGroup: props.roleArn !== undefined,
        resources: ArgoRollouts.RESOURCES,
        pdb: { enabled: replicas > 1, minAvailable: 1 },
        metrics: { enabled: true, serviceMonitor: { enabled: false } },
      },
      // The chart's defaults already meet `restricted`; written out so a chart bump cannot loosen them unnoticed.
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, seccompProfile: { type: 'RuntimeDefault' } },
      // Least privilege: RBAC for the one traffic router the platform uses (the AWS Load Balancer Controller's
      // Ingresses and TargetGroupBindings), none for the service meshes and gateways it does not run.
      providerRBAC: {
        enabled: true,
        providers: {
          istio: false,
          smi: false,
          ambassador: false,
          awsLoadBalancerController: true,
          awsAppMesh: false,
          traefik: false,
          apisix: false,
          contour: false,
          glooPlatform: false,
          gatewayAPI: false,
        },
      },
      dashboard: { enabled: false },
    };
    this.release = pinnedRelease(this, { chart: ARGO_ROLLOUTS_CHART, name: ArgoRollouts.RELEASE_NAME, namespace: ArgoRollouts.NAMESPACE, values, dependsOn: [this.namespace] });
  }
}
