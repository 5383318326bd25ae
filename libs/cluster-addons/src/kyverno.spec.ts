import { SYSTEM_NAMESPACE_NAMES } from '@platform/core';
import { synthJson } from '@platform/terraform-testing';
import { KYVERNO_CHART } from './addon-catalog';
import { Kyverno } from './kyverno';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

describe('Kyverno', () => {
  const synth = (highAvailability?: boolean) => synthJson((scope) => new Kyverno(scope, 'kyverno', { highAvailability }));

  it('installs the pinned chart into its own restricted namespace, atomically', () => {
    const json = synth();
    expect(releaseOf(json, 'kyverno')).toMatchObject({
      ...releaseSettings(KYVERNO_CHART, 'kyverno', true),
      name: 'kyverno',
      chart: 'kyverno',
      version: '3.9.0',
    });
    expect(json.resources('kubernetes_namespace_v1')).toEqual([
      expect.objectContaining({ metadata: { name: 'kyverno', labels: expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted' }) } }),
    ]);
  });

  it('keeps its webhooks out of the system namespaces, its own included', () => {
    const { config } = valuesOf(releaseOf(synth(), 'kyverno'));
    expect(config.webhooks.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...SYSTEM_NAMESPACE_NAMES] },
    ]);
    expect(config.webhooks.namespaceSelector.matchExpressions[0].values).toEqual(expect.arrayContaining(['kube-system', 'kyverno']));
    expect(config.excludeKyvernoNamespace).toBe(true);
  });

  it('leaves out the controllers validate-only policies do not use', () => {
    const values = valuesOf(releaseOf(synth(), 'kyverno'));
    expect([values.backgroundController, values.cleanupController]).toEqual([{ enabled: false }, { enabled: false }]);
  });

  it.each([
    [true, 3, 2, true],
    [false, 1, 1, false],
  ])('with highAvailability %s runs %i admission controllers and %i reports controllers (budgets %s)', (highAvailability, admission, others, budgets) => {
    const values = valuesOf(releaseOf(synth(highAvailability), 'kyverno'));
    expect(values.admissionController).toMatchObject({
      replicas: admission,
      podDisruptionBudget: { enabled: budgets, minAvailable: 1 },
      container: { resources: Kyverno.ADMISSION_RESOURCES },
    });
    expect(values.reportsController).toEqual({ replicas: others, podDisruptionBudget: { enabled: budgets, minAvailable: 1 } });
  });
});
