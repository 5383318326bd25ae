import { KubernetesSchemasContract } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

/**
 * The kubernetes-schemas contract fails when a Helm value, a custom resource or a pinned chart version drifts from
 * the schemas read from the pinned charts, and names the path and the fix.
 */
describe('kubernetes-schemas (production)', () => {
  const contract = new KubernetesSchemasContract();
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('production');
  }, SYNTH_TIMEOUT_MS);

  const release = (stacks: Record<string, Json>, kind: string, chart: string): Json =>
    Object.values(resourcesOf(stacks, `production-${kind}`, 'helm_release')).find((candidate) => candidate.chart === chart) as Json;
  const editValues = (stacks: Record<string, Json>, kind: string, chart: string, edit: (values: Json) => void) => {
    const target = release(stacks, kind, chart);
    const values = JSON.parse(target.values[0]);
    edit(values);
    target.values = [JSON.stringify(values)];
  };
  const manifest = (stacks: Record<string, Json>, kind: string, resourceKind: string, name: string): Json =>
    (Object.values(resourcesOf(stacks, `production-${kind}`, 'kubernetes_manifest')) as Json[]).find((candidate) => candidate.manifest.kind === resourceKind && candidate.manifest.metadata.name === name)
      ?.manifest as Json;

  it('passes on the synthesized stacks', async () => {
    const result = await contract.evaluate({ model: platform.model, environment: platform.environment });
    expect(result.checks.filter((item) => !item.passed)).toEqual([]);
    expect(result.checks.length).toBeGreaterThan(20);
  });

  it('a misspelt IngressClassParams field of the ALB (the web ACL) is named with its path and the field meant', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) =>
      editValues(stacks, 'cluster-addons', 'aws-load-balancer-controller', (values) => {
        values.ingressClassParams.spec.wafv2ACLArn = values.ingressClassParams.spec.wafv2AclArn;
        delete values.ingressClassParams.spec.wafv2AclArn;
      }),
    );
    expect(failed).toEqual([
      expect.stringMatching(
        /AwsLoadBalancerController.*: aws-load-balancer-controller 3\.5\.0 values match the chart's keys and types: aws-load-balancer-controller values\.ingressClassParams\.spec\.wafv2ACLArn: unknown key\. Fix: did you mean 'wafv2AclArn'\?$/,
      ),
    ]);
  });

  it('a value of the wrong type is named with the type the chart wants', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) =>
      editValues(stacks, 'cluster-addons', 'external-secrets', (values) => {
        values.serviceAccount.create = 'yes';
      }),
    );
    expect(failed).toEqual([expect.stringMatching(/external-secrets values\.serviceAccount\.create: string "yes" where the schema wants boolean\. Fix: write a boolean$/)]);
  });

  it('a ClusterIssuer without spec.acme.server is named with the field to set', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => delete manifest(stacks, 'cluster-config', 'ClusterIssuer', 'letsencrypt-production').spec.acme.server);
    expect(failed).toEqual([
      expect.stringMatching(
        /: ClusterIssuer letsencrypt-production matches the ClusterIssuer CRD of cert-manager v1\.21\.1: ClusterIssuer letsencrypt-production manifest\.spec\.acme\.server: required field is missing\. Fix: set server \(string\)$/,
      ),
    ]);
  });

  it('a Rollout with a misspelt canary field and an AnalysisTemplate metric without its provider are named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      const canary = manifest(stacks, 'workloads', 'Rollout', 'novel-engine-backend').spec.strategy.canary;
      canary.stableServise = canary.stableService;
      delete manifest(stacks, 'workloads', 'AnalysisTemplate', 'novel-engine-backend-release').spec.metrics[0].provider;
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Rollout novel-engine-backend manifest\.spec\.strategy\.canary\.stableServise: unknown key\. Fix: did you mean 'stableService'\?$/),
        expect.stringMatching(/AnalysisTemplate novel-engine-backend-release manifest\.spec\.metrics\[0\]\.provider: required field is missing\. Fix: set provider/),
      ]),
    );
  });

  it('an ExternalSecret with an unknown creationPolicy and a misspelt field is named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      const secret = manifest(stacks, 'observability', 'ExternalSecret', 'grafana-admin');
      secret.spec.target.creationPolicy = 'Own';
      secret.spec.refreshInteval = secret.spec.refreshInterval;
    });
    expect(failed).toEqual([
      expect.stringMatching(
        /ExternalSecret grafana-admin manifest\.spec\.target\.creationPolicy: "Own" is not one of "Owner", .*\. Fix: write one of them; ExternalSecret grafana-admin manifest\.spec\.refreshInteval: unknown key\. Fix: did you mean 'refreshInterval'\?$/,
      ),
    ]);
  });

  it('a PrometheusRule in kube-prometheus-stack values is checked against the PrometheusRule CRD', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) =>
      editValues(stacks, 'observability', 'kube-prometheus-stack', (values) => {
        const rule = values.additionalPrometheusRulesMap['novel-engine'].groups[0].rules[0];
        rule.expression = rule.expr;
        delete rule.expr;
      }),
    );
    expect(failed).toEqual([
      expect.stringMatching(/kube-prometheus-stack PrometheusRule values\.additionalPrometheusRulesMap\.novel-engine\.groups\[0\]\.rules\[0\]\.expr: required field is missing\. Fix: set expr/),
    ]);
    expect(failed[0]).toMatch(/rules\[0\]\.expression: unknown key/);
  });

  it('a chart pinned at another version than its schema was read from fails until the schema is re-derived', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      release(stacks, 'cluster-addons', 'aws-load-balancer-controller').version = '3.6.0';
    });
    expect(failed).toEqual([
      expect.stringMatching(
        /aws-load-balancer-controller 3\.6\.0 values match the chart's keys and types: aws-load-balancer-controller version: pinned at 3\.6\.0, but its values schema was read from 3\.5\.0 \(https:\/\/github\.com\/aws\/eks-charts .*\)\. Fix: re-derive .*chart-values\/aws-load-balancer-controller\.ts from aws-load-balancer-controller 3\.6\.0's values\.yaml and record version '3\.6\.0'$/,
      ),
    ]);
  });

  it('a CRD installed by another chart version than its schema was read from is named on each of its resources', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      release(stacks, 'cluster-addons', 'cert-manager').version = 'v1.22.0';
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/cert-manager version: pinned at v1\.22\.0, but its values schema was read from v1\.21\.1/),
        expect.stringMatching(/ClusterIssuer letsencrypt-production .*: ClusterIssuer CRD: .* installs cert-manager v1\.22\.0, but the ClusterIssuer schema was read from v1\.21\.1/),
      ]),
    );
  });

  it('a chart without a schema and a custom resource kind without one are named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      release(stacks, 'cluster-addons', 'metrics-server').chart = 'metrics-server-ng';
      manifest(stacks, 'cluster-config', 'ClusterIssuer', 'letsencrypt-staging').kind = 'Issuer';
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/chart metrics-server-ng: no values schema\. Fix: draft one .*tools\/derive-kubernetes-schema\.ts/),
        expect.stringMatching(/Issuer letsencrypt-staging: no schema for cert-manager\.io\/v1 Issuer\. Fix: draft one from its CRD/),
      ]),
    );
  });
});
