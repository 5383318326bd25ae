/**
 * Pinned figures the capacity contract needs and the synthesized stacks do not state: what an instance type offers
 * a kubelet, and what each pinned Helm chart or EKS add-on runs where the values leave the chart's defaults. Update a
 * row when a chart is bumped or an instance type is added (an unknown chart version or instance type fails the
 * contract, naming the row to add).
 */

/** A requests pair: CPU in millicores, memory in MiB. */
export interface Requests {
  readonly cpu: number;
  readonly memory: number;
}

/** What EC2 publishes for an instance type (`aws ec2 describe-instance-types`). */
export interface InstanceType {
  readonly vcpus: number;
  /** Nominal memory, MiB. */
  readonly memoryMiB: number;
  /** Network interfaces of the default network card. */
  readonly enis: number;
  /** IPv4 addresses per interface. */
  readonly ipv4PerEni: number;
  /** Built on Nitro: prefix delegation works only there. */
  readonly nitro: boolean;
  readonly arch: 'amd64' | 'arm64';
}

/**
 * Instance types the environments use or may use. ENIs and addresses per ENI from `describe-instance-types`; the
 * secondary-IP max pods they give (`enis × (ips − 1) + 2`) equal awslabs/amazon-eks-ami
 * `templates/shared/runtime/eni-max-pods.txt` (t3.medium 17, t3.large 35, t3.xlarge 58, c5.large 29, c5.xlarge 58,
 * m5.large 29, m5.xlarge 58, m6i.large 29).
 */
export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = {
  't3.medium': { vcpus: 2, memoryMiB: 4096, enis: 3, ipv4PerEni: 6, nitro: true, arch: 'amd64' },
  't3.large': { vcpus: 2, memoryMiB: 8192, enis: 3, ipv4PerEni: 12, nitro: true, arch: 'amd64' },
  't3.xlarge': { vcpus: 4, memoryMiB: 16384, enis: 4, ipv4PerEni: 15, nitro: true, arch: 'amd64' },
  'c5.large': { vcpus: 2, memoryMiB: 4096, enis: 3, ipv4PerEni: 10, nitro: true, arch: 'amd64' },
  'c5.xlarge': { vcpus: 4, memoryMiB: 8192, enis: 4, ipv4PerEni: 15, nitro: true, arch: 'amd64' },
  'm5.large': { vcpus: 2, memoryMiB: 8192, enis: 3, ipv4PerEni: 10, nitro: true, arch: 'amd64' },
  'm5.xlarge': { vcpus: 4, memoryMiB: 16384, enis: 4, ipv4PerEni: 15, nitro: true, arch: 'amd64' },
  'm6i.large': { vcpus: 2, memoryMiB: 8192, enis: 3, ipv4PerEni: 10, nitro: true, arch: 'amd64' },
};

/**
 * Max pods as an EKS managed node group without a custom AMI sets it: the EKS max-pods calculator
 * (awslabs/amazon-eks-ami `max-pods-calculator.sh`) — secondary IPs `enis × (ips − 1) + 2`, or with prefix
 * delegation on Nitro `enis × (ips − 1) × 16 + 2` — capped at 110 below 30 vCPUs and 250 above (the cap managed
 * node groups enforce in the nodes' user data, with or without prefix delegation).
 */
export function maxPods(type: InstanceType, prefixDelegation: boolean): number {
  const slots = type.enis * (type.ipv4PerEni - 1);
  const addresses = prefixDelegation && type.nitro ? slots * 16 + 2 : slots + 2;
  return Math.min(addresses, type.vcpus > 30 ? 250 : 110);
}

/**
 * What the scheduler may place on one node (AL2023 nodeadm's kubelet defaults): capacity minus kube-reserved
 * (CPU: 6 % of the first core, 1 % of the second, 0.5 % of the next two, 0.25 % of the rest; memory:
 * `11 × maxPods + 255` MiB) minus the hard eviction threshold (100 MiB). The kubelet reports about 93.5 % of the
 * nominal memory as capacity (t3.medium: 3,828 MiB of 4,096), which is used here.
 */
export function allocatable(type: InstanceType, pods: number): Requests {
  const cores = type.vcpus;
  const reservedCpu = 60 + (cores > 1 ? 10 : 0) + Math.min(Math.max(cores - 2, 0), 2) * 5 + Math.max(cores - 4, 0) * 2.5;
  const capacityMemory = Math.floor(type.memoryMiB * 0.935);
  return { cpu: cores * 1000 - reservedCpu, memory: capacityMemory - (11 * pods + 255) - 100 };
}

