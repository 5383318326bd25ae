import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { ALB_READINESS_GATE_ENABLED, ALB_READINESS_GATE_LABEL, ConstructValidationError, parseQuantity } from '@platform/core';
import { Construct } from 'constructs';
import { DNS_LABEL } from './private/validation';

/** Pod Security Standards levels, from the most to the least strict. */
export const POD_SECURITY_LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** Totals a namespace may use; every field falls back to PlatformNamespaces.DEFAULT_QUOTA. */
export interface NamespaceQuota {
  /** Sum of CPU requests (`requests.cpu`). @default '8' */
  readonly requestsCpu?: string;
  /** Sum of memory requests (`requests.memory`). @default '16Gi' */
  readonly requestsMemory?: string;
  /** Sum of CPU limits (`limits.cpu`). @default '16' */
  readonly limitsCpu?: string;
  /** Sum of memory limits (`limits.memory`). @default '32Gi' */
  readonly limitsMemory?: string;
  /** Sum of storage requested by PersistentVolumeClaims (`requests.storage`). @default '200Gi' */
  readonly requestsStorage?: string;
  /** Pods (`pods`). @default 100 */
  readonly pods?: number;
  /** PersistentVolumeClaims (`persistentvolumeclaims`). @default 20 */
  readonly persistentVolumeClaims?: number;
  /** Services of type LoadBalancer (`services.loadbalancers`). @default 0 - traffic enters through the shared ALB of the Ingresses */
  readonly loadBalancers?: number;
  /** Services of type NodePort (`services.nodeports`). @default 0 */
  readonly nodePorts?: number;
}

/** Per-container defaults and bounds; every field falls back to PlatformNamespaces.DEFAULT_LIMITS. */
export interface NamespaceLimits {
  /** CPU request of a container that states none. @default '100m' */
  readonly defaultRequestCpu?: string;
  /** Memory request of a container that states none. @default '128Mi' */
  readonly defaultRequestMemory?: string;
  /** CPU limit of a container that states none. @default '500m' */
  readonly defaultLimitCpu?: string;
  /** Memory limit of a container that states none. @default '512Mi' */
  readonly defaultLimitMemory?: string;
  /** Largest CPU limit one container may have. @default '4' */
  readonly maxCpu?: string;
  /** Largest memory limit one container may have. @default '8Gi' */
  readonly maxMemory?: string;
}

/** One platform namespace. */
export interface PlatformNamespaceOptions {
  /**
   * Pod Security Standard enforced on the namespace; audit and warn always use `restricted`, so anything a looser
   * namespace admits still shows up.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Extra namespace labels.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Resource quota, merged field by field over the defaults.
   * @default PlatformNamespaces.DEFAULT_QUOTA
   */
  readonly quota?: NamespaceQuota;
  /**
   * Container defaults and bounds, merged field by field over the defaults. The defaults give every container
   * requests and limits, which a quota on `limits.*` requires.
   * @default PlatformNamespaces.DEFAULT_LIMITS
   */
  readonly limits?: NamespaceLimits;
  /**
   * Namespaces whose pods may open connections to every pod of this one, e.g. `monitoring`.
   * @default [] - nothing may connect in; workloads add their own policies
   */
  readonly allowIngressFromNamespaces?: readonly string[];
  /**
   * Label the namespace for the AWS Load Balancer Controller's pod readiness gate: the controller's webhook gives each
   * new pod behind an IP target group a gate that holds the pod unready until the target is healthy in the ALB, so a
   * rolling update does not retire old pods while the ALB still cannot send to the new ones (5xx). The label must
   * be there before the pods are created, which it is: the namespaces come in an earlier stack than the workloads.
   * @default true
   */
  readonly albReadinessGate?: boolean;
}

/**
 * Who forwards Let's Encrypt's HTTP-01 requests to cert-manager's solver pods. cert-manager starts a solver pod (label
 * `acme.cert-manager.io/http01-solver: "true"`, port 8089) in the namespace of every Ingress that asks for a
 * certificate, and the load balancer must reach it, or no certificate is ever issued. With the shared ALB (IP
 * targets) the requests come from the ALB's addresses in the public subnets.
 */
