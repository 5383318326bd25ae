import { Rule, Severity } from '../rule';
import { StackIndex } from '../stack-index';
import { isFalse, isTrue, stringsOf } from '../terraform-values';
import { describeValue } from './rule-helpers';
import { containersOf, fieldAt, isSystemNamespace, PodContainer, PodTemplate, podTemplateOf, WORKLOAD_TYPES } from './kubernetes-objects';

/** Seccomp profile types of the Pod Security Standards' restricted level. */
const RESTRICTED_SECCOMP = ['RuntimeDefault', 'Localhost'];
/** Host namespaces a pod may share, with the API field. */
const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

type PodRule = Omit<Rule, 'resourceTypes' | 'check' | 'complianceIds' | 'severity'> & {
  readonly severity?: Severity;
  /** The problem with the pod template; undefined when it complies. */
  readonly checkPod: (pod: PodTemplate, stack: StackIndex) => string | undefined;
};

/** A rule over every pod template the platform writes (kubernetes_* workloads and manifests). */
function podRule({ checkPod, severity = 'error', ...rule }: PodRule): Rule {
  return {
    ...rule,
    complianceIds: [],
    severity,
    resourceTypes: WORKLOAD_TYPES,
    check(resource, stack) {
      const pod = podTemplateOf(resource, stack);
      return pod === undefined ? undefined : checkPod(pod, stack);
    },
  };
}

/** The problems of the containers `problemOf` finds, joined: `containers[0] app: privileged is true`. */
function eachContainer(
  pod: PodTemplate,
  problemOf: (container: PodContainer['container']) => string | undefined,
  containers = containersOf(pod.spec)
): string | undefined {
  const problems = containers.flatMap(({ label, container }) => {
    const problem = problemOf(container);
    return problem === undefined ? [] : [`${label}: ${problem}`];
  });
  return problems.length === 0 ? undefined : problems.join('; ');
}

/** A Kyverno pattern applying `containerPattern` to every container of the pod (init and ephemeral ones where present). */
function everyContainer(containerPattern: Readonly<Record<string, unknown>>, podPattern: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    spec: {
      ...podPattern,
      '=(ephemeralContainers)': [containerPattern],
      '=(initContainers)': [containerPattern],
      containers: [containerPattern],
    },
  };
}

const securityField = (container: unknown, field: string) => fieldAt(container, ['securityContext', field]);

/** Whether an image reference names a tag other than `latest`, or a digest. */
export function imageProblem(image: unknown, stack: StackIndex): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return 'has no image';
  if (image.includes('@sha256:')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return `image ${image} has no tag, so it runs latest`;
  const tag = lastSegment.slice(colon + 1);
  if (tag === 'latest') return `image ${image} is latest`;
  // A plan-time tag (`${var.image_tag}`) counts only when the variable's validation refuses latest.
  const variable = /^\$\{var\.([\w-]+)\}$/.exec(tag)?.[1];
  if (variable !== undefined) {
    const validation = (stack.json as { variable?: Record<string, { validation?: unknown }> }).variable?.[variable]?.validation;
    return JSON.stringify(validation ?? []).includes('latest')
      ? undefined
      : `image ${image} takes its tag from var.${variable}, whose validation does not refuse latest`;
  }
  return tag.includes('${') ? `image ${image} has a tag known only at apply time` : undefined;
}

/**
 * Registries workloads the platform writes may pull from: the account's private ECR (where CI pushes the
 * application images), written literally or as a reference to the repository URL of another stack. Add-on charts
 * pull their upstream images, pinned by the chart version.
 */
export const PLATFORM_IMAGE_REGISTRY = /^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com|\$\{[^}]+\})\//;

