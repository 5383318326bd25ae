import { Release } from '@cdktf/provider-helm/lib/release';
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1, ClusterRoleV1Rule } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { DeploymentV1, DeploymentV1Config } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { BAD_POD_SPECS, compliantContainer, compliantPodSpec, deploymentManifest, PINNED_IMAGE } from '../testing/kubernetes-fixtures';
import { findingsOf, testRulePack, Violation } from '../testing/rule-pack-tests';
import { KUBERNETES_RULES } from './kubernetes-rules';

const LABELS = { 'app.kubernetes.io/name': 'web' };
/** The repository of PINNED_IMAGE, without its tag. */
const REPOSITORY = PINNED_IMAGE.split(':')[0];
/** The reference of a variable `image_tag` whose validation refuses latest. */
const validatedTag = (stack: TerraformStack) =>
  new TerraformVariable(stack, 'image_tag', {
    type: 'string',
    validation: [{ condition: '${var.image_tag != "latest"}', errorMessage: 'not latest' }],
  }).stringValue;
/** A ConfigMap manifest in production: a Kubernetes object holding no pod. */
const configMap = (scope: Construct) =>
  new Manifest(scope, 'config', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'production' }, data: { key: 'value' } } });

/** A Deployment as Workloads from @platform/workloads writes it: restricted, sized, probed, no token. */
function deployment(scope: Construct, id = 'web', container: Record<string, unknown> = {}, pod: Record<string, unknown> = {}, replicas = '2'): DeploymentV1 {
  const config: DeploymentV1Config = {
    metadata: { name: 'web', namespace: 'production' },
    spec: {
      replicas,
      selector: { matchLabels: LABELS },
      template: {
        metadata: { labels: LABELS },
        spec: {
          automountServiceAccountToken: false,
          serviceAccountName: 'web',
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          container: [
            {
              name: 'web',
              image: PINNED_IMAGE,
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              resources: {
                requests: { cpu: '250m', memory: '512Mi' },
                limits: { cpu: '500m', memory: '1Gi' },
              },
              livenessProbe: { httpGet: { path: '/health', port: '3000' } },
              readinessProbe: { httpGet: { path: '/ready', port: '3000' } },
              ...container,
            },
          ],
          ...pod,
        },
      },
    },
  };
  return new DeploymentV1(scope, id, config);
}

const service = (scope: Construct, type = 'ClusterIP') =>
  new ServiceV1(scope, 'service', {
    metadata: { name: 'web', namespace: 'production' },
    spec: { selector: LABELS, type, port: [{ port: 80 }] },
  });
const budget = (scope: Construct) =>
  new PodDisruptionBudgetV1(scope, 'budget', {
    metadata: { name: 'web', namespace: 'production' },
    spec: { minAvailable: '1', selector: { matchLabels: LABELS } },
  });
const account = (scope: Construct, automount = false) =>
  new ServiceAccountV1(scope, 'account', {
    metadata: { name: 'web', namespace: 'production' },
    automountServiceAccountToken: automount,
  });
