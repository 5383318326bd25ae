import { KubernetesTrafficContract, ObservabilityCoverageContract } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

/**
 * The Kubernetes traffic and observability coverage contracts fail, naming the flow, Service or rule, when the one
 * thing that makes them hold is removed from production's synthesized stacks.
 */
describe('Kubernetes traffic and observability coverage name what breaks them (production)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('production');
  }, SYNTH_TIMEOUT_MS);

  const blocks = (stacks: Record<string, Json>, kind: string, type: string) => resourcesOf(stacks, `production-${kind}`, type);
  const removeWhere = (found: Record<string, Json>, predicate: (block: Json) => boolean) => {
    const names = Object.keys(found).filter((name) => predicate(found[name]));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) delete found[name];
  };
  const isServiceMonitor = (manifest: Json) => manifest.manifest.kind === 'ServiceMonitor';

  describe('kubernetes traffic', () => {
    const contract = new KubernetesTrafficContract();

    it('with the VPC CNI’s network policy agent off, no policy is enforced and that is named', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        for (const addon of Object.values(resourcesOf(stacks, 'production-cluster', 'aws_eks_addon'))) {
          if (addon.addon_name === 'vpc-cni') addon.configuration_values = JSON.stringify({ ...JSON.parse(addon.configuration_values), enableNetworkPolicy: 'false' });
        }
      });
      expect(failed).toEqual([expect.stringMatching(/^the VPC CNI \(production-cluster\/.*\) enforces NetworkPolicies: configuration_values sets no enableNetworkPolicy "true"/)]);
    });

    it('without the ALB’s subnets in a routed service’s policy, the ALB cannot reach its pods', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const policy = Object.values(blocks(stacks, 'workloads', 'kubernetes_network_policy_v1')).find((candidate) => candidate.metadata.name === 'novel-engine-backend') as Json;
        policy.spec.ingress = policy.spec.ingress.filter((rule: Json) => !JSON.stringify(rule).includes('ip_block'));
      });
      expect(failed).toContainEqual(
        expect.stringMatching(/^the ALB in 10\.\d+\.\d+\.0\/23 → production\/novel-engine-backend TCP 8000 must be allowed: ingress of production\/novel-engine-backend is isolated by production\/default-deny-all.*Fix: admit the ALB's subnets/),
      );
    });

    it('without the backend’s Prometheus rule, Prometheus cannot scrape its metrics port', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const policy = Object.values(blocks(stacks, 'workloads', 'kubernetes_network_policy_v1')).find((candidate) => candidate.metadata.name === 'novel-engine-backend') as Json;
        policy.spec.ingress = policy.spec.ingress.filter((rule: Json) => !JSON.stringify(rule).includes('prometheus'));
      });
      expect(failed).toEqual([expect.stringMatching(/^monitoring\/Prometheus → production\/novel-engine-backend TCP 8000 must be allowed: ingress of production\/novel-engine-backend is isolated by production\/default-deny-all/)]);
    });

    it('without the DNS egress, workloads cannot resolve names', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        removeWhere(blocks(stacks, 'cluster-addons', 'kubernetes_network_policy_v1'), (policy) => policy.metadata.name === 'allow-dns-egress');
        for (const policy of Object.values(blocks(stacks, 'workloads', 'kubernetes_network_policy_v1'))) policy.spec.egress = policy.spec.egress.filter((rule: Json) => !JSON.stringify(rule).includes('kube-dns'));
      });
      expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(/^production\/novel-engine-frontend → kube-system\/coredns UDP 53 must be allowed: egress of production\/novel-engine-frontend is isolated/)]));
    });

    it('a namespace-wide allowance from another namespace lets a pod of default in', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        blocks(stacks, 'cluster-addons', 'kubernetes_network_policy_v1').open = {
          metadata: { name: 'allow-default', namespace: 'production' },
          spec: { pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'default' } } }] }] },
        };
      });
      expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(/^a pod in default → production\/novel-engine-backend TCP 8000 must be denied: every NetworkPolicy on the way allows it/)]));
    });
  });

  describe('observability coverage', () => {
    const contract = new ObservabilityCoverageContract();

    it('without the backend’s ServiceMonitor, its metrics port is named as not scraped', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) =>
        removeWhere(blocks(stacks, 'workloads', 'kubernetes_manifest'), (manifest) => isServiceMonitor(manifest) && manifest.manifest.metadata.name === 'novel-engine-backend'),
      );
      // The canary Service carries the metrics port too: through it the new version's pods are scraped during a release.
      expect(failed).toEqual([
        expect.stringMatching(/^Service production\/novel-engine-backend-canary port metrics is scraped: no ServiceMonitor in production selects production-workloads\/workloads\/novel-engine-backend\/Rollout\/CanaryService/),
        expect.stringMatching(/^Service production\/novel-engine-backend port metrics is scraped: no ServiceMonitor in production selects production-workloads\/workloads\/novel-engine-backend\/Service/),
      ]);
    });

    it('with kube-state-metrics switched off, the rules on kube_* metrics are named', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const release = Object.values(blocks(stacks, 'observability', 'helm_release')).find((candidate) => candidate.chart === 'kube-prometheus-stack') as Json;
        release.values = release.values.map((text: string) => JSON.stringify({ ...JSON.parse(text), kubeStateMetrics: { enabled: false } }));
      });
      expect(failed.length).toBeGreaterThan(0);
      for (const failure of failed) expect(failure).toMatch(/reads metrics the platform produces or guards: kube_[a-z_]+ is produced by nothing/);
    });

    const releaseAlertFailures = [
      expect.stringMatching(/^alert RolloutAborted \(PrometheusRule release-alerts, group release_alerts\) reads metrics the platform produces or guards: rollout_info is produced by nothing/),
      expect.stringMatching(/^alert RolloutPausedTooLong \(PrometheusRule release-alerts, group release_alerts\) reads metrics the platform produces or guards: rollout_info is produced by nothing/),
    ];
    const kubePrometheusStack = (stacks: Record<string, Json>) => Object.values(blocks(stacks, 'observability', 'helm_release')).find((candidate) => candidate.chart === 'kube-prometheus-stack') as Json;

    it('without the Argo Rollouts release, the release alerts read a metric nothing produces', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => removeWhere(blocks(stacks, 'cluster-addons', 'helm_release'), (release) => release.chart === 'argo-rollouts'));
      expect(failed).toEqual(releaseAlertFailures);
    });

    it('without the ServiceMonitor of the Argo Rollouts controller, the release alerts read a metric nothing scrapes', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const release = kubePrometheusStack(stacks);
        release.values = release.values.map((text: string) => {
          const values = JSON.parse(text);
          values.prometheus.additionalServiceMonitors = values.prometheus.additionalServiceMonitors.map((monitor: Json) => ({ ...monitor, endpoints: [{ port: 'http' }] }));
          return JSON.stringify(values);
        });
      });
      expect(failed).toEqual(releaseAlertFailures);
    });

    it('without the ServiceMonitor and the absent() guards, seed 000’s HighErrorRate reads a metric nothing produces', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        removeWhere(blocks(stacks, 'workloads', 'kubernetes_manifest'), isServiceMonitor);
        const release = Object.values(blocks(stacks, 'observability', 'helm_release')).find((candidate) => candidate.chart === 'kube-prometheus-stack') as Json;
        release.values = release.values.map((text: string) => {
          const values = JSON.parse(text);
          delete values.additionalPrometheusRulesMap?.['metric-presence'];
          return JSON.stringify(values);
        });
      });
      expect(failed).toContainEqual(
        expect.stringMatching(/^alert HighErrorRate \(PrometheusRule novel-engine, group novel_engine_alerts\) reads metrics the platform produces or guards: http_requests_total is produced by nothing/),
      );
      // postgres-exporter still runs: the database rule keeps its producer.
      expect(failed.join('\n')).not.toMatch(/DatabaseConnectionHigh/);
    });
  });
});
