import { Rule } from '../rule';
import { entriesDeep, helmValuesOf, isSystemNamespace, namespaceName } from './kubernetes-objects';

const RELEASE = ['helm_release'];
/** Values keys that give a chart's pods host access or privileges when true, whatever the chart nests them under. */
const HOST_ACCESS_KEYS = ['hostNetwork', 'hostPID', 'hostIPC', 'privileged', 'allowPrivilegeEscalation'];

/**
 * What can be checked of a chart's pods from its `helm_release`: the values the platform sets (chart defaults are
 * reviewed when a chart is pinned, and the in-cluster admission policy sees the rendered pods).
 */
export const KUBERNETES_HELM_RULES: readonly Rule[] = [
  {
    id: 'PLAT-K8S-020',
    checkovIds: ['CKV_K8S_16', 'CKV_K8S_19'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: RELEASE,
    description:
      'Chart values outside the system namespaces turn on no host access or privilege: no hostNetwork, hostPID, hostIPC, privileged or allowPrivilegeEscalation set true.',
    fix: 'remove the value (or set it false); a chart that needs host access runs in a system namespace (SYSTEM_NAMESPACES of @platform/core)',
    check(release, stack) {
      const namespace = namespaceName(release.config.namespace, stack) ?? String(release.config.namespace ?? 'default');
      if (isSystemNamespace(namespace)) return undefined;
      const found = helmValuesOf(release)
        .flatMap((values) => entriesDeep(values))
        .filter(({ key, value }) => HOST_ACCESS_KEYS.includes(key) && (value === true || value === 'true'));
      return found.length === 0 ? undefined : `values set ${found.map(({ path }) => path).join(', ')} to true in namespace ${namespace}`;
    },
  },
  {
    id: 'PLAT-K8S-021',
    checkovIds: ['CKV_K8S_14'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: RELEASE,
    description: 'Chart values pin images: no image tag `latest` (the chart version pins the default images).',
    fix: "set the image tag to a version (e.g. image.tag: v1.2.3) or a digest, or leave it unset to use the chart's pinned default",
    check(release) {
      const found = helmValuesOf(release)
        .flatMap((values) => entriesDeep(values))
        .filter(({ key, value }) => typeof value === 'string' && ((key === 'tag' && value === 'latest') || (key === 'image' && /:latest$/.test(value))));
      return found.length === 0 ? undefined : `values set ${found.map(({ path }) => path).join(', ')} to latest`;
    },
  },
];
