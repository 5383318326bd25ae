import { namespaceQuotaChecks } from './namespace-quota-checks';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';
import { manifestsOfKind } from './kubernetes-objects';
import {
  ADDON_WORKLOADS,
  type AddonWorkload,
  GUARDDUTY_AGENT,
  allocatable,
  CHART_COMPONENTS,
  INSTANCE_TYPES,
  type InstanceType,
  maxPods,
  type Requests,
  TOLERATE_ALL,
  type Toleration,
} from './private/capacity-tables';
import { notApplicableOnEcs } from './private/not-on-ecs';

/** Pods of one workload, as the scheduler sees them. */
interface PodSet {
  /** e.g. `helm kube-prometheus-stack@88.5.3 prometheus`, `deployment testing/novel-engine-backend`. */
  readonly source: string;
  readonly daemonSet: boolean;
  /** Replicas at the desired size (the larger of replicas and the HPA minimum). */
  readonly replicas: number;
  /** Replicas at the autoscaler's maximum (the HPA maximum where there is one). */
  readonly maxReplicas: number;
  /** Extra pods a rolling update starts. */
  readonly surge: number;
  /** Whether its surge happens together with the other application Deployments (one image tag for all). */
  readonly rollsWithApplications: boolean;
  /** Requests of one pod. */
  readonly requests: Requests;
  readonly tolerations: readonly Toleration[];
  readonly nodeSelector: Readonly<Record<string, string>>;
}

interface NodeGroup {
  readonly name: string;
  readonly path: string;
  readonly instanceType: string;
  readonly type: InstanceType;
  readonly desired: number;
  readonly max: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { key: string; value?: string; effect: string }[];
  readonly maxPods: number;
  readonly prefixDelegation: boolean;
  readonly allocatable: Requests;
}

interface Demand {
  cpu: number;
  memory: number;
  pods: number;
  /** The largest single pod, which must fit one node next to the DaemonSets. */
  largest: Requests;
  readonly contributors: Map<string, Requests & { pods: number }>;
}

const TAINT_EFFECTS: Readonly<Record<string, string>> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

/** `250m` → 250, `1` → 1000, `0.5` → 500 (millicores). */
export function cpuMillicores(quantity: unknown): number {
  if (quantity === undefined || quantity === null || quantity === '') return 0;
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

/** `512Mi` → 512, `1.2Gi` → 1228.8, `128M` → 122.07 (MiB). */
export function memoryMebibytes(quantity: unknown): number {
  if (quantity === undefined || quantity === null || quantity === '') return 0;
  const match = /^([\d.]+)\s*([KMGT]i?)?$/.exec(String(quantity));
  if (!match) return Number.NaN;
  const factors: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, K: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576 };
  return Number(match[1]) * (match[2] === undefined ? 1 / 1048576 : factors[match[2]]);
}

const at = (values: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), values);

const requestsOf = (resources: unknown): Requests | undefined => {
  const requests = at(resources, ['requests']);
  return requests === undefined ? undefined : { cpu: cpuMillicores(at(requests, ['cpu'])), memory: memoryMebibytes(at(requests, ['memory'])) };
};

const sum = (items: readonly Requests[]): Requests => items.reduce((total, item) => ({ cpu: total.cpu + item.cpu, memory: total.memory + item.memory }), { cpu: 0, memory: 0 });

/** Deep merge of Helm values documents, later ones winning (as `helm install -f a -f b`). */
function mergeValues(documents: readonly unknown[]): Record<string, unknown> {
  const merge = (base: unknown, overlay: unknown): unknown => {
    if (base === null || typeof base !== 'object' || Array.isArray(base) || overlay === null || typeof overlay !== 'object' || Array.isArray(overlay)) return overlay;
    const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [key, value] of Object.entries(overlay as Record<string, unknown>)) merged[key] = key in merged ? merge(merged[key], value) : value;
    return merged;
  };
  return documents.reduce<Record<string, unknown>>((merged, document) => merge(merged, document) as Record<string, unknown>, {});
}

const percent = (used: number, available: number) => (available <= 0 ? '∞' : `${Math.round((100 * used) / available)} %`);
const cores = (millicores: number) => `${(millicores / 1000).toFixed(2)} cores`;
const gib = (mebibytes: number) => `${(mebibytes / 1024).toFixed(1)} GiB`;

