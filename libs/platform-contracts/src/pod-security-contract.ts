import { blockOf, blocksOf, isFalse, isTrue, numberOf, stringsOf } from '@platform/guardrails';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';
import { notApplicableOnEcs } from './private/not-on-ecs';

/** Pod Security Standards levels, from the most to the least strict. */
const LEVELS = ['restricted', 'baseline', 'privileged'] as const;
type Level = (typeof LEVELS)[number];

/** A namespace allowed to enforce less than `restricted`, and why. */
export interface PodSecurityException {
  /** The loosest level it may enforce. */
  readonly level: Level;
  readonly reason: string;
}

/**
 * The namespaces that may run pods under less than `restricted`: the documented few. Any other namespace that runs
 * workloads (a pod object or a Helm release) must enforce `restricted`.
 */
export const POD_SECURITY_EXCEPTIONS: Readonly<Record<string, PodSecurityException>> = {
  'kube-system': {
    level: 'privileged',
    reason: 'owned by EKS: the VPC CNI, kube-proxy and EBS CSI node DaemonSets use the host network, host paths and privileged containers',
  },
  monitoring: {
    level: 'privileged',
    reason: 'node-exporter reads the host (host network, host PID, host paths) and Alloy tails /var/log/pods from the host',
  },
  velero: {
    level: 'baseline',
    reason: 'the chart sets no container security context (no seccomp, privilege escalation allowed); baseline still refuses host access and privilege',
  },
};

/** Terraform resource types that create pods, and where their pod spec is. */
const POD_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  kubernetes_deployment_v1: ['spec', 'template', 'spec'],
  kubernetes_deployment: ['spec', 'template', 'spec'],
  kubernetes_stateful_set_v1: ['spec', 'template', 'spec'],
  kubernetes_stateful_set: ['spec', 'template', 'spec'],
  kubernetes_daemon_set_v1: ['spec', 'template', 'spec'],
  kubernetes_daemonset: ['spec', 'template', 'spec'],
  kubernetes_job_v1: ['spec', 'template', 'spec'],
  kubernetes_job: ['spec', 'template', 'spec'],
  kubernetes_cron_job_v1: ['spec', 'job_template', 'spec', 'template', 'spec'],
  kubernetes_cron_job: ['spec', 'job_template', 'spec', 'template', 'spec'],
  kubernetes_pod_v1: ['spec'],
  kubernetes_pod: ['spec'],
};

/** Volume sources `restricted` admits (Terraform block names). */
const RESTRICTED_VOLUME_SOURCES = ['config_map', 'csi', 'downward_api', 'empty_dir', 'ephemeral', 'persistent_volume_claim', 'projected', 'secret'];
/** Sysctls `baseline` (and so `restricted`) admits: the namespaced, safe set. */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const POD_SECURITY_ENFORCE = 'pod-security.kubernetes.io/enforce';
const UNPRIVILEGED_PORT_START = 'net.ipv4.ip_unprivileged_port_start';

type Block = Record<string, unknown>;

/** A namespace as the platform creates it (or does not), with the workloads that run in it. */
interface NamespaceUse {
  readonly level: Level;
  /** Where the level comes from, e.g. the namespace resource's construct path. */
  readonly source: string;
  readonly workloads: string[];
}

/**
 * Every pod the environment's stacks create in a namespace that enforces Pod Security `restricted` satisfies it,
 * checked field by field as the admission controller does (pod and every container and init container: host
 * namespaces and ports, privileged, capabilities drop ALL and add at most NET_BIND_SERVICE, hostPath and other
 * volume types, allowPrivilegeEscalation false, runAsNonRoot, runAsUser not 0, seccomp RuntimeDefault or Localhost,
 * SELinux, /proc mount, sysctls), so a Deployment cannot be applied whose ReplicaSet then never creates a pod.
 * Namespaces not created with a Pod Security label enforce nothing (`privileged`, EKS's default). Only the documented
 * {@link POD_SECURITY_EXCEPTIONS} may run workloads under less than `restricted`. Helm charts' pods are not in the
 * synthesized JSON; their namespaces are checked, their pods are not. A non-root container listening below port
 * 1024 must also be able to bind it: the pod's sysctl `net.ipv4.ip_unprivileged_port_start` allows the port
 * (an added NET_BIND_SERVICE capability does not reach a non-root process: Kubernetes sets no ambient capabilities).
 */
