import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';
import { VerticalPodAutoscaler } from './vertical-pod-autoscaler';

describe('VerticalPodAutoscaler', () => {
  const release = releaseOf(
    synthJson((scope) => new VerticalPodAutoscaler(scope, 'vpa')),
    'vpa',
  );
  const values = valuesOf(release);

  it('installs the pinned SIG Autoscaling chart into kube-system, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.verticalPodAutoscaler, 'kube-system', false),
      name: 'vertical-pod-autoscaler',
      repository: 'https://kubernetes.github.io/autoscaler',
      chart: 'vertical-pod-autoscaler',
      version: '0.11.0',
    });
  });

  it.each(['recommender', 'updater', 'admissionController'])('runs the %s twice behind a disruption budget', (component) => {
    expect(values[component]).toMatchObject({ enabled: true, replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
  });

  it('lets pods be created when the admission webhook is down', () => {
    expect(values.admissionController.mutatingWebhookConfiguration).toEqual({ failurePolicy: 'Ignore' });
  });
});
