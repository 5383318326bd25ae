import { CapacityContract, contractPassed, PlatformModel } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

/**
 * The capacity contract on testing's synthesized stacks: it reports headroom, and fails naming the node group and the
 * resource when prefix delegation is lost or the group cannot grow far enough.
 */
describe('capacity (testing)', () => {
  const contract = new CapacityContract();
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('testing');
  }, SYNTH_TIMEOUT_MS);

  const general = (stacks: Record<string, Json>) => Object.values(resourcesOf(stacks, 'testing-cluster', 'aws_eks_node_group')).find((group) => group.node_group_name === 'general') as Json;
  const vpcCni = (stacks: Record<string, Json>) => Object.values(resourcesOf(stacks, 'testing-cluster', 'aws_eks_addon')).find((addon) => addon.addon_name === 'vpc-cni') as Json;
  /** The node group as it was before sizing: one t3.medium, at most two. */
  const oldSizing = (stacks: Record<string, Json>) => {
    const group = general(stacks);
    group.instance_types = ['t3.medium'];
    group.scaling_config = { min_size: 1, desired_size: 1, max_size: 2 };
  };

  it('holds and reports the headroom of the general group at the desired and the maximum size', async () => {
    const result = await contract.evaluate({ model: platform.model, environment: platform.environment });
    expect(contractPassed(result)).toBe(true);
    expect(result.notes).toEqual([
      expect.stringMatching(/^testing: general 3×t3\.large \(110 pods per node, prefix delegation on\): CPU \d+ %, memory \d+ %, pods \d+\/330 with one rolling update; at 5×t3\.large with HPA maxima: CPU \d+ %, memory \d+ %, pods \d+\/550$/),
    ]);
  });

  it('counts a second copy of a service for a blue/green Rollout, and about one pod for a canary that scales its stable version down', async () => {
    const podsWithOneRelease = async (mutate: (rollout: Json) => void) => {
      const stacks = structuredClone(platform.stacks) as Record<string, Json>;
      const rollouts = Object.values(resourcesOf(stacks, 'testing-workloads', 'kubernetes_manifest')).filter((resource) => resource.manifest.kind === 'Rollout');
      expect(rollouts.length).toBeGreaterThan(0);
      rollouts.forEach(mutate);
      const result = await contract.evaluate({ model: new PlatformModel(stacks, { dependencies: platform.dependencies }), environment: platform.environment });
      return Number(/pods (\d+)\/\d+ with one rolling update/.exec(result.notes?.[0] ?? '')?.[1]);
    };
    const canary = await podsWithOneRelease(() => undefined);
    const blueGreen = await podsWithOneRelease((rollout) => {
      rollout.manifest.spec.strategy = { blueGreen: { activeService: rollout.manifest.metadata.name } };
    });
    const deployments = Object.values(resourcesOf(platform.stacks as Record<string, Json>, 'testing-workloads', 'kubernetes_deployment_v1'));
    const replicas = deployments.reduce((total, deployment) => total + Number(deployment.spec.replicas), 0);
    // Each canary surges by its Deployment's maxSurge; blue/green by all of its replicas instead.
    const surges = deployments.reduce((total, deployment) => total + Number(deployment.spec.strategy.rolling_update.max_surge), 0);
    expect(blueGreen - canary).toBe(replicas - surges);
  });

  it("counts GuardDuty's security agent on every node when the account's baseline turns Runtime Monitoring on", async () => {
    const cpuPercent = async (runtimeMonitoring: boolean) => {
      const security = { ...platform.environment.security, guardDuty: { ...platform.environment.security.guardDuty, runtimeMonitoring } };
      const result = await contract.evaluate({ model: platform.model, environment: { ...platform.environment, security } });
      return Number(/CPU (\d+) %/.exec(result.notes?.[0] ?? '')?.[1]);
    };
    // testing turns it off (security.guardDuty.runtimeMonitoring: false); 200m on each of 3×t3.large (2 vCPU) is ~3 points more.
    expect(platform.environment.security.guardDuty.runtimeMonitoring).toBe(false);
    expect((await cpuPercent(true)) - (await cpuPercent(false))).toBeGreaterThanOrEqual(2);
  });

  it.each<[string, (stacks: Record<string, Json>) => void]>([
    [
      'without ENABLE_PREFIX_DELEGATION on the vpc-cni add-on',
      (stacks) => {
        const addon = vpcCni(stacks);
        addon.configuration_values = JSON.stringify({ enableNetworkPolicy: 'true' });
      },
    ],
    [
      'when the node group is not created after the vpc-cni add-on (EKS computes max pods without prefixes)',
      (stacks) => {
        const group = general(stacks);
        group.depends_on = (group.depends_on as string[]).filter((address) => !address.startsWith('aws_eks_addon.'));
      },
    ],
  ])('on the old single t3.medium, %s, the pods do not fit 17 per node', async (_case, breakPrefixDelegation) => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      oldSizing(stacks);
      breakPrefixDelegation(stacks);
    });
    expect(failed).toContainEqual(
      expect.stringMatching(
        /^node group general holds its pods at the desired size \(1×t3\.medium\) .*node group general \(testing-cluster\/eks\/NodeGroup-general\/Resource\), 1×t3\.medium at the desired size, with one rolling update: \d+ pods exceed 1 × 17 max pods per t3\.medium: the VPC CNI assigns single addresses/,
      ),
    );
  });

  it('with prefix delegation but the old single t3.medium, memory and the Prometheus pod do not fit', async () => {
    const failed = await evaluateBroken(platform, contract, oldSizing);
    expect(failed).toContainEqual(expect.stringMatching(/1×t3\.medium at the desired size, with one rolling update: memory requests [\d.]+ GiB exceed the 2\.2 GiB allocatable .*prometheus/));
    expect(failed).toContainEqual(expect.stringMatching(/the largest pod \(0\.50 cores, 2\.0 GiB\) does not fit one node next to its DaemonSets/));
    expect(failed.join('\n')).not.toMatch(/max pods per/);
  });

  it('with the maximum lowered to the desired size, the HPA maxima do not fit (CPU)', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      general(stacks).scaling_config = { min_size: 2, desired_size: 3, max_size: 3 };
    });
    expect(failed).toEqual([
      expect.stringMatching(
        /^node group general holds the HPA maxima at its maximum size \(3×t3\.large\): node group general .*3×t3\.large at the maximum size, every HPA at its maximum: CPU requests [\d.]+ cores exceed the 5\.79 cores allocatable \(largest: deployment testing\/novel-engine-backend/,
      ),
    ]);
  });

  it('names a chart version it has no row for', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      const release = Object.values(resourcesOf(stacks, 'testing-observability', 'helm_release')).find((candidate) => candidate.chart === 'tempo') as Json;
      release.version = '9.9.9';
    });
    expect(failed).toEqual([expect.stringMatching(/^every pinned chart, EKS add-on and instance type has a row in the capacity tables: .*chart tempo@9\.9\.9 has no row in CHART_COMPONENTS/)]);
  });
});