export class PodSecurityContract implements PlatformContract {
  readonly id = 'pod-security';
  readonly title = 'Pod security: pods in restricted namespaces satisfy restricted; only the documented namespaces are looser';

  evaluate(input: ContractInput): ContractResult {
    const notApplicable = notApplicableOnEcs(this, input, 'no pods or namespaces; the task definitions (non-root user, read-only root, no privileges) are checked by the ECS guardrails');
    if (notApplicable) return notApplicable;
    const { model } = input;
    const namespaces = namespaceLevels(model);
    const uses = new Map<string, NamespaceUse>();
    const useOf = (namespace: string): NamespaceUse => {
      let use = uses.get(namespace);
      if (use === undefined) {
        const known = namespaces.get(namespace);
        use = { level: known?.level ?? 'privileged', source: known?.source ?? 'no Pod Security label: the platform does not create it with one', workloads: [] };
        uses.set(namespace, use);
      }
      return use;
    };

    const checks: ContractCheck[] = [];
    for (const [type, path] of Object.entries(POD_TEMPLATES)) {
      for (const resource of model.resources(type)) {
        const metadata = blockOf(resource.raw.metadata) ?? {};
        const namespace = namespaceName(model, resource, metadata.namespace) ?? 'default';
        const name = String(metadata.name ?? resource.name);
        const subject = `${type} ${namespace}/${name} (${resource.constructPath})`;
        useOf(namespace).workloads.push(`${type} ${name}`);
        const pod = podSpecOf(resource.raw, path);
        if (pod === undefined) continue;
        if (useOf(namespace).level === 'restricted') checks.push(check(`${subject} satisfies Pod Security restricted`, restrictedProblems(pod)));
        const binding = privilegedPortProblems(pod);
        if (binding !== undefined) checks.push(check(`${subject} can bind its ports below 1024 as a non-root user`, binding));
      }
    }
    for (const release of model.resources('helm_release')) {
      const namespace = namespaceName(model, release, release.raw.namespace) ?? 'default';
      useOf(namespace).workloads.push(`helm_release ${String(release.raw.name)}`);
    }

    const notes: string[] = [];
    for (const [namespace, use] of [...uses].sort(([a], [b]) => a.localeCompare(b))) {
      const exception = POD_SECURITY_EXCEPTIONS[namespace];
      const problems: string[] = [];
      if (use.level !== 'restricted') {
        if (exception === undefined) {
          problems.push(
            `namespace ${namespace} enforces ${use.level} (${use.source}) and runs ${use.workloads.join(', ')}. ` +
              `Fix: create it with the label ${POD_SECURITY_ENFORCE}=restricted, or document it with a reason in POD_SECURITY_EXCEPTIONS`,
          );
        } else if (LEVELS.indexOf(use.level) > LEVELS.indexOf(exception.level)) {
          problems.push(`namespace ${namespace} enforces ${use.level} (${use.source}); documented as at most ${exception.level} (${exception.reason}). Fix: label it ${POD_SECURITY_ENFORCE}=${exception.level}`);
        } else {
          notes.push(`${namespace} enforces ${use.level}: ${exception.reason}`);
        }
      }
      checks.push(check(`namespace ${namespace}, which runs workloads, enforces restricted or is a documented exception`, problems));
    }
    return { id: this.id, title: this.title, checks, notes };
  }
}

/** The Pod Security level each namespace the stacks create enforces, by name. */
function namespaceLevels(model: PlatformModel): Map<string, { level: Level; source: string }> {
  const levels = new Map<string, { level: Level; source: string }>();
  for (const namespace of [...model.resources('kubernetes_namespace_v1'), ...model.resources('kubernetes_namespace')]) {
    const metadata = blockOf(namespace.raw.metadata) ?? {};
    const label = (blockOf(metadata.labels) ?? {})[POD_SECURITY_ENFORCE];
    const level = LEVELS.find((candidate) => candidate === label) ?? 'privileged';
    levels.set(String(metadata.name), { level, source: `${namespace.constructPath} labels ${POD_SECURITY_ENFORCE}=${label === undefined ? '(none)' : String(label)}` });
  }
  return levels;
}