/**
 * Capacity: the pods of the whole environment fit its node groups — CPU, memory and pod count (max pods per instance
 * type under the VPC CNI, with or without prefix delegation) — at the desired size with room for one rolling update,
 * and at the autoscaler's maximum with every HPA at its maximum. Pods come from every stack: the Helm releases
 * (replicas × requests from their values, the pinned chart's defaults where the values are silent, DaemonSets once
 * per node), the EKS managed add-ons and the application Deployments with their HPAs. A tainted group takes only the
 * pods that tolerate it; a pod that tolerates a taint is counted on the untainted groups (where it may also land).
 * Reports headroom per node group in the notes.
 */
export class CapacityContract implements PlatformContract {
  readonly id = 'capacity';
  readonly title = 'Capacity: every pod fits the node groups (CPU, memory, pod count), with room for a rolling update';

  evaluate(input: ContractInput): ContractResult {
    const notApplicable = notApplicableOnEcs(this, input, 'Fargate gives each task the CPU and memory of its task definition: there are no node groups to fit pods on');
    if (notApplicable) return notApplicable;
    const { model, environment } = input;
    const problems: string[] = [];
    const groups = this.nodeGroups(model, problems);
    const pods = [...this.addonPods(model), ...guardDutyAgentPods(environment), ...this.helmPods(model, problems), ...this.applicationPods(model)];
    const checks: ContractCheck[] = [check('every pinned chart, EKS add-on and instance type has a row in the capacity tables', problems)];
    const notes: string[] = [];
    if (groups.length === 0) return { id: this.id, title: this.title, checks, notes };

    // Each pod set goes to the first group it may run on, untainted groups first.
    const ordered = [...groups].sort((a, b) => Number(this.blocking(a).length > 0) - Number(this.blocking(b).length > 0));
    const placement = new Map<NodeGroup, PodSet[]>(groups.map((group) => [group, []]));
    const unplaced: string[] = [];
    for (const pod of pods.filter((candidate) => !candidate.daemonSet)) {
      const group = ordered.find((candidate) => this.admits(candidate, pod));
      if (group === undefined) unplaced.push(`${pod.source} (tolerations ${JSON.stringify(pod.tolerations)}, node selector ${JSON.stringify(pod.nodeSelector)})`);
      else placement.get(group)?.push(pod);
    }
    checks.push(
      check(
        'every pod has a node group it may run on',
        unplaced.map((source) => `${source} tolerates no node group's taints or matches no group's labels. Fix: add a toleration or an untainted node group`),
      ),
    );

    for (const group of groups) {
      const daemonSets = pods.filter((pod) => pod.daemonSet && this.admits(group, pod));
      const placed = placement.get(group) ?? [];
      const desired = this.demand(group.desired, daemonSets, placed, 'desired');
      const maximum = this.demand(group.max, daemonSets, placed, 'maximum');
      const shape = (nodes: number) => `${nodes}×${group.instanceType}`;
      checks.push(
        check(
          `node group ${group.name} holds its pods at the desired size (${shape(group.desired)}) with room for one rolling update`,
          this.shortfalls(group, group.desired, desired, daemonSets, 'at the desired size, with one rolling update'),
        ),
      );
      checks.push(
        check(
          `node group ${group.name} holds the HPA maxima at its maximum size (${shape(group.max)})`,
          this.shortfalls(group, group.max, maximum, daemonSets, 'at the maximum size, every HPA at its maximum'),
        ),
      );
      const usage = (demand: Demand, nodes: number) =>
        `CPU ${percent(demand.cpu, nodes * group.allocatable.cpu)}, memory ${percent(demand.memory, nodes * group.allocatable.memory)}, pods ${demand.pods}/${nodes * group.maxPods}`;
      notes.push(
        `${environment.name}: ${group.name} ${shape(group.desired)} (${group.maxPods} pods per node, prefix delegation ${group.prefixDelegation ? 'on' : 'off'}): ` +
          `${usage(desired, group.desired)} with one rolling update; at ${shape(group.max)} with HPA maxima: ${usage(maximum, group.max)}`,
      );
    }
    checks.push(...namespaceQuotaChecks(model));
    return { id: this.id, title: this.title, checks, notes };
  }

