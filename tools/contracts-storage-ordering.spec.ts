import { contractPassed, DeployOrderContract, PlatformModel, StorageContract } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, failures, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

/** The storage and deploy-order contracts fail when what makes them hold is taken out of production's stacks. */
describe('storage and deploy order (production)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('production');
  }, SYNTH_TIMEOUT_MS);

  const helmValues = (stacks: Record<string, Json>, chart: string, change: (values: Json) => void) => {
    const release = Object.values(resourcesOf(stacks, 'production-observability', 'helm_release')).find((candidate) => candidate.chart === chart) as Json;
    const values = JSON.parse(release.values[0]);
    change(values);
    release.values = [JSON.stringify(values)];
  };

  describe('storage', () => {
    const contract = new StorageContract();

    it('without the gp3 StorageClass, every claim of Prometheus, Alertmanager, Grafana, Loki and Tempo is named as Pending', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        delete stacks['production-cluster-addons'].resource.kubernetes_storage_class_v1;
      });
      const pending = /names StorageClass gp3, which no stack of the environment creates \(none exist\): the claim stays Pending\. Fix: create the StorageClass/;
      expect(failed).toEqual([
        expect.stringMatching(new RegExp(`^volume claim helm_release kube-prometheus-stack .*prometheus\\.prometheusSpec\\.storageSpec\\.volumeClaimTemplate .*: values prometheus\\.prometheusSpec\\.storageSpec\\.volumeClaimTemplate\\.spec\\.storageClassName ${pending.source}`)),
        expect.stringMatching(new RegExp(`alertmanager\\.alertmanagerSpec\\.storage\\.volumeClaimTemplate .*${pending.source}`)),
        expect.stringMatching(new RegExp(`grafana\\.persistence .*: values grafana\\.persistence\\.storageClassName ${pending.source}`)),
        expect.stringMatching(new RegExp(`^volume claim helm_release loki .*singleBinary\\.persistence .*: values singleBinary\\.persistence\\.storageClass ${pending.source}`)),
        expect.stringMatching(new RegExp(`^volume claim helm_release tempo .*: values persistence\\.storageClassName ${pending.source}`)),
      ]);
    });

    it('a claim that names no class fails when no default class exists', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const [storageClass] = Object.values(resourcesOf(stacks, 'production-cluster-addons', 'kubernetes_storage_class_v1'));
        storageClass.metadata.annotations = {};
        helmValues(stacks, 'tempo', (values) => delete values.persistence.storageClassName);
      });
      expect(failed).toEqual([expect.stringMatching(/^volume claim helm_release tempo .*: names no StorageClass \(values persistence\.storageClassName\) and no default class exists when production-observability is deployed: the claim stays Pending/)]);
    });

    it('a class that binds immediately or leaves volumes unencrypted is named', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const [storageClass] = Object.values(resourcesOf(stacks, 'production-cluster-addons', 'kubernetes_storage_class_v1'));
        storageClass.volume_binding_mode = 'Immediate';
        storageClass.parameters.encrypted = 'false';
      });
      expect(failed).toEqual([
        expect.stringMatching(/^StorageClass gp3 \(production-cluster-addons\/addons\/StorageClass\/Resource\) provisions volumes: parameters\.encrypted is "false".*; volume_binding_mode is "Immediate": an EBS volume would be created before its pod is scheduled/),
      ]);
    });

    it('a class of the removed in-tree provisioner, or of gp2 volumes, is named', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const [storageClass] = Object.values(resourcesOf(stacks, 'production-cluster-addons', 'kubernetes_storage_class_v1'));
        storageClass.storage_provisioner = 'kubernetes.io/aws-ebs';
      });
      expect(failed).toEqual([expect.stringMatching(/provisions volumes: provisioner kubernetes\.io\/aws-ebs is not a CSI driver the platform installs/)]);
      const gp2 = await evaluateBroken(platform, contract, (stacks) => {
        const [storageClass] = Object.values(resourcesOf(stacks, 'production-cluster-addons', 'kubernetes_storage_class_v1'));
        storageClass.parameters.type = 'gp2';
      });
      expect(gp2).toEqual([expect.stringMatching(/provisions volumes: parameters\.type is "gp2"/)]);
    });
  });

  describe('deploy order', () => {
    const contract = new DeployOrderContract();

    /** Evaluates the contract with some declared stack dependencies taken away. */
    const withoutDependencies = async (removed: Record<string, string[]>) => {
      const dependencies = Object.fromEntries(Object.entries(platform.dependencies).map(([stack, list]) => [stack, list.filter((dependency) => !(removed[stack] ?? []).includes(dependency))]));
      const result = await contract.evaluate({ model: new PlatformModel(platform.stacks, { dependencies }), environment: platform.environment });
      expect(contractPassed(result)).toBe(false);
      return failures(result);
    };

    it('puts the add-ons’ custom resources in cluster-config, after the stack installing their CRDs', () => {
      const kinds = (stack: string) => Object.values((platform.stacks[stack] as Json).resource.kubernetes_manifest ?? {}).map((block) => (block as Json).manifest.kind);
      expect(kinds('production-cluster-addons')).toEqual([]);
      // Kyverno's ClusterPolicies: one per Kubernetes guardrail with an admission check (KyvernoPolicies).
      const policies = Array.from({ length: 13 }, () => 'ClusterPolicy');
      expect(kinds('production-cluster-config').sort()).toEqual(['ClusterIssuer', 'ClusterIssuer', ...policies, 'ClusterSecretStore']);
      expect(platform.dependencies['production-cluster-config']).toContain('production-cluster-addons');
    });

    it('a chart told not to install its CRDs leaves its custom resources without them, and that is named', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const release = Object.values(resourcesOf(stacks, 'production-cluster-addons', 'helm_release')).find((candidate) => candidate.chart === 'cert-manager') as Json;
        const values = JSON.parse(release.values[0]);
        values.crds.enabled = false;
        release.values = [JSON.stringify(values)];
      });
      expect(failed).toEqual(
        expect.arrayContaining([expect.stringMatching(/^ClusterIssuer letsencrypt-production .*the cert-manager release installs no CRDs \(values crds\.enabled is off; the chart's default is false\)/)]),
      );
    });

    it('a ClusterIssuer back in the stack that installs cert-manager is named: its first plan fails', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const manifests = resourcesOf(stacks, 'production-cluster-config', 'kubernetes_manifest');
        const name = Object.keys(manifests).find((key) => manifests[key].manifest.metadata.name === 'letsencrypt-production') as string;
        stacks['production-cluster-addons'].resource.kubernetes_manifest = { [name]: manifests[name] };
        delete manifests[name];
      });
      expect(failed).toEqual([
        expect.stringMatching(
          /^ClusterIssuer letsencrypt-production \(.*\) finds what it needs when production-cluster-addons is deployed: is a ClusterIssuer \(cert-manager\.io\), whose CRD helm_release\.addons_CertManager_\w+ installs in the same stack: .*the first plan of production-cluster-addons fails .*Fix: move the resource into a stack that depends on production-cluster-addons/,
        ),
      ]);
    });

    it('without cluster-config’s dependency on cluster-addons, its issuers, store and admission policies are named', async () => {
      const failed = await withoutDependencies({ 'production-cluster-config': ['production-cluster-addons'] });
      const needsCrd = (title: string, release: string) =>
        expect.stringMatching(new RegExp(`^${title} .*whose CRD the ${release} release of production-cluster-addons installs, which production-cluster-config does not depend on`));
      const expected = [
        needsCrd('ClusterIssuer letsencrypt-production', 'cert-manager'),
        needsCrd('ClusterIssuer letsencrypt-staging', 'cert-manager'),
        needsCrd('ClusterSecretStore aws-secrets-manager', 'external-secrets'),
        ...['001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '017', '018', '019'].map((id) => needsCrd(`ClusterPolicy plat-k8s-${id}`, 'kyverno')),
      ];
      expect(failed).toEqual(expect.arrayContaining(expected));
      expect(failed).toHaveLength(expected.length);
    });

    it('without the workloads’ dependencies on cluster-config (direct, and through observability), their ExternalSecret’s store is named (the Ingresses use the ALB’s ACM certificate: no issuer)', async () => {
      const failed = await withoutDependencies({ 'production-workloads': ['production-cluster-config', 'production-observability'] });
      expect(failed).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^ExternalSecret production\/novel-engine-backend-secrets .*: needs ClusterSecretStore aws-secrets-manager, created in production-cluster-config, which production-workloads does not depend on/),
        ]),
      );
    });

    it('without the observability stack’s dependency on cluster-config, the ExternalSecrets’ store is named', async () => {
      const failed = await withoutDependencies({ 'production-observability': ['production-cluster-config'] });
      expect(failed).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^ExternalSecret monitoring\/grafana-admin .*: needs ClusterSecretStore aws-secrets-manager, created in production-cluster-config/),
        ]),
      );
    });

    it('a secret the data stack does not create is named on the ExternalSecret that reads it', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        const secrets = resourcesOf(stacks, 'production-data', 'aws_secretsmanager_secret');
        for (const name of Object.keys(secrets)) if (secrets[name].name.endsWith('/observability/grafana-admin')) delete secrets[name];
      });
      expect(failed).toEqual([expect.stringMatching(/^ExternalSecret monitoring\/grafana-admin .*: needs the Secrets Manager secret platform\/production\/observability\/grafana-admin, which no stack of the environment creates/)]);
    });

    it('without the workload namespace, every object of the workloads stack names it', async () => {
      const failed = await evaluateBroken(platform, contract, (stacks) => {
        // The namespace and the objects in it; the add-ons' own namespaces stay.
        const addons = stacks['production-cluster-addons'].resource;
        for (const type of ['kubernetes_namespace_v1', 'kubernetes_network_policy_v1', 'kubernetes_resource_quota_v1', 'kubernetes_limit_range_v1']) {
          for (const [name, block] of Object.entries(addons[type] ?? {}) as [string, Json][]) {
            // Objects in the namespace name it by a reference to the namespace resource.
            const metadata = ([] as Json[]).concat(block.metadata)[0];
            if (metadata.name === 'production' || String(metadata.namespace).includes('Namespace-production')) delete addons[type][name];
          }
        }
      });
      expect(failed.length).toBeGreaterThan(5);
      for (const failure of failed) expect(failure).toMatch(/^.* \(production-workloads\/.*needs namespace production, which no stack of the environment creates\. Fix: create namespace production in production-workloads or a stack it depends on/);
    });
  });
});