function namespace(scope: Construct, defaultDeny = true): void {
  const created = new NamespaceV1(scope, 'namespace', {
    metadata: { name: 'production' },
  });
  if (defaultDeny)
    new NetworkPolicyV1(scope, 'deny', {
      metadata: { name: 'default-deny-all', namespace: created.metadata.name },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
}
const role = (scope: Construct, rule: Partial<ClusterRoleV1Rule> = {}) =>
  new ClusterRoleV1(scope, 'role', {
    metadata: { name: 'reader' },
    rule: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'], ...rule }],
  });
const binding = (scope: Construct, roleName = 'reader') =>
  new ClusterRoleBindingV1(scope, 'binding', {
    metadata: { name: 'reader' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: roleName,
    },
    subject: [{ kind: 'Group', name: 'readers', apiGroup: 'rbac.authorization.k8s.io' }],
  });
const release = (scope: Construct, values: Record<string, unknown>, releaseNamespace = 'tools') =>
  new Release(scope, 'chart', {
    name: 'tool',
    chart: 'tool',
    repository: 'https://charts.example.com',
    version: '1.0.0',
    namespace: releaseNamespace,
    values: [JSON.stringify(values)],
  });
const manifest = (scope: Construct, object: Record<string, unknown>, id = 'manifest') => new Manifest(scope, id, { manifest: object });

/** Everything compliant: what the platform's own constructs write. */
function compliant(stack: TerraformStack): void {
  deployment(stack);
  service(stack);
  budget(stack);
  account(stack);
  namespace(stack);
  role(stack);
  binding(stack);
  release(stack, {
    image: { tag: 'v1.2.3' },
    securityContext: { privileged: false },
  });
  manifest(stack, deploymentManifest(compliantPodSpec()), 'worker');
}

/** A violation of a pod rule: the fixture pod spec, as a Deployment manifest in `production`. */
const badPod = (ruleId: string): Violation => ({
  name: BAD_POD_SPECS[ruleId].name,
  build: (stack) => manifest(stack, deploymentManifest(BAD_POD_SPECS[ruleId].spec)),
  path: 'manifest',
  problem: BAD_POD_SPECS[ruleId].problem,
});

describe('Kubernetes rules', () => {
  testRulePack(KUBERNETES_RULES, compliant, {
    ...Object.fromEntries(Object.keys(BAD_POD_SPECS).map((ruleId) => [ruleId, [badPod(ruleId)]])),
    'PLAT-K8S-001': [
      badPod('PLAT-K8S-001'),
      {
        name: 'a privileged Terraform deployment',
        build: (stack) =>
          deployment(stack, 'web', {
            securityContext: {
              privileged: true,
              allowPrivilegeEscalation: false,
              runAsNonRoot: true,
              capabilities: { drop: ['ALL'] },
            },
          }),
        path: 'web',
        problem: 'privileged is true',
      },
    ],
    'PLAT-K8S-009': [
      badPod('PLAT-K8S-009'),
      {
        name: 'a Terraform deployment without limits',
        build: (stack) =>
          deployment(stack, 'web', {
            resources: { requests: { cpu: '1', memory: '1Gi' } },
          }),
        path: 'web',
        problem: 'containers[0] web: has no memory limit',
      },
    ],
    'PLAT-K8S-010': [
      badPod('PLAT-K8S-010'),
      {
        name: 'an untagged image',
        build: (stack) => deployment(stack, 'web', { image: 'nginx' }),
        path: 'web',
        problem: 'image nginx has no tag, so it runs latest',
      },
      {
        name: 'a tag from an unvalidated variable',
        build: (stack) =>
          deployment(stack, 'web', {
            image: `${PINNED_IMAGE.split(':')[0]}:${new TerraformVariable(stack, 'tag', { type: 'string' }).stringValue}`,
          }),
        path: 'web',
        problem: 'whose validation does not refuse latest',
      },
    ],
    'PLAT-K8S-011': [
      {
        name: 'a Docker Hub image',
        build: (stack) => deployment(stack, 'web', { image: 'nginx:1.27' }),
        path: 'web',
        problem: 'image "nginx:1.27" is not from the account\'s ECR',
      },
    ],
    'PLAT-K8S-012': [
      {
        name: 'a served deployment without a readiness probe',
        build: (stack) => {
          deployment(stack, 'web', { readinessProbe: undefined });
          service(stack);
        },
        path: 'web',
        problem: 'has no readinessProbe though a Service sends it traffic',
      },
    ],
    'PLAT-K8S-013': [
      {
        name: 'a pod mounting a token',
        build: (stack) => deployment(stack, 'web', {}, { automountServiceAccountToken: true }),
        path: 'web',
        problem: 'automountServiceAccountToken is true',
      },
    ],
    'PLAT-K8S-014': [
      {
        name: 'a service account mounting tokens',
        build: (stack) => account(stack, true),
        path: 'account',
        problem: 'automount_service_account_token is true',
      },
    ],
    'PLAT-K8S-015': [
      {
        name: 'two replicas without a budget',
        build: (stack) => deployment(stack),
        path: 'web',
        problem: 'runs 2 replicas and no PodDisruptionBudget selects its pods',
      },
    ],
    'PLAT-K8S-016': [
      {
        name: 'a namespace without default deny',
        build: (stack) => namespace(stack, false),
        path: 'namespace',
        problem: 'namespace production has no default-deny NetworkPolicy',
      },
    ],
    'PLAT-K8S-017': [
      {
        name: 'a LoadBalancer Service',
        build: (stack) => service(stack, 'LoadBalancer'),
        path: 'service',
        problem: 'Service production/web is of type LoadBalancer',
      },
      {
        name: 'a LoadBalancer in chart values',
        build: (stack) => release(stack, { controller: { service: { type: 'LoadBalancer' } } }),
        path: 'chart',
        problem: 'values set controller.service.type to LoadBalancer',
      },
    ],
    'PLAT-K8S-018': [
      {
        name: 'wildcard verbs',
        build: (stack) => role(stack, { verbs: ['*'] }),
        path: 'role',
        problem: 'rule[0].verbs is "*"',
      },
    ],
    'PLAT-K8S-019': [
      {
        name: 'a cluster-admin binding',
        build: (stack) => binding(stack, 'cluster-admin'),
        path: 'binding',
        problem: 'binds cluster-admin',
      },
    ],
    'PLAT-K8S-020': [
      {
        name: 'hostNetwork in chart values',
        build: (stack) => release(stack, { hostNetwork: true }),
        path: 'chart',
        problem: 'values set hostNetwork to true in namespace tools',
      },
    ],
    'PLAT-K8S-021': [
      {
        name: 'a latest tag in chart values',
        build: (stack) => release(stack, { image: { tag: 'latest' } }),
        path: 'chart',
        problem: 'values set image.tag to latest',
      },
    ],
  });

  it('lets the system namespaces run node agents with host access', () => {
    const agent = compliantPodSpec({
      hostNetwork: true,
      hostPID: true,
      volumes: [{ name: 'proc', hostPath: { path: '/proc' } }],
    });
    for (const ruleId of ['PLAT-K8S-006', 'PLAT-K8S-007']) {
      expect(findingsOf(ruleId, (stack) => manifest(stack, deploymentManifest(agent, 'kube-system')))).toEqual([]);
      expect(findingsOf(ruleId, (stack) => manifest(stack, deploymentManifest(agent, 'monitoring')))).toEqual([]);
    }
    expect(findingsOf('PLAT-K8S-020', (stack) => release(stack, { hostNetwork: true }, 'kube-system'))).toEqual([]);
  });

  it('accepts a digest, a tag from a variable that refuses latest, and a token mounted through a service account the pod names', () => {
    const digest = `${PINNED_IMAGE.split(':')[0]}@sha256:${'a'.repeat(64)}`;
    expect(findingsOf('PLAT-K8S-010', (stack) => deployment(stack, 'web', { image: digest }))).toEqual([]);
    const validated = (stack: TerraformStack) =>
      new TerraformVariable(stack, 'image_tag', {
        type: 'string',
        validation: [
          {
            condition: '${var.image_tag != "latest"}',
            errorMessage: 'not latest',
          },
        ],
      }).stringValue;
    expect(
      findingsOf('PLAT-K8S-010', (stack) =>
        deployment(stack, 'web', {
          image: `${PINNED_IMAGE.split(':')[0]}:${validated(stack)}`,
        })
      )
    ).toEqual([]);
    expect(
      findingsOf('PLAT-K8S-013', (stack) => {
        account(stack);
        deployment(stack, 'web', {}, { automountServiceAccountToken: undefined });
      })
    ).toEqual([]);
  });

  it('needs no budget for one replica, and accepts a PodDisruptionBudget manifest', () => {
    expect(findingsOf('PLAT-K8S-015', (stack) => deployment(stack, 'web', {}, {}, '1'))).toEqual([]);
    const manifestBudget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'production' },
      spec: { minAvailable: 1, selector: { matchLabels: LABELS } },
    };
    expect(
      findingsOf('PLAT-K8S-015', (stack) => {
        deployment(stack);
        manifest(stack, manifestBudget);
      })
    ).toEqual([]);
  });

  it('ends a finding with the construct path and the fix', () => {
    const [finding] = findingsOf('PLAT-K8S-001', (stack) => manifest(stack, deploymentManifest(BAD_POD_SPECS['PLAT-K8S-001'].spec)));
    expect(finding.message).toBe(
      'PLAT-K8S-001 test/manifest (kubernetes_manifest.manifest): containers[0] api: privileged is true. Fix: set security_context.privileged = false on the container, or leave it unset (Workloads from @platform/workloads does)'
    );
  });
});

