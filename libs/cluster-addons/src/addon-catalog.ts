import type { HelmChart } from '@platform/core';

/**
 * The cluster add-ons, their pinned Helm charts, namespaces and the service accounts that assume IAM roles (IRSA).
 * One place to bump a chart: every release, test and the IAM trust policies built elsewhere read these constants.
 */

/** Every add-on ClusterAddons can install, in install order. */
export const CLUSTER_ADDON_NAMES = [
  'awsLoadBalancerController',
  'clusterAutoscaler',
  'metricsServer',
  'verticalPodAutoscaler',
  'certManager',
  'externalSecrets',
  'externalDns',
  'velero',
] as const;
export type ClusterAddonName = (typeof CLUSTER_ADDON_NAMES)[number];

/** Add-ons that call AWS APIs and therefore need an IAM role for their service account. */
export const IRSA_ADDON_NAMES = ['awsLoadBalancerController', 'clusterAutoscaler', 'externalSecrets', 'externalDns', 'velero'] as const;
export type IrsaAddonName = (typeof IRSA_ADDON_NAMES)[number];

/**
 * Whether an add-on's upstream still ships releases and security fixes: `maintained` (releases and fixes),
 * `security-fixes-only` (no features, fixes still come), `retired` (no further releases: replace it). A pin of a
 * retired project fails the catalog's test.
 */
export type AddonSupportStatus = 'maintained' | 'security-fixes-only' | 'retired';

/** The upstream support status of a pinned add-on, as last checked. */
export interface AddonSupport {
  readonly status: AddonSupportStatus;
  /** Year and month of the check, `YYYY-MM`. */
  readonly checked: string;
  /** Where the status comes from (the project's releases page, support policy or announcement). */
  readonly note: string;
}

/** A pinned chart and its upstream's support status. */
export interface AddonChart extends HelmChart {
  readonly support: AddonSupport;
}

/** Maintained upstream, as checked in December 2026 (the releases pages and support policies named in `note`). */
const maintained = (note: string): AddonSupport => ({ status: 'maintained', checked: '2026-12', note });

/**
 * The pinned chart of every add-on. Each version was checked against the repository's published `index.yaml`
 * (or release tag), and the values keys each construct sets were checked against that version's `values.yaml`.
 */
