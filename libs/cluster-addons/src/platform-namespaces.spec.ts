import { synthJson } from '@platform/terraform-testing';
import { PlatformNamespaceOptions, PlatformNamespaces, PlatformNamespacesProps } from './platform-namespaces';

type Json = ReturnType<typeof synthJson>;

describe('PlatformNamespaces', () => {
  const synth = (namespaces: PlatformNamespacesProps['namespaces']) => synthJson((scope) => new PlatformNamespaces(scope, 'namespaces', { namespaces }));
  const json = synth({ production: {}, staging: {}, monitoring: { podSecurity: 'baseline', labels: { team: 'platform' }, albReadinessGate: false } });
  const namespaceRef = (j: Json, name: string) => j.ref(j.resource('kubernetes_namespace_v1', `Namespace-${name}`), 'metadata[0].name');
  const inNamespace = (j: Json, type: string, name: string) => j.resources(type).filter((r) => (r.metadata as { namespace: string }).namespace === namespaceRef(j, name));

  it('creates one namespace per entry', () => {
    expect(json.resources('kubernetes_namespace_v1').map((n) => (n.metadata as { name: string }).name)).toEqual(['monitoring', 'production', 'staging']);
  });

  it('enforces the restricted Pod Security Standard by default and always audits and warns against it', () => {
    expect((json.resource('kubernetes_namespace_v1', 'Namespace-production').metadata as { labels: unknown }).labels).toEqual({
      'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('asks the Load Balancer Controller for pod readiness gates by default (new pods stay unready until the ALB sees them healthy)', () => {
    const labelsOf = (name: string) => (json.resource('kubernetes_namespace_v1', `Namespace-${name}`).metadata as { labels: Record<string, string> }).labels;
    expect(labelsOf('production')['elbv2.k8s.aws/pod-readiness-gate-inject']).toBe('enabled');
    expect(labelsOf('staging')['elbv2.k8s.aws/pod-readiness-gate-inject']).toBe('enabled');
    expect(labelsOf('monitoring')).not.toHaveProperty(['elbv2.k8s.aws/pod-readiness-gate-inject']);
  });

  it('enforces baseline where asked, keeping extra labels', () => {
    expect((json.resource('kubernetes_namespace_v1', 'Namespace-monitoring').metadata as { labels: unknown }).labels).toEqual({
      team: 'platform',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  describe('network policies', () => {
    it.each(['production', 'staging', 'monitoring'])('deny all ingress and egress of every pod in %s, then allow DNS only (no HTTP-01 solver: the ALB’s hosts use ACM certificates)', (name) => {
      const policies = Object.fromEntries(inNamespace(json, 'kubernetes_network_policy_v1', name).map((p) => [(p.metadata as { name: string }).name, p.spec]));
      expect(policies).toEqual({
        'default-deny-all': { pod_selector: {}, policy_types: ['Ingress', 'Egress'] },
        'allow-dns-egress': {
          pod_selector: {},
          policy_types: ['Egress'],
          egress: [
            {
              to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } }],
              ports: [
                { port: '53', protocol: 'UDP' },
                { port: '53', protocol: 'TCP' },
              ],
            },
          ],
        },
      });
    });

    it('let the load balancer’s subnets reach the HTTP-01 solvers when asked', () => {
      const solving = synthJson((scope) => new PlatformNamespaces(scope, 'namespaces', { namespaces: { production: {} }, acmeSolverIngress: { fromCidrs: ['10.0.0.0/23', '10.0.2.0/23'] } }));
      expect(solving.resource('kubernetes_network_policy_v1', 'AllowAcmeSolver-production')).toMatchObject({
        metadata: { name: 'allow-acme-http01-solver' },
        spec: {
          pod_selector: { match_labels: { 'acme.cert-manager.io/http01-solver': 'true' } },
          ingress: [{ from: [{ ip_block: { cidr: '10.0.0.0/23' } }, { ip_block: { cidr: '10.0.2.0/23' } }], ports: [{ port: '8089', protocol: 'TCP' }] }],
        },
      });
    });

    it('refuse a solver policy that admits no one', () => {
      expect(() => synthJson((scope) => new PlatformNamespaces(scope, 'namespaces', { namespaces: { production: {} }, acmeSolverIngress: { fromCidrs: [] } }))).toThrow(
        /acmeSolverIngress\.fromCidrs: is empty\. Fix: list the load balancer's subnets, or leave acmeSolverIngress out/,
      );
    });

    it('let listed namespaces connect in', () => {
      const withIngress = synth({ production: { allowIngressFromNamespaces: ['external-dns', 'monitoring'] } });
      expect(withIngress.resource('kubernetes_network_policy_v1', 'AllowIngressFrom-production')).toMatchObject({
        metadata: { name: 'allow-ingress-from-namespaces', namespace: namespaceRef(withIngress, 'production') },
        spec: {
          pod_selector: {},
          policy_types: ['Ingress'],
          ingress: [
            {
              from: [
                { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'external-dns' } } },
                { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
              ],
            },
          ],
        },
      });
    });
  });

  describe('quota and limits', () => {
    it('cap each namespace with the default quota, allowing no LoadBalancer or NodePort Services', () => {
      const [quota] = inNamespace(json, 'kubernetes_resource_quota_v1', 'production');
      expect(quota).toMatchObject({
        metadata: { name: 'default-quota' },
        spec: {
          hard: {
            'requests.cpu': '8',
            'requests.memory': '16Gi',
            'limits.cpu': '16',
            'limits.memory': '32Gi',
            'requests.storage': '200Gi',
            pods: '100',
            persistentvolumeclaims: '20',
            'services.loadbalancers': '0',
            'services.nodeports': '0',
          },
        },
      });
    });

    it('give every container default requests and limits and bound its size', () => {
      const [limits] = inNamespace(json, 'kubernetes_limit_range_v1', 'production');
      expect(limits).toMatchObject({
        metadata: { name: 'default-limits' },
        spec: {
          limit: [
            { type: 'Container', default_request: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' }, max: { cpu: '4', memory: '8Gi' } },
          ],
        },
      });
    });

    it('merge overrides field by field over the defaults', () => {
      const custom = synth({ production: { quota: { requestsCpu: '32', limitsCpu: '64', pods: 300 }, limits: { maxMemory: '16Gi' } } });
      const hard = (custom.resource('kubernetes_resource_quota_v1', 'Quota-production').spec as { hard: Record<string, string> }).hard;
      expect(hard).toMatchObject({ 'requests.cpu': '32', 'limits.cpu': '64', pods: '300', 'requests.memory': '16Gi' });
      const [limit] = (custom.resource('kubernetes_limit_range_v1', 'Limits-production').spec as { limit: { max: unknown }[] }).limit;
      expect(limit.max).toEqual({ cpu: '4', memory: '16Gi' });
    });
  });

  it('keys every resource by the namespace name, so adding a namespace leaves the others untouched', () => {
    const before = synth({ production: {} });
    const after = synth({ production: {}, staging: {} });
    for (const [type, blocks] of Object.entries(before.json.resource ?? {})) {
      for (const [logicalId, body] of Object.entries(blocks)) expect(after.json.resource?.[type]?.[logicalId]).toEqual(body);
    }
    expect(Object.values(after.json.resource ?? {}).flatMap(Object.keys)).toHaveLength(2 * 5);
  });

  it.each<[string, Record<string, PlatformNamespaceOptions>, RegExp]>([
    ['a name that is not a DNS label', { Production: {} }, /namespaces: namespaces\.Production: 'Production' is not a DNS label/],
    ['a namespace Kubernetes owns', { 'kube-system': {} }, /namespaces\.kube-system: 'kube-system' is created and owned by Kubernetes/],
    ['an unknown Pod Security level', { production: { podSecurity: 'strict' as never } }, /namespaces\.production\.podSecurity: 'strict' is not a Pod Security Standards level\. Fix: use one of restricted, baseline, privileged/],
    [
      'a Pod Security label set by hand',
      { production: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } },
      /namespaces\.production\.labels: 'pod-security\.kubernetes\.io\/enforce' is set from podSecurity/,
    ],
    [
      'the readiness gate label set by hand',
      { production: { labels: { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'disabled' } } },
      /namespaces\.production\.labels: 'elbv2\.k8s\.aws\/pod-readiness-gate-inject' is set from albReadinessGate\. Fix: set albReadinessGate instead of the label/,
    ],
    ['a malformed quota', { production: { quota: { requestsMemory: '16GB' } } }, /namespaces\.production\.quota\.requestsMemory: '16GB' is not a Kubernetes quantity/],
    ['a negative object count', { production: { quota: { pods: -1 } } }, /namespaces\.production\.quota\.pods: -1 is not a whole number of objects/],
    ['requests above limits', { production: { quota: { requestsCpu: '20' } } }, /namespaces\.production\.quota: requestsCpu 20 exceeds limitsCpu 16/],
    [
      'a default limit above the maximum',
      { production: { limits: { defaultLimitMemory: '16Gi' } } },
      /namespaces\.production\.limits: memory must grow from default request to default limit to max, but is 128Mi \/ 16Gi \/ 8Gi/,
    ],
    ['a default request above the default limit', { production: { limits: { defaultRequestCpu: '1' } } }, /limits: cpu must grow .* but is 1 \/ 500m \/ 4/],
    ['a malformed source namespace', { production: { allowIngressFromNamespaces: ['Ingress'] } }, /namespaces\.production\.allowIngressFromNamespaces: 'Ingress' is not a namespace name/],
  ])('rejects %s', (_case, namespaces, message) => {
    expect(() => synth(namespaces)).toThrow(message);
  });
});
