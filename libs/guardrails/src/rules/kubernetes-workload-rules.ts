import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blockOf, isFalse } from '../terraform-values';
import { describeValue } from './rule-helpers';
import { containersOf, fieldAt, manifestOf, namespaceOf, PodTemplate, podTemplateOf, WORKLOAD_TYPES } from './kubernetes-objects';

const SERVICE_ACCOUNT = ['kubernetes_service_account_v1'];
const SERVICE_TYPES = ['kubernetes_service_v1', 'kubernetes_manifest'];
const PDB_TYPES = ['kubernetes_pod_disruption_budget_v1', 'kubernetes_manifest'];
/** Kinds whose replicas a PodDisruptionBudget protects during node drains. */
const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

type Labels = Readonly<Record<string, unknown>>;
const selects = (selector: Labels | undefined, labels: Labels) =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The selector (`spec.selector`) of a Service of the stack, or undefined for other resources. */
function serviceSelector(resource: StackResource): Labels | undefined {
  const manifest = manifestOf(resource);
  if (manifest !== undefined) return manifest.kind === 'Service' ? (fieldAt(manifest, ['spec', 'selector']) as Labels | undefined) : undefined;
  return blockOf(blockOf(resource.config.spec)?.selector) ?? undefined;
}

/** The label selector (`spec.selector.matchLabels`) of a PodDisruptionBudget of the stack, or undefined. */
function budgetSelector(resource: StackResource): Labels | undefined {
  const manifest = manifestOf(resource);
  if (manifest !== undefined)
    return manifest.kind === 'PodDisruptionBudget' ? (fieldAt(manifest, ['spec', 'selector', 'matchLabels']) as Labels | undefined) : undefined;
  return blockOf(blockOf(blockOf(resource.config.spec)?.selector)?.match_labels);
}

/** The objects of `types` in the pod's namespace whose selector (read by `selectorOf`) selects the pod's labels. */
function selecting(
  stack: StackIndex,
  pod: PodTemplate,
  types: readonly string[],
  selectorOf: (resource: StackResource) => Labels | undefined
): StackResource[] {
  return types
    .flatMap((type) => stack.ofType(type))
    .filter((resource) => namespaceOf(resource, stack) === pod.namespace && selects(selectorOf(resource), pod.labels));
}

/** The `kubernetes_service_account_v1` of the stack a pod spec runs as (by reference or by name and namespace). */
function serviceAccountOf(pod: PodTemplate, stack: StackIndex): StackResource | undefined {
  const name = pod.spec.serviceAccountName;
  return (
    stack.resolve(name) ??
    stack
      .ofType('kubernetes_service_account_v1')
      .find((account) => blockOf(account.config.metadata)?.name === name && namespaceOf(account, stack) === pod.namespace)
  );
}

export const KUBERNETES_WORKLOAD_RULES: readonly Rule[] = [
  {
    id: 'PLAT-K8S-012',
    checkovIds: ['CKV_K8S_8', 'CKV_K8S_9'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: WORKLOAD_TYPES,
    description:
      'Workloads behind a Service have a liveness and a readiness probe on every container, so traffic only reaches ready pods and hung ones restart.',
    fix: "give every container liveness_probe and readiness_probe (the service spec's healthCheck paths in the environment config)",
    check(resource, stack) {
      const pod = podTemplateOf(resource, stack);
      if (pod === undefined || selecting(stack, pod, SERVICE_TYPES, serviceSelector).length === 0) return undefined;
      const problems = containersOf(pod.spec)
        .filter(({ label }) => label.startsWith('containers['))
        .flatMap(({ label, container }) => {
          const missing = ['livenessProbe', 'readinessProbe'].filter((probe) => container[probe] === undefined);
          return missing.length === 0 ? [] : [`${label}: has no ${missing.join(' or ')} though a Service sends it traffic`];
        });
      return problems.length === 0 ? undefined : problems.join('; ');
    },
  },
  {
    id: 'PLAT-K8S-013',
    checkovIds: ['CKV_K8S_38'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: WORKLOAD_TYPES,
    description:
      'Pods mount no Kubernetes API token unless they call the API: automountServiceAccountToken is false on the pod or on its service account. IRSA is unaffected: the EKS pod identity webhook projects its own web identity token.',
    fix: 'set automount_service_account_token = false on the pod spec (Workloads from @platform/workloads does); a pod that calls the Kubernetes API suppresses the rule with that reason',
    check(resource, stack) {
      const pod = podTemplateOf(resource, stack);
      if (pod === undefined || isFalse(pod.spec.automountServiceAccountToken)) return undefined;
      const account = serviceAccountOf(pod, stack);
      if (account !== undefined && isFalse(account.config.automount_service_account_token) && pod.spec.automountServiceAccountToken === undefined)
        return undefined;
      return `automountServiceAccountToken is ${describeValue(pod.spec.automountServiceAccountToken)} and ${
        account === undefined
          ? 'its service account is not in the stack'
          : isFalse(account.config.automount_service_account_token)
          ? 'overrides its service account, which mounts none'
          : 'its service account mounts tokens'
      }`;
    },
  },
  {
    id: 'PLAT-K8S-014',
    checkovIds: ['CKV_K8S_38'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: SERVICE_ACCOUNT,
    description: 'Service accounts turn token automounting off, so only pods that opt in get a Kubernetes API token.',
    fix: 'set automount_service_account_token = false on the service account; a pod that calls the API sets automount_service_account_token = true itself',
    check: (account) =>
      isFalse(account.config.automount_service_account_token)
        ? undefined
        : `automount_service_account_token is ${describeValue(account.config.automount_service_account_token)}`,
  },
  {
    id: 'PLAT-K8S-015',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: WORKLOAD_TYPES,
    description:
      'Deployments and StatefulSets of more than one replica have a PodDisruptionBudget in the stack, so a node drain never takes them all down at once.',
    fix: 'add a kubernetes_pod_disruption_budget_v1 in the namespace whose selector matches the pod labels, e.g. min_available = 1 (Workloads from @platform/workloads does)',
    check(resource, stack) {
      const pod = podTemplateOf(resource, stack);
      if (pod === undefined || !REPLICATED_KINDS.includes(pod.kind) || (pod.replicas ?? 1) <= 1) return undefined;
      return selecting(stack, pod, PDB_TYPES, budgetSelector).length > 0
        ? undefined
        : `runs ${pod.replicas} replicas and no PodDisruptionBudget selects its pods`;
    },
  },
];
