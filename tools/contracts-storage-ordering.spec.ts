import { StorageContract } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

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
  });
});
