import { cidrContains, cidrsOverlap } from '@platform/core';
import type { ModelResource, PlatformModel } from './platform-model';

/**
 * The Kubernetes objects of an environment's stacks as the cluster would see them: namespaces with their labels,
 * pods (from Deployments and the pinned pods of the charts the platform installs), Services, ServiceMonitors,
 * Ingresses and NetworkPolicies — from `kubernetes_*` resources (snake_case arguments) and `kubernetes_manifest`s
 * (camelCase), with names that reference a namespace resource resolved to the namespace's name.
 */

type Json = Record<string, unknown>;
type Labels = Readonly<Record<string, string>>;

/** A label selector (`matchLabels` and `matchExpressions`); an empty one selects everything. */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly { readonly key: string; readonly operator: string; readonly values: readonly string[] }[];
}

/** A port of a NetworkPolicy rule: a number or a container port name, a protocol, maybe a range. */
export interface PolicyPort {
  readonly port?: number | string;
  readonly endPort?: number;
  readonly protocol: string;
}

export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except: readonly string[] };
}

export interface PolicyRule {
  /** Sources (ingress) or destinations (egress); empty = every peer. */
  readonly peers: readonly PolicyPeer[];
  /** Empty = every port. */
  readonly ports: readonly PolicyPort[];
}