  private demand(nodes: number, daemonSets: readonly PodSet[], placed: readonly PodSet[], scenario: 'desired' | 'maximum'): Demand {
    const demand: Demand = { cpu: 0, memory: 0, pods: 0, largest: { cpu: 0, memory: 0 }, contributors: new Map() };
    const add = (source: string, count: number, requests: Requests) => {
      if (count <= 0) return;
      demand.cpu += count * requests.cpu;
      demand.memory += count * requests.memory;
      demand.pods += count;
      const previous = demand.contributors.get(source) ?? { cpu: 0, memory: 0, pods: 0 };
      demand.contributors.set(source, { cpu: previous.cpu + count * requests.cpu, memory: previous.memory + count * requests.memory, pods: previous.pods + count });
    };
    for (const pod of daemonSets) add(pod.source, nodes, pod.requests);
    for (const pod of placed) {
      add(pod.source, scenario === 'desired' ? pod.replicas : pod.maxReplicas, pod.requests);
      if (pod.requests.cpu > demand.largest.cpu) demand.largest = { ...demand.largest, cpu: pod.requests.cpu };
      if (pod.requests.memory > demand.largest.memory) demand.largest = { ...demand.largest, memory: pod.requests.memory };
    }
    if (scenario === 'desired') {
      // One rolling update: the application Deployments roll together (one image tag), a chart's components one by one.
      const surge = (pods: readonly PodSet[]) => sum(pods.map((pod) => ({ cpu: pod.surge * pod.requests.cpu, memory: pod.surge * pod.requests.memory })));
      const applications = placed.filter((pod) => pod.rollsWithApplications);
      const charts = placed.filter((pod) => !pod.rollsWithApplications && pod.surge > 0);
      const applicationSurge = { ...surge(applications), pods: applications.reduce((total, pod) => total + pod.surge, 0), source: 'a rollout of the applications' };
      const chartSurges = charts.map((pod) => ({ ...surge([pod]), pods: pod.surge, source: `a rollout of ${pod.source}` }));
      const rollouts = [applicationSurge, ...chartSurges];
      const largest = rollouts.reduce((best, candidate) => (candidate.cpu + candidate.memory > best.cpu + best.memory ? candidate : best));
      if (largest.pods > 0) add(`${largest.source} (surge)`, 1, { cpu: largest.cpu, memory: largest.memory });
      // Pod slots by the rollout with the most surge pods, which need not be the one requesting most (pods that
      // request nothing still take a slot each).
      const mostPods = Math.max(...rollouts.map((rollout) => rollout.pods));
      demand.pods += mostPods - (largest.pods > 0 ? 1 : 0);
    }
    return demand;
  }

  private shortfalls(group: NodeGroup, nodes: number, demand: Demand, daemonSets: readonly PodSet[], scenario: string): string[] {
    const problems: string[] = [];
    const capacity = { cpu: nodes * group.allocatable.cpu, memory: nodes * group.allocatable.memory, pods: nodes * group.maxPods };
    const top = (key: 'cpu' | 'memory' | 'pods', format: (value: number) => string) =>
      [...demand.contributors.entries()]
        .sort(([, a], [, b]) => b[key] - a[key])
        .slice(0, 3)
        .map(([source, value]) => `${source} ${format(value[key])}`)
        .join(', ');
    const size = `cluster.nodeGroups.${group.name}`;
    const where = `node group ${group.name} (${group.path}), ${nodes}×${group.instanceType} ${scenario}`;
    if (demand.cpu > capacity.cpu) {
      problems.push(`${where}: CPU requests ${cores(demand.cpu)} exceed the ${cores(capacity.cpu)} allocatable (largest: ${top('cpu', cores)}). Fix: raise ${size}.desiredSize/maxSize or choose a larger instance type`);
    }
    if (demand.memory > capacity.memory) {
      problems.push(
        `${where}: memory requests ${gib(demand.memory)} exceed the ${gib(capacity.memory)} allocatable (largest: ${top('memory', gib)}). Fix: raise ${size}.desiredSize/maxSize or choose an instance type with more memory`,
      );
    }
    if (demand.pods > capacity.pods) {
      const why = group.prefixDelegation
        ? ''
        : ': the VPC CNI assigns single addresses (no ENABLE_PREFIX_DELEGATION on the vpc-cni add-on, or the node group is not created after it, so EKS computed max pods without it)';
      problems.push(
        `${where}: ${demand.pods} pods exceed ${nodes} × ${group.maxPods} max pods per ${group.instanceType}${why}. Fix: ${group.prefixDelegation ? `raise ${size}.desiredSize/maxSize` : 'configure vpc-cni with env.ENABLE_PREFIX_DELEGATION "true" and create the node groups after it (EksManagedAddons), or raise the node count'}`,
      );
    }
    const perNode = sum(daemonSets.map((pod) => pod.requests));
    if (nodes > 0 && (demand.largest.cpu + perNode.cpu > group.allocatable.cpu || demand.largest.memory + perNode.memory > group.allocatable.memory)) {
      problems.push(
        `${where}: the largest pod (${cores(demand.largest.cpu)}, ${gib(demand.largest.memory)}) does not fit one node next to its DaemonSets (${cores(perNode.cpu)}, ${gib(perNode.memory)}; a ${group.instanceType} offers ${cores(group.allocatable.cpu)}, ${gib(group.allocatable.memory)}). Fix: choose a larger instance type`,
      );
    }
    return problems;
  }

