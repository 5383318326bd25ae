import { CapacityContract, cpuMillicores, memoryMebibytes } from './capacity-contract';
import type { ContractInput, ContractResult } from './contract';
import { PlatformModel } from './platform-model';
import { failuresPiped as failures, merge as mergeBlocks } from './private/spec-support';
import { allocatable, INSTANCE_TYPES, maxPods } from './private/capacity-tables';

describe('capacity arithmetic', () => {
  it.each([
    ['t3.medium', 17, 110],
    ['t3.large', 35, 110],
    ['t3.xlarge', 58, 110],
    ['c5.large', 29, 110],
  ])('%s takes %i pods with secondary IPs (eni-max-pods.txt) and %i with prefix delegation (the managed node group cap)', (type, secondary, prefixes) => {
    expect(maxPods(INSTANCE_TYPES[type], false)).toBe(secondary);
    expect(maxPods(INSTANCE_TYPES[type], true)).toBe(prefixes);
  });

  it('leaves a t3.medium 1,930 millicores and, at 110 pods, 2,264 MiB (kube-reserved 11 MiB per pod + 255, eviction 100)', () => {
    expect(allocatable(INSTANCE_TYPES['t3.medium'], 110)).toEqual({ cpu: 1930, memory: 3829 - 1465 - 100 });
    expect(allocatable(INSTANCE_TYPES['t3.medium'], 17).memory).toBe(3829 - 442 - 100);
  });

  it.each([
    ['250m', 250],
    ['1', 1000],
    ['0.5', 500],
    [undefined, 0],
  ])('reads CPU %s as %i millicores', (quantity, millicores) => expect(cpuMillicores(quantity)).toBe(millicores));

  it.each([
    ['512Mi', 512],
    ['1Gi', 1024],
    ['1.2Gi', 1228.8],
    ['1024Ki', 1],
    [undefined, 0],
  ])('reads memory %s as %d MiB', (quantity, mebibytes) => expect(memoryMebibytes(quantity)).toBeCloseTo(mebibytes));
});

type Json = Record<string, unknown>;

const contract = new CapacityContract();
const EKS = { name: 'production', compute: 'eks', security: { guardDuty: { enabled: false, runtimeMonitoring: false } } } as unknown as ContractInput['environment'];
const GUARDDUTY = { ...EKS, security: { guardDuty: { enabled: true, runtimeMonitoring: true } } } as unknown as ContractInput['environment'];
// A t3.medium with secondary IPs: 17 pods, 1,930 millicores and 3,829 − (11 × 17 + 255) − 100 = 3,287 MiB allocatable.
const T3_MEDIUM = { pods: 17, cpu: 1930, memory: 3287 };

interface GroupOptions {
  readonly types?: readonly string[];
  readonly desired?: number;
  readonly max?: number;
  readonly labels?: Json;
  readonly taint?: readonly Json[];
  readonly dependsOn?: readonly string[];
}
/** A managed node group (t3.medium, 1 node unless told). */
const nodeGroup = (name: string, { types = ['t3.medium'], desired = 1, max = desired, labels, taint, dependsOn }: GroupOptions = {}) => ({
  aws_eks_node_group: {
    [name]: { node_group_name: name, instance_types: types, scaling_config: [{ desired_size: desired, max_size: max }], labels, taint, ...(dependsOn ? { depends_on: dependsOn } : {}) },
  },
});

interface DeploymentOptions {
  readonly replicas?: number;
  readonly maxSurge?: string | number;
  readonly cpu?: string;
  readonly memory?: string;
  readonly tolerations?: readonly Json[];
  readonly nodeSelector?: Json;
}
/** An application Deployment in namespace apps with one container (no surge unless told). */
const deployment = (name: string, { replicas = 1, maxSurge = 0, cpu, memory, tolerations, nodeSelector }: DeploymentOptions = {}) => ({
  kubernetes_deployment_v1: {
    [name]: {
      metadata: [{ name, namespace: 'apps' }],
      spec: [
        {
          replicas,
          strategy: [{ rolling_update: [{ max_surge: maxSurge }] }],
          template: [{ spec: [{ container: [{ resources: [cpu === undefined && memory === undefined ? {} : { requests: { cpu, memory } }] }], toleration: tolerations, node_selector: nodeSelector }] }],
        },
      ],
    },
  },
});
const release = (name: string, chart: string, version: string, ...values: unknown[]) => ({ helm_release: { [name]: { chart, version, values } } });
const vpcCni = (configuration?: Json) => ({ aws_eks_addon: { vpc_cni: { addon_name: 'vpc-cni', ...(configuration ? { configuration_values: JSON.stringify(configuration) } : {}) } } });
const PREFIXES = { env: { ENABLE_PREFIX_DELEGATION: 'true' } };

function evaluate(resources: Json, environment = EKS, other: Json = {}): ContractResult {
  const model = new PlatformModel({ cluster: { resource: resources }, other: { resource: other } } as ConstructorParameters<typeof PlatformModel>[0]);
  return contract.evaluate({ model, environment }) as ContractResult;
}
const evaluateAll = (...parts: Json[]) => evaluate(mergeBlocks(...parts));
const where = (nodes = 1, scenario = 'at the desired size, with one rolling update') => `node group general (cluster/aws_eks_node_group.general), ${nodes}×t3.medium ${scenario}`;

