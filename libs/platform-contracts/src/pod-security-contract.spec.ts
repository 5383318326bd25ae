import type { ContractInput, ContractResult } from './contract';
import { PlatformModel } from './platform-model';
import { PodSecurityContract, privilegedPortProblems, restrictedProblems } from './pod-security-contract';
import { failures, merge } from './private/spec-support';

type Json = Record<string, unknown>;

const contract = new PodSecurityContract();
const EKS = { name: 'production', compute: 'eks' } as unknown as ContractInput['environment'];
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const FIX = `Fix: create it with the label ${ENFORCE}=restricted, or document it with a reason in POD_SECURITY_EXCEPTIONS`;
const UNLABELED = 'no Pod Security label: the platform does not create it with one';

/** A container `restricted` admits (listening on 8080), with `change` over its security context and fields. */
const container = (context: Json = {}, change: Json = {}): Json => ({
  name: 'app',
  security_context: { allow_privilege_escalation: false, capabilities: { drop: ['ALL'] }, ...context },
  port: [{ container_port: 8080 }],
  ...change,
});
/** A pod `restricted` admits: non-root, RuntimeDefault seccomp, one container; `change` over its security context and fields. */
const pod = (context: Json = {}, change: Json = {}): Json => ({
  security_context: { run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' }, ...context },
  container: [container()],
  ...change,
});
/** A pod whose one container `restricted` refuses for one reason only: allow_privilege_escalation unset. */
const ESCALATING = pod({}, { container: [{ name: 'app', security_context: { capabilities: { drop: ['ALL'] } } }] });
const ESCALATION = 'container app: security_context.allow_privilege_escalation is unset; restricted requires false. Fix: set allow_privilege_escalation = false';

/** A namespace resource `name` labeled with the level (no label when undefined). */
const namespace = (name: string, level?: string, type = 'kubernetes_namespace_v1'): Json => ({
  [type]: { [name]: { metadata: { name, labels: level === undefined ? {} : { [ENFORCE]: level, 'pod-security.kubernetes.io/warn': 'restricted' } } } },
});
const deployment = (name: string, ns: unknown, spec: Json = pod()): Json => ({ kubernetes_deployment_v1: { [name]: { metadata: { name, namespace: ns }, spec: { template: { spec } } } } });
const release = (name: string, ns?: unknown): Json => ({ helm_release: { [name]: { name, namespace: ns, chart: name } } });

function evaluate(resources: Json, environment = EKS): ContractResult {
  return evaluateStacks({ workloads: { resource: resources } }, environment);
}
function evaluateStacks(stacks: Record<string, Json>, environment = EKS): ContractResult {
  return contract.evaluate({ model: new PlatformModel(stacks as ConstructorParameters<typeof PlatformModel>[0]), environment }) as ContractResult;
}
const subjects = (result: ContractResult) => result.checks.map((item) => `${item.subject}: ${item.passed}`);
const restricted = (workload: string) => `${workload} satisfies Pod Security restricted`;
const namespaceCheck = (name: string) => `namespace ${name}, which runs workloads, enforces restricted or is a documented exception`;

describe('pod security contract', () => {
  it('is titled for the report; a restricted namespace running a pod restricted admits passes; nothing to run, nothing to check', () => {
    const result = evaluate(merge(namespace('apps', 'restricted'), deployment('api', 'apps')));
    expect(result.title).toBe('Pod security: pods in restricted namespaces satisfy restricted; only the documented namespaces are looser');
    expect(result.id).toBe('pod-security');
    expect(subjects(result)).toEqual([`${restricted('kubernetes_deployment_v1 apps/api (workloads/kubernetes_deployment_v1.api)')}: true`, `${namespaceCheck('apps')}: true`]);
    expect(result.notes).toEqual([]);
    // A namespace that runs nothing is not checked, whatever it enforces.
    expect(evaluate(namespace('idle', 'privileged'))).toEqual({ id: 'pod-security', title: result.title, checks: [], notes: [] });
  });

  it('on ECS it checks nothing but that no Kubernetes object is there, and says why', () => {
    const result = evaluate(deployment('api', 'apps'), { name: 'production', compute: 'ecs' } as unknown as ContractInput['environment']);
    expect(result.notes).toEqual([
      "not applicable: production runs on ECS Fargate (compute: 'ecs'); no pods or namespaces; the task definitions (non-root user, read-only root, no privileges) are checked by the ECS guardrails",
    ]);
    expect(result.checks).toHaveLength(1);
  });

  it('every type that creates pods is checked at its own pod spec', () => {
    const templated = (spec: Json) => ({ spec: { template: { spec } } });
    const cron = (spec: Json) => ({ spec: { job_template: { spec: { template: { spec } } } } });
    const bare = (spec: Json) => ({ spec });
    const types: [string, (spec: Json) => Json][] = [
      ['kubernetes_deployment_v1', templated],
      ['kubernetes_deployment', templated],
      ['kubernetes_stateful_set_v1', templated],
      ['kubernetes_stateful_set', templated],
      ['kubernetes_daemon_set_v1', templated],
      ['kubernetes_daemonset', templated],
      ['kubernetes_job_v1', templated],
      ['kubernetes_job', templated],
      ['kubernetes_cron_job_v1', cron],
      ['kubernetes_cron_job', cron],
      ['kubernetes_pod_v1', bare],
      ['kubernetes_pod', bare],
    ];
    const resources = merge(namespace('apps', 'restricted'), ...types.map(([type, at]) => ({ [type]: { w: { metadata: { name: 'w', namespace: 'apps' }, ...at(ESCALATING) } } })));
    expect(failures(evaluate(resources))).toEqual(types.map(([type]) => `${restricted(`${type} apps/w (workloads/${type}.w)`)}: ${ESCALATION}`));
  });

  it('a pod spec at another path than its type’s is not read: the workload still counts for its namespace', () => {
    const result = evaluate(
      merge(namespace('apps', 'restricted'), {
        kubernetes_deployment_v1: { flat: { metadata: { name: 'flat', namespace: 'apps' }, spec: ESCALATING }, empty: { metadata: { name: 'empty', namespace: 'apps' }, spec: { replicas: 1 } } },
        kubernetes_cron_job_v1: { job: { metadata: { name: 'job', namespace: 'apps' }, spec: { template: { spec: ESCALATING } } } },
        kubernetes_pod_v1: { none: { metadata: { name: 'none', namespace: 'apps' } } },
      }),
    );
    expect(subjects(result)).toEqual([`${namespaceCheck('apps')}: true`]);
    expect(failures(evaluate(merge(namespace('apps', 'baseline'), { kubernetes_pod_v1: { none: { metadata: { name: 'none', namespace: 'apps' } } } })))).toEqual([
      `${namespaceCheck('apps')}: namespace apps enforces baseline (workloads/kubernetes_namespace_v1.apps labels ${ENFORCE}=baseline) and runs kubernetes_pod_v1 none. ${FIX}`,
    ]);
  });

  it('a workload without a namespace runs in default; without a name it is named after its resource', () => {
    const result = evaluate(
      merge(namespace('default', 'restricted'), {
        kubernetes_deployment_v1: { api: { spec: { template: { spec: ESCALATING } } } },
        kubernetes_pod_v1: { web: { metadata: { name: 'website' }, spec: ESCALATING }, other: { metadata: { name: 'other', namespace: 7 }, spec: pod() } },
      }),
    );
    expect(failures(result)).toEqual([
      `${restricted('kubernetes_deployment_v1 default/api (workloads/kubernetes_deployment_v1.api)')}: ${ESCALATION}`,
      `${restricted('kubernetes_pod_v1 default/website (workloads/kubernetes_pod_v1.web)')}: ${ESCALATION}`,
    ]);
    // A namespace that is no string (no literal, no reference) is the default namespace as well.
    expect(subjects(result)).toContain(`${restricted('kubernetes_pod_v1 default/other (workloads/kubernetes_pod_v1.other)')}: true`);
    expect(subjects(result)).toHaveLength(4);
  });

  it('a reference to a namespace resource of the same stack is read as its name; any other reference is a name as written', () => {
    const ref = (type: string, name: string, tail = '[0].name') => `\${${type}.${name}.metadata${tail}}`;
    const elsewhere = { resource: merge(namespace('elsewhere', 'restricted'), { kubernetes_namespace_v1: { 'apps-ns': { metadata: { name: 'elsewhere' } } } }) };
    const workloads = {
      resource: merge(
        namespace('other', 'restricted'),
        { kubernetes_namespace_v1: { 'apps-ns': { metadata: { name: 'team-apps', labels: { [ENFORCE]: 'restricted' } } }, computed: { metadata: { generate_name: 'x-' } } } },
        namespace('legacy', 'restricted', 'kubernetes_namespace'),
        deployment('indexed', ref('kubernetes_namespace_v1', 'apps-ns')),
        deployment('dotted', ref('kubernetes_namespace_v1', 'apps-ns', '.0.name')),
        deployment('plain', ref('kubernetes_namespace_v1', 'apps-ns', '.name')),
        deployment('legacy', ref('kubernetes_namespace', 'legacy')),
        deployment('prefixed', `x${ref('kubernetes_namespace_v1', 'apps-ns')}`),
        deployment('suffixed', `${ref('kubernetes_namespace_v1', 'apps-ns')}x`),
        deployment('second', ref('kubernetes_namespace_v1', 'apps-ns', '[1].name')),
        deployment('missing', ref('kubernetes_namespace_v1', 'missing')),
        deployment('unnamed', ref('kubernetes_namespace_v1', 'computed')),
        release('chart', ref('kubernetes_namespace_v1', 'apps-ns')),
      ),
    };
    const result = evaluateStacks({ elsewhere, workloads });
    const workload = (name: string, ns: string) => restricted(`kubernetes_deployment_v1 ${ns}/${name} (workloads/kubernetes_deployment_v1.${name})`);
    expect(subjects(result)).toEqual([
      `${workload('indexed', 'team-apps')}: true`,
      `${workload('dotted', 'team-apps')}: true`,
      `${workload('plain', 'team-apps')}: true`,
      `${workload('legacy', 'legacy')}: true`,
      `${namespaceCheck('${kubernetes_namespace_v1.apps-ns.metadata[0].name}x')}: false`,
      `${namespaceCheck('${kubernetes_namespace_v1.apps-ns.metadata[1].name}')}: false`,
      `${namespaceCheck('${kubernetes_namespace_v1.computed.metadata[0].name}')}: false`,
      `${namespaceCheck('${kubernetes_namespace_v1.missing.metadata[0].name}')}: false`,
      `${namespaceCheck('legacy')}: true`,
      `${namespaceCheck('team-apps')}: true`,
      `${namespaceCheck('x${kubernetes_namespace_v1.apps-ns.metadata[0].name}')}: false`,
    ]);
    expect(failures(result)[0]).toBe(
      `${namespaceCheck('${kubernetes_namespace_v1.apps-ns.metadata[0].name}x')}: namespace \${kubernetes_namespace_v1.apps-ns.metadata[0].name}x enforces privileged (${UNLABELED}) and runs kubernetes_deployment_v1 suffixed. ${FIX}`,
    );
  });

  it('a namespace enforces its label’s level; without the label, or with another value, privileged', () => {
    const result = evaluate(
      merge(
        namespace('base', 'baseline'),
        namespace('strict', 'strict', 'kubernetes_namespace'),
        namespace('bare'),
        { kubernetes_namespace_v1: { nolabels: { metadata: { name: 'nolabels' } }, nometadata: {} } },
        release('base', 'base'),
        release('strict', 'strict'),
        release('bare', 'bare'),
        release('nolabels', 'nolabels'),
      ),
    );
    expect(failures(result)).toEqual([
      `${namespaceCheck('bare')}: namespace bare enforces privileged (workloads/kubernetes_namespace_v1.bare labels ${ENFORCE}=(none)) and runs helm_release bare. ${FIX}`,
      `${namespaceCheck('base')}: namespace base enforces baseline (workloads/kubernetes_namespace_v1.base labels ${ENFORCE}=baseline) and runs helm_release base. ${FIX}`,
      `${namespaceCheck('nolabels')}: namespace nolabels enforces privileged (workloads/kubernetes_namespace_v1.nolabels labels ${ENFORCE}=(none)) and runs helm_release nolabels. ${FIX}`,
      `${namespaceCheck('strict')}: namespace strict enforces privileged (workloads/kubernetes_namespace.strict labels ${ENFORCE}=strict) and runs helm_release strict. ${FIX}`,
    ]);
  });

  it('Helm releases count for their namespace (default without one); the namespaces are reported in name order with all their workloads', () => {
    const result = evaluate(
      merge(deployment('api', 'zeta', { replicas: 1 }), release('b', 'alpha'), { kubernetes_pod_v1: { web: { metadata: { name: 'web', namespace: 'zeta' } } } }, release('a', 'alpha'), {
        helm_release: { loose: { chart: 'loose' } },
      }),
    );
    expect(failures(result)).toEqual([
      `${namespaceCheck('alpha')}: namespace alpha enforces privileged (${UNLABELED}) and runs helm_release b, helm_release a. ${FIX}`,
      `${namespaceCheck('default')}: namespace default enforces privileged (${UNLABELED}) and runs helm_release undefined. ${FIX}`,
      `${namespaceCheck('zeta')}: namespace zeta enforces privileged (${UNLABELED}) and runs kubernetes_deployment_v1 api, kubernetes_pod_v1 web. ${FIX}`,
    ]);
  });

  it('the documented exceptions may enforce their level or a stricter one, noted with why; a looser one is named', () => {
    const kubeSystem = 'owned by EKS: the VPC CNI, kube-proxy and EBS CSI node DaemonSets use the host network, host paths and privileged containers';
    const monitoring = 'node-exporter reads the host (host network, host PID, host paths) and Alloy tails /var/log/pods from the host';
    const velero = 'the chart sets no container security context (no seccomp, privilege escalation allowed); baseline still refuses host access and privilege';
    // Pods in a namespace looser than restricted are not checked against restricted.
    const privileged = pod({}, { host_network: true, container: [container({ privileged: true })] });
    const allowed = evaluate(
      merge(
        release('vpc-cni', 'kube-system'),
        namespace('monitoring', 'privileged'),
        deployment('node-exporter', 'monitoring', privileged),
        namespace('velero', 'baseline'),
        deployment('velero', 'velero', ESCALATING),
        namespace('kyverno', 'restricted'),
        release('kyverno', 'kyverno'),
      ),
    );
    expect(subjects(allowed)).toEqual([`${namespaceCheck('kube-system')}: true`, `${namespaceCheck('kyverno')}: true`, `${namespaceCheck('monitoring')}: true`, `${namespaceCheck('velero')}: true`]);
    expect(allowed.notes).toEqual([`kube-system enforces privileged: ${kubeSystem}`, `monitoring enforces privileged: ${monitoring}`, `velero enforces baseline: ${velero}`]);

    const stricter = evaluate(merge(namespace('kube-system', 'baseline'), release('cni', 'kube-system'), namespace('monitoring', 'restricted'), release('alloy', 'monitoring')));
    expect(failures(stricter)).toEqual([]);
    expect(stricter.notes).toEqual([`kube-system enforces baseline: ${kubeSystem}`]);

    const looser = evaluate(merge(namespace('velero', 'privileged'), release('velero', 'velero')));
    expect(failures(looser)).toEqual([
      `${namespaceCheck('velero')}: namespace velero enforces privileged (workloads/kubernetes_namespace_v1.velero labels ${ENFORCE}=privileged); documented as at most baseline (${velero}). Fix: label it ${ENFORCE}=baseline`,
    ]);
    expect(looser.notes).toEqual([]);
    expect(failures(evaluate(release('velero', 'velero')))).toEqual([
      `${namespaceCheck('velero')}: namespace velero enforces privileged (${UNLABELED}); documented as at most baseline (${velero}). Fix: label it ${ENFORCE}=baseline`,
    ]);
  });

  it('a non-root container listening below 1024 is checked for the bind in any namespace', () => {
    const web = pod({ run_as_user: 101, sysctl: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }] }, { container: [container({}, { port: [{ container_port: 80 }] })] });
    const result = evaluate(merge(namespace('apps', 'restricted'), deployment('web', 'apps', web), release('node-exporter', 'monitoring'), deployment('exporter', 'monitoring', pod({ sysctl: [] }, { container: [container({}, { port: [{ container_port: 443 }] })] }))));
    expect(subjects(result)).toEqual([
      `${restricted('kubernetes_deployment_v1 apps/web (workloads/kubernetes_deployment_v1.web)')}: true`,
      'kubernetes_deployment_v1 apps/web (workloads/kubernetes_deployment_v1.web) can bind its ports below 1024 as a non-root user: true',
      'kubernetes_deployment_v1 monitoring/exporter (workloads/kubernetes_deployment_v1.exporter) can bind its ports below 1024 as a non-root user: false',
      `${namespaceCheck('apps')}: true`,
      `${namespaceCheck('monitoring')}: true`,
    ]);
    expect(failures(result)).toEqual([
      'kubernetes_deployment_v1 monitoring/exporter (workloads/kubernetes_deployment_v1.exporter) can bind its ports below 1024 as a non-root user: container app listens on 443 as non-root user (the image’s), and the pod leaves net.ipv4.ip_unprivileged_port_start at 1024: bind fails with EACCES (an added NET_BIND_SERVICE capability is not effective for a non-root process). Fix: set the pod sysctl net.ipv4.ip_unprivileged_port_start = 443 (restricted admits it), or listen on a port from 1024',
    ]);
  });
});

