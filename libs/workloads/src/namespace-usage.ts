import { parseQuantity } from '@platform/core';
import { SERVICE_DEFAULTS, type ServiceSpec } from './workload-spec';

/** What a namespace's pods may take at most: totals a ResourceQuota must allow. */
export interface NamespaceUsage {
  /** Cores. */
  readonly requestsCpu: number;
  readonly limitsCpu: number;
  /** Bytes. */
  readonly requestsMemory: number;
  readonly limitsMemory: number;
  readonly pods: number;
}

/**
 * Pods that come and go in an application namespace besides the services': cert-manager's HTTP-01 solver (one per
 * pending certificate; its chart's default resources: requests 10m / 64Mi, limits 100m / 64Mi).
 */
export const ACME_SOLVER_POD = { requestsCpu: 0.01, limitsCpu: 0.1, requestsMemory: 64 * 2 ** 20, limitsMemory: 64 * 2 ** 20 };

/** Requests and limits of a container the LimitRange fills in when the spec leaves them out (PlatformNamespaces). */
const LIMIT_RANGE_DEFAULTS = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

/**
 * The most the services may use at once: every service at its autoscaler's maximum (or its replicas) plus its surge
 * pods (all services roll together: one image tag), and one ACME solver per certificate (`certificates`).
 */
export function namespaceUsage(services: readonly ServiceSpec[], certificates = 0): NamespaceUsage {
  let usage: NamespaceUsage = {
    requestsCpu: certificates * ACME_SOLVER_POD.requestsCpu,
    limitsCpu: certificates * ACME_SOLVER_POD.limitsCpu,
    requestsMemory: certificates * ACME_SOLVER_POD.requestsMemory,
    limitsMemory: certificates * ACME_SOLVER_POD.limitsMemory,
    pods: certificates,
  };
  for (const spec of services) {
    const replicas = spec.autoscaling?.maxReplicas ?? spec.replicas ?? SERVICE_DEFAULTS.replicas;
    const pods = replicas + surgePods(spec.maxSurge ?? SERVICE_DEFAULTS.maxSurge, replicas);
    const quantity = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
      pods * (parseQuantity(spec.resources?.[kind]?.[resource] ?? LIMIT_RANGE_DEFAULTS[kind][resource]) ?? 0);
    usage = {
      requestsCpu: usage.requestsCpu + quantity('requests', 'cpu'),
      limitsCpu: usage.limitsCpu + quantity('limits', 'cpu'),
      requestsMemory: usage.requestsMemory + quantity('requests', 'memory'),
      limitsMemory: usage.limitsMemory + quantity('limits', 'memory'),
      pods: usage.pods + pods,
    };
  }
  return usage;
}

/** Surge pods of a rollout, as Kubernetes rounds a percentage (up). */
function surgePods(maxSurge: number | string, replicas: number): number {
  return typeof maxSurge === 'number' ? maxSurge : Math.ceil((replicas * Number(maxSurge.replace('%', ''))) / 100);
}