describe('capacity contract', () => {
  it('is titled for the report; checks the tables, the placement and each group at both sizes; notes the headroom', () => {
    const result = evaluateAll(nodeGroup('general', { desired: 1, max: 2 }), deployment('web', { replicas: 2, maxSurge: '25%', cpu: '500m', memory: '512Mi' }));
    expect(result.title).toBe('Capacity: every pod fits the node groups (CPU, memory, pod count), with room for a rolling update');
    expect(result.checks.map((item) => `${item.subject}: ${item.passed}`)).toEqual([
      'every pinned chart, EKS add-on and instance type has a row in the capacity tables: true',
      'every pod has a node group it may run on: true',
      'node group general holds its pods at the desired size (1×t3.medium) with room for one rolling update: true',
      'node group general holds the HPA maxima at its maximum size (2×t3.medium): true',
    ]);
    // Desired: 2 × 500m + one surge pod (25 % of 2, rounded up) = 1,500m of 1,930m, 1,536 of 3,287 MiB, 3 pods.
    expect(result.notes).toEqual([
      'production: general 1×t3.medium (17 pods per node, prefix delegation off): CPU 78 %, memory 47 %, pods 3/17 with one rolling update; at 2×t3.medium with HPA maxima: CPU 26 %, memory 16 %, pods 2/34',
    ]);
  });

  it('without node groups checks only the tables (no namespace quota either)', () => {
    const result = evaluateAll(deployment('web'), { kubernetes_resource_quota_v1: { apps: { metadata: [{ namespace: 'apps' }], spec: [{ hard: { pods: '1' } }] } } });
    expect(result.checks.map((item) => item.subject)).toEqual(['every pinned chart, EKS add-on and instance type has a row in the capacity tables']);
    expect(result.notes).toEqual([]);
  });

  it('adds the namespace quota checks where there are node groups', () => {
    const result = evaluateAll(nodeGroup('general'), deployment('web'), { kubernetes_resource_quota_v1: { apps: { metadata: [{ namespace: 'apps' }], spec: [{ hard: { pods: '1' } }] } } });
    expect(result.checks.map((item) => item.subject).slice(-1)).toEqual(['the ResourceQuota of namespace apps admits its Deployments at their maxima']);
  });

  describe('at the limit of one node', () => {
    it('CPU requests equal to the allocatable fit; one millicore more is named, with the largest contributors', () => {
      expect(failures(evaluateAll(nodeGroup('general'), deployment('web', { cpu: `${T3_MEDIUM.cpu}m` })))).toEqual([]);
      expect(failures(evaluateAll(nodeGroup('general'), deployment('web', { cpu: `${T3_MEDIUM.cpu + 1}m` })))).toEqual([
        `node group general holds its pods at the desired size (1×t3.medium) with room for one rolling update: ${where()}: CPU requests 1.93 cores exceed the 1.93 cores allocatable (largest: deployment apps/web 1.93 cores). Fix: raise cluster.nodeGroups.general.desiredSize/maxSize or choose a larger instance type | ${where()}: the largest pod (1.93 cores, 0.0 GiB) does not fit one node next to its DaemonSets (0.00 cores, 0.0 GiB; a t3.medium offers 1.93 cores, 3.2 GiB). Fix: choose a larger instance type`,
        `node group general holds the HPA maxima at its maximum size (1×t3.medium): ${where(1, 'at the maximum size, every HPA at its maximum')}: CPU requests 1.93 cores exceed the 1.93 cores allocatable (largest: deployment apps/web 1.93 cores). Fix: raise cluster.nodeGroups.general.desiredSize/maxSize or choose a larger instance type | ${where(1, 'at the maximum size, every HPA at its maximum')}: the largest pod (1.93 cores, 0.0 GiB) does not fit one node next to its DaemonSets (0.00 cores, 0.0 GiB; a t3.medium offers 1.93 cores, 3.2 GiB). Fix: choose a larger instance type`,
      ]);
    });

    it('memory requests equal to the allocatable fit; one MiB more is named', () => {
      expect(failures(evaluateAll(nodeGroup('general', { desired: 2 }), deployment('web', { replicas: 2, memory: `${T3_MEDIUM.memory}Mi` })))).toEqual([]);
      expect(failures(evaluateAll(nodeGroup('general', { desired: 2 }), deployment('web', { replicas: 2, memory: `${T3_MEDIUM.memory + 1}Mi` })))[0]).toBe(
        `node group general holds its pods at the desired size (2×t3.medium) with room for one rolling update: ${where(2)}: memory requests 6.4 GiB exceed the 6.4 GiB allocatable (largest: deployment apps/web 6.4 GiB). Fix: raise cluster.nodeGroups.general.desiredSize/maxSize or choose an instance type with more memory | ${where(2)}: the largest pod (0.00 cores, 3.2 GiB) does not fit one node next to its DaemonSets (0.00 cores, 0.0 GiB; a t3.medium offers 1.93 cores, 3.2 GiB). Fix: choose a larger instance type`,
      );
    });

    it('pods equal to max pods fit; one more is named, with why secondary IPs give so few', () => {
      expect(failures(evaluateAll(nodeGroup('general'), deployment('web', { replicas: T3_MEDIUM.pods })))).toEqual([]);
      expect(failures(evaluateAll(nodeGroup('general'), deployment('web', { replicas: T3_MEDIUM.pods + 1 })))[0]).toBe(
        `node group general holds its pods at the desired size (1×t3.medium) with room for one rolling update: ${where()}: 18 pods exceed 1 × 17 max pods per t3.medium: the VPC CNI assigns single addresses (no ENABLE_PREFIX_DELEGATION on the vpc-cni add-on, or the node group is not created after it, so EKS computed max pods without it). Fix: configure vpc-cni with env.ENABLE_PREFIX_DELEGATION "true" and create the node groups after it (EksManagedAddons), or raise the node count`,
      );
    });

    it('the largest pod must fit one node next to the DaemonSets (GuardDuty’s agent: 200m, 256 MiB), even where the group as a whole has room', () => {
      const fits = (cpu: number, memory: number, environment = GUARDDUTY) => failures(evaluate(mergeBlocks(nodeGroup('general', { desired: 2 }), deployment('web', { cpu: `${cpu}m`, memory: `${memory}Mi` })), environment));
      expect(fits(T3_MEDIUM.cpu - 200, T3_MEDIUM.memory - 256)).toEqual([]);
      expect(fits(T3_MEDIUM.cpu - 199, T3_MEDIUM.memory - 256)).toEqual([
        expect.stringContaining(
          `${where(2)}: the largest pod (1.73 cores, 3.0 GiB) does not fit one node next to its DaemonSets (0.20 cores, 0.3 GiB; a t3.medium offers 1.93 cores, 3.2 GiB). Fix: choose a larger instance type`,
        ),
        expect.stringContaining('does not fit one node next to its DaemonSets'),
      ]);
      expect(fits(T3_MEDIUM.cpu - 200, T3_MEDIUM.memory - 255)).toHaveLength(2);
      // Without Runtime Monitoring (or without GuardDuty) the agent is not installed.
      expect(fits(T3_MEDIUM.cpu - 199, T3_MEDIUM.memory - 255, { ...EKS, security: { guardDuty: { enabled: true, runtimeMonitoring: false } } } as unknown as ContractInput['environment'])).toEqual([]);
      expect(fits(T3_MEDIUM.cpu - 199, T3_MEDIUM.memory - 255, { ...EKS, security: { guardDuty: { enabled: false, runtimeMonitoring: true } } } as unknown as ContractInput['environment'])).toEqual([]);
    });

    it('the largest pod is the largest CPU and the largest memory of any pod', () => {
      const result = evaluateAll(nodeGroup('general', { desired: 3 }), deployment('cpu', { cpu: '1931m' }), deployment('memory', { memory: `${T3_MEDIUM.memory + 1}Mi` }), deployment('small', { cpu: '1m', memory: '1Mi' }));
      expect(failures(result)[0]).toContain('the largest pod (1.93 cores, 3.2 GiB) does not fit one node');
    });

    it('an empty group (desired 0) offers nothing: demand is named, the largest pod is not, and usage reads ∞', () => {
      // The vpc-cni DaemonSet on no node contributes nothing (it is not named among the largest).
      const result = evaluateAll(vpcCni(), nodeGroup('general', { desired: 0, max: 1 }), deployment('web', { cpu: '100m', memory: '1Mi' }));
      expect(failures(result)).toEqual([
        `node group general holds its pods at the desired size (0×t3.medium) with room for one rolling update: ${where(0)}: CPU requests 0.10 cores exceed the 0.00 cores allocatable (largest: deployment apps/web 0.10 cores). Fix: raise cluster.nodeGroups.general.desiredSize/maxSize or choose a larger instance type | ${where(0)}: memory requests 0.0 GiB exceed the 0.0 GiB allocatable (largest: deployment apps/web 0.0 GiB). Fix: raise cluster.nodeGroups.general.desiredSize/maxSize or choose an instance type with more memory | ${where(0)}: 1 pods exceed 0 × 17 max pods per t3.medium: the VPC CNI assigns single addresses (no ENABLE_PREFIX_DELEGATION on the vpc-cni add-on, or the node group is not created after it, so EKS computed max pods without it). Fix: configure vpc-cni with env.ENABLE_PREFIX_DELEGATION "true" and create the node groups after it (EksManagedAddons), or raise the node count`,
      ]);
      expect(result.notes?.[0]).toContain('CPU ∞, memory ∞, pods 1/0 with one rolling update');
      // A pod no node could hold is named at the maximum size only: at desired 0 there is no node to fit it on.
      const huge = evaluateAll(nodeGroup('general', { desired: 0, max: 1 }), deployment('web', { cpu: '2000m' }));
      expect(huge.checks.map((item) => item.problems.filter((problem) => problem.includes('the largest pod')).length)).toEqual([0, 0, 0, 1]);
    });

    it('names at most the three largest contributors, largest first', () => {
      const result = evaluateAll(nodeGroup('general'), ...[400, 500, 600, 700].map((cpu) => deployment(`web${cpu}`, { cpu: `${cpu}m` })));
      expect(failures(result)[0]).toContain('(largest: deployment apps/web700 0.70 cores, deployment apps/web600 0.60 cores, deployment apps/web500 0.50 cores)');
      const rollout = evaluateAll(nodeGroup('general'), deployment('web', { replicas: 4, maxSurge: 1, cpu: '500m' }));
      expect(failures(rollout)[0]).toContain('(largest: deployment apps/web 2.00 cores, a rollout of the applications (surge) 0.50 cores)');
    });
  });

  it('a release installed twice counts twice under one name; on a tie the applications’ rollout is the surge', () => {
    const twice = mergeBlocks(release('a', 'metrics-server', '3.13.1', { resources: { requests: { cpu: '1' } } }), release('b', 'metrics-server', '3.13.1', { resources: { requests: { cpu: '1' } } }));
    expect(failures(evaluateAll(nodeGroup('general'), twice))[0]).toContain('(largest: helm metrics-server@3.13.1 metrics-server 2.00 cores, a rollout of helm metrics-server@3.13.1 metrics-server (surge) 1.00 cores)');
    // The application's surge (170m) ties coredns' (100m + 70 MiB): the applications' is taken.
    const tie = evaluateAll(nodeGroup('general'), { aws_eks_addon: { coredns: { addon_name: 'coredns' } } }, deployment('web', { maxSurge: 1, cpu: '170m' })).notes?.[0];
    expect(tie).toMatch(/CPU 28 %, memory 4 %, pods 4\/17 with one rolling update/);
    // Requests are compared as CPU + memory: the application's 100m + 100 MiB outweighs coredns' 100m + 70 MiB.
    const sum = evaluateAll(nodeGroup('general'), { aws_eks_addon: { coredns: { addon_name: 'coredns' } } }, deployment('web', { maxSurge: 1, cpu: '100m', memory: '100Mi' })).notes?.[0];
    expect(sum).toMatch(/CPU 21 %, memory 10 %, pods 4\/17 with one rolling update/);
  });

  it('does not apply on ECS', () => {
    const result = evaluate({}, { ...EKS, compute: 'ecs' } as ContractInput['environment']);
    expect(result.notes).toEqual([
      'not applicable: production runs on ECS Fargate (compute: \'ecs\'); Fargate gives each task the CPU and memory of its task definition: there are no node groups to fit pods on',
    ]);
  });

  describe('max pods under the VPC CNI', () => {
    const pods = (...parts: Json[]) => evaluateAll(...parts).notes?.[0].match(/\((\d+) pods per node, prefix delegation (on|off)\)/)?.slice(1);

    it('prefix delegation counts where vpc-cni enables it and the node group is created after the add-on', () => {
      expect(pods(vpcCni(PREFIXES), nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] }))).toEqual(['110', 'on']);
      expect(pods(vpcCni({ env: { ENABLE_PREFIX_DELEGATION: true } }), nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] }))).toEqual(['110', 'on']);
      expect(pods({ aws_eks_addon: { coredns: { addon_name: 'coredns' } } }, vpcCni(PREFIXES), nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] }))).toEqual(['110', 'on']);
    });

    it.each<[string, Json[]]>([
      ['the node group is not created after the add-on', [vpcCni(PREFIXES), nodeGroup('general')]],
      ['the add-on does not enable it', [vpcCni({ env: { ENABLE_PREFIX_DELEGATION: 'false' } }), nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] })]],
      ['the add-on has no configuration', [vpcCni(), nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] })]],
      ['there is no vpc-cni add-on', [nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] })]],
    ])('secondary IPs only when %s', (_case, parts) => {
      expect(pods(...parts)).toEqual(['17', 'off']);
    });

    it('an add-on of another stack does not count (the node group cannot depend on its address)', () => {
      const model = new PlatformModel({ cluster: { resource: nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] }) }, addons: { resource: vpcCni(PREFIXES) } } as ConstructorParameters<typeof PlatformModel>[0]);
      expect((contract.evaluate({ model, environment: EKS }) as ContractResult).notes?.[0]).toContain('(17 pods per node, prefix delegation off)');
    });

    it('with prefix delegation a pod over the cap asks for more nodes (the aws-node DaemonSet counts as one pod per node)', () => {
      const parts = [vpcCni(PREFIXES), nodeGroup('general', { dependsOn: ['aws_eks_addon.vpc_cni'] })];
      expect(failures(evaluateAll(...parts, deployment('web', { replicas: 109 })))).toEqual([]);
      expect(failures(evaluateAll(...parts, deployment('web', { replicas: 110 })))[0]).toBe(
        `node group general holds its pods at the desired size (1×t3.medium) with room for one rolling update: ${where()}: 111 pods exceed 1 × 110 max pods per t3.medium. Fix: raise cluster.nodeGroups.general.desiredSize/maxSize`,
      );
    });

    it('a mixed group is sized by its smallest type; an unknown type is named and a group of unknown types skipped', () => {
      expect(evaluateAll(nodeGroup('general', { types: ['t3.large', 't3.medium', 'm5.xlarge'] })).notes?.[0]).toContain('general 1×t3.medium (17 pods per node');
      expect(evaluateAll(nodeGroup('general', { types: ['m5.xlarge', 'c5.large'] })).notes?.[0]).toContain('general 1×c5.large (29 pods per node');
      expect(evaluateAll(nodeGroup('general', { types: ['t3.medium', 't3.large'] })).notes?.[0]).toContain('general 1×t3.medium (17 pods per node');
      expect(evaluateAll(nodeGroup('general', { types: ['c5.xlarge', 'm5.large'] })).notes?.[0]).toContain('general 1×m5.large (29 pods per node');
      const unknown = evaluateAll(nodeGroup('general', { types: ['x9.huge'] }));
      expect(failures(unknown)).toEqual([
        'every pinned chart, EKS add-on and instance type has a row in the capacity tables: cluster/aws_eks_node_group.general: instance type x9.huge is not in INSTANCE_TYPES. Fix: add its vCPUs, memory, ENIs and IPv4 addresses per ENI (aws ec2 describe-instance-types) to libs/platform-contracts/src/private/capacity-tables.ts',
      ]);
      expect(unknown.notes).toEqual([]);
    });

    it('a group without instance types is named, not skipped: EKS would choose a type the contract cannot see', () => {
      const expected = [
        'every pinned chart, EKS add-on and instance type has a row in the capacity tables: cluster/aws_eks_node_group.general: node group general names no instance_types, so its capacity is unknown. Fix: set its instance types (instanceTypes) in the node group\'s config, or teach this contract the launch template\'s instance type',
      ];
      const group = { aws_eks_node_group: { general: { node_group_name: 'general', scaling_config: [{ desired_size: 1, max_size: 1 }] } } };
      expect(failures(evaluateAll(group))).toEqual(expected);
      expect(failures(evaluateAll(nodeGroup('general', { types: [] })))).toEqual(expected);
    });

    it('reads scaling_config as a block or a list', () => {
      const group = { aws_eks_node_group: { general: { node_group_name: 'general', instance_types: ['t3.medium'], scaling_config: { desired_size: 2, max_size: 3 } } } };
      expect(evaluateAll(group).notes?.[0]).toContain('general 2×t3.medium');
    });
  });

  describe('placement by taints, tolerations and node selectors', () => {
    const SYSTEM = nodeGroup('system', { labels: { role: 'system' }, taint: [{ key: 'dedicated', value: 'system', effect: 'NO_SCHEDULE' }] });
    const placed = (options: DeploymentOptions, group: Json = SYSTEM) => failures(evaluateAll(group, deployment('web', options))).length === 0;

    it.each<[string, DeploymentOptions, boolean]>([
      ['no toleration', {}, false],
      ['Exists on every key', { tolerations: [{ operator: 'Exists' }] }, true],
      ['Exists with an empty key', { tolerations: [{ operator: 'Exists', key: '' }] }, true],
      ['Exists on the key', { tolerations: [{ operator: 'Exists', key: 'dedicated' }] }, true],
      ['Exists on another key', { tolerations: [{ operator: 'Exists', key: 'other' }] }, false],
      ['Equal key and value', { tolerations: [{ key: 'dedicated', value: 'system' }] }, true],
      ['Equal key and value, effect NoSchedule', { tolerations: [{ key: 'dedicated', value: 'system', effect: 'NoSchedule' }] }, true],
      ['Equal key and value, effect empty', { tolerations: [{ key: 'dedicated', value: 'system', effect: '' }] }, true],
      ['Equal key and value, effect NoExecute', { tolerations: [{ key: 'dedicated', value: 'system', effect: 'NoExecute' }] }, false],
      ['Equal key, another value', { tolerations: [{ key: 'dedicated', value: 'other' }] }, false],
      ['Equal key, no value', { tolerations: [{ key: 'dedicated' }] }, false],
      ['Equal, another key with the value', { tolerations: [{ key: 'other', value: 'system' }] }, false],
      ['a matching toleration among others', { tolerations: [{ key: 'other', value: 'x' }, { key: 'dedicated', value: 'system' }] }, true],
      ['a toleration and the group’s label', { tolerations: [{ operator: 'Exists' }], nodeSelector: { role: 'system' } }, true],
      ['a toleration and another label value', { tolerations: [{ operator: 'Exists' }], nodeSelector: { role: 'general' } }, false],
      ['a toleration and the well-known arch and os', { tolerations: [{ operator: 'Exists' }], nodeSelector: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' } }, true],
      ['a toleration and another arch', { tolerations: [{ operator: 'Exists' }], nodeSelector: { 'kubernetes.io/arch': 'arm64' } }, false],
      ['a toleration and another os', { tolerations: [{ operator: 'Exists' }], nodeSelector: { 'kubernetes.io/os': 'windows' } }, false],
      ['a toleration and a label no group has', { tolerations: [{ operator: 'Exists' }], nodeSelector: { zone: 'a' } }, false],
    ])('on a group tainted dedicated=system:NoSchedule: %s → placed %s', (_case, options, expected) => {
      expect(placed(options)).toBe(expected);
    });

    it('a taint without value is tolerated by a toleration without value; an unmapped effect is compared as written; PreferNoSchedule does not block', () => {
      expect(placed({ tolerations: [{ key: 'dedicated' }] }, nodeGroup('system', { taint: [{ key: 'dedicated', effect: 'NO_EXECUTE' }] }))).toBe(true);
      expect(placed({ tolerations: [{ key: 'dedicated', effect: 'NoSchedule' }] }, nodeGroup('system', { taint: [{ key: 'dedicated', effect: 'NO_EXECUTE' }] }))).toBe(false);
      expect(placed({ tolerations: [{ key: 'dedicated', effect: 'Custom' }] }, nodeGroup('system', { taint: [{ key: 'dedicated', effect: 'Custom' }] }))).toBe(true);
      expect(placed({}, nodeGroup('system', { taint: [{ key: 'dedicated', effect: 'PREFER_NO_SCHEDULE' }] }))).toBe(true);
    });

    it('an unplaced pod is named with its tolerations and node selector', () => {
      expect(failures(evaluateAll(SYSTEM, deployment('web', { nodeSelector: { zone: 'a' } })))).toEqual([
        'every pod has a node group it may run on: deployment apps/web (tolerations [], node selector {"zone":"a"}) tolerates no node group\'s taints or matches no group\'s labels. Fix: add a toleration or an untainted node group',
      ]);
    });

    it('untainted groups come first, whatever their order; a pod selecting the tainted group goes there', () => {
      const notes = (...parts: Json[]) => evaluateAll(...parts).notes?.map((note) => note.replace(/^production: (\w+) .*?pods (\d+)\/.*$/, '$1 $2'));
      const tolerating = { tolerations: [{ operator: 'Exists' }] };
      expect(notes(SYSTEM, nodeGroup('general'), deployment('web', tolerating))).toEqual(['system 0', 'general 1']);
      expect(notes(nodeGroup('general'), SYSTEM, deployment('web', tolerating))).toEqual(['general 1', 'system 0']);
      expect(notes(SYSTEM, nodeGroup('general'), deployment('web', { ...tolerating, nodeSelector: { role: 'system' } }))).toEqual(['system 1', 'general 0']);
      // Tainted groups keep their order among themselves.
      const special = (name: string) => nodeGroup(name, { labels: { pool: 'special' }, taint: [{ key: 'dedicated', effect: 'NO_SCHEDULE' }] });
      expect(notes(special('a'), special('b'), nodeGroup('general'), deployment('web', { ...tolerating, nodeSelector: { pool: 'special' } }))).toEqual(['a 1', 'b 0', 'general 0']);
      // A PreferNoSchedule taint does not make a group tainted.
      expect(notes(nodeGroup('soft', { taint: [{ key: 'k', effect: 'PREFER_NO_SCHEDULE' }] }), nodeGroup('general'), deployment('web'))).toEqual(['soft 1', 'general 0']);
    });

    it('a DaemonSet counts once per node on each group it tolerates (node-exporter tolerates NoSchedule, Alloy nothing by default)', () => {
      const charts = [release('monitoring', 'kube-prometheus-stack', '88.5.3', { grafana: { enabled: false }, alertmanager: { enabled: false }, kubeStateMetrics: { enabled: false } }), release('alloy', 'alloy', '1.11.1')];
      const notes = evaluateAll(nodeGroup('system', { desired: 2, taint: [{ key: 'dedicated', effect: 'NO_SCHEDULE' }] }), nodeGroup('general', { desired: 3 }), ...charts).notes ?? [];
      // system: 2 node-exporters; general: 3 node-exporters + 3 Alloy + Prometheus + the operator + the operator's
      // surge pod (a Deployment's rollout takes a pod slot, requests or not).
      expect(notes.map((note) => /pods (\d+)\//.exec(note)?.[1])).toEqual(['2', '9']);
    });
  });

  describe('Helm releases', () => {
    const demand = (...parts: Json[]) => evaluateAll(nodeGroup('general', { desired: 10 }), ...parts).notes?.[0].replace(/^.*: (CPU .*?) with one rolling update; .*HPA maxima: (CPU .*)$/, '$1 | $2');

    it('takes the chart’s defaults where the values are silent, and a Deployment surges 25 % (rounded up)', () => {
      // metrics-server 3.13.1: 1 replica of 100m / 200 MiB, surge 1.
      expect(demand(release('metrics', 'metrics-server', '3.13.1'))).toBe('CPU 1 %, memory 1 %, pods 2/170 | CPU 1 %, memory 1 %, pods 1/170');
      expect(demand({ helm_release: { metrics: { chart: 'metrics-server', version: '3.13.1' } } })).toBe('CPU 1 %, memory 1 %, pods 2/170 | CPU 1 %, memory 1 %, pods 1/170');
    });

    it('reads replicas and requests from the values, later documents winning; a StatefulSet does not surge', () => {
      expect(demand(release('metrics', 'metrics-server', '3.13.1', JSON.stringify({ replicas: 9, resources: { requests: { cpu: '1' } } }), { replicas: 5 }))).toBe(
        'CPU 36 %, memory 0 %, pods 7/170 | CPU 26 %, memory 0 %, pods 5/170',
      );
      expect(demand(release('tempo', 'tempo', '2.2.4', { replicas: 4, tempo: { resources: { requests: { cpu: '100m' } } } }))).toContain('pods 4/170 |');
    });

    it('merges nested values key by key; a list or null in a later document replaces', () => {
      const values = [{ resources: { requests: { cpu: '1', memory: '1Gi' } } }, { resources: { requests: { cpu: '2' } } }];
      expect(demand(release('metrics', 'metrics-server', '3.13.1', ...values))).toBe('CPU 21 %, memory 6 %, pods 2/170 | CPU 10 %, memory 3 %, pods 1/170');
      expect(demand(release('metrics', 'metrics-server', '3.13.1', { resources: { requests: { cpu: '2' } } }, { resources: null }))).toBe('CPU 1 %, memory 1 %, pods 2/170 | CPU 1 %, memory 1 %, pods 1/170');
      expect(demand(release('metrics', 'metrics-server', '3.13.1', { resources: [] }, { resources: { requests: { cpu: '2' } } }))).toBe('CPU 21 %, memory 0 %, pods 2/170 | CPU 10 %, memory 0 %, pods 1/170');
      expect(demand(release('metrics', 'metrics-server', '3.13.1', { resources: { requests: { cpu: '2' } } }, { resources: [] }))).toBe('CPU 1 %, memory 1 %, pods 2/170 | CPU 1 %, memory 1 %, pods 1/170');
      expect(demand(release('metrics', 'metrics-server', '3.13.1', { replicas: { count: 9 } }, { replicas: 3 }))).toContain('pods 4/170 |');
    });

    it('skips a component its values switch off, and counts one the chart switches on by default only when the values switch it on', () => {
      // Each adds its replicas and, at the desired size, one rollout's surge pod (components without requests too).
      expect(demand(release('vpa', 'vertical-pod-autoscaler', '0.11.0'))).toContain('pods 7/170 |');
      expect(demand(release('vpa', 'vertical-pod-autoscaler', '0.11.0', { recommender: { enabled: false } }))).toContain('pods 5/170 |');
      expect(demand(release('rollouts', 'argo-rollouts', '2.41.0'))).toContain('pods 3/170 |');
      expect(demand(release('rollouts', 'argo-rollouts', '2.41.0', { dashboard: { enabled: true } }))).toContain('pods 4/170 |');
    });

    it('a chart version without a row is named', () => {
      expect(failures(evaluateAll(nodeGroup('general'), release('metrics', 'metrics-server', '3.14.0')))).toEqual([
        'every pinned chart, EKS add-on and instance type has a row in the capacity tables: cluster/helm_release.metrics: chart metrics-server@3.14.0 has no row in CHART_COMPONENTS. Fix: add its workloads (replicas, requests, tolerations as that version\'s values.yaml sets them) to libs/platform-contracts/src/private/capacity-tables.ts',
      ]);
    });

    it('reads a DaemonSet’s tolerations from the values', () => {
      const tainted = nodeGroup('general', { taint: [{ key: 'dedicated', effect: 'NO_SCHEDULE' }] });
      const pods = (...values: unknown[]) => evaluateAll(tainted, release('alloy', 'alloy', '1.11.1', ...values)).notes?.[0].match(/pods (\d+)\/17 with/)?.[1];
      expect(pods()).toBe('0');
      // A DaemonSet is never unplaced: it runs on the groups it tolerates, if any.
      expect(failures(evaluateAll(tainted, release('alloy', 'alloy', '1.11.1')))).toEqual([]);
      expect(pods({ controller: { tolerations: [{ operator: 'Exists' }] } })).toBe('1');
    });

    it('EKS add-ons run their default workloads; the applications’ surge and a chart’s are not added together (the larger one is)', () => {
      // coredns: 2 × 100m / 70 MiB, surge 1; the applications: 2 pods of 300m surge together.
      const notes = evaluateAll(nodeGroup('general', { desired: 10 }), { aws_eks_addon: { coredns: { addon_name: 'coredns' }, other: { addon_name: 'unknown' } } }, deployment('a', { replicas: 4, maxSurge: 1, cpu: '300m' }), deployment('b', { maxSurge: 1, cpu: '300m' })).notes?.[0];
      // 2 × 100 + 5 × 300 + 2 × 300 (the applications' surge) = 2,300 of 19,300 millicores; 2 + 5 + 2 pods.
      expect(notes).toMatch(/CPU 12 %, memory 0 %, pods 9\/170 with one rolling update/);
      const chartWins = evaluateAll(nodeGroup('general', { desired: 10 }), { aws_eks_addon: { coredns: { addon_name: 'coredns' } } }, deployment('a', { maxSurge: 1, cpu: '50m' })).notes?.[0];
      // 2 × 100 + 50 + coredns' surge 100 (larger than the application's 50) = 350; 2 + 1 + 1 pods.
      expect(chartWins).toMatch(/CPU 2 %, memory 1 %, pods 4\/170 with one rolling update/);
    });

    it('counts the pod slots of the rollout with the most surge pods, though another requests more', () => {
      // coredns' surge (1 pod of 100m) requests most; the applications' surge is 8 pods requesting nothing.
      const notes = evaluateAll(nodeGroup('general', { desired: 10 }), { aws_eks_addon: { coredns: { addon_name: 'coredns' } } }, deployment('a', { replicas: 8, maxSurge: '100%' })).notes?.[0];
      // 2 coredns + 8 application pods + 8 surge pods; the CPU still adds coredns' surge: 2 × 100 + 100 = 300m.
      expect(notes).toMatch(/CPU 2 %, memory 1 %, pods 18\/170 with one rolling update/);
    });
  });

  describe('application Deployments', () => {
    const hpa = (target: string, min: number | undefined, max: number) => ({
      kubernetes_horizontal_pod_autoscaler_v2: { web: { metadata: [{ name: 'web', namespace: 'apps' }], spec: [{ min_replicas: min, max_replicas: max, scale_target_ref: [{ kind: 'Deployment', name: target }] }] } },
    });
    const pods = (...parts: Json[]) => evaluateAll(nodeGroup('general', { desired: 10 }), ...parts).notes?.[0].match(/pods (\d+)\/170 with .* pods (\d+)\/170$/)?.slice(1);

    it('take the HPA minimum when larger than replicas and its maximum at the maximum size, by reference or by name', () => {
      expect(pods(deployment('web', { replicas: 2 }), hpa('${kubernetes_deployment_v1.web.metadata[0].name}', 3, 6))).toEqual(['3', '6']);
      expect(pods(deployment('web', { replicas: 4 }), hpa('web', 3, 6))).toEqual(['4', '6']);
      expect(pods(deployment('web', { replicas: 4 }), hpa('web', undefined, 2))).toEqual(['4', '4']);
      expect(pods(deployment('web', { replicas: 1 }), hpa('other', 3, 6))).toEqual(['1', '1']);
      expect(pods(deployment('web', { replicas: 1 }), hpa('other-${kubernetes_deployment_v1.web.metadata[0].name}', 3, 6))).toEqual(['1', '1']);
    });

    it('surge by max_surge: a percentage of replicas rounded up, a number, or 25 % by default', () => {
      expect(pods(deployment('web', { replicas: 4, maxSurge: '50%' }))).toEqual(['6', '4']);
      expect(pods(deployment('web', { replicas: 3, maxSurge: '50%' }))).toEqual(['5', '3']);
      expect(pods(deployment('web', { replicas: 3, maxSurge: 2 }))).toEqual(['5', '3']);
      const noStrategy = { kubernetes_deployment_v1: { web: { metadata: [{ name: 'web', namespace: 'apps' }], spec: [{ template: [{ spec: [{}] }] }] } } };
      expect(pods(noStrategy)).toEqual(['2', '1']);
    });

    it.each<[string, Json, string[]]>([
      ['a blue/green Rollout', { blueGreen: {} }, ['8', '4']],
      ['a traffic-routed canary', { canary: { trafficRouting: {} } }, ['8', '4']],
      ['a traffic-routed canary with dynamicStableScale', { canary: { trafficRouting: {}, dynamicStableScale: true } }, ['5', '4']],
      ['a canary without traffic routing', { canary: {} }, ['5', '4']],
      ['an empty canary', { canary: null }, ['5', '4']],
    ])('%s over the Deployment surges by %j', (_case, strategy, expected) => {
      const rollout = { kubernetes_manifest: { rollout: { manifest: { kind: 'Rollout', metadata: { name: 'web', namespace: 'apps' }, spec: { workloadRef: { name: 'web' }, strategy } } } } };
      expect(pods(deployment('web', { replicas: 4, maxSurge: 1 }), rollout)).toEqual(expected);
    });

    it('sum the requests of their containers', () => {
      const twoContainers = {
        kubernetes_deployment_v1: {
          web: { metadata: [{ name: 'web', namespace: 'apps' }], spec: [{ template: [{ spec: [{ container: [{ resources: [{ requests: { cpu: '1' } }] }, { resources: [{ requests: { cpu: '1', memory: '1Gi' } }] }] }] }] }] },
        },
      };
      expect(failures(evaluateAll(nodeGroup('general', { desired: 2 }), twoContainers))[0]).toContain('the largest pod (2.00 cores, 1.0 GiB)');
    });
  });
});

describe('quantities', () => {
  it.each<[unknown, number]>([
    ['', 0],
    [null, 0],
    ['2', 2000],
    ['1500m', 1500],
  ])('CPU %j is %d millicores', (quantity, millicores) => expect(cpuMillicores(quantity)).toBe(millicores));

  it.each<[unknown, number]>([
    ['', 0],
    [null, 0],
    ['1048576', 1],
    ['1 Gi', 1024],
    ['1Ti', 1048576],
    ['1000K', 1000 / 1024 / 1024 * 1000],
    ['1048576000M', 1e6 * 1000],
    ['1G', 1e9 / 1048576],
    ['1T', 1e12 / 1048576],
    ['2048Ki', 2],
    ['128M', 122.0703125],
  ])('memory %j is %d MiB', (quantity, mebibytes) => expect(memoryMebibytes(quantity)).toBeCloseTo(mebibytes, 6));

  it.each([['x1Mi'], ['1Mix'], ['1Pi'], ['Mi'], ['1mi']])('memory %j is no quantity (NaN)', (quantity) => expect(memoryMebibytes(quantity)).toBeNaN());
});