/** A Kubernetes toleration as the contract reads it. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** Tolerates every NoSchedule taint (node-exporter, Alloy, the EKS DaemonSets). */
export const TOLERATE_ALL: readonly Toleration[] = [{ operator: 'Exists' }];

/** One container's requests: the values path that sets them, and the chart's default when it does not. */
export interface ChartContainer {
  /** Path of the `resources` object in the values, e.g. `['controller', 'resources']`. */
  readonly resources?: readonly string[];
  readonly defaults: Requests;
}

/** One workload a chart renders. */
export interface ChartComponent {
  readonly name: string;
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  /** Values path of the replica count and the chart's default (not for DaemonSets). */
  readonly replicas?: { readonly path: readonly string[]; readonly default: number };
  readonly containers: readonly ChartContainer[];
  /** Values path that switches the component on, and its default. */
  readonly enabled?: { readonly path: readonly string[]; readonly default: boolean };
  /** Values path of the tolerations, and the chart's default. */
  readonly tolerations?: { readonly path?: readonly string[]; readonly default: readonly Toleration[] };
}

const NONE: Requests = { cpu: 0, memory: 0 };
const deployment = (name: string, replicasPath: readonly string[], defaultReplicas: number, containers: readonly ChartContainer[], extra: Partial<ChartComponent> = {}): ChartComponent => ({
  name,
  kind: 'Deployment',
  replicas: { path: replicasPath, default: defaultReplicas },
  containers,
  ...extra,
});

/**
 * The workloads of each pinned chart, keyed `<chart>@<version>`, read from that version's `values.yaml` (defaults of
 * replicas, resources and tolerations); Jobs and hooks (webhook certificate generation, startup checks) are left out:
 * they finish before the release does. Components whose defaults are `resources: {}` request nothing: they still
 * count as pods.
 */
