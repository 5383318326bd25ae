import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { BAD_POD_SPECS, compliantPodSpec, deploymentManifest } from '../testing/kubernetes-fixtures';
import { matchesPattern, passesValidate } from '../testing/kyverno-pattern';
import { findingsOf } from '../testing/rule-pack-tests';
import { KUBERNETES_RULES } from './kubernetes-rules';

/** A Pod in `production`, as the admission webhook sees it. */
const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'production' }, spec });
const POD_RULES = KUBERNETES_RULES.filter((rule) => rule.admission?.kinds.includes('Pod'));
/** Rules whose admission check is a JMESPath deny/foreach, which only Kyverno evaluates. */
const NOT_EVALUATED = ['PLAT-K8S-004', 'PLAT-K8S-018'];

describe('the admission checks of the Kubernetes rules', () => {
  it('exist for the Pod Security, host access, resources, image, LoadBalancer and RBAC rules', () => {
    expect(KUBERNETES_RULES.filter((rule) => rule.admission !== undefined).map(({ id }) => id)).toEqual([
      ...Object.keys(BAD_POD_SPECS),
      'PLAT-K8S-017',
      'PLAT-K8S-018',
      'PLAT-K8S-019',
    ]);
  });

  it('pass the compliant pod of the guardrail tests', () => {
    for (const rule of POD_RULES.filter(({ id }) => !NOT_EVALUATED.includes(id)))
      expect([rule.id, passesValidate(pod(compliantPodSpec()), rule.admission!.validate)]).toEqual([rule.id, true]);
  });

  describe.each(POD_RULES.filter(({ id }) => !NOT_EVALUATED.includes(id)).map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    const bad = BAD_POD_SPECS[id];

    it(`refuses ${bad.name}, the pod the guardrail flags`, () => {
      expect(passesValidate(pod(bad.spec), rule.admission!.validate)).toBe(false);
      expect(findingsOf(id, (stack) => new Manifest(stack, 'manifest', { manifest: deploymentManifest(bad.spec) }))).toHaveLength(1);
    });

    it('refuses no fixture of another rule that the guardrail passes', () => {
      for (const [otherId, other] of Object.entries(BAD_POD_SPECS).filter(([otherId]) => otherId !== id)) {
        const flagged = findingsOf(id, (stack) => new Manifest(stack, 'manifest', { manifest: deploymentManifest(other.spec) })).length > 0;
        expect([otherId, passesValidate(pod(other.spec), rule.admission!.validate)]).toEqual([otherId, !flagged]);
      }
    });
  });

  it('refuses a LoadBalancer Service and a cluster-admin binding, and passes their compliant forms', () => {
    const [loadBalancer, clusterAdmin] = ['PLAT-K8S-017', 'PLAT-K8S-019'].map(
      (id) => KUBERNETES_RULES.find((rule) => rule.id === id)!.admission!.validate.pattern
    );
    expect(matchesPattern({ kind: 'Service', spec: { type: 'LoadBalancer' } }, loadBalancer)).toBe(false);
    expect(matchesPattern({ kind: 'Service', spec: { type: 'ClusterIP' } }, loadBalancer)).toBe(true);
    expect(matchesPattern({ kind: 'Service', spec: {} }, loadBalancer)).toBe(true);
    expect(matchesPattern({ kind: 'ClusterRoleBinding', roleRef: { name: 'cluster-admin' } }, clusterAdmin)).toBe(false);
    expect(matchesPattern({ kind: 'ClusterRoleBinding', roleRef: { name: 'view' } }, clusterAdmin)).toBe(true);
  });
});

describe('matchesPattern', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['an equality anchor on an absent key', {}, { '=(hostNetwork)': 'false' }, true],
    ['an equality anchor on a present key', { hostNetwork: true }, { '=(hostNetwork)': 'false' }, false],
    ['a negation anchor on a present key', { hostPath: { path: '/' } }, { 'X(hostPath)': 'null' }, false],
    ['a required key that is absent', {}, { image: '*:*' }, false],
    ['every list element', { containers: [{ image: 'a:1' }, { image: 'b:latest' }] }, { containers: [{ image: '!*:latest' }] }, false],
    ['alternatives', { type: 'Localhost' }, { type: 'RuntimeDefault | Localhost' }, true],
    ['a non-empty value', { cpu: '' }, { cpu: '?*' }, false],
  ])('evaluates %s', (_name, resource, pattern, expected) => {
    expect(matchesPattern(resource, pattern)).toBe(expected);
  });
});