  /** Taints that keep pods off a group (PreferNoSchedule does not). */
  private blocking(group: NodeGroup) {
    return group.taints.filter((taint) => taint.effect !== 'PreferNoSchedule');
  }

  private admits(group: NodeGroup, pod: PodSet): boolean {
    const tolerated = this.blocking(group).every((taint) =>
      pod.tolerations.some(
        (toleration) =>
          (toleration.effect === undefined || toleration.effect === '' || toleration.effect === taint.effect) &&
          (toleration.operator === 'Exists' ? toleration.key === undefined || toleration.key === '' || toleration.key === taint.key : toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '')),
      ),
    );
    const wellKnown: Record<string, string> = { 'kubernetes.io/arch': group.type.arch, 'kubernetes.io/os': 'linux' };
    const selected = Object.entries(pod.nodeSelector).every(([key, value]) => (key in group.labels ? group.labels[key] === value : key in wellKnown ? wellKnown[key] === value : false));
    return tolerated && selected;
  }

  private nodeGroups(model: PlatformModel, problems: string[]): NodeGroup[] {
    const vpcCni = model.resources('aws_eks_addon').find((addon) => addon.values.addon_name === 'vpc-cni');
    const configured = vpcCni === undefined ? undefined : (JSON.parse(String(vpcCni.values.configuration_values ?? '{}')) as { env?: Record<string, unknown> });
    const prefixConfigured = String(configured?.env?.ENABLE_PREFIX_DELEGATION) === 'true';
    return model.resources('aws_eks_node_group').flatMap((resource): NodeGroup[] => {
      const { values } = resource;
      const scaling = ((values.scaling_config as unknown[] | Record<string, unknown>) ?? {}) as Record<string, unknown> | Record<string, unknown>[];
      const config = (Array.isArray(scaling) ? scaling[0] : scaling) ?? {};
      const types = (values.instance_types as string[] | undefined) ?? [];
      if (types.length === 0) {
        // EKS would pick t3.medium, or the launch template's type: a size this contract cannot see.
        problems.push(`${resource.constructPath}: node group ${String(values.node_group_name)} names no instance_types, so its capacity is unknown. Fix: set its instance types (instanceTypes) in the node group's config, or teach this contract the launch template's instance type`);
        return [];
      }
      const known = types.filter((type) => type in INSTANCE_TYPES);
      for (const type of types.filter((candidate) => !(candidate in INSTANCE_TYPES))) {
        problems.push(`${resource.constructPath}: instance type ${type} is not in INSTANCE_TYPES. Fix: add its vCPUs, memory, ENIs and IPv4 addresses per ENI (aws ec2 describe-instance-types) to libs/platform-contracts/src/private/capacity-tables.ts`);
      }
      if (known.length === 0) return [];
      // The smallest type of a mixed group bounds what one node offers (EKS applies its max pods to all).
      const smallest = [...known].sort((a, b) => INSTANCE_TYPES[a].vcpus * 1e6 + INSTANCE_TYPES[a].memoryMiB - (INSTANCE_TYPES[b].vcpus * 1e6 + INSTANCE_TYPES[b].memoryMiB))[0];
      const type = INSTANCE_TYPES[smallest];
      const afterCni = vpcCni !== undefined && vpcCni.stack === resource.stack && ((resource.raw.depends_on as string[] | undefined) ?? []).includes(vpcCni.address);
      const prefixDelegation = prefixConfigured && afterCni;
      const pods = Math.min(...known.map((name) => maxPods(INSTANCE_TYPES[name], prefixDelegation)));
      const taints = ((values.taint as { key: string; value?: string; effect: string }[] | undefined) ?? []).map((taint) => ({ ...taint, effect: TAINT_EFFECTS[taint.effect] ?? taint.effect }));
      return [
        {
          name: String(values.node_group_name),
          path: resource.constructPath,
          instanceType: smallest,
          type,
          desired: Number(config.desired_size),
          max: Number(config.max_size),
          labels: (values.labels as Record<string, string> | undefined) ?? {},
          taints,
          maxPods: pods,
          prefixDelegation,
          allocatable: allocatable(type, pods),
        },
      ];
    });
  }

  private addonPods(model: PlatformModel): PodSet[] {
    return model.resources('aws_eks_addon').flatMap((addon) =>
      (ADDON_WORKLOADS[String(addon.values.addon_name)] ?? []).map((workload) => addonWorkloadPods(`EKS add-on ${String(addon.values.addon_name)} ${workload.name}`, workload)),
    );
  }

  private helmPods(model: PlatformModel, problems: string[]): PodSet[] {
    return model.resources('helm_release').flatMap((release) => {
      const key = `${String(release.values.chart)}@${String(release.values.version)}`;
      const components = CHART_COMPONENTS[key];
      if (components === undefined) {
        problems.push(`${release.constructPath}: chart ${key} has no row in CHART_COMPONENTS. Fix: add its workloads (replicas, requests, tolerations as that version's values.yaml sets them) to libs/platform-contracts/src/private/capacity-tables.ts`);
        return [];
      }
      const values = mergeValues(((release.values.values as unknown[] | undefined) ?? []).map((document) => (typeof document === 'string' ? JSON.parse(document) : document)));
      return components.flatMap((component): PodSet[] => {
        const enabled = component.enabled === undefined ? true : ((at(values, component.enabled.path) as boolean | undefined) ?? component.enabled.default);
        if (!enabled) return [];
        const replicas = component.replicas === undefined ? 0 : Number(at(values, component.replicas.path) ?? component.replicas.default);
        const requests = sum(component.containers.map((container) => (container.resources === undefined ? undefined : requestsOf(at(values, container.resources))) ?? container.defaults));
        const tolerations = component.tolerations === undefined ? [] : ((component.tolerations.path === undefined ? undefined : (at(values, component.tolerations.path) as Toleration[] | undefined)) ?? component.tolerations.default);
        return [
          {
            source: `helm ${key} ${component.name}`,
            daemonSet: component.kind === 'DaemonSet',
            replicas,
            maxReplicas: replicas,
            // Deployments surge 25 % (Kubernetes' default); StatefulSets replace pods one at a time.
            surge: component.kind === 'Deployment' ? Math.ceil(replicas / 4) : 0,
            rollsWithApplications: false,
            requests,
            tolerations,
            nodeSelector: {},
          },
        ];
      });
    });
  }

  private applicationPods(model: PlatformModel): PodSet[] {
    // An HPA names its Deployment literally or by reference (`${kubernetes_deployment_v1.<id>.metadata[0].name}`).
    const autoscalers = new Map(
      model.resources('kubernetes_horizontal_pod_autoscaler_v2').map((hpa) => {
        const spec = first(hpa.values.spec);
        const target = String(first(first(hpa.raw.spec).scale_target_ref).name);
        const reference = /^\$\{(kubernetes_deployment_v1\.[^.]+)\./.exec(target)?.[1];
        const key = reference === undefined ? `${hpa.stack}:${String(first(hpa.values.metadata).namespace)}/${target}` : `${hpa.stack}:${reference}`;
        return [key, { min: Number(spec.min_replicas ?? 1), max: Number(spec.max_replicas) }] as const;
      }),
    );
    // A Rollout over a Deployment (workloadRef) owns its pods; a blue/green release, or a traffic-routed canary that
    // keeps the stable version at full size (no dynamicStableScale), runs the whole new version beside the old one, so
    // one release adds as many pods as the service has.
    const fullSurge = new Set(
      manifestsOfKind(model, 'Rollout')
        .filter(({ manifest }) => {
          const strategy = first(first(manifest.spec).strategy);
          const canary = first(strategy.canary);
          return strategy.blueGreen !== undefined || (canary.trafficRouting !== undefined && canary.dynamicStableScale !== true);
        })
        .map(({ resource, manifest }) => `${resource.stack}:${String(first(manifest.metadata).namespace)}/${String(first(first(manifest.spec).workloadRef).name)}`),
    );
    return model.resources('kubernetes_deployment_v1').map((deployment: ModelResource): PodSet => {
      const metadata = first(deployment.values.metadata);
      const spec = first(deployment.values.spec);
      const template = first(first(spec.template).spec);
      const name = `${String(metadata.namespace)}/${String(metadata.name)}`;
      const hpa = autoscalers.get(`${deployment.stack}:${deployment.address}`) ?? autoscalers.get(`${deployment.stack}:${name}`);
      const replicas = Math.max(Number(spec.replicas ?? 1), hpa?.min ?? 0);
      const rolling = first(first(spec.strategy).rolling_update);
      const surgeSetting = String(rolling.max_surge ?? '25%');
      const rollingSurge = surgeSetting.endsWith('%') ? Math.ceil((replicas * Number(surgeSetting.slice(0, -1))) / 100) : Number(surgeSetting);
      const surge = fullSurge.has(`${deployment.stack}:${name}`) ? replicas : rollingSurge;
      const containers = ((template.container as Record<string, unknown>[] | undefined) ?? []).map((container) => requestsOf(first(container.resources)) ?? { cpu: 0, memory: 0 });
      return {
        source: `deployment ${name}`,
        daemonSet: false,
        replicas,
        maxReplicas: Math.max(replicas, hpa?.max ?? 0),
        surge,
        rollsWithApplications: true,
        requests: sum(containers),
        tolerations: ((template.toleration as Toleration[] | undefined) ?? []).map((toleration) => ({ ...toleration })),
        nodeSelector: (template.node_selector as Record<string, string> | undefined) ?? {},
      };
    });
  }
}

