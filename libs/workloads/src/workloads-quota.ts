import { NamespaceQuota, PlatformNamespaces } from '@platform/cluster-addons';
import { parseQuantity } from '@platform/core';
import { releaseSurgePods, SERVICE_DEFAULTS, ServiceSpec } from './workload-spec';

const GIBIBYTE = 2 ** 30;

/**
 * The ResourceQuota of a namespace that runs `specs`: CPU and memory requests and limits and pods of every service at
 * its autoscaler's maximum (else its replicas) plus the extra pods of one release (a rolling update's surge; a whole new version for canary and blue/green), never below
 * PlatformNamespaces.DEFAULT_QUOTA (room for jobs and debugging pods). A container without requests or limits counts
 * with the namespace's LimitRange defaults. Without it the quota, not the nodes, would stop the autoscalers: the
 * default 8 cores of requests hold Novel Engine and seed 002's microservices at their starting replicas, not at 10
 * each.
 */
export function workloadsQuota(specs: readonly ServiceSpec[]): NamespaceQuota {
  const defaults = PlatformNamespaces.DEFAULT_QUOTA;
  const limits = PlatformNamespaces.DEFAULT_LIMITS;
  const totals = { requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0, pods: 0 };
  for (const spec of specs) {
    const pods = mostPods(spec);
    const quantity = (value: string | undefined, fallback: string) => parseQuantity(value ?? fallback) ?? 0;
    totals.requestsCpu += pods * quantity(spec.resources?.requests?.cpu, limits.defaultRequestCpu);
    totals.requestsMemory += pods * quantity(spec.resources?.requests?.memory, limits.defaultRequestMemory);
    totals.limitsCpu += pods * quantity(spec.resources?.limits?.cpu, limits.defaultLimitCpu);
    totals.limitsMemory += pods * quantity(spec.resources?.limits?.memory, limits.defaultLimitMemory);
    totals.pods += pods;
  }
  const cores = (needed: number, fallback: string) => String(Math.max(Math.ceil(needed), parseQuantity(fallback) ?? 0));
  const gibibytes = (needed: number, fallback: string) => `${Math.max(Math.ceil(needed / GIBIBYTE), Math.ceil((parseQuantity(fallback) ?? 0) / GIBIBYTE))}Gi`;
  return {
    requestsCpu: cores(totals.requestsCpu, defaults.requestsCpu),
    requestsMemory: gibibytes(totals.requestsMemory, defaults.requestsMemory),
    limitsCpu: cores(totals.limitsCpu, defaults.limitsCpu),
    limitsMemory: gibibytes(totals.limitsMemory, defaults.limitsMemory),
    pods: Math.max(totals.pods, defaults.pods),
  };
}

/** Pods of a service at its autoscaler's maximum, plus the extra pods of one release (releaseSurgePods). */
function mostPods(spec: ServiceSpec): number {
  const replicas = Math.max(spec.autoscaling?.maxReplicas ?? 0, spec.replicas ?? SERVICE_DEFAULTS.replicas);
  return replicas + releaseSurgePods(spec, replicas);
}
