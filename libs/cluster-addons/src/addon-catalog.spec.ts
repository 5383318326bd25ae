import { ADDON_CHARTS, ADDON_PLACEMENTS, ADDON_SERVICE_ACCOUNTS, CLUSTER_ADDON_NAMES, IRSA_ADDON_NAMES, serviceAccountSubject } from './addon-catalog';

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
      ingressNginx: '4.15.1',
      certManager: 'v1.21.1',
      externalSecrets: '2.9.0',
      externalDns: '1.21.1',
      velero: '12.1.0',
    });
  });

  it('runs every IRSA service account in its add-on’s namespace', () => {
    for (const addon of IRSA_ADDON_NAMES) expect(ADDON_SERVICE_ACCOUNTS[addon].namespace).toBe(ADDON_PLACEMENTS[addon].namespace);
  });

  it('names the token subject an IAM trust policy must match', () => {
    expect(serviceAccountSubject(ADDON_SERVICE_ACCOUNTS.velero)).toBe('system:serviceaccount:velero:velero');
    expect(serviceAccountSubject(ADDON_SERVICE_ACCOUNTS.clusterAutoscaler)).toBe('system:serviceaccount:kube-system:cluster-autoscaler');
  });
});