export const CHART_COMPONENTS: Readonly<Record<string, readonly ChartComponent[]>> = {
  // aws/eks-charts stable/aws-load-balancer-controller 3.5.0: replicaCount 2, resources {}.
  'aws-load-balancer-controller@3.5.0': [deployment('controller', ['replicaCount'], 2, [{ resources: ['resources'], defaults: NONE }])],
  // kubernetes/autoscaler cluster-autoscaler-chart-9.59.0: replicaCount 1, resources {}.
  'cluster-autoscaler@9.59.0': [deployment('cluster-autoscaler', ['replicaCount'], 1, [{ resources: ['resources'], defaults: NONE }])],
  // kubernetes-sigs/metrics-server 3.13.1: replicas 1, resources.requests cpu 100m memory 200Mi.
  'metrics-server@3.13.1': [deployment('metrics-server', ['replicas'], 1, [{ resources: ['resources'], defaults: { cpu: 100, memory: 200 } }])],
  // kubernetes/autoscaler vertical-pod-autoscaler chart (values of 0.11.0–0.13.0): each component 2 replicas, resources {}.
  'vertical-pod-autoscaler@0.11.0': ['recommender', 'updater', 'admissionController'].map((component) =>
    deployment(component, [component, 'replicas'], 2, [{ resources: [component, 'resources'], defaults: NONE }], { enabled: { path: [component, 'enabled'], default: true } }),
  ),
  // cert-manager v1.21.1: controller, webhook and cainjector 1 replica each, resources {}.
  'cert-manager@v1.21.1': [
    deployment('controller', ['replicaCount'], 1, [{ resources: ['resources'], defaults: NONE }]),
    deployment('webhook', ['webhook', 'replicaCount'], 1, [{ resources: ['webhook', 'resources'], defaults: NONE }]),
    deployment('cainjector', ['cainjector', 'replicaCount'], 1, [{ resources: ['cainjector', 'resources'], defaults: NONE }], { enabled: { path: ['cainjector', 'enabled'], default: true } }),
  ],
  // external-secrets helm-chart-2.9.0: controller, webhook and cert-controller 1 replica each, resources {}.
  'external-secrets@2.9.0': [
    deployment('controller', ['replicaCount'], 1, [{ resources: ['resources'], defaults: NONE }]),
    deployment('webhook', ['webhook', 'replicaCount'], 1, [{ resources: ['webhook', 'resources'], defaults: NONE }], { enabled: { path: ['webhook', 'create'], default: true } }),
    deployment('cert-controller', ['certController', 'replicaCount'], 1, [{ resources: ['certController', 'resources'], defaults: NONE }], { enabled: { path: ['certController', 'create'], default: true } }),
  ],
  // kubernetes-sigs/external-dns external-dns-helm-chart-1.21.1: one replica (leader-less), resources {}.
  'external-dns@1.21.1': [deployment('external-dns', ['replicaCount'], 1, [{ resources: ['resources'], defaults: NONE }])],
  // vmware-tanzu/helm-charts velero-12.1.0: 1 replica, requests cpu 500m memory 128Mi; node agent off by default.
  'velero@12.1.0': [deployment('velero', ['replicaCount'], 1, [{ resources: ['resources'], defaults: { cpu: 500, memory: 128 } }])],
  // argoproj/argo-helm charts/argo-rollouts 2.41.0 (app v1.9.0): the controller, replicas 2, resources {}; the
  // dashboard is off by default.
  'argo-rollouts@2.41.0': [
    deployment('controller', ['controller', 'replicas'], 2, [{ resources: ['controller', 'resources'], defaults: NONE }]),
    deployment('dashboard', ['dashboard', 'replicas'], 1, [{ resources: ['dashboard', 'resources'], defaults: NONE }], { enabled: { path: ['dashboard', 'enabled'], default: false } }),
  ],
  // kyverno/kyverno v1.19.0 charts/kyverno 3.9.0: four controllers, replicas ~ (1); admission requests cpu 100m memory
  // 128Mi, the others cpu 100m memory 64Mi.
  'kyverno@3.9.0': [
    deployment('admission-controller', ['admissionController', 'replicas'], 1, [{ resources: ['admissionController', 'container', 'resources'], defaults: { cpu: 100, memory: 128 } }]),
    ...['backgroundController', 'cleanupController', 'reportsController'].map((component) =>
      deployment(component, [component, 'replicas'], 1, [{ resources: [component, 'resources'], defaults: { cpu: 100, memory: 64 } }], { enabled: { path: [component, 'enabled'], default: true } }),
    ),
  ],
  // prometheus-community kube-prometheus-stack-88.5.3 (and its grafana, kube-state-metrics, node-exporter subcharts).
  'kube-prometheus-stack@88.5.3': [
    {
      name: 'prometheus',
      kind: 'StatefulSet',
      replicas: { path: ['prometheus', 'prometheusSpec', 'replicas'], default: 1 },
      containers: [{ resources: ['prometheus', 'prometheusSpec', 'resources'], defaults: NONE }, { resources: ['prometheusOperator', 'prometheusConfigReloader', 'resources'], defaults: NONE }],
    },
    {
      name: 'alertmanager',
      kind: 'StatefulSet',
      replicas: { path: ['alertmanager', 'alertmanagerSpec', 'replicas'], default: 1 },
      containers: [{ resources: ['alertmanager', 'alertmanagerSpec', 'resources'], defaults: NONE }, { resources: ['prometheusOperator', 'prometheusConfigReloader', 'resources'], defaults: NONE }],
      enabled: { path: ['alertmanager', 'enabled'], default: true },
    },
    deployment('grafana', ['grafana', 'replicas'], 1, [{ resources: ['grafana', 'resources'], defaults: NONE }, { resources: ['grafana', 'sidecar', 'resources'], defaults: NONE }], {
      enabled: { path: ['grafana', 'enabled'], default: true },
    }),
    deployment('prometheus-operator', ['prometheusOperator', 'replicas'], 1, [{ resources: ['prometheusOperator', 'resources'], defaults: NONE }]),
    deployment('kube-state-metrics', ['kube-state-metrics', 'replicas'], 1, [{ resources: ['kube-state-metrics', 'resources'], defaults: NONE }], {
      enabled: { path: ['kubeStateMetrics', 'enabled'], default: true },
    }),
    {
      name: 'node-exporter',
      kind: 'DaemonSet',
      containers: [{ resources: ['prometheus-node-exporter', 'resources'], defaults: NONE }],
      enabled: { path: ['nodeExporter', 'enabled'], default: true },
      tolerations: { path: ['prometheus-node-exporter', 'tolerations'], default: [{ effect: 'NoSchedule', operator: 'Exists' }] },
    },
  ],
  // grafana/loki helm-loki-18.11.0 in Monolithic mode: singleBinary.replicas (the scalable targets are set to 0).
  'loki@18.11.0': [
    {
      name: 'single-binary',
      kind: 'StatefulSet',
      replicas: { path: ['singleBinary', 'replicas'], default: 0 },
      containers: [{ resources: ['singleBinary', 'resources'], defaults: NONE }],
    },
  ],
  // grafana/alloy 1.11.1: a DaemonSet here (controller.type), config reloader requests cpu 10m memory 50Mi.
  'alloy@1.11.1': [
    {
      name: 'alloy',
      kind: 'DaemonSet',
      containers: [{ resources: ['alloy', 'resources'], defaults: NONE }, { resources: ['configReloader', 'resources'], defaults: { cpu: 10, memory: 50 } }],
      tolerations: { path: ['controller', 'tolerations'], default: [] },
    },
  ],
  // open-telemetry/opentelemetry-collector 0.170.0 in deployment mode: replicaCount 1.
  'opentelemetry-collector@0.170.0': [deployment('collector', ['replicaCount'], 1, [{ resources: ['resources'], defaults: NONE }])],
  // prometheus-community prometheus-postgres-exporter-8.2.0: replicaCount 1, resources {}.
  'prometheus-postgres-exporter@8.2.0': [deployment('exporter', ['replicaCount'], 1, [{ resources: ['resources'], defaults: NONE }])],
  // prometheus-community prometheus-redis-exporter-6.29.0: replicaCount 1, resources {}.
  'prometheus-redis-exporter@6.29.0': [deployment('exporter', ['replicaCount'], 1, [{ resources: ['resources'], defaults: NONE }])],
  // grafana/helm-charts tempo-2.2.4 (single binary): replicas 1.
  'tempo@2.2.4': [{ name: 'tempo', kind: 'StatefulSet', replicas: { path: ['replicas'], default: 1 }, containers: [{ resources: ['tempo', 'resources'], defaults: NONE }] }],
};