/** A namespace argument as a name: a literal, or a reference to a namespace resource of the same stack. */
function namespaceName(model: PlatformModel, resource: ModelResource, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const reference = /^\$\{(kubernetes_namespace(?:_v1)?)\.([\w-]+)\.metadata(?:\[0\]|\.0)?\.name\}$/.exec(value);
  if (reference === null) return value;
  const target = model.resources(reference[1]).find((candidate) => candidate.stack === resource.stack && candidate.name === reference[2]);
  const name = blockOf(target?.raw.metadata)?.name;
  return typeof name === 'string' ? name : value;
}

function podSpecOf(raw: Readonly<Block>, path: readonly string[]): Block | undefined {
  let current: Block | undefined = raw as Block;
  for (const key of path) current = current === undefined ? undefined : blockOf(current[key]);
  return current;
}

/** Every container of a pod (init containers included) with the field path it is written under. */
function containersOf(pod: Block): { name: string; field: string; container: Block }[] {
  return ['init_container', 'container'].flatMap((field) => blocksOf(pod[field]).map((container) => ({ name: String(container.name), field, container })));
}

/** What `restricted` refuses in a pod, one problem per field, each with the fix. */
export function restrictedProblems(pod: Block): string[] {
  const problems: string[] = [];
  const podContext = blockOf(pod.security_context) ?? {};
  for (const field of ['host_network', 'host_pid', 'host_ipc']) {
    if (isTrue(pod[field])) problems.push(`${field} is true: restricted refuses host namespaces. Fix: remove ${field}`);
  }
  for (const volume of blocksOf(pod.volume)) {
    const sources = Object.keys(volume).filter((key) => key !== 'name');
    const refused = sources.filter((source) => !RESTRICTED_VOLUME_SOURCES.includes(source));
    if (refused.length > 0) problems.push(`volume ${String(volume.name)} is ${refused.join(', ')}: restricted admits only ${RESTRICTED_VOLUME_SOURCES.join(', ')}. Fix: use one of those (an emptyDir or a PersistentVolumeClaim instead of host_path)`);
  }
  for (const sysctl of blocksOf(podContext.sysctl)) {
    if (!SAFE_SYSCTLS.includes(String(sysctl.name))) problems.push(`security_context.sysctl ${String(sysctl.name)} is not a safe sysctl. Fix: remove it`);
  }
  problems.push(...seLinuxProblems('security_context', podContext));
  const podRunAsNonRoot = isTrue(podContext.run_as_non_root);
  const podSeccomp = blockOf(podContext.seccomp_profile)?.type;
  if (podSeccomp !== undefined && !ALLOWED_SECCOMP.includes(String(podSeccomp))) {
    problems.push(`security_context.seccomp_profile.type is ${String(podSeccomp)}. Fix: use RuntimeDefault`);
  }
  if (numberOf(podContext.run_as_user) === 0) problems.push('security_context.run_as_user is 0 (root). Fix: run as a non-zero user id');

  for (const { name, field, container } of containersOf(pod)) {
    const at = `${field} ${name}`;
    const context = blockOf(container.security_context) ?? {};
    if (isTrue(context.privileged)) problems.push(`${at}: security_context.privileged is true. Fix: remove it`);
    if (!isFalse(context.allow_privilege_escalation)) {
      problems.push(`${at}: security_context.allow_privilege_escalation is ${context.allow_privilege_escalation === undefined ? 'unset' : String(context.allow_privilege_escalation)}; restricted requires false. Fix: set allow_privilege_escalation = false`);
    }
    const runAsNonRoot = context.run_as_non_root === undefined ? podRunAsNonRoot : isTrue(context.run_as_non_root);
    if (!runAsNonRoot) problems.push(`${at}: run_as_non_root is not true in the container's or the pod's security_context. Fix: set security_context.run_as_non_root = true on the pod`);
    if (numberOf(context.run_as_user) === 0) problems.push(`${at}: security_context.run_as_user is 0 (root). Fix: run as a non-zero user id`);
    const seccomp = blockOf(context.seccomp_profile)?.type ?? podSeccomp;
    if (seccomp === undefined) {
      problems.push(`${at}: no seccomp_profile in the container's or the pod's security_context; restricted requires RuntimeDefault or Localhost. Fix: set security_context.seccomp_profile.type = "RuntimeDefault" on the pod`);
    } else if (!ALLOWED_SECCOMP.includes(String(seccomp))) {
      problems.push(`${at}: seccomp_profile.type is ${String(seccomp)}. Fix: use RuntimeDefault`);
    }
    const capabilities = blockOf(context.capabilities) ?? {};
    if (!stringsOf(capabilities.drop).includes('ALL')) problems.push(`${at}: security_context.capabilities.drop does not include ALL. Fix: drop ["ALL"]`);
    const added = stringsOf(capabilities.add).filter((capability) => capability !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`${at}: security_context.capabilities.add has ${added.join(', ')}; restricted admits only NET_BIND_SERVICE. Fix: remove them`);
    for (const port of blocksOf(container.port)) {
      const hostPort = numberOf(port.host_port);
      if (hostPort !== undefined && hostPort !== 0) problems.push(`${at}: port ${String(port.container_port)} has host_port ${hostPort}. Fix: remove host_port; expose it through a Service`);
    }
    if (context.proc_mount !== undefined && context.proc_mount !== 'Default') problems.push(`${at}: security_context.proc_mount is ${String(context.proc_mount)}. Fix: remove it`);
    problems.push(...seLinuxProblems(`${at}: security_context`, context));
  }
  return problems;
}