describe('restrictedProblems', () => {
  it('a pod restricted admits has none, with an init container, a volume of each admitted source and every safe sysctl', () => {
    const volumes = ['config_map', 'csi', 'downward_api', 'empty_dir', 'ephemeral', 'persistent_volume_claim', 'projected', 'secret'].map((source) => ({ name: source, [source]: {} }));
    const sysctls = [
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
    ].map((name) => ({ name, value: '1' }));
    expect(
      restrictedProblems(
        pod(
          { sysctl: sysctls, run_as_user: 1000 },
          {
            host_network: false,
            host_pid: 'false',
            volume: volumes,
            init_container: [container({ run_as_user: '1000', privileged: false, proc_mount: 'Default', capabilities: { drop: ['NET_RAW', 'ALL'], add: ['NET_BIND_SERVICE'] } }, { name: 'init', port: [{ container_port: 80, host_port: 0 }] })],
          },
        ),
      ),
    ).toEqual([]);
  });

  it('host namespaces, true or "true", are each named', () => {
    expect(restrictedProblems(pod({}, { host_network: true, host_pid: 'true', host_ipc: true }))).toEqual([
      'host_network is true: restricted refuses host namespaces. Fix: remove host_network',
      'host_pid is true: restricted refuses host namespaces. Fix: remove host_pid',
      'host_ipc is true: restricted refuses host namespaces. Fix: remove host_ipc',
    ]);
  });

  it('a volume of another source is named with every refused source', () => {
    expect(restrictedProblems(pod({}, { volume: [{ name: 'data', empty_dir: {} }, { name: 'mixed', secret: {}, nfs: {}, host_path: { path: '/var/run' } }] }))).toEqual([
      'volume mixed is nfs, host_path: restricted admits only config_map, csi, downward_api, empty_dir, ephemeral, persistent_volume_claim, projected, secret. Fix: use one of those (an emptyDir or a PersistentVolumeClaim instead of host_path)',
    ]);
  });

  it('a sysctl outside the safe set is named', () => {
    expect(restrictedProblems(pod({ sysctl: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '65536' }] }))).toEqual([
      'security_context.sysctl kernel.msgmax is not a safe sysctl. Fix: remove it',
    ]);
  });

  it('SELinux: the container types and no type pass; another type, a user or a role is named, on the pod and the container', () => {
    for (const type of ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']) {
      expect(restrictedProblems(pod({ se_linux_options: { type } }, { container: [container({ se_linux_options: { type } })] }))).toEqual([]);
    }
    // An empty user or role is no user or role to the admission controller (it refuses only a non-empty one).
    expect(restrictedProblems(pod({ se_linux_options: { level: 's0:c123,c456', user: '', role: '' } }))).toEqual([]);
    expect(restrictedProblems(pod({ se_linux_options: { type: 'spc_t', user: 'root' } }, { container: [container({ se_linux_options: { role: 'sysadm_r' } })] }))).toEqual([
      'security_context.se_linux_options.type is spc_t. Fix: remove it',
      'security_context.se_linux_options.user is set. Fix: remove it',
      'container app: security_context.se_linux_options.role is set. Fix: remove it',
    ]);
  });

  it('seccomp: RuntimeDefault or Localhost on the pod or the container; another type on either, or none on both, is named', () => {
    expect(restrictedProblems(pod({ seccomp_profile: { type: 'Localhost' } }))).toEqual([]);
    expect(restrictedProblems(pod({ seccomp_profile: undefined }, { container: [container({ seccomp_profile: { type: 'Localhost' } })] }))).toEqual([]);
    expect(restrictedProblems(pod({ seccomp_profile: undefined }, { container: [container(), container({ seccomp_profile: { type: 'RuntimeDefault' } }, { name: 'sidecar' })] }))).toEqual([
      'container app: no seccomp_profile in the container\'s or the pod\'s security_context; restricted requires RuntimeDefault or Localhost. Fix: set security_context.seccomp_profile.type = "RuntimeDefault" on the pod',
    ]);
    expect(restrictedProblems(pod({ seccomp_profile: { type: 'Unconfined' } }, { container: [container(), container({ seccomp_profile: { type: 'RuntimeDefault' } }, { name: 'sidecar' })] }))).toEqual([
      'security_context.seccomp_profile.type is Unconfined. Fix: use RuntimeDefault',
      'container app: seccomp_profile.type is Unconfined. Fix: use RuntimeDefault',
    ]);
    expect(restrictedProblems(pod({}, { container: [container({ seccomp_profile: { type: 'Unconfined' } })] }))).toEqual(['container app: seccomp_profile.type is Unconfined. Fix: use RuntimeDefault']);
  });

  it('root: run_as_non_root from the container, else the pod; user 0 on the pod or the container', () => {
    expect(restrictedProblems(pod({ run_as_non_root: undefined }, { container: [container({ run_as_non_root: 'true' })] }))).toEqual([]);
    const notNonRoot = (at: string) => `${at}: run_as_non_root is not true in the container's or the pod's security_context. Fix: set security_context.run_as_non_root = true on the pod`;
    expect(restrictedProblems(pod({ run_as_non_root: undefined }))).toEqual([notNonRoot('container app')]);
    expect(restrictedProblems(pod({ run_as_non_root: 'false' }))).toEqual([notNonRoot('container app')]);
    expect(restrictedProblems(pod({}, { container: [container({ run_as_non_root: false })] }))).toEqual([notNonRoot('container app')]);
    expect(restrictedProblems(pod({ run_as_user: '0' }, { container: [container({ run_as_user: 0 })] }))).toEqual([
      'security_context.run_as_user is 0 (root). Fix: run as a non-zero user id',
      'container app: security_context.run_as_user is 0 (root). Fix: run as a non-zero user id',
    ]);
  });

  it('privilege: privileged, escalation not false (unset or true), capabilities not dropping ALL or adding more than NET_BIND_SERVICE', () => {
    expect(
      restrictedProblems(
        pod(
          {},
          {
            init_container: [container({ privileged: 'true', allow_privilege_escalation: undefined, capabilities: undefined }, { name: 'init' })],
            container: [container({ allow_privilege_escalation: 'true', capabilities: { drop: 'ALL', add: ['NET_BIND_SERVICE', 'SYS_ADMIN', 'NET_RAW'] } })],
          },
        ),
      ),
    ).toEqual([
      'init_container init: security_context.privileged is true. Fix: remove it',
      'init_container init: security_context.allow_privilege_escalation is unset; restricted requires false. Fix: set allow_privilege_escalation = false',
      'init_container init: security_context.capabilities.drop does not include ALL. Fix: drop ["ALL"]',
      'container app: security_context.allow_privilege_escalation is true; restricted requires false. Fix: set allow_privilege_escalation = false',
      'container app: security_context.capabilities.add has SYS_ADMIN, NET_RAW; restricted admits only NET_BIND_SERVICE. Fix: remove them',
    ]);
    expect(restrictedProblems(pod({}, { container: [container({ capabilities: { drop: ['NET_RAW'] } })] }))).toEqual(['container app: security_context.capabilities.drop does not include ALL. Fix: drop ["ALL"]']);
  });

  it('a host port other than 0 and a /proc mount other than Default are named; a container without a security context fails every container rule', () => {
    expect(restrictedProblems(pod({}, { container: [container({ proc_mount: 'Unmasked' }, { port: [{ container_port: 8080 }, { container_port: 9090, host_port: '9090' }] })] }))).toEqual([
      'container app: port 9090 has host_port 9090. Fix: remove host_port; expose it through a Service',
      'container app: security_context.proc_mount is Unmasked. Fix: remove it',
    ]);
    expect(restrictedProblems({ container: { name: 'bare' } })).toEqual([
      'container bare: security_context.allow_privilege_escalation is unset; restricted requires false. Fix: set allow_privilege_escalation = false',
      "container bare: run_as_non_root is not true in the container's or the pod's security_context. Fix: set security_context.run_as_non_root = true on the pod",
      'container bare: no seccomp_profile in the container\'s or the pod\'s security_context; restricted requires RuntimeDefault or Localhost. Fix: set security_context.seccomp_profile.type = "RuntimeDefault" on the pod',
      'container bare: security_context.capabilities.drop does not include ALL. Fix: drop ["ALL"]',
    ]);
  });
});