describe('Kubernetes pod rules at the edge of their conditions', () => {
  type Json = Record<string, unknown>;
  const RESTRICTED = compliantContainer().securityContext as Json;
  /** A Deployment manifest in production whose one container has `security` merged into its security context. */
  const pod = (podFields: Json, container: Json = {}, security: Json = {}) => (stack: TerraformStack) =>
    manifest(stack, deploymentManifest(compliantPodSpec(podFields, { ...container, securityContext: { ...RESTRICTED, ...security } })));
  const problems = (ruleId: string, build: (stack: TerraformStack) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);

  it.each<[string, string, (stack: TerraformStack) => void, string[]]>([
    ['PLAT-K8S-001', 'privileged written as the string "true"', pod({}, {}, { privileged: 'true' }), ['containers[0] api: privileged is true']],
    ['PLAT-K8S-001', 'a privileged init container', pod({ initContainers: [compliantContainer({ name: 'setup', securityContext: { ...RESTRICTED, privileged: true } })] }), ['initContainers[0] setup: privileged is true']],
    ['PLAT-K8S-002', 'allowPrivilegeEscalation unset', pod({}, {}, { allowPrivilegeEscalation: undefined }), ['containers[0] api: allowPrivilegeEscalation is not set']],
    ['PLAT-K8S-003', 'runAsNonRoot on the pod only', pod({}, {}, { runAsNonRoot: undefined }), []],
    ['PLAT-K8S-003', 'runAsNonRoot true on the pod, false on the container', pod({}, {}, { runAsNonRoot: false }), ['containers[0] api: runAsNonRoot is false']],
    ['PLAT-K8S-003', 'runAsNonRoot on the container only', pod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), []],
    ['PLAT-K8S-004', 'ALL dropped, NET_BIND_SERVICE added back', pod({}, {}, { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }), []],
    ['PLAT-K8S-004', 'ALL dropped, SYS_ADMIN added', pod({}, {}, { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } }), ['containers[0] api: capabilities.add has SYS_ADMIN']],
    ['PLAT-K8S-005', 'Localhost on the container, nothing on the pod', pod({ securityContext: { runAsNonRoot: true } }, {}, { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }), []],
    ['PLAT-K8S-005', 'RuntimeDefault on the pod only', pod({}, {}, { seccompProfile: undefined }), []],
    ['PLAT-K8S-005', 'Unconfined on the container under a RuntimeDefault pod', pod({}, {}, { seccompProfile: { type: 'Unconfined' } }), ['containers[0] api: seccompProfile.type is "Unconfined"']],
    ['PLAT-K8S-005', 'no profile anywhere', pod({ securityContext: { runAsNonRoot: true } }, {}, { seccompProfile: undefined }), ['containers[0] api: seccompProfile.type is not set']],
    ['PLAT-K8S-005', 'Unconfined on the pod, none on the container', pod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } }, {}, { seccompProfile: undefined }), ['containers[0] api: seccompProfile.type is "Unconfined"']],
    ['PLAT-K8S-006', 'host PID and IPC namespaces', pod({ hostPID: true, hostIPC: 'true' }), ['hostPID, hostIPC are true in namespace production']],
    ['PLAT-K8S-006', 'host namespaces set false', pod({ hostNetwork: false, hostPID: 'false' }), []],
    ['PLAT-K8S-007', 'two hostPath volumes among others', pod({ volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'a', hostPath: { path: '/a' } }, { name: 'b', hostPath: { path: '/b' } }] }), ['mounts hostPath volume a, b in namespace production']],
    ['PLAT-K8S-008', 'no memory request', pod({}, { resources: { requests: { cpu: '1' }, limits: { memory: '1Gi' } } }), ['containers[0] api: requests no memory']],
    ['PLAT-K8S-008', 'no requests at all', pod({}, { resources: { limits: { memory: '1Gi' } } }), ['containers[0] api: requests no cpu or memory']],
    ['PLAT-K8S-010', 'an empty image', pod({}, { image: ' ' }), ['containers[0] api: has no image']],
    ['PLAT-K8S-010', 'a registry port and no tag', pod({}, { image: 'registry.example.com:5000/api' }), ['containers[0] api: image registry.example.com:5000/api has no tag, so it runs latest']],
    ['PLAT-K8S-010', 'a tag from an expression other than a variable', pod({}, { image: `${PINNED_IMAGE.split(':')[0]}:\${local.tag}` }), [`containers[0] api: image ${PINNED_IMAGE.split(':')[0]}:\${local.tag} has a tag known only at apply time`]],
    ['PLAT-K8S-010', 'a tag named like latest but not latest', pod({}, { image: `${PINNED_IMAGE.split(':')[0]}:latest-1` }), []],
    ['PLAT-K8S-001', 'a manifest holding no pod', configMap, []],
    ['PLAT-K8S-001', 'two privileged containers', pod({ containers: [compliantContainer({ securityContext: { ...RESTRICTED, privileged: true } }), compliantContainer({ name: 'sidecar', securityContext: { ...RESTRICTED, privileged: true } })] }), ['containers[0] api: privileged is true; containers[1] sidecar: privileged is true']],
    ['PLAT-K8S-004', 'ALL dropped, SYS_ADMIN and NET_RAW added', pod({}, {}, { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN', 'NET_RAW'] } }), ['containers[0] api: capabilities.add has SYS_ADMIN, NET_RAW']],
    ['PLAT-K8S-010', 'no image at all', pod({}, { image: undefined }), ['containers[0] api: has no image']],
    ['PLAT-K8S-010', 'a digest known only at apply time', pod({}, { image: `${REPOSITORY}@sha256:\${local.digest}` }), []],
    ['PLAT-K8S-010', 'a tagged image without a registry', pod({}, { image: 'nginx:1.27' }), []],
    ['PLAT-K8S-010', 'an image that is only a latest tag', pod({}, { image: ':latest' }), ['containers[0] api: image :latest is latest']],
    ['PLAT-K8S-010', 'a validated variable after a literal prefix', (stack) => deployment(stack, 'web', { image: `${REPOSITORY}:v${validatedTag(stack)}` }), [`containers[0] web: image ${REPOSITORY}:v\${var.image_tag} has a tag known only at apply time`]],
    ['PLAT-K8S-010', 'a validated variable before a literal suffix', (stack) => deployment(stack, 'web', { image: `${REPOSITORY}:${validatedTag(stack)}-arm` }), [`containers[0] web: image ${REPOSITORY}:\${var.image_tag}-arm has a tag known only at apply time`]],
    ['PLAT-K8S-011', 'an ECR image written as a list', pod({}, { image: [PINNED_IMAGE] }), [`containers[0] api: image ["${PINNED_IMAGE}"] is not from the account's ECR`]],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});

describe('Kubernetes workload and RBAC rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: TerraformStack) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  const servedBy = (selector: Record<string, string>, serviceNamespace = 'production') => (stack: TerraformStack) => {
    deployment(stack, 'web', { readinessProbe: undefined, livenessProbe: undefined });
    new ServiceV1(stack, 'service', { metadata: { name: 'web', namespace: serviceNamespace }, spec: { selector, port: [{ port: 80 }] } });
  };
  const serviceManifest = (kind: string) => (stack: TerraformStack) => {
    deployment(stack, 'web', { readinessProbe: undefined });
    manifest(stack, { apiVersion: 'v1', kind, metadata: { name: 'web', namespace: 'production' }, spec: { selector: LABELS, ports: [{ port: 80 }] } }, 'svc');
  };
  const budgetFor = (selector: Record<string, string>, budgetNamespace = 'production') => (stack: TerraformStack) => {
    deployment(stack);
    new PodDisruptionBudgetV1(stack, 'budget', { metadata: { name: 'web', namespace: budgetNamespace }, spec: { minAvailable: '1', selector: { matchLabels: selector } } });
  };
  const rbacManifest = (object: Record<string, unknown>) => (stack: TerraformStack) => manifest(stack, { apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'x' }, ...object });

  it.each<[string, string, (stack: TerraformStack) => void, string[]]>([
    ['PLAT-K8S-012', 'a served deployment without either probe', servedBy(LABELS), ['containers[0] web: has no livenessProbe or readinessProbe though a Service sends it traffic']],
    ['PLAT-K8S-012', 'a Service in another namespace', servedBy(LABELS, 'staging'), []],
    ['PLAT-K8S-012', 'a Service selecting another label value', servedBy({ 'app.kubernetes.io/name': 'api' }), []],
    ['PLAT-K8S-012', 'a Service selecting a label the pods lack as well', servedBy({ ...LABELS, tier: 'edge' }), []],
    ['PLAT-K8S-012', 'a Service with an empty selector (it selects no pod)', servedBy({}), []],
    ['PLAT-K8S-012', 'a Service written as a manifest', serviceManifest('Service'), ['containers[0] web: has no readinessProbe though a Service sends it traffic']],
    ['PLAT-K8S-012', 'a manifest of another kind with a selector', serviceManifest('ReplicationController'), []],
    ['PLAT-K8S-013', 'no automount setting and no service account in the stack', (stack) => deployment(stack, 'web', {}, { automountServiceAccountToken: undefined }), ['automountServiceAccountToken is not set and its service account is not in the stack']],
    ['PLAT-K8S-013', 'no automount setting and a service account that mounts tokens', (stack) => { account(stack, true); deployment(stack, 'web', {}, { automountServiceAccountToken: undefined }); }, ['automountServiceAccountToken is not set and its service account mounts tokens']],
    ['PLAT-K8S-013', 'a non-mounting service account of the same name in another namespace', (stack) => { new ServiceAccountV1(stack, 'other', { metadata: { name: 'web', namespace: 'staging' }, automountServiceAccountToken: false }); deployment(stack, 'web', {}, { automountServiceAccountToken: undefined }); }, ['automountServiceAccountToken is not set and its service account is not in the stack']],
    ['PLAT-K8S-015', 'two replicas and a budget selecting them', budgetFor(LABELS), []],
    ['PLAT-K8S-015', 'a budget in another namespace', budgetFor(LABELS, 'staging'), ['runs 2 replicas and no PodDisruptionBudget selects its pods']],
    ['PLAT-K8S-015', 'a budget selecting other pods', budgetFor({ 'app.kubernetes.io/name': 'api' }), ['runs 2 replicas and no PodDisruptionBudget selects its pods']],
    ['PLAT-K8S-015', 'a StatefulSet manifest of 3 replicas', (stack) => manifest(stack, { ...deploymentManifest(compliantPodSpec(), 'production', 3), kind: 'StatefulSet' }), ['runs 3 replicas and no PodDisruptionBudget selects its pods']],
    ['PLAT-K8S-018', 'wildcard API groups and resources', (stack) => role(stack, { apiGroups: ['*'], resources: ['*'] }), ['rule[0].apiGroups, rule[0].resources are "*"']],
    ['PLAT-K8S-018', 'a Role manifest with wildcard verbs', rbacManifest({ kind: 'Role', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['*'] }] }), ['rule[1].verbs is "*"']],
    ['PLAT-K8S-018', 'a ClusterRole manifest naming everything', rbacManifest({ kind: 'ClusterRole', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }), []],
    ['PLAT-K8S-018', 'a manifest of another kind with wildcard rules', rbacManifest({ kind: 'Policy', rules: [{ verbs: ['*'] }] }), []],
    ['PLAT-K8S-019', 'a ClusterRoleBinding manifest to cluster-admin', rbacManifest({ kind: 'ClusterRoleBinding', roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' } }), ['binds cluster-admin']],
    ['PLAT-K8S-019', 'a RoleBinding manifest to cluster-admin', rbacManifest({ kind: 'RoleBinding', roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } }), ['binds cluster-admin']],
    ['PLAT-K8S-019', 'a binding to a role named like cluster-admin', (stack) => binding(stack, 'cluster-admin-view'), []],
    ['PLAT-K8S-012', 'a served deployment whose init container has no probes', (stack) => { deployment(stack, 'web', {}, { initContainer: [{ name: 'setup', image: PINNED_IMAGE }] }); service(stack); }, []],
    ['PLAT-K8S-012', 'two served containers without probes', (stack) => { deployment(stack, 'web', {}, { container: [{ name: 'a', image: PINNED_IMAGE }, { name: 'b', image: PINNED_IMAGE }] }); service(stack); }, ['containers[0] a: has no livenessProbe or readinessProbe though a Service sends it traffic; containers[1] b: has no livenessProbe or readinessProbe though a Service sends it traffic']],
    ['PLAT-K8S-013', 'a manifest holding no pod', configMap, []],
    ['PLAT-K8S-013', 'a pod mounting a token under a non-mounting service account', (stack) => { account(stack); deployment(stack, 'web', {}, { automountServiceAccountToken: true }); }, ['automountServiceAccountToken is true and overrides its service account, which mounts none']],
    ['PLAT-K8S-013', 'a non-mounting service account of another name in the namespace', (stack) => { new ServiceAccountV1(stack, 'other', { metadata: { name: 'other', namespace: 'production' }, automountServiceAccountToken: false }); deployment(stack, 'web', {}, { automountServiceAccountToken: undefined }); }, ['automountServiceAccountToken is not set and its service account is not in the stack']],
    ['PLAT-K8S-018', 'a ClusterRole manifest with wildcard resources', rbacManifest({ kind: 'ClusterRole', rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }), ['rule[0].resources is "*"']],
    ['PLAT-K8S-019', 'a RoleBinding manifest without a roleRef', rbacManifest({ kind: 'RoleBinding', subjects: [{ kind: 'Group', name: 'readers' }] }), []],
    ['PLAT-K8S-019', 'another kind referring to cluster-admin', rbacManifest({ kind: 'ConfigMap', roleRef: { name: 'cluster-admin' } }), []],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});

