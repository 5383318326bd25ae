import { SYSTEM_NAMESPACE_NAMES } from '@platform/core';
import { synthJson } from '@platform/terraform-testing';
import { AdmissionRuleSource, KyvernoPolicies, KyvernoPoliciesProps } from './kyverno-policies';

const RULES: readonly AdmissionRuleSource[] = [
  {
    id: 'PLAT-K8S-001',
    description: 'No container runs privileged.',
    fix: 'set privileged false',
    admission: { kinds: ['Pod'], validate: { pattern: { spec: { containers: [{ '=(securityContext)': { '=(privileged)': 'false' } }] } } } },
  },
  { id: 'PLAT-K8S-011', description: 'Images come from ECR.', fix: 'push to ECR' },
  {
    id: 'PLAT-K8S-019',
    description: 'No cluster-admin binding.',
    fix: 'bind a narrower role',
    admission: { kinds: ['RoleBinding', 'ClusterRoleBinding'], validate: { pattern: { roleRef: { name: '!cluster-admin' } } } },
  },
];

describe('KyvernoPolicies', () => {
  const synth = (props: Partial<KyvernoPoliciesProps> = {}) =>
    synthJson((scope) => new KyvernoPolicies(scope, 'policies', { rules: RULES, applicationNamespaces: ['production'], ...props }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const policies = (props: Partial<KyvernoPoliciesProps> = {}): any[] =>
    synth(props)
      .resources('kubernetes_manifest')
      .map((resource) => resource.manifest);

  it('makes one ClusterPolicy per rule with an admission check, named by the rule', () => {
    expect(policies().map((policy) => [policy.apiVersion, policy.kind, policy.metadata.name])).toEqual([
      ['kyverno.io/v1', 'ClusterPolicy', 'plat-k8s-001'],
      ['kyverno.io/v1', 'ClusterPolicy', 'plat-k8s-019'],
    ]);
  });

  it('enforces in the application namespaces and audits elsewhere, the system namespaces excluded, with the rule as the message', () => {
    const [privileged] = policies();
    const message = 'PLAT-K8S-001: No container runs privileged. Fix: set privileged false';
    const validate = { pattern: RULES[0].admission?.validate.pattern, message };
    expect(privileged.spec).toEqual({
      background: true,
      // Enforcing: an object is refused while no admission controller answers (the default, where Kyverno is HA).
      failurePolicy: 'Fail',
      rules: [
        {
          name: 'enforce-in-application-namespaces',
          match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['production'] } }] },
          validate: { ...validate, failureAction: 'Enforce' },
        },
        {
          name: 'audit-elsewhere',
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          exclude: { any: [{ resources: { namespaces: ['production', ...SYSTEM_NAMESPACE_NAMES] } }] },
          validate: { ...validate, failureAction: 'Audit' },
        },
      ],
    });
  });

  it('only audits where no application namespace is listed, and then never refuses an object when Kyverno is down', () => {
    const [audit] = policies({ applicationNamespaces: [] });
    expect(audit.spec.rules.map((rule: { name: string }) => rule.name)).toEqual(['audit-elsewhere']);
    expect(audit.spec.failurePolicy).toBe('Ignore');
  });

  it('fails open where the installation asks for it (one admission controller)', () => {
    expect(policies({ enforceFailurePolicy: 'Ignore' }).map((policy) => policy.spec.failurePolicy)).toEqual(['Ignore', 'Ignore']);
  });

  it('only audits a rule the environment relaxes', () => {
    const relaxed = policies({ auditOnlyRuleIds: ['PLAT-K8S-001'] })[0];
    expect(relaxed.spec.rules.map((rule: { name: string; validate: { failureAction: string } }) => [rule.name, rule.validate.failureAction])).toEqual([
      ['audit-elsewhere', 'Audit'],
    ]);
    expect(relaxed.spec.rules[0].exclude.any[0].resources.namespaces).toEqual([...SYSTEM_NAMESPACE_NAMES]);
    // An audit refuses nothing, so neither may an unreachable Kyverno on its account; the enforcing policy still fails closed.
    expect(relaxed.spec.failurePolicy).toBe('Ignore');
    expect(policies({ auditOnlyRuleIds: ['PLAT-K8S-001'] })[1].spec.failurePolicy).toBe('Fail');
  });

  it.each<[string, Partial<KyvernoPoliciesProps>, RegExp]>([
    ['a system namespace as an application one', { applicationNamespaces: ['kube-system'] }, /'kube-system' is a system namespace, which the policies exclude/],
    ['a malformed namespace', { applicationNamespaces: ['Production'] }, /'Production' is not a namespace name/],
    ['an unknown audit-only rule', { auditOnlyRuleIds: ['PLAT-K8S-999'] }, /auditOnlyRuleIds: 'PLAT-K8S-999' is not one of the rules/],
  ])('refuses %s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
