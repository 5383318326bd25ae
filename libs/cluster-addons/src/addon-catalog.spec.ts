import { ADDON_CHARTS, ADDON_PLACEMENTS, ARGO_ROLLOUTS_CHART, KYVERNO_CHART, ADDON_SERVICE_ACCOUNTS, AddonChart, CLUSTER_ADDON_NAMES, IRSA_ADDON_NAMES, retiredAddons, serviceAccountSubject } from './addon-catalog';

describe('the add-on catalog', () => {
  it.each(CLUSTER_ADDON_NAMES.map((addon) => [addon]))('pins %s to one exact chart version from an HTTPS repository', (addon) => {
    const chart = ADDON_CHARTS[addon];
    expect(chart.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    expect(chart.repository).toMatch(/^https:\/\//);
  });

  it('pins the versions the values keys were verified against', () => {
    expect(Object.fromEntries(CLUSTER_ADDON_NAMES.map((addon) => [addon, ADDON_CHARTS[addon].version]))).toEqual({
      awsLoadBalancerController: '3.5.0',
      clusterAutoscaler: '9.59.0',
      metricsServer: '3.13.1',
      verticalPodAutoscaler: '0.11.0',
      certManager: 'v1.21.1',
      externalSecrets: '2.9.0',
      externalDns: '1.21.1',
      velero: '12.1.0',
    });
  });

  it.each(CLUSTER_ADDON_NAMES.map((addon) => [addon]))('names the support status of %s upstream, checked in a given month, with its source', (addon) => {
    const { support } = ADDON_CHARTS[addon];
    expect(['maintained', 'security-fixes-only', 'retired']).toContain(support.status);
    expect(support.checked).toMatch(/^20\d\d-(0[1-9]|1[0-2])$/);
    expect(support.note.length).toBeGreaterThan(0);
  });

  it('pins no add-on whose upstream is retired', () => {
    expect(retiredAddons({ ...ADDON_CHARTS, kyverno: KYVERNO_CHART, argoRollouts: ARGO_ROLLOUTS_CHART })).toEqual([]);
  });

  it('names a retired pin with its note, so the catalog test fails on it', () => {
    const retired: AddonChart = { repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1', support: { status: 'retired', checked: '2026-03', note: 'final release; retired March 2026' } };
    expect(retiredAddons({ ...ADDON_CHARTS, ingressNginx: retired })).toEqual(['ingressNginx 4.15.1: final release; retired March 2026']);
  });

  it('runs every IRSA service account in its add-on’s namespace', () => {
    for (const addon of IRSA_ADDON_NAMES) expect(ADDON_SERVICE_ACCOUNTS[addon].namespace).toBe(ADDON_PLACEMENTS[addon].namespace);
  });

  it('names the token subject an IAM trust policy must match', () => {
    expect(serviceAccountSubject(ADDON_SERVICE_ACCOUNTS.velero)).toBe('system:serviceaccount:velero:velero');
    expect(serviceAccountSubject(ADDON_SERVICE_ACCOUNTS.clusterAutoscaler)).toBe('system:serviceaccount:kube-system:cluster-autoscaler');
  });
});