/** A Terraform block as synthesized: an object, or a one-element list of it. */
function first(value: unknown): Record<string, unknown> {
  const block = Array.isArray(value) ? value[0] : value;
  return block !== null && typeof block === 'object' ? (block as Record<string, unknown>) : {};
}

/**
 * GuardDuty's security agent, which GuardDuty itself installs as the EKS add-on `aws-guardduty-agent` on every cluster
 * of the account when the security baseline (`security-<account>-<region>`, @platform/security) turns Runtime
 * Monitoring on with EKS add-on management: no stack of the environment declares it, yet it takes its requests on
 * every node.
 */
function guardDutyAgentPods(environment: ContractInput['environment']): PodSet[] {
  const { enabled, runtimeMonitoring } = environment.security.guardDuty;
  if (!enabled || !runtimeMonitoring) return [];
  return GUARDDUTY_AGENT.map((workload) => addonWorkloadPods(`GuardDuty Runtime Monitoring ${workload.name} (security.guardDuty.runtimeMonitoring)`, workload));
}

/** The pods of a workload AWS installs (an EKS add-on's default configuration): tolerating every taint, on any node. */
function addonWorkloadPods(source: string, workload: AddonWorkload): PodSet {
  return {
    source,
    daemonSet: workload.kind === 'DaemonSet',
    replicas: workload.replicas,
    maxReplicas: workload.replicas,
    surge: workload.kind === 'Deployment' ? Math.ceil(workload.replicas / 4) : 0,
    rollsWithApplications: false,
    requests: workload.requests,
    tolerations: TOLERATE_ALL,
    nodeSelector: {},
  };
}