describe('Kubernetes network and chart rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: TerraformStack) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  /** The production namespace with one NetworkPolicy of `spec`, in it by reference (default) or by name. */
  const withPolicy = (spec: Record<string, unknown>, byName = false, policyNamespace = 'production') => (stack: TerraformStack) => {
    const created = new NamespaceV1(stack, 'namespace', { metadata: { name: 'production' } });
    new NetworkPolicyV1(stack, 'policy', { metadata: { name: 'p', namespace: byName ? policyNamespace : created.metadata.name }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ...spec } });
  };
  const NO_POLICY = ['namespace production has no default-deny NetworkPolicy'];

  it.each<[string, string, (stack: TerraformStack) => void, string[]]>([
    ['PLAT-K8S-016', 'a default deny in the namespace by name', withPolicy({}, true), []],
    ['PLAT-K8S-016', 'a default deny in another namespace', withPolicy({}, true, 'staging'), NO_POLICY],
    ['PLAT-K8S-016', 'a policy denying Ingress only', withPolicy({ policyTypes: ['Ingress'] }), NO_POLICY],
    ['PLAT-K8S-016', 'a policy denying Egress only', withPolicy({ policyTypes: ['Egress'] }), NO_POLICY],
    ['PLAT-K8S-016', 'a policy selecting some pods', withPolicy({ podSelector: { matchLabels: LABELS } }), NO_POLICY],
    ['PLAT-K8S-016', 'a policy allowing some ingress', withPolicy({ ingress: [{ from: [{ podSelector: {} }] }] }), NO_POLICY],
    ['PLAT-K8S-016', 'a policy allowing some egress', withPolicy({ egress: [{ to: [{ podSelector: {} }] }] }), NO_POLICY],
    ['PLAT-K8S-016', 'a system namespace without a policy', (stack) => new NamespaceV1(stack, 'namespace', { metadata: { name: 'kube-system' } }), []],
    ['PLAT-K8S-017', 'a NodePort Service', (stack) => service(stack, 'NodePort'), []],
    ['PLAT-K8S-017', 'a LoadBalancer Service manifest', (stack) => manifest(stack, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'production' }, spec: { type: 'LoadBalancer' } }), ['Service production/web is of type LoadBalancer']],
    ['PLAT-K8S-017', 'another manifest of type LoadBalancer', (stack) => manifest(stack, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'production' }, spec: { type: 'LoadBalancer' } }), []],
    ['PLAT-K8S-017', 'a chart value of another key set to LoadBalancer', (stack) => release(stack, { service: { kind: 'LoadBalancer', type: 'ClusterIP' } }), []],
    ['PLAT-K8S-020', 'host access values in the default namespace', (stack) => new Release(stack, 'chart', { name: 'tool', chart: 'tool', values: [JSON.stringify({ pod: { hostPID: 'true', privileged: true, hostIPC: false } })] }), ['values set pod.hostPID, pod.privileged to true in namespace default']],
    ['PLAT-K8S-020', 'other keys set true', (stack) => release(stack, { rbac: { create: true }, hostNetworkPolicy: true }), []],
    ['PLAT-K8S-021', 'an image reference ending in :latest', (stack) => release(stack, { sidecar: { image: 'busybox:latest' } }), ['values set sidecar.image to latest']],
    ['PLAT-K8S-016', 'a default deny by reference in a namespace without a literal name', (stack) => { const created = new NamespaceV1(stack, 'namespace', { metadata: { generateName: 'preview-' } }); new NetworkPolicyV1(stack, 'policy', { metadata: { name: 'p', namespace: created.metadata.name }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }); }, []],
    ['PLAT-K8S-016', 'a namespace without a literal name, a default deny in a namespace known at apply time', (stack) => { new NamespaceV1(stack, 'namespace', { metadata: { generateName: 'preview-' } }); new NetworkPolicyV1(stack, 'policy', { metadata: { name: 'p', namespace: new TerraformVariable(stack, 'policy_namespace', { type: 'string' }).stringValue }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }); }, ['namespace undefined has no default-deny NetworkPolicy']],
    ['PLAT-K8S-017', 'two LoadBalancers in chart values', (stack) => release(stack, { a: { service: { type: 'LoadBalancer' } }, b: { service: { type: 'LoadBalancer' } } }), ['values set a.service.type, b.service.type to LoadBalancer']],
    ['PLAT-K8S-020', 'host access values in the namespace of another release', (stack) => { const other = new Release(stack, 'other', { name: 'other', chart: 'other', namespace: 'kube-system' }); new Release(stack, 'chart', { name: 'tool', chart: 'tool', namespace: other.namespace, values: [JSON.stringify({ hostNetwork: true })] }); }, ['values set hostNetwork to true in namespace ${helm_release.other.namespace}']],
    ['PLAT-K8S-021', 'two latest values', (stack) => release(stack, { image: { tag: 'latest' }, sidecar: { image: 'busybox:latest' } }), ['values set image.tag, sidecar.image to latest']],
    ['PLAT-K8S-021', 'a latest image reference under another key, or not a string', (stack) => release(stack, { sidecar: { repository: 'busybox:latest', image: ['busybox:latest'] } }), []],
    ['PLAT-K8S-021', 'an image reference with a latest-like tag', (stack) => release(stack, { sidecar: { image: 'busybox:latest-1' }, tag: 'latest-2', version: 'latest' }), []],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });
});