export interface AcmeSolverIngressOptions {
  /** CIDRs the solver pods admit on 8089: the subnets of the load balancer's nodes (the public subnets). */
  readonly fromCidrs: readonly string[];
}

export interface PlatformNamespacesProps {
  /** Namespaces by name (DNS labels), e.g. `{ production: {}, monitoring: { podSecurity: 'baseline' } }`. */
  readonly namespaces: Readonly<Record<string, PlatformNamespaceOptions>>;
  /**
   * Who may reach cert-manager's HTTP-01 solver pods (TCP 8089) in every namespace.
   * @default - nobody: the platform's hosts use ACM certificates on the ALB, so no HTTP-01 challenge is solved here
   */
  readonly acmeSolverIngress?: AcmeSolverIngressOptions;
}

/** Resources of one namespace. */
export interface PlatformNamespace {
  readonly namespace: NamespaceV1;
  readonly defaultDeny: NetworkPolicyV1;
  readonly allowDns: NetworkPolicyV1;
  /** Lets the load balancer reach cert-manager's HTTP-01 solver pods; absent without `acmeSolverIngress`. */
  readonly allowAcmeSolver?: NetworkPolicyV1;
  readonly quota: ResourceQuotaV1;
  readonly limits: LimitRangeV1;
}

/** The label cert-manager puts on its HTTP-01 solver pods, and the port they listen on (cert-manager's acmesolver). */
export const ACME_HTTP01_SOLVER = { label: 'acme.cert-manager.io/http01-solver', value: 'true', port: 8089 } as const;

const NAMESPACES_KUBERNETES_OWNS = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const POD_SECURITY_LABEL = 'pod-security.kubernetes.io';

/**
 * Pod Security Admission labels of a namespace: `level` enforced (at the latest policy version); audit and warn always
 * use `restricted`, so anything a looser namespace admits still shows up.
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    [`${POD_SECURITY_LABEL}/enforce`]: level,
    [`${POD_SECURITY_LABEL}/enforce-version`]: 'latest',
    [`${POD_SECURITY_LABEL}/audit`]: 'restricted',
    [`${POD_SECURITY_LABEL}/warn`]: 'restricted',
  };
}

/**
 * The namespaces workloads run in, each locked down by default:
 * - Pod Security Standards labels (`restricted` enforced unless relaxed to `baseline` or `privileged`);
 * - a default-deny NetworkPolicy for ingress and egress, plus one that allows DNS to CoreDNS in kube-system, optionally one that
 *   lets the load balancer reach cert-manager's HTTP-01 solver pods on 8089 (acmeSolverIngress), and optionally one that allows connections from listed namespaces;
 * - a ResourceQuota and a LimitRange (container defaults and maximums);
 * - the AWS Load Balancer Controller's pod readiness gate label (albReadinessGate).
 * Every resource is keyed by the namespace name, so adding a namespace only adds resources. NetworkPolicies take
 * effect only where the cluster enforces them (VPC CNI with network policy enabled, or Calico/Cilium).
 */
export class PlatformNamespaces extends Construct {
  static readonly DEFAULT_QUOTA: Required<NamespaceQuota> = {
    requestsCpu: '8',
    requestsMemory: '16Gi',
    limitsCpu: '16',
    limitsMemory: '32Gi',
    requestsStorage: '200Gi',
    pods: 100,
    persistentVolumeClaims: 20,
    loadBalancers: 0,
    nodePorts: 0,
  };
  static readonly DEFAULT_LIMITS: Required<NamespaceLimits> = {
    defaultRequestCpu: '100m',
    defaultRequestMemory: '128Mi',
    defaultLimitCpu: '500m',
    defaultLimitMemory: '512Mi',
    maxCpu: '4',
    maxMemory: '8Gi',
  };

  /** The resources of each namespace, by name. */
  readonly namespaces: Readonly<Record<string, PlatformNamespace>>;