export interface NetworkPolicy {
  /** `<namespace>/<name>` and where it was written. */
  readonly name: string;
  readonly source: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly policyTypes: readonly ('Ingress' | 'Egress')[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

/** A pod, or a kind of pod (every replica alike). */
export interface Pod {
  /** Readable, e.g. `production/novel-engine-backend`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** Named container ports. */
  readonly namedPorts: Readonly<Record<string, number>>;
  /** An address in the pod network (VPC CNI: the nodes' subnets), for ipBlock rules. */
  readonly address: string;
}

/** A destination outside the cluster's pods. */
export interface CidrDestination {
  readonly name: string;
  readonly cidr: string;
}

const one = (value: unknown): Json | undefined => (Array.isArray(value) ? (value[0] as Json | undefined) : (value as Json | undefined));
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : value === undefined || value === null ? [] : [value as Json]);
const pick = (object: Json | undefined, ...keys: string[]): unknown => keys.map((key) => object?.[key]).find((value) => value !== undefined);
const labelsOf = (value: unknown): Record<string, string> => Object.fromEntries(Object.entries((value ?? {}) as Json).map(([key, label]) => [key, String(label)]));

export function selectorOf(value: unknown): LabelSelector {
  const selector = one(value);
  return {
    matchLabels: labelsOf(pick(selector, 'match_labels', 'matchLabels')),
    matchExpressions: list(pick(selector, 'match_expressions', 'matchExpressions')).map((expression) => ({
      key: String(expression.key),
      operator: String(expression.operator),
      values: list(expression.values).map(String),
    })),
  };
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (!Object.entries(selector.matchLabels).every(([key, value]) => labels[key] === value)) return false;
  return selector.matchExpressions.every(({ key, operator, values }) => {
    const has = key in labels;
    if (operator === 'In') return has && values.includes(labels[key]);
    if (operator === 'NotIn') return !has || !values.includes(labels[key]);
    if (operator === 'Exists') return has;
    if (operator === 'DoesNotExist') return !has;
    return false;
  });
}

export function describeSelector(selector: LabelSelector): string {
  const parts = [
    ...Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`),
    ...selector.matchExpressions.map(({ key, operator, values }) => `${key} ${operator} (${values.join(',')})`),
  ];
  return parts.length === 0 ? 'every pod' : parts.join(',');
}

/**
 * The name a `kubernetes_*` argument holds: a literal, or `${kubernetes_namespace_v1.x.metadata[0].name}` (and the
 * like) resolved to the referenced resource's `metadata.name` in the same stack.
 */
export function kubernetesName(model: PlatformModel, resource: ModelResource, value: unknown): string {
  const text = String(value ?? '');
  const reference = /^\$\{([a-z0-9_]+)\.([\w-]+)\.metadata(?:\[0\])?\.name\}$/.exec(text);
  if (reference === null) return text;
  const target = model.resources(reference[1]).find((candidate) => candidate.stack === resource.stack && candidate.name === reference[2]);
  const metadata = one(target?.raw.metadata);
  return metadata?.name === undefined ? text : kubernetesName(model, target!, metadata.name);
}

/** Kind and body of a `kubernetes_manifest`. */
export function manifestsOfKind(model: PlatformModel, kind: string): { resource: ModelResource; manifest: Json }[] {
  return model
    .resources('kubernetes_manifest')
    .map((resource) => ({ resource, manifest: (resource.raw.manifest ?? {}) as Json }))
    .filter(({ manifest }) => manifest.kind === kind);
}

/** Every NetworkPolicy of the environment: `kubernetes_network_policy_v1` resources and NetworkPolicy manifests. */
export function networkPolicies(model: PlatformModel): NetworkPolicy[] {
  const fromSpec = (resource: ModelResource, metadata: Json | undefined, spec: Json | undefined): NetworkPolicy => {
    const namespace = kubernetesName(model, resource, metadata?.namespace);
    const rules = (value: unknown, peersKey: string): PolicyRule[] =>
      list(value).map((rule) => ({
        peers: list(rule[peersKey]).map((peer) => {
          const ipBlock = one(pick(peer, 'ip_block', 'ipBlock'));
          const podSelector = pick(peer, 'pod_selector', 'podSelector');
          const namespaceSelector = pick(peer, 'namespace_selector', 'namespaceSelector');
          return {
            podSelector: podSelector === undefined ? undefined : selectorOf(podSelector),
            namespaceSelector: namespaceSelector === undefined ? undefined : selectorOf(namespaceSelector),
            ipBlock: ipBlock === undefined ? undefined : { cidr: String(ipBlock.cidr), except: list(ipBlock.except).map(String) },
          };
        }),
        ports: list(rule.ports).map((port) => {
          const number = Number(port.port);
          const endPort = pick(port, 'end_port', 'endPort');
          return {
            port: port.port === undefined ? undefined : Number.isInteger(number) ? number : String(port.port),
            endPort: endPort === undefined ? undefined : Number(endPort),
            protocol: String(port.protocol ?? 'TCP'),
          };
        }),
      }));
    const egress = rules(spec?.egress, 'to');
    const declaredTypes = list(pick(spec, 'policy_types', 'policyTypes')).map(String) as ('Ingress' | 'Egress')[];
    return {
      name: `${namespace}/${String(metadata?.name)}`,
      source: resource.constructPath,
      namespace,
      podSelector: selectorOf(pick(spec, 'pod_selector', 'podSelector')),
      // Kubernetes' default: Ingress always, Egress when the policy has egress rules.
      policyTypes: declaredTypes.length > 0 ? declaredTypes : ['Ingress', ...(egress.length > 0 ? (['Egress'] as const) : [])],
      ingress: rules(spec?.ingress, 'from'),
      egress,
    };
  };
  return [
    ...model.resources('kubernetes_network_policy_v1').map((resource) => fromSpec(resource, one(resource.raw.metadata), one(resource.raw.spec))),
    ...manifestsOfKind(model, 'NetworkPolicy').map(({ resource, manifest }) => fromSpec(resource, manifest.metadata as Json, manifest.spec as Json)),
  ];
}

/** Labels of every namespace the platform creates, by name; other namespaces carry only their name label. */
export function namespaceLabels(model: PlatformModel): (namespace: string) => Labels {
  const labels = new Map<string, Labels>();
  for (const resource of model.resources('kubernetes_namespace_v1')) {
    const metadata = one(resource.raw.metadata);
    const name = kubernetesName(model, resource, metadata?.name);
    labels.set(name, { ...labelsOf(metadata?.labels), 'kubernetes.io/metadata.name': name });
  }
  return (namespace) => labels.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
}

/** A flow between two pods, or from a pod to addresses outside the cluster. */
export interface PodFlow {
  readonly from: Pod;
  readonly to: Pod | CidrDestination;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

const isPod = (endpoint: Pod | CidrDestination): endpoint is Pod => 'labels' in endpoint;

/**
 * Evaluates flows the way Kubernetes NetworkPolicies work: a pod selected by no policy of a direction is open in that
 * direction; a selected pod admits a connection when any rule of any selecting policy matches the peer (pod and
 * namespace selectors, or an ipBlock holding its address) and the port (number, name of the container port, range);
 * both the sender's egress and the receiver's ingress must allow it.
 */
export class NetworkPolicyEvaluator {
  private readonly policies: NetworkPolicy[];
  private readonly labelsOfNamespace: (namespace: string) => Labels;

  constructor(model: PlatformModel) {
    this.policies = networkPolicies(model);
    this.labelsOfNamespace = namespaceLabels(model);
  }

  /** What stops the flow; empty when it is allowed. */
  blockers(flow: PodFlow): string[] {
    const blockers: string[] = [];
    const egress = this.direction('Egress', flow.from, flow.to, flow);
    if (egress !== undefined) blockers.push(egress);
    if (isPod(flow.to)) {
      const ingress = this.direction('Ingress', flow.to, flow.from, flow);
      if (ingress !== undefined) blockers.push(ingress);
    }
    return blockers;
  }

  /** Whether any policy selects pods of the namespace for the direction (the namespace is isolated there). */
  isolates(namespace: string, labels: Labels, type: 'Ingress' | 'Egress'): boolean {
    return this.policies.some((policy) => policy.namespace === namespace && policy.policyTypes.includes(type) && selectorMatches(policy.podSelector, labels));
  }

  private direction(type: 'Ingress' | 'Egress', subject: Pod, peer: Pod | CidrDestination, flow: PodFlow): string | undefined {
    const selecting = this.policies.filter((policy) => policy.namespace === subject.namespace && policy.policyTypes.includes(type) && selectorMatches(policy.podSelector, subject.labels));
    if (selecting.length === 0) return undefined;
    const portPod = isPod(flow.to) ? flow.to : undefined;
    const allowed = selecting.some((policy) =>
      (type === 'Ingress' ? policy.ingress : policy.egress).some((rule) => this.peerMatches(rule, policy, peer) && this.portMatches(rule, flow, portPod)),
    );
    if (allowed) return undefined;
    const verb = type === 'Ingress' ? `ingress of ${subject.name}` : `egress of ${subject.name}`;
    return `${verb} is isolated by ${selecting.map((policy) => `${policy.name} (${policy.source})`).join(', ')}, and no ${type.toLowerCase()} rule of them allows ${describePeer(peer)} on ${flow.protocol} ${flow.port}`;
  }

  private peerMatches(rule: PolicyRule, policy: NetworkPolicy, peer: Pod | CidrDestination): boolean {
    if (rule.peers.length === 0) return true;
    return rule.peers.some((candidate) => {
      if (candidate.ipBlock !== undefined) {
        const range = isPod(peer) ? `${peer.address}/32` : peer.cidr;
        return cidrContains(candidate.ipBlock.cidr, range) && !candidate.ipBlock.except.some((except) => cidrsOverlap(except, range));
      }
      if (!isPod(peer)) return false;
      const namespaceOk = candidate.namespaceSelector === undefined ? peer.namespace === policy.namespace : selectorMatches(candidate.namespaceSelector, this.labelsOfNamespace(peer.namespace));
      const podOk = candidate.podSelector === undefined || selectorMatches(candidate.podSelector, peer.labels);
      return namespaceOk && podOk;
    });
  }

  private portMatches(rule: PolicyRule, flow: PodFlow, destination: Pod | undefined): boolean {
    if (rule.ports.length === 0) return true;
    return rule.ports.some((port) => {
      if (port.protocol !== flow.protocol) return false;
      if (port.port === undefined) return true;
      const number = typeof port.port === 'number' ? port.port : destination?.namedPorts[port.port];
      if (number === undefined) return false;
      return port.endPort === undefined ? number === flow.port : flow.port >= number && flow.port <= port.endPort;
    });
  }
}

function describePeer(peer: Pod | CidrDestination): string {
  return isPod(peer) ? `${peer.name} (namespace ${peer.namespace}, labels ${describeSelector({ matchLabels: peer.labels, matchExpressions: [] })})` : `${peer.name} (${peer.cidr})`;
}
