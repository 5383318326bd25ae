import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ConstructValidationError, SYSTEM_NAMESPACE_NAMES } from '@platform/core';
import { Construct } from 'constructs';
import { KYVERNO_CHART } from './addon-catalog';
import { podSecurityLabels } from './platform-namespaces';
import { pinnedRelease } from './private/addon-release';

/**
 * What the API server does with an object an enforcing policy matches while no Kyverno admission controller answers:
 * `Fail` refuses it (the guardrails hold, and pods cannot be created until Kyverno is back), `Ignore` admits it
 * unchecked (the background scan reports it afterwards).
 */
export type KyvernoFailurePolicy = 'Fail' | 'Ignore';

export interface KyvernoProps {
  /**
   * Run highly available: three admission controller replicas (Kyverno's HA recommendation: its webhook admits every
   * pod, so it must survive a node drain and a zone outage) and two reports controllers, each with a
   * PodDisruptionBudget. Otherwise one reports controller, and `admissionReplicas` admission controllers.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * Admission controller replicas; with two or more a PodDisruptionBudget keeps one answering through node drains.
   * @default - 3 with `highAvailability`, else 1
   */
  readonly admissionReplicas?: number;
  /**
   * Failure policy of the enforcing ClusterPolicies (KyvernoPolicies' `enforceFailurePolicy`; audit-only policies
   * always `Ignore`). `Fail` needs two or more admission replicas: with one, every restart or node drain of Kyverno
   * would block pod creation in every namespace its webhooks cover (cert-manager, external-dns, velero, the
   * applications).
   * @default 'Fail'
   */
  readonly enforceFailurePolicy?: KyvernoFailurePolicy;
}

/**
 * Kyverno, the admission controller that enforces the Kubernetes guardrails at run time (policies: KyvernoPolicies,
 * in the cluster-config stack, since they need Kyverno's CRDs at plan time). Its webhooks skip the system
 * namespaces (SYSTEM_NAMESPACES of @platform/core: kube-system, monitoring, kyverno itself, ...), so a broken
 * policy can neither stop the nodes' networking nor keep Kyverno from restarting.
 */
export class Kyverno extends Construct {
  static readonly NAMESPACE = 'kyverno';
  /**
   * Resources of the admission controller: the chart's requests, and room above its 384Mi limit since it evaluates
   * every admission request and caches the policies; the reports controller keeps the chart's defaults.
   */
  static readonly ADMISSION_RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } };

  readonly namespace: NamespaceV1;
  readonly release: Release;
  readonly admissionReplicas: number;
  /** The failure policy the enforcing ClusterPolicies must use with this installation; give it to KyvernoPolicies. */
  readonly enforceFailurePolicy: KyvernoFailurePolicy;

  constructor(scope: Construct, id: string, props: KyvernoProps = {}) {
    super(scope, id);
    const ha = props.highAvailability ?? true;
    const admissionReplicas = props.admissionReplicas ?? (ha ? 3 : 1);
    const failurePolicy = props.enforceFailurePolicy ?? 'Fail';
    ConstructValidationError.require(this, Number.isInteger(admissionReplicas) && admissionReplicas >= 1, 'admissionReplicas', `${admissionReplicas} is not a replica count`, 'run 1 or more replicas');
    ConstructValidationError.require(
      this,
      failurePolicy === 'Ignore' || admissionReplicas >= 2,
      'enforceFailurePolicy',
      `'Fail' with ${admissionReplicas} admission replica would block pod creation whenever that replica restarts`,
      "set admissionReplicas to 2 or more (or highAvailability: true), or enforceFailurePolicy: 'Ignore'",
    );
    this.admissionReplicas = admissionReplicas;
    this.enforceFailurePolicy = failurePolicy;
    this.namespace = new NamespaceV1(this, 'Namespace', { metadata: { name: Kyverno.NAMESPACE, labels: podSecurityLabels('restricted') } });
    const controller = (replicas: number) => ({ replicas, podDisruptionBudget: { enabled: replicas > 1, minAvailable: 1 } });
    const values = {
      config: {
        webhooks: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...SYSTEM_NAMESPACE_NAMES] }] } },
        excludeKyvernoNamespace: true,
      },
      admissionController: { ...controller(admissionReplicas), container: { resources: Kyverno.ADMISSION_RESOURCES } },
      // The policies only validate: the background controller (generate, mutate-existing) and the cleanup controller
      // (CleanupPolicies) would have nothing to do, and cost memory the small clusters lack.
      backgroundController: { enabled: false },
      cleanupController: { enabled: false },
      // Scans existing objects against the policies (background: true) and writes the PolicyReports Audit shows in.
      reportsController: controller(ha ? 2 : 1),
    };
    // The same release settings as every add-on (addonRelease). The CRDs come with the chart (crds.install, on by
    // default); the cluster-config stack, planned after this one, needs them for the ClusterPolicies.
    this.release = pinnedRelease(this, { chart: KYVERNO_CHART, name: 'kyverno', namespace: Kyverno.NAMESPACE, values, dependsOn: [this.namespace] });
  }
}