function seLinuxProblems(at: string, context: Block): string[] {
  const options = blockOf(context.se_linux_options);
  if (options === undefined) return [];
  const problems: string[] = [];
  if (!ALLOWED_SELINUX_TYPES.includes(String(options.type ?? ''))) problems.push(`${at}.se_linux_options.type is ${String(options.type)}. Fix: remove it`);
  // An empty user or role is unset to the admission controller (it refuses only a non-empty one).
  for (const field of ['user', 'role']) if (String(options[field] ?? '') !== '') problems.push(`${at}.se_linux_options.${field} is set. Fix: remove it`);
  return problems;
}

/**
 * For a pod whose containers run as non-root and listen below 1024, whether the pod lets them bind: undefined when
 * no container listens below 1024 or runs as root.
 */
export function privilegedPortProblems(pod: Block): string[] | undefined {
  const podContext = blockOf(pod.security_context) ?? {};
  const start = numberOf(blocksOf(podContext.sysctl).find((sysctl) => sysctl.name === UNPRIVILEGED_PORT_START)?.value) ?? 1024;
  const problems: string[] = [];
  let applies = false;
  for (const { name, field, container } of containersOf(pod)) {
    const context = blockOf(container.security_context) ?? {};
    const user = numberOf(context.run_as_user) ?? numberOf(podContext.run_as_user);
    const nonRoot = isTrue(context.run_as_non_root ?? podContext.run_as_non_root) || (user !== undefined && user !== 0);
    if (!nonRoot) continue;
    for (const port of blocksOf(container.port)) {
      const number = numberOf(port.container_port);
      if (number === undefined || number >= 1024) continue;
      applies = true;
      if (number < start) {
        problems.push(
          `${field} ${name} listens on ${number} as non-root user ${user ?? '(the image’s)'}, and the pod leaves ${UNPRIVILEGED_PORT_START} at ${start}: bind fails with EACCES ` +
            `(an added NET_BIND_SERVICE capability is not effective for a non-root process). Fix: set the pod sysctl ${UNPRIVILEGED_PORT_START} = ${number} (restricted admits it), or listen on a port from 1024`,
        );
      }
    }
  }
  return applies ? problems : undefined;
}
