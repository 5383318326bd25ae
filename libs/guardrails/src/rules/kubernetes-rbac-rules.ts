import { Rule } from '../rule';
import { StackResource } from '../stack-index';
import { blockOf, blocksOf, stringsOf } from '../terraform-values';
import { fieldAt, manifestOf } from './kubernetes-objects';

const ROLE_TYPES = ['kubernetes_cluster_role_v1', 'kubernetes_role_v1', 'kubernetes_manifest'];
const BINDING_TYPES = ['kubernetes_cluster_role_binding_v1', 'kubernetes_role_binding_v1', 'kubernetes_manifest'];
/** The ClusterRole that grants everything; nothing the platform writes binds it. */
export const CLUSTER_ADMIN_ROLE = 'cluster-admin';

/** The rules of a Role or ClusterRole of the stack as `{ apiGroups, resources, verbs }`, or undefined for other resources. */
function roleRules(resource: StackResource): Record<string, unknown>[] | undefined {
  const manifest = manifestOf(resource);
  if (manifest !== undefined) return manifest.kind === 'Role' || manifest.kind === 'ClusterRole' ? blocksOf(manifest.rules) : undefined;
  return blocksOf(resource.config.rule).map((rule) => ({
    apiGroups: rule.api_groups,
    resources: rule.resources,
    verbs: rule.verbs,
    nonResourceURLs: rule.non_resource_urls,
  }));
}

/** The role a RoleBinding or ClusterRoleBinding of the stack grants, or undefined for other resources. */
function boundRole(resource: StackResource): unknown {
  const manifest = manifestOf(resource);
  if (manifest !== undefined)
    return manifest.kind === 'RoleBinding' || manifest.kind === 'ClusterRoleBinding' ? fieldAt(manifest, ['roleRef', 'name']) ?? '' : undefined;
  return blockOf(resource.config.role_ref)?.name;
}

export const KUBERNETES_RBAC_RULES: readonly Rule[] = [
  {
    id: 'PLAT-K8S-018',
    checkovIds: ['CKV_K8S_49'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ROLE_TYPES,
    description: 'Roles and ClusterRoles name their API groups, resources and verbs: no `*`.',
    fix: 'list the api_groups, resources and verbs the subject needs instead of "*"',
    admission: {
      kinds: ['Role', 'ClusterRole'],
      validate: {
        deny: {
          conditions: {
            any: [
              {
                key: '*',
                operator: 'AnyIn',
                value: '{{ request.object.rules[].verbs[] || `[]` }}',
              },
              {
                key: '*',
                operator: 'AnyIn',
                value: '{{ request.object.rules[].resources[] || `[]` }}',
              },
              {
                key: '*',
                operator: 'AnyIn',
                value: '{{ request.object.rules[].apiGroups[] || `[]` }}',
              },
            ],
          },
        },
      },
    },
    check(resource) {
      const rules = roleRules(resource);
      if (rules === undefined) return undefined;
      const wildcards = rules.flatMap((rule, index) =>
        ['apiGroups', 'resources', 'verbs'].filter((field) => stringsOf(rule[field]).includes('*')).map((field) => `rule[${index}].${field}`)
      );
      return wildcards.length === 0 ? undefined : `${wildcards.join(', ')} ${wildcards.length === 1 ? 'is' : 'are'} "*"`;
    },
  },
  {
    id: 'PLAT-K8S-019',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: BINDING_TYPES,
    description: `No RoleBinding or ClusterRoleBinding grants ${CLUSTER_ADMIN_ROLE}; administrators get it through EKS access entries, which CloudTrail audits.`,
    fix: `bind a Role or ClusterRole with the permissions needed; administrators are listed in the cluster's access entries (cluster.adminRoleArns in the environment config)`,
    admission: {
      kinds: ['RoleBinding', 'ClusterRoleBinding'],
      validate: { pattern: { roleRef: { name: `!${CLUSTER_ADMIN_ROLE}` } } },
    },
    check: (resource) => (boundRole(resource) === CLUSTER_ADMIN_ROLE ? `binds ${CLUSTER_ADMIN_ROLE}` : undefined),
  },
];
