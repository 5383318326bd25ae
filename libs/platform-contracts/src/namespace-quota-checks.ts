import { parseQuantity } from '@platform/core';
import { check, type ContractCheck } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';
import { block, blocks, metadataField, nameOf } from './private/kubernetes-objects';

type Json = Record<string, unknown>;

interface Totals {
  requestsCpu: number;
  limitsCpu: number;
  requestsMemory: number;
  limitsMemory: number;
  pods: number;
}

/** Quota keys and the totals they bound. */
const QUOTA_KEYS: readonly [string, keyof Totals][] = [
  ['requests.cpu', 'requestsCpu'],
  ['limits.cpu', 'limitsCpu'],
  ['requests.memory', 'requestsMemory'],
  ['limits.memory', 'limitsMemory'],
  ['pods', 'pods'],
];

/**
 * Every ResourceQuota admits the Deployments of its namespace at their autoscalers' maxima (or their replicas) plus
 * their surge pods: past the quota the ReplicaSet gets FailedCreate and the autoscaler stops, with room left on the
 * nodes, and nothing but events says so. Containers without requests or limits take the namespace's LimitRange
 * defaults.
 */
export function namespaceQuotaChecks(model: PlatformModel): ContractCheck[] {
  return model.resources('kubernetes_resource_quota_v1').map((quota) => {
    const namespace = metadataField(model, quota, 'namespace');
    const hard = (block(quota.values.spec)?.hard ?? {}) as Record<string, unknown>;
    const defaults = limitRangeDefaults(model, namespace);
    const totals: Totals = { requestsCpu: 0, limitsCpu: 0, requestsMemory: 0, limitsMemory: 0, pods: 0 };
    const contributors: string[] = [];
    for (const deployment of model.resources('kubernetes_deployment_v1').filter((candidate) => metadataField(model, candidate, 'namespace') === namespace)) {
      const name = metadataField(model, deployment, 'name');
      const pods = maximumPods(model, deployment, name);
      contributors.push(`${String(name)} ×${pods}`);
      totals.pods += pods;
      for (const container of blocks(block(block(block(deployment.values.spec)?.template)?.spec)?.container)) {
        const resources = block(container.resources) ?? {};
        const amount = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
          pods * (parseQuantity(String((resources[kind] as Json | undefined)?.[resource] ?? defaults[kind][resource])) ?? 0);
        totals.requestsCpu += amount('requests', 'cpu');
        totals.limitsCpu += amount('limits', 'cpu');
        totals.requestsMemory += amount('requests', 'memory');
        totals.limitsMemory += amount('limits', 'memory');
      }
    }
    const problems = QUOTA_KEYS.flatMap(([key, total]) => {
      const limit = hard[key] === undefined ? undefined : parseQuantity(String(hard[key]));
      return limit !== undefined && totals[total] > limit + 1e-9
        ? [`${key} ${String(hard[key])} is below the ${format(total, totals[total])} the Deployments (${contributors.join(', ')}) take at their autoscalers' maxima with one rollout. Fix: raise the quota`]
        : [];
    });
    return check(`the ResourceQuota of namespace ${String(namespace)} admits its Deployments at their maxima`, problems);
  });
}

/** Replicas at the autoscaler's maximum (or the Deployment's replicas) plus its surge. */
function maximumPods(model: PlatformModel, deployment: ModelResource, name: string | undefined): number {
  const spec = block(deployment.values.spec) ?? {};
  const autoscaler = model
    .resources('kubernetes_horizontal_pod_autoscaler_v2')
    .find((hpa) => hpa.stack === deployment.stack && nameOf(model, hpa.stack, block(block(hpa.raw.spec)?.scale_target_ref)?.name) === name);
  const replicas = Number(block(autoscaler?.values.spec)?.max_replicas ?? spec.replicas ?? 1);
  // Kubernetes' default surge is 25 %, rounded up.
  const raw = String(block(block(spec.strategy)?.rolling_update)?.max_surge ?? '25%');
  const surgePods = raw.endsWith('%') ? Math.ceil((replicas * Number(raw.slice(0, -1))) / 100) : Number(raw);
  return replicas + (Number.isFinite(surgePods) ? surgePods : 1);
}

/** The default requests and limits of the namespace's LimitRange for containers. */
function limitRangeDefaults(model: PlatformModel, namespace: string | undefined): { requests: Json; limits: Json } {
  const range = model.resources('kubernetes_limit_range_v1').find((candidate) => metadataField(model, candidate, 'namespace') === namespace);
  const container = blocks(block(range?.values.spec)?.limit).find((limit) => limit.type === 'Container') ?? {};
  return { requests: (container.default_request as Json | undefined) ?? {}, limits: (container.default as Json | undefined) ?? {} };
}

function format(total: keyof Totals, value: number): string {
  if (total === 'pods') return `${value} pods`;
  return total.endsWith('Cpu') ? `${Math.round(value * 1000)}m CPU` : `${Math.ceil(value / 2 ** 20)}Mi`;
}