  constructor(scope: Construct, id: string, props: PlatformNamespacesProps) {
    super(scope, id);
    for (const [name, options] of Object.entries(props.namespaces)) this.validate(name, options);
    const solverIngress = props.acmeSolverIngress;
    if (solverIngress !== undefined) this.validateSolverIngress(solverIngress);

    const namespaces: Record<string, PlatformNamespace> = {};
    for (const [name, options] of Object.entries(props.namespaces)) {
      namespaces[name] = this.createNamespace(name, options, solverIngress);
    }
    this.namespaces = namespaces;
  }

  private createNamespace(name: string, options: PlatformNamespaceOptions, solverIngress: AcmeSolverIngressOptions | undefined): PlatformNamespace {
    const level = options.podSecurity ?? 'restricted';
    const namespace = new NamespaceV1(this, `Namespace-${name}`, {
      metadata: {
        name,
        labels: {
          ...options.labels,
          ...(options.albReadinessGate === false ? {} : { [ALB_READINESS_GATE_LABEL]: ALB_READINESS_GATE_ENABLED }),
          ...podSecurityLabels(level),
        },
      },
    });
    const metadata = (policyName: string) => ({ name: policyName, namespace: namespace.metadata.name });
    // An empty selector selects every pod of the namespace.
    const everyPod = {};

    const defaultDeny = new NetworkPolicyV1(this, `DefaultDeny-${name}`, {
      metadata: metadata('default-deny-all'),
      spec: { podSelector: everyPod, policyTypes: ['Ingress', 'Egress'] },
    });
    const allowDns = new NetworkPolicyV1(this, `AllowDns-${name}`, {
      metadata: metadata('allow-dns-egress'),
      spec: {
        podSelector: everyPod,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { port: '53', protocol: 'UDP' },
              { port: '53', protocol: 'TCP' },
            ],
          },
        ],
      },
    });
    const allowAcmeSolver =
      solverIngress === undefined
        ? undefined
        : new NetworkPolicyV1(this, `AllowAcmeSolver-${name}`, {
            metadata: metadata('allow-acme-http01-solver'),
            spec: {
              podSelector: { matchLabels: { [ACME_HTTP01_SOLVER.label]: ACME_HTTP01_SOLVER.value } },
              policyTypes: ['Ingress'],
              ingress: [
                {
                  from: solverIngress.fromCidrs.map((cidr) => ({ ipBlock: { cidr } })),
                  ports: [{ port: String(ACME_HTTP01_SOLVER.port), protocol: 'TCP' }],
                },
              ],
            },
          });
    const sources = options.allowIngressFromNamespaces ?? [];
    if (sources.length > 0) {
      new NetworkPolicyV1(this, `AllowIngressFrom-${name}`, {
        metadata: metadata('allow-ingress-from-namespaces'),
        spec: {
          podSelector: everyPod,
          policyTypes: ['Ingress'],
          ingress: [{ from: sources.map((source) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': source } } })) }],
        },
      });
    }

    const quota = { ...PlatformNamespaces.DEFAULT_QUOTA, ...options.quota };
    const resourceQuota = new ResourceQuotaV1(this, `Quota-${name}`, {
      metadata: metadata('default-quota'),
      spec: {
        hard: {
          'requests.cpu': quota.requestsCpu,
          'requests.memory': quota.requestsMemory,
          'limits.cpu': quota.limitsCpu,
          'limits.memory': quota.limitsMemory,
          'requests.storage': quota.requestsStorage,
          pods: String(quota.pods),
          persistentvolumeclaims: String(quota.persistentVolumeClaims),
          'services.loadbalancers': String(quota.loadBalancers),
          'services.nodeports': String(quota.nodePorts),
        },
      },
    });

    const limits = { ...PlatformNamespaces.DEFAULT_LIMITS, ...options.limits };
    const limitRange = new LimitRangeV1(this, `Limits-${name}`, {
      metadata: metadata('default-limits'),
      spec: {
        limit: [
          {
            type: 'Container',
            defaultRequest: { cpu: limits.defaultRequestCpu, memory: limits.defaultRequestMemory },
            default: { cpu: limits.defaultLimitCpu, memory: limits.defaultLimitMemory },
            max: { cpu: limits.maxCpu, memory: limits.maxMemory },
          },
        ],
      },
    });
    return { namespace, defaultDeny, allowDns, allowAcmeSolver, quota: resourceQuota, limits: limitRange };
  }

  private validateSolverIngress(solverIngress: AcmeSolverIngressOptions): void {
    ConstructValidationError.require(this, solverIngress.fromCidrs.length > 0, 'acmeSolverIngress.fromCidrs', 'is empty', "list the load balancer's subnets, or leave acmeSolverIngress out");
  }

  private validate(name: string, options: PlatformNamespaceOptions): void {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    const field = `namespaces.${name}`;
    require(DNS_LABEL.test(name), field, `'${name}' is not a DNS label`, 'use at most 63 lowercase letters, digits and dashes');
    require(!NAMESPACES_KUBERNETES_OWNS.includes(name), field, `'${name}' is created and owned by Kubernetes`, 'choose another name');
    const level = options.podSecurity ?? 'restricted';
    require(POD_SECURITY_LEVELS.includes(level), `${field}.podSecurity`, `'${level}' is not a Pod Security Standards level`, `use one of ${POD_SECURITY_LEVELS.join(', ')}`);
    for (const label of Object.keys(options.labels ?? {})) {
      require(!label.startsWith(`${POD_SECURITY_LABEL}/`), `${field}.labels`, `'${label}' is set from podSecurity`, 'set podSecurity instead of the label');
      require(label !== ALB_READINESS_GATE_LABEL, `${field}.labels`, `'${label}' is set from albReadinessGate`, 'set albReadinessGate instead of the label');
    }
    for (const source of options.allowIngressFromNamespaces ?? []) {
      require(DNS_LABEL.test(source), `${field}.allowIngressFromNamespaces`, `'${source}' is not a namespace name`, 'list namespace names');
    }

    const quota = { ...PlatformNamespaces.DEFAULT_QUOTA, ...options.quota };
    for (const key of ['requestsCpu', 'requestsMemory', 'limitsCpu', 'limitsMemory', 'requestsStorage'] as const) {
      require(parseQuantity(quota[key]) !== undefined, `${field}.quota.${key}`, `'${quota[key]}' is not a Kubernetes quantity`, "use e.g. '4', '500m', '16Gi'");
    }
    for (const key of ['pods', 'persistentVolumeClaims', 'loadBalancers', 'nodePorts'] as const) {
      require(Number.isInteger(quota[key]) && quota[key] >= 0, `${field}.quota.${key}`, `${quota[key]} is not a whole number of objects`, 'use 0 or more');
    }
    require(parseQuantity(quota.requestsCpu)! <= parseQuantity(quota.limitsCpu)!, `${field}.quota`, `requestsCpu ${quota.requestsCpu} exceeds limitsCpu ${quota.limitsCpu}`, 'allow at least as much CPU in limits as in requests');
    require(
      parseQuantity(quota.requestsMemory)! <= parseQuantity(quota.limitsMemory)!,
      `${field}.quota`,
      `requestsMemory ${quota.requestsMemory} exceeds limitsMemory ${quota.limitsMemory}`,
      'allow at least as much memory in limits as in requests',
    );

    const limits = { ...PlatformNamespaces.DEFAULT_LIMITS, ...options.limits };
    for (const key of Object.keys(limits) as (keyof NamespaceLimits)[]) {
      require(parseQuantity(limits[key]) !== undefined, `${field}.limits.${key}`, `'${limits[key]}' is not a Kubernetes quantity`, "use e.g. '100m', '512Mi'");
    }
    for (const resource of ['Cpu', 'Memory'] as const) {
      const [request, limit, max] = [limits[`defaultRequest${resource}`], limits[`defaultLimit${resource}`], limits[`max${resource}`]];
      require(
        parseQuantity(request)! <= parseQuantity(limit)! && parseQuantity(limit)! <= parseQuantity(max)!,
        `${field}.limits`,
        `${resource.toLowerCase()} must grow from default request to default limit to max, but is ${request} / ${limit} / ${max}`,
        `choose defaultRequest${resource} <= defaultLimit${resource} <= max${resource}`,
      );
    }
  }
}