describe('privilegedPortProblems', () => {
  const EACCES = (at: string, port: number, user: string, start: number) =>
    `${at} listens on ${port} as non-root user ${user}, and the pod leaves net.ipv4.ip_unprivileged_port_start at ${start}: bind fails with EACCES ` +
    `(an added NET_BIND_SERVICE capability is not effective for a non-root process). Fix: set the pod sysctl net.ipv4.ip_unprivileged_port_start = ${port} (restricted admits it), or listen on a port from 1024`;
  const listening = (ports: Json[], context: Json = {}) => container(context, { port: ports });

  it('applies only to a non-root container with a port below 1024', () => {
    expect(privilegedPortProblems(pod({}, { container: [listening([{ container_port: 1024 }, { name: 'metrics' }])] }))).toBeUndefined();
    expect(privilegedPortProblems(pod({}, { container: [listening([{ container_port: 1023 }])] }))).toEqual([EACCES('container app', 1023, '(the image’s)', 1024)]);
    expect(privilegedPortProblems(pod({}, { container: [container({}, { port: undefined })] }))).toBeUndefined();
  });

  it('non-root: run_as_non_root (the container’s, else the pod’s), or a user other than 0 (the container’s, else the pod’s)', () => {
    const port80 = [{ container_port: '80' }];
    // Root, by default or by user 0.
    expect(privilegedPortProblems({ container: [listening(port80)] })).toBeUndefined();
    expect(privilegedPortProblems({ security_context: { run_as_user: 101 }, container: [listening(port80, { run_as_user: 0 })] })).toBeUndefined();
    expect(privilegedPortProblems({ security_context: { run_as_non_root: true }, container: [listening(port80, { run_as_non_root: false })] })).toBeUndefined();
    // Non-root.
    expect(privilegedPortProblems({ security_context: { run_as_non_root: false }, container: [listening(port80, { run_as_non_root: true })] })).toEqual([EACCES('container app', 80, '(the image’s)', 1024)]);
    expect(privilegedPortProblems({ security_context: { run_as_user: 0 }, container: [listening(port80, { run_as_user: '101' })] })).toEqual([EACCES('container app', 80, '101', 1024)]);
    expect(privilegedPortProblems({ security_context: { run_as_user: 101 }, init_container: [listening([{ container_port: 53 }], {})], container: [listening(port80)] })).toEqual([
      EACCES('init_container app', 53, '101', 1024),
      EACCES('container app', 80, '101', 1024),
    ]);
  });

  it('the pod’s net.ipv4.ip_unprivileged_port_start allows the ports from it', () => {
    const sysctl = (value: unknown) => [{ name: 'net.ipv4.ip_local_port_range', value: '1 2' }, { name: 'net.ipv4.ip_unprivileged_port_start', value }];
    const on = (value: unknown, port: number) => privilegedPortProblems(pod({ sysctl: sysctl(value) }, { container: [listening([{ container_port: port }])] }));
    expect(on('80', 80)).toEqual([]);
    expect(on(80, 443)).toEqual([]);
    expect(on('80', 79)).toEqual([EACCES('container app', 79, '(the image’s)', 80)]);
    expect(on('${var.port}', 443)).toEqual([EACCES('container app', 443, '(the image’s)', 1024)]);
  });
});
