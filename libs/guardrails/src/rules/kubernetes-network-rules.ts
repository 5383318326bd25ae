import { Rule } from '../rule';
import { StackResource } from '../stack-index';
import { blockOf, stringsOf } from '../terraform-values';
import { entriesDeep, fieldAt, helmValuesOf, isSystemNamespace, manifestOf, namespaceName, namespaceOf } from './kubernetes-objects';

/**
 * Services that may be of type LoadBalancer, as `<namespace>/<name>`. Empty: north-south traffic enters through the
 * ALBs of the AWS Load Balancer Controller (Ingresses, behind the WAF), so no Service opens its own load balancer,
 * which would bypass the WAF. Adding one here is a reviewed decision.
 */
export const LOAD_BALANCER_SERVICE_ALLOW_LIST: readonly string[] = [];

/** The type and `<namespace>/<name>` of a Service of the stack, or undefined for other resources. */
function serviceOf(resource: StackResource, namespace: string): { type: unknown; name: string } | undefined {
  const manifest = manifestOf(resource);
  if (manifest !== undefined) {
    return manifest.kind === 'Service'
      ? {
          type: fieldAt(manifest, ['spec', 'type']),
          name: `${namespace}/${String(fieldAt(manifest, ['metadata', 'name']))}`,
        }
      : undefined;
  }
  return {
    type: blockOf(resource.config.spec)?.type,
    name: `${namespace}/${String(blockOf(resource.config.metadata)?.name)}`,
  };
}

/** Whether a NetworkPolicy block selects every pod (empty selector) and denies both directions by default. */
function isDefaultDeny(policy: StackResource): boolean {
  const spec = blockOf(policy.config.spec);
  const selector = blockOf(spec?.pod_selector) ?? {};
  const types = stringsOf(spec?.policy_types);
  return (
    Object.keys(selector).length === 0 && types.includes('Ingress') && types.includes('Egress') && spec?.ingress === undefined && spec?.egress === undefined
  );
}

export const KUBERNETES_NETWORK_RULES: readonly Rule[] = [
  {
    id: 'PLAT-K8S-016',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['kubernetes_namespace_v1'],
    description:
      'Every namespace outside the system namespaces has a default-deny NetworkPolicy (all pods, Ingress and Egress, no rule) in its stack; workloads add their own allow policies.',
    fix: 'create the namespace with PlatformNamespaces from @platform/cluster-addons, or add a kubernetes_network_policy_v1 with pod_selector {} and policy_types ["Ingress", "Egress"] in it',
    check(namespace, stack) {
      const name = blockOf(namespace.config.metadata)?.name;
      if (typeof name === 'string' && isSystemNamespace(name)) return undefined;
      const policies = stack
        .ofType('kubernetes_network_policy_v1')
        .filter(
          (policy) =>
            stack.resolve(blockOf(policy.config.metadata)?.namespace) === namespace ||
            (typeof name === 'string' && namespaceName(blockOf(policy.config.metadata)?.namespace, stack) === name)
        );
      return policies.some(isDefaultDeny) ? undefined : `namespace ${String(name)} has no default-deny NetworkPolicy`;
    },
  },
  {
    id: 'PLAT-K8S-017',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['kubernetes_service_v1', 'kubernetes_manifest', 'helm_release'],
    description:
      'No Service is of type LoadBalancer (outside LOAD_BALANCER_SERVICE_ALLOW_LIST): traffic enters through the WAF-protected ALBs of the Ingresses, never a load balancer of its own.',
    fix: 'use type ClusterIP and expose the Service through an Ingress; chart values set service.type: ClusterIP',
    admission: {
      kinds: ['Service'],
      validate: { pattern: { spec: { '=(type)': '!LoadBalancer' } } },
    },
    check(resource, stack) {
      if (resource.type === 'helm_release') {
        const found = helmValuesOf(resource)
          .flatMap((values) => entriesDeep(values))
          .filter(({ key, value }) => key === 'type' && value === 'LoadBalancer');
        return found.length === 0 ? undefined : `values set ${found.map(({ path }) => path).join(', ')} to LoadBalancer`;
      }
      const service = serviceOf(resource, namespaceOf(resource, stack));
      if (service === undefined || service.type !== 'LoadBalancer' || LOAD_BALANCER_SERVICE_ALLOW_LIST.includes(service.name)) return undefined;
      return `Service ${service.name} is of type LoadBalancer`;
    },
  },
];
