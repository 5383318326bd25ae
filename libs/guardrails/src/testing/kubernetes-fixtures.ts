/**
 * Pods in the shape of the Kubernetes API, shared by the guardrail tests (wrapped in a `kubernetes_manifest`
 * Deployment) and the admission tests (the Kyverno patterns of the same rules run against them): one compliant pod,
 * and per rule a pod that breaks only that rule.
 */

type Json = Record<string, unknown>;

/** An image of the account's ECR, pinned by version. */
export const PINNED_IMAGE = '111122223333.dkr.ecr.eu-central-1.amazonaws.com/project/api:1.4.2';

/** A container as the platform's Workloads build it: restricted security context, requests, limits, probes. */
export function compliantContainer(overrides: Json = {}): Json {
  return {
    name: 'api',
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
      limits: { memory: '1Gi' },
    },
    livenessProbe: { httpGet: { path: '/health', port: 3000 } },
    readinessProbe: { httpGet: { path: '/ready', port: 3000 } },
    ...overrides,
  };
}

/** A pod spec that passes every Kubernetes rule. */
export function compliantPodSpec(overrides: Json = {}, container: Json = {}): Json {
  return {
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [compliantContainer(container)],
    volumes: [{ name: 'tmp', emptyDir: {} }],
    ...overrides,
  };
}

const securityContext = (fields: Json) => ({
  securityContext: {
    ...(compliantContainer().securityContext as Json),
    ...fields,
  },
});

/** A pod spec breaking one rule with an admission check, by rule id, with what the finding says. */
export const BAD_POD_SPECS: Readonly<Record<string, { readonly name: string; readonly spec: Json; readonly problem: string }>> = {
  'PLAT-K8S-001': {
    name: 'a privileged container',
    spec: compliantPodSpec({}, securityContext({ privileged: true })),
    problem: 'containers[0] api: privileged is true',
  },
  'PLAT-K8S-002': {
    name: 'privilege escalation allowed',
    spec: compliantPodSpec({}, securityContext({ allowPrivilegeEscalation: true })),
    problem: 'containers[0] api: allowPrivilegeEscalation is true',
  },
  'PLAT-K8S-003': {
    name: 'no runAsNonRoot anywhere',
    spec: compliantPodSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, securityContext({ runAsNonRoot: undefined })),
    problem: 'runAsNonRoot is set neither on the pod nor on the container',
  },
  'PLAT-K8S-004': {
    name: 'capabilities kept',
    spec: compliantPodSpec({}, securityContext({ capabilities: { drop: ['NET_RAW'] } })),
    problem: 'capabilities.drop does not include ALL',
  },
  'PLAT-K8S-005': {
    name: 'an unconfined seccomp profile',
    spec: compliantPodSpec({ securityContext: { runAsNonRoot: true } }, securityContext({ seccompProfile: { type: 'Unconfined' } })),
    problem: 'seccompProfile.type is "Unconfined"',
  },
  'PLAT-K8S-006': {
    name: 'the host network',
    spec: compliantPodSpec({ hostNetwork: true }),
    problem: 'hostNetwork is true in namespace production',
  },
  'PLAT-K8S-007': {
    name: 'a hostPath volume',
    spec: compliantPodSpec({
      volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
    }),
    problem: 'mounts hostPath volume docker in namespace production',
  },
  'PLAT-K8S-008': {
    name: 'no CPU request',
    spec: compliantPodSpec(
      {},
      {
        resources: { requests: { memory: '512Mi' }, limits: { memory: '1Gi' } },
      }
    ),
    problem: 'containers[0] api: requests no cpu',
  },
  'PLAT-K8S-009': {
    name: 'no memory limit',
    spec: compliantPodSpec({}, { resources: { requests: { cpu: '250m', memory: '512Mi' } } }),
    problem: 'containers[0] api: has no memory limit',
  },
  'PLAT-K8S-010': {
    name: 'a latest image',
    spec: compliantPodSpec(
      {},
      {
        image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/project/api:latest',
      }
    ),
    problem: 'image 111122223333.dkr.ecr.eu-central-1.amazonaws.com/project/api:latest is latest',
  },
};

/** A Deployment manifest of `spec` in `namespace`, as a `kubernetes_manifest` holds it. */
export function deploymentManifest(spec: Json, namespace = 'production', replicas = 1): Json {
  const labels = { 'app.kubernetes.io/name': 'api' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec },
    },
  };
}