/**
 * The GuardDuty security agent (EKS add-on `aws-guardduty-agent`, namespace `amazon-guardduty`) with its default
 * configuration: requests 200m CPU and 256 MiB on every node (GuardDuty user guide, "Configure GuardDuty security
 * agent (add-on) parameters for Amazon EKS"; the requests cannot be set lower).
 */
export const GUARDDUTY_AGENT: readonly AddonWorkload[] = [{ name: 'aws-guardduty-agent', kind: 'DaemonSet', replicas: 0, requests: { cpu: 200, memory: 256 } }];

/** A workload an EKS managed add-on runs (its default configuration). */
export interface AddonWorkload {
  readonly name: string;
  readonly kind: 'Deployment' | 'DaemonSet';
  readonly replicas: number;
  readonly requests: Requests;
}

/**
 * What each EKS managed add-on runs, from the manifests EKS installs (`kubectl get -o yaml` of the default versions
 * for Kubernetes 1.32–1.35); the DaemonSets tolerate every taint. amazon-cloudwatch-observability is the
 * CloudWatch agent and the operator (container logs, i.e. Fluent Bit, are off here).
 */
export const ADDON_WORKLOADS: Readonly<Record<string, readonly AddonWorkload[]>> = {
  'vpc-cni': [{ name: 'aws-node', kind: 'DaemonSet', replicas: 0, requests: { cpu: 25, memory: 0 } }],
  'kube-proxy': [{ name: 'kube-proxy', kind: 'DaemonSet', replicas: 0, requests: { cpu: 100, memory: 0 } }],
  'eks-pod-identity-agent': [{ name: 'eks-pod-identity-agent', kind: 'DaemonSet', replicas: 0, requests: NONE }],
  coredns: [{ name: 'coredns', kind: 'Deployment', replicas: 2, requests: { cpu: 100, memory: 70 } }],
  'aws-ebs-csi-driver': [
    // ebs-plugin, csi-provisioner, csi-attacher, csi-snapshotter, csi-resizer, liveness-probe: 10m/40Mi each.
    { name: 'ebs-csi-controller', kind: 'Deployment', replicas: 2, requests: { cpu: 60, memory: 240 } },
    // ebs-plugin, node-driver-registrar, liveness-probe.
    { name: 'ebs-csi-node', kind: 'DaemonSet', replicas: 0, requests: { cpu: 30, memory: 120 } },
  ],
  'amazon-cloudwatch-observability': [
    { name: 'cloudwatch-agent', kind: 'DaemonSet', replicas: 0, requests: { cpu: 250, memory: 128 } },
    { name: 'amazon-cloudwatch-observability-controller-manager', kind: 'Deployment', replicas: 1, requests: { cpu: 100, memory: 64 } },
  ],
};