export const KUBERNETES_POD_RULES: readonly Rule[] = [
  podRule({
    id: 'PLAT-K8S-001',
    checkovIds: ['CKV_K8S_16'],
    description: 'No container runs privileged (Pod Security Standards baseline).',
    fix: 'set security_context.privileged = false on the container, or leave it unset (Workloads from @platform/workloads does)',
    admission: {
      kinds: ['Pod'],
      validate: {
        pattern: everyContainer({
          '=(securityContext)': { '=(privileged)': 'false' },
        }),
      },
    },
    checkPod: (pod) => eachContainer(pod, (container) => (isTrue(securityField(container, 'privileged')) ? 'privileged is true' : undefined)),
  }),
  podRule({
    id: 'PLAT-K8S-002',
    checkovIds: ['CKV_K8S_20'],
    description: 'Every container sets allowPrivilegeEscalation to false (Pod Security Standards restricted).',
    fix: 'set security_context.allow_privilege_escalation = false on every container',
    admission: {
      kinds: ['Pod'],
      validate: {
        pattern: everyContainer({
          securityContext: { allowPrivilegeEscalation: 'false' },
        }),
      },
    },
    checkPod: (pod) =>
      eachContainer(pod, (container) => {
        const value = securityField(container, 'allowPrivilegeEscalation');
        return isFalse(value) ? undefined : `allowPrivilegeEscalation is ${describeValue(value)}`;
      }),
  }),
  podRule({
    id: 'PLAT-K8S-003',
    checkovIds: ['CKV_K8S_23'],
    description:
      'Containers run as a non-root user: runAsNonRoot is true on the pod or on every container, and no container sets it false (Pod Security Standards restricted).',
    fix: 'set spec.template.spec.security_context.run_as_non_root = true and build the image with a numeric non-root USER',
    admission: {
      kinds: ['Pod'],
      validate: {
        anyPattern: [
          everyContainer({ '=(securityContext)': { '=(runAsNonRoot)': true } }, { securityContext: { runAsNonRoot: true } }),
          everyContainer({ securityContext: { runAsNonRoot: true } }),
        ],
      },
    },
    checkPod(pod) {
      const podLevel = isTrue(fieldAt(pod.spec, ['securityContext', 'runAsNonRoot']));
      return eachContainer(pod, (container) => {
        const value = securityField(container, 'runAsNonRoot');
        if (isTrue(value) || (podLevel && value === undefined)) return undefined;
        return podLevel ? 'runAsNonRoot is false' : 'runAsNonRoot is set neither on the pod nor on the container';
      });
    },
  }),
  podRule({
    id: 'PLAT-K8S-004',
    checkovIds: ['CKV_K8S_37', 'CKV_K8S_28'],
    description: 'Every container drops ALL Linux capabilities (Pod Security Standards restricted; NET_BIND_SERVICE is the only one it may add back).',
    fix: 'set security_context.capabilities.drop = ["ALL"] on every container',
    admission: {
      kinds: ['Pod'],
      validate: {
        // A pattern cannot say "the list contains ALL" (Kyverno compares scalar lists by position), so this is the
        // foreach of Kyverno's own pod-security policies.
        foreach: [
          {
            list: 'request.object.spec.[ephemeralContainers, initContainers, containers][]',
            deny: {
              conditions: {
                all: [
                  {
                    key: 'ALL',
                    operator: 'AnyNotIn',
                    value: '{{ element.securityContext.capabilities.drop[] || `[]` }}',
                  },
                ],
              },
            },
          },
        ],
      },
    },
    checkPod: (pod) =>
      eachContainer(pod, (container) => {
        const drop = stringsOf(fieldAt(container, ['securityContext', 'capabilities', 'drop']));
        const added = stringsOf(fieldAt(container, ['securityContext', 'capabilities', 'add'])).filter((capability) => capability !== 'NET_BIND_SERVICE');
        if (!drop.includes('ALL')) return 'capabilities.drop does not include ALL';
        return added.length > 0 ? `capabilities.add has ${added.join(', ')}` : undefined;
      }),
  }),
  podRule({
    id: 'PLAT-K8S-005',
    checkovIds: ['CKV_K8S_31'],
    description: 'Pods run with the RuntimeDefault (or a Localhost) seccomp profile, set on the pod or on every container (Pod Security Standards restricted).',
    fix: 'set spec.template.spec.security_context.seccomp_profile.type = "RuntimeDefault"',
    admission: {
      kinds: ['Pod'],
      validate: {
        anyPattern: [
          everyContainer(
            {
              '=(securityContext)': {
                '=(seccompProfile)': {
                  '=(type)': 'RuntimeDefault | Localhost',
                },
              },
            },
            {
              securityContext: {
                seccompProfile: { type: 'RuntimeDefault | Localhost' },
              },
            }
          ),
          everyContainer({
            securityContext: {
              seccompProfile: { type: 'RuntimeDefault | Localhost' },
            },
          }),
        ],
      },
    },
    checkPod(pod) {
      const podType = fieldAt(pod.spec, ['securityContext', 'seccompProfile', 'type']);
      const podLevel = RESTRICTED_SECCOMP.includes(String(podType));
      return eachContainer(pod, (container) => {
        const type = fieldAt(container, ['securityContext', 'seccompProfile', 'type']);
        if (RESTRICTED_SECCOMP.includes(String(type)) || (podLevel && type === undefined)) return undefined;
        return `seccompProfile.type is ${describeValue(type ?? podType)}`;
      });
    },
  }),
  podRule({
    id: 'PLAT-K8S-006',
    checkovIds: ['CKV_K8S_19', 'CKV_K8S_17', 'CKV_K8S_18'],
    description:
      'Pods outside the system namespaces (SYSTEM_NAMESPACES of @platform/core) share none of the host namespaces: no hostNetwork, hostPID or hostIPC.',
    fix: 'remove host_network, host_pid and host_ipc from the pod spec (or set them false); only the system namespaces may run node agents',
    admission: {
      kinds: ['Pod'],
      validate: {
        pattern: {
          spec: {
            '=(hostNetwork)': 'false',
            '=(hostPID)': 'false',
            '=(hostIPC)': 'false',
          },
        },
      },
    },
    checkPod(pod) {
      if (isSystemNamespace(pod.namespace)) return undefined;
      const shared = HOST_NAMESPACE_FIELDS.filter((field) => isTrue(pod.spec[field]));
      return shared.length === 0 ? undefined : `${shared.join(', ')} ${shared.length === 1 ? 'is' : 'are'} true in namespace ${pod.namespace}`;
    },
  }),
  podRule({
    id: 'PLAT-K8S-007',
    checkovIds: [],
    description: 'Pods outside the system namespaces mount no hostPath volume (Pod Security Standards baseline).',
    fix: 'replace the host_path volume with an empty_dir, a ConfigMap/Secret or a PersistentVolumeClaim',
    admission: {
      kinds: ['Pod'],
      validate: {
        pattern: { spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } },
      },
    },
    checkPod(pod) {
      if (isSystemNamespace(pod.namespace)) return undefined;
      const volumes = (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []).filter((volume) => fieldAt(volume, ['hostPath']) !== undefined);
      return volumes.length === 0
        ? undefined
        : `mounts hostPath volume ${volumes.map((volume) => String(fieldAt(volume, ['name']))).join(', ')} in namespace ${pod.namespace}`;
    },
  }),
  podRule({
    id: 'PLAT-K8S-008',
    checkovIds: ['CKV_K8S_10', 'CKV_K8S_12'],
    description: 'Every container requests CPU and memory, so the scheduler places it and the quota counts it.',
    fix: 'set resources.requests = { cpu = "...", memory = "..." } on every container (the service spec\'s resources in the environment config)',
    admission: {
      kinds: ['Pod'],
      validate: {
        pattern: everyContainer({
          resources: { requests: { cpu: '?*', memory: '?*' } },
        }),
      },
    },
    checkPod: (pod) =>
      eachContainer(pod, (container) => {
        const missing = ['cpu', 'memory'].filter((resource) => fieldAt(container, ['resources', 'requests', resource]) === undefined);
        return missing.length === 0 ? undefined : `requests no ${missing.join(' or ')}`;
      }),
  }),
  podRule({
    id: 'PLAT-K8S-009',
    checkovIds: ['CKV_K8S_13'],
    description: 'Every container has a memory limit, so one leaking container cannot starve its node.',
    fix: "set resources.limits.memory on every container (the service spec's resources in the environment config)",
    admission: {
      kinds: ['Pod'],
      validate: {
        pattern: everyContainer({ resources: { limits: { memory: '?*' } } }),
      },
    },
    checkPod: (pod) =>
      eachContainer(pod, (container) => (fieldAt(container, ['resources', 'limits', 'memory']) === undefined ? 'has no memory limit' : undefined)),
  }),
  podRule({
    id: 'PLAT-K8S-010',
    checkovIds: ['CKV_K8S_14', 'CKV_K8S_43'],
    description: 'Every image is pinned by digest or by a tag other than latest, so a restarted pod runs the image that was reviewed.',
    fix: 'reference the image as <repository>:<version or commit id> or <repository>@sha256:<digest>; a plan-time tag must come from a variable whose validation refuses latest (imageTagVariable of @platform/stacks)',
    admission: {
      kinds: ['Pod'],
      validate: { pattern: everyContainer({ image: '*:* & !*:latest' }) },
    },
    checkPod: (pod, stack) => eachContainer(pod, (container) => imageProblem(container.image, stack)),
  }),
  podRule({
    id: 'PLAT-K8S-011',
    checkovIds: [],
    description: "Workloads the platform writes pull their images from the account's private ECR, which scans them and keeps tags immutable.",
    fix: 'push the image to the ECR repository of the service (EcrRepositories from @platform/cluster) and reference <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>',
    checkPod: (pod) =>
      eachContainer(pod, (container) =>
        typeof container.image === 'string' && PLATFORM_IMAGE_REGISTRY.test(container.image)
          ? undefined
          : `image ${describeValue(container.image)} is not from the account's ECR`
      ),
  }),
];