export const ADDON_CHARTS: { readonly [K in ClusterAddonName]: AddonChart } = {
  // kubernetes/autoscaler tag cluster-autoscaler-chart-9.59.0 (app v1.35.0).
  clusterAutoscaler: { repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.59.0', support: maintained('kubernetes/autoscaler: SIG Autoscaling, a release per Kubernetes minor') },
  // aws/eks-charts stable/aws-load-balancer-controller 3.5.0 (app v3.5.0).
  awsLoadBalancerController: { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.5.0', support: maintained('kubernetes-sigs/aws-load-balancer-controller: AWS-maintained, v3.x releases') },
  // cert-manager/cert-manager tag v1.21.1; the chart is published with the leading `v`.
  certManager: { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1', support: maintained('cert-manager: CNCF graduated, supported releases per its supported-releases page') },
  // kubernetes-sigs/metrics-server tag metrics-server-helm-chart-3.13.1 (app v0.8.1).
  metricsServer: { repository: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1', support: maintained('kubernetes-sigs/metrics-server: SIG Instrumentation, regular releases') },
  // kubernetes/autoscaler tag vertical-pod-autoscaler-chart-0.11.0 (app 1.7.1), the SIG Autoscaling chart.
  verticalPodAutoscaler: { repository: 'https://kubernetes.github.io/autoscaler', chart: 'vertical-pod-autoscaler', version: '0.11.0', support: maintained('kubernetes/autoscaler vertical-pod-autoscaler: SIG Autoscaling') },
  // external-secrets/external-secrets tag helm-chart-2.9.0 (app v2.9.0).
  externalSecrets: { repository: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0', support: maintained('external-secrets: CNCF project, regular releases') },
  // kubernetes-sigs/external-dns tag external-dns-helm-chart-1.21.1 (app v0.21.0).
  externalDns: { repository: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.21.1', support: maintained('kubernetes-sigs/external-dns: SIG Network, regular releases') },
  // vmware-tanzu/helm-charts tag velero-12.1.0 (app v1.18.1).
  velero: { repository: 'https://vmware-tanzu.github.io/helm-charts', chart: 'velero', version: '12.1.0', support: maintained('vmware-tanzu/velero: regular releases, the latest minors get fixes') },
};

/**
 * The in-cluster admission policy engine (Kyverno, see Kyverno and KyvernoPolicies). Chart 3.9.0 is app v1.19.0
 * (kyverno/kyverno tag v1.19.0, charts/kyverno/Chart.yaml), released 2026-08-20: the newest minor, supported upstream
 * (each minor gets fixes until the third next minor is out; supports Kubernetes 1.33-1.35).
 */
export const KYVERNO_CHART: AddonChart = {
  repository: 'https://kyverno.github.io/kyverno/',
  chart: 'kyverno',
  version: '3.9.0',
  support: maintained('kyverno/kyverno: CNCF incubating, each minor gets fixes until the third next minor is out'),
};
/**
 * The progressive delivery controller (ArgoRollouts: canary and blue/green Rollouts with analysis, see ApplicationService
 * `delivery`). argoproj/argo-helm charts/argo-rollouts 2.41.0 is app v1.9.0 (Chart.yaml), the newest chart as checked.
 */
export const ARGO_ROLLOUTS_CHART: AddonChart = {
  repository: 'https://argoproj.github.io/argo-helm',
  chart: 'argo-rollouts',
  version: '2.41.0',
  support: maintained('argoproj/argo-rollouts: CNCF graduated (Argo), the two latest minors get fixes'),
};
/** The add-ons of `charts` whose upstream is retired, each with the note that says so; empty when none is. */
export function retiredAddons(charts: Readonly<Record<string, AddonChart>>): string[] {
  return Object.entries(charts)
    .filter(([, chart]) => chart.support.status === 'retired')
    .map(([addon, chart]) => `${addon} ${chart.version}: ${chart.support.note}`);
}

/** Where an add-on runs: its Helm release name and namespace. */
export interface AddonPlacement {
  readonly releaseName: string;
  readonly namespace: string;
}

/** Release name and namespace of every add-on. */
export const ADDON_PLACEMENTS: { readonly [K in ClusterAddonName]: AddonPlacement } = {
  clusterAutoscaler: { releaseName: 'cluster-autoscaler', namespace: 'kube-system' },
  awsLoadBalancerController: { releaseName: 'aws-load-balancer-controller', namespace: 'kube-system' },
  certManager: { releaseName: 'cert-manager', namespace: 'cert-manager' },
  metricsServer: { releaseName: 'metrics-server', namespace: 'kube-system' },
  verticalPodAutoscaler: { releaseName: 'vertical-pod-autoscaler', namespace: 'kube-system' },
  externalSecrets: { releaseName: 'external-secrets', namespace: 'external-secrets' },
  externalDns: { releaseName: 'external-dns', namespace: 'external-dns' },
  velero: { releaseName: 'velero', namespace: 'velero' },
};

/** A Kubernetes service account, as an IAM role's trust policy names it. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The service account each IRSA add-on runs as. The IAM roles created elsewhere must trust exactly
 * `system:serviceaccount:<namespace>:<name>` (see {@link serviceAccountSubject}).
 */
export const ADDON_SERVICE_ACCOUNTS: { readonly [K in IrsaAddonName]: ServiceAccountRef } = {
  clusterAutoscaler: { namespace: ADDON_PLACEMENTS.clusterAutoscaler.namespace, name: 'cluster-autoscaler' },
  awsLoadBalancerController: { namespace: ADDON_PLACEMENTS.awsLoadBalancerController.namespace, name: 'aws-load-balancer-controller' },
  externalSecrets: { namespace: ADDON_PLACEMENTS.externalSecrets.namespace, name: 'external-secrets' },
  externalDns: { namespace: ADDON_PLACEMENTS.externalDns.namespace, name: 'external-dns' },
  velero: { namespace: ADDON_PLACEMENTS.velero.namespace, name: 'velero' },
};

/** The `sub` claim of a service account's token, for the condition of an IRSA trust policy. */
export function serviceAccountSubject(account: ServiceAccountRef): string {
  return `system:serviceaccount:${account.namespace}:${account.name}`;
}

/** Service account annotation that makes the EKS pod identity webhook inject credentials of an IAM role. */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
