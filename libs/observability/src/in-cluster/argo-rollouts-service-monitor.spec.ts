import { argoRolloutsServiceMonitor } from './argo-rollouts-service-monitor';

describe('argoRolloutsServiceMonitor', () => {
  it('selects the argo-rollouts chart’s metrics Service in its namespace by the chart’s labels and scrapes port metrics, keeping the Rollouts’ namespace label', () => {
    expect(argoRolloutsServiceMonitor()).toEqual({
      name: 'argo-rollouts',
      selector: { matchLabels: { 'app.kubernetes.io/component': 'rollouts-controller', 'app.kubernetes.io/name': 'argo-rollouts', 'app.kubernetes.io/instance': 'argo-rollouts' } },
      namespaceSelector: { matchNames: ['argo-rollouts'] },
      endpoints: [{ port: 'metrics', scheme: 'http', honorLabels: true }],
    });
  });

  it('follows another release name and namespace', () => {
    const monitor = argoRolloutsServiceMonitor({ namespace: 'delivery', releaseName: 'rollouts' });
    expect(monitor).toMatchObject({ name: 'rollouts', namespaceSelector: { matchNames: ['delivery'] }, selector: { matchLabels: { 'app.kubernetes.io/instance': 'rollouts' } } });
  });
});
