import { SYSTEM_NAMESPACE_NAMES } from '@platform/core';
import { synthJson } from '@platform/terraform-testing';
import { KYVERNO_CHART } from './addon-catalog';
import { Kyverno, KyvernoProps } from './kyverno';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

describe('Kyverno', () => {
  const synth = (highAvailability?: boolean, props: KyvernoProps = {}) => synthJson((scope) => new Kyverno(scope, 'kyverno', { highAvailability, ...props }));

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

  it.each<[boolean, KyvernoProps, number, boolean, number, boolean]>([
    [true, {}, 3, true, 2, true],
    [false, { admissionReplicas: 2 }, 2, true, 1, false],
    [false, { enforceFailurePolicy: 'Ignore' }, 1, false, 1, false],
  ])('with highAvailability %s and %j runs %i admission controllers (budget %s) and %i reports controllers (budget %s)', (highAvailability, props, admission, admissionBudget, reports, reportsBudget) => {
    const values = valuesOf(releaseOf(synth(highAvailability, props), 'kyverno'));
    expect(values.admissionController).toMatchObject({
      replicas: admission,
      podDisruptionBudget: { enabled: admissionBudget, minAvailable: 1 },
      container: { resources: Kyverno.ADMISSION_RESOURCES },
    });
    expect(values.reportsController).toEqual({ replicas: reports, podDisruptionBudget: { enabled: reportsBudget, minAvailable: 1 } });
  });

  describe('failure policy of the enforcing policies', () => {
    const kyverno = (props: KyvernoProps) => {
      let construct: Kyverno | undefined;
      synthJson((scope) => (construct = new Kyverno(scope, 'kyverno', props)));
      return construct as Kyverno;
    };

    it('fails closed by default, with three admission controllers to answer', () => {
      expect([kyverno({}).enforceFailurePolicy, kyverno({}).admissionReplicas]).toEqual(['Fail', 3]);
    });

    it('fails closed with two admission controllers, or open when asked', () => {
      expect(kyverno({ highAvailability: false, admissionReplicas: 2 }).enforceFailurePolicy).toBe('Fail');
      expect(kyverno({ highAvailability: false, enforceFailurePolicy: 'Ignore' }).enforceFailurePolicy).toBe('Ignore');
    });

    it.each<[string, KyvernoProps, RegExp]>([
      [
        'failing closed with one admission controller',
        { highAvailability: false },
        /enforceFailurePolicy: 'Fail' with 1 admission replica would block pod creation whenever that replica restarts\. Fix: set admissionReplicas to 2 or more/,
      ],
      ['failing closed with one admission controller despite highAvailability', { admissionReplicas: 1 }, /enforceFailurePolicy: 'Fail' with 1 admission replica/],
      ['no admission controller', { admissionReplicas: 0, enforceFailurePolicy: 'Ignore' }, /admissionReplicas: 0 is not a replica count/],
      ['a fractional replica count', { admissionReplicas: 2.5 }, /admissionReplicas: 2\.5 is not a replica count/],
    ])('refuses %s', (_name, props, message) => {
      expect(() => kyverno(props)).toThrow(message);
    });
  });
});
