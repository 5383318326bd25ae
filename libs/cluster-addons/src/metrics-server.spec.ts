import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { MetricsServer } from './metrics-server';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

describe('MetricsServer', () => {
  const release = releaseOf(
    synthJson((scope) => new MetricsServer(scope, 'metrics')),
    'metrics',
  );

  it('installs the pinned kubernetes-sigs chart into kube-system, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.metricsServer, 'kube-system', false),
      name: 'metrics-server',
      repository: 'https://kubernetes-sigs.github.io/metrics-server/',
      chart: 'metrics-server',
      version: '3.13.1',
    });
  });

  it('runs two replicas behind a disruption budget', () => {
    expect(valuesOf(release)).toEqual({ replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
  });
});
