import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { CertManager } from './cert-manager';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

describe('CertManager', () => {
  const json = synthJson((scope) => new CertManager(scope, 'certManager'));
  const release = releaseOf(json, 'certManager');
  const values = valuesOf(release);

  it('installs the pinned jetstack chart into its own namespace, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.certManager, 'cert-manager', true),
      name: 'cert-manager',
      repository: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      version: 'v1.21.1',
    });
  });

  it('installs the CRDs with `crds.enabled` (not the deprecated installCRDs) and keeps them on uninstall', () => {
    expect(values.crds).toEqual({ enabled: true, keep: true });
    expect(values).not.toHaveProperty('installCRDs');
  });

  it('runs controller, webhook and cainjector twice behind disruption budgets', () => {
    const highlyAvailable = { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } };
    expect(values).toMatchObject({ ...highlyAvailable, webhook: highlyAvailable, cainjector: highlyAvailable, prometheus: { enabled: true } });
  });

  it('creates no ClusterIssuer next to the release that installs its CRD (ClusterConfig does, in the next stack)', () => {
    expect(json.resources('kubernetes_manifest')).toEqual([]);
  });
});
