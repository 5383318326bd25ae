import { DEFAULT_APPLICATION_SECRETS, EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from './environment-stacks';

type Json = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, { value: unknown }>;
};

function synth(input: EnvironmentInput): Record<string, Json> {
  const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(input));
  return Object.fromEntries(stacks.map((stack) => [stack.node.id.replace(/^staging-/, ''), JSON.parse(Testing.synth(stack)) as Json]));
}
const only = (resources: Record<string, Record<string, unknown>> | undefined) => Object.values(resources ?? {});
type Manifest = { kind: string; metadata: { name: string } };
type Deployment = { metadata: { name: string; namespace: string }; spec: { replicas: string; template: { spec: { container: { image: string }[] } } } };

describe('WorkloadsStack', () => {
  const stacks = synth(exampleEnvironment());
  const deployments = only(stacks.workloads.resource.kubernetes_deployment_v1) as unknown as Deployment[];

  it('runs the Novel Engine services in the environment’s namespace, which the add-ons stack creates as a platform namespace', () => {
    expect(deployments.map((deployment) => [deployment.metadata.name, deployment.metadata.namespace, deployment.spec.replicas])).toEqual([
      ['novel-engine-backend', 'staging', '3'],
      ['novel-engine-frontend', 'staging', '3'],
    ]);
    expect(only(stacks['cluster-addons'].resource.kubernetes_namespace_v1).map((namespace) => (namespace.metadata as { name: string }).name)).toContain('staging');
  });

  it('creates the workloads’ namespace, before their pods, with the label that gives their pods the ALB’s readiness gate', () => {
    const namespace = only(stacks['cluster-addons'].resource.kubernetes_namespace_v1).find((candidate) => (candidate.metadata as { name: string }).name === 'staging');
    expect((namespace?.metadata as { labels: Record<string, string> }).labels).toMatchObject({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
  });

  it('pulls the images from the ECR repositories the cluster stack creates, at the tag of the image_tag variable, which refuses latest', () => {
    expect(deployments.map((deployment) => deployment.spec.template.spec.container[0].image)).toEqual([
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/novel-engine/backend:${var.image_tag}',
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/novel-engine/frontend:${var.image_tag}',
    ]);
    expect(only(stacks.cluster.resource.aws_ecr_repository).map((repository) => repository.name)).toEqual(['novel-engine/backend', 'novel-engine/frontend']);
    expect(stacks.workloads.variable?.image_tag.validation).toEqual([
      expect.objectContaining({ condition: '${var.image_tag != "latest" && var.image_tag != ""}' }),
    ]);
  });

  it('serves the api and web routes at api.<zone> and app.<zone> from the shared ALB, with the cluster stack’s certificate and REGIONAL web ACL', () => {
    const ingresses = only(stacks.workloads.resource.kubernetes_ingress_v1) as { metadata: { annotations: Record<string, string> }; spec: { ingress_class_name: string; rule: { host: string }[] } }[];
    expect(ingresses.flatMap((ingress) => ingress.spec.rule.map((rule) => rule.host)).sort()).toEqual(['api.staging.example.com', 'app.staging.example.com']);
    for (const { metadata, spec } of ingresses) {
      expect(spec.ingress_class_name).toBe('alb');
      expect(metadata.annotations).toMatchObject({
        'alb.ingress.kubernetes.io/load-balancer-name': 'platform-staging-ingress',
        'alb.ingress.kubernetes.io/wafv2-acl-arn': expect.stringContaining('ingress-edge_WebAcl'),
        'alb.ingress.kubernetes.io/certificate-arn': expect.stringContaining('ingress-edge_Certificate'),
      });
    }
  });

  describe('with the seed 002 microservices next to Novel Engine', () => {
    const both = synth(exampleEnvironment({ workloads: { catalogs: ['novel-engine', 'microservices'] }, data: { secrets: [...DEFAULT_APPLICATION_SECRETS, 'microservices/jwt-secret'] } }));
    const rules = only(both.workloads.resource.kubernetes_ingress_v1).map((ingress) => {
      const { metadata, spec } = ingress as { metadata: { name: string }; spec: { rule: { host: string; http: { path: { path: string; backend: { service: { name: string } } }[] } }[] } };
      return [metadata.name, spec.rule[0].host, spec.rule[0].http.path.map((path) => `${path.path} → ${path.backend.service.name}`)];
    });

    it('routes them on their own host, services.<zone>, and leaves api.<zone> (the CDN’s /api/*) to the Novel Engine backend', () => {
      expect(rules).toEqual([
        ['api', 'api.staging.example.com', ['/ → novel-engine-backend']],
        ['services', 'services.staging.example.com', ['/ → api-gateway', '/api/v1/auth → auth-service', '/api/v1/users → user-service']],
        ['web', 'app.staging.example.com', ['/ → novel-engine-frontend']],
      ]);
    });

    it('creates the ECR repositories of their images, and IRSA roles and data access for their database and cache users', () => {
      expect(only(both.cluster.resource.aws_ecr_repository).map((repository) => repository.name)).toEqual([
        'novel-engine/backend',
        'novel-engine/frontend',
        'project/api-gateway',
        'project/auth-service',
        'project/notification-service',
        'project/task-service',
        'project/user-service',
      ]);
      expect(Object.keys(both.data.resource.aws_iam_role_policy ?? {}).filter((key) => key.includes('data-access')).length).toBe(4);
    });

    it('gives their namespace a quota that holds every service at its autoscaler’s maximum with one rolling update', () => {
      const [quota] = only(both['cluster-addons'].resource.kubernetes_resource_quota_v1) as { spec: { hard: Record<string, string> } }[];
      expect(quota.spec.hard).toMatchObject({ 'requests.cpu': '22', 'requests.memory': '41Gi', 'limits.cpu': '59', 'limits.memory': '82Gi', pods: '100' });
    });
  });

  it('takes a tag from the config instead, and runs one replica per service where the environment is scaled down', () => {
    const scaled = synth(exampleEnvironment({ production: false, workloads: { imageTag: '1.4.2', scaledDown: true } })).workloads;
    expect(scaled.variable).toBeUndefined();
    const images = (only(scaled.resource.kubernetes_deployment_v1) as unknown as Deployment[]).map((deployment) => [deployment.spec.replicas, deployment.spec.template.spec.container[0].image]);
    expect(images).toEqual([
      ['1', '123456789012.dkr.ecr.eu-central-1.amazonaws.com/novel-engine/backend:1.4.2'],
      ['1', '123456789012.dkr.ecr.eu-central-1.amazonaws.com/novel-engine/frontend:1.4.2'],
    ]);
  });

  it('autoscales the Novel Engine services 3–20 by default (seed 001, production) and in the range the environment sets (staging: 2–10)', () => {
    const ranges = (json: Json) =>
      only(json.resource.kubernetes_horizontal_pod_autoscaler_v2).map((hpa) => {
        const spec = hpa.spec as { min_replicas: number; max_replicas: number };
        return [spec.min_replicas, spec.max_replicas];
      });
    expect(ranges(stacks.workloads)).toEqual([
      [3, 20],
      [3, 20],
    ]);
    expect(ranges(synth(exampleEnvironment({ workloads: { autoscaling: { minReplicas: 2, maxReplicas: 10 } } })).workloads)).toEqual([
      [2, 10],
      [2, 10],
    ]);
  });

  it('sets no REACT_APP_* at run time and outputs them as the frontend image’s build arguments, from the API host', () => {
    const env = deployments.flatMap((deployment) => ((deployment.spec.template.spec.container[0] as { env?: { name: string }[] }).env ?? []).map((variable) => variable.name));
    expect(env.filter((name) => name.startsWith('REACT_APP_'))).toEqual([]);
    expect(stacks.workloads.output?.frontend_build_args.value).toEqual({
      REACT_APP_API_URL: 'https://api.staging.example.com',
      REACT_APP_WS_URL: 'wss://api.staging.example.com/ws',
    });
  });

  it('has Prometheus scrape the backend through a ServiceMonitor, and sends traces to the OpenTelemetry Collector', () => {
    const manifests = only(stacks.workloads.resource.kubernetes_manifest).map((resource) => resource.manifest as { kind: string; metadata: { name: string } });
    expect(manifests.filter((manifest) => manifest.kind === 'ServiceMonitor').map((manifest) => manifest.metadata.name)).toEqual(['novel-engine-backend']);
    const backendPolicy = only(stacks.workloads.resource.kubernetes_network_policy_v1).find((policy) => (policy.metadata as { name: string }).name === 'novel-engine-backend') as {
      spec: { egress: { to: { namespace_selector?: unknown; pod_selector?: unknown }[]; ports: unknown[] }[] };
    };
    expect(backendPolicy.spec.egress).toContainEqual({
      to: [
        {
          namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          pod_selector: { match_labels: { 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': 'opentelemetry-collector' } },
        },
      ],
      ports: [
        { port: '4317', protocol: 'TCP' },
        { port: '4318', protocol: 'TCP' },
      ],
    });
  });

  it('creates no ServiceMonitor and no OTLP egress where Prometheus and tracing are off', () => {
    const plain = synth(exampleEnvironment({ observability: { metrics: { enabled: false }, tracing: { enabled: false } } })).workloads;
    expect(only(plain.resource.kubernetes_manifest).map((resource) => (resource.manifest as { kind: string }).kind)).not.toContain('ServiceMonitor');
    expect(JSON.stringify(plain.resource.kubernetes_network_policy_v1)).not.toContain('4317');
  });

  it('releases the services as canaries analysed on the observability stack’s Prometheus', () => {
    const manifests = only(stacks.workloads.resource.kubernetes_manifest).map((resource) => resource.manifest as Manifest);
    expect(manifests.filter((manifest) => manifest.kind === 'Rollout').map((manifest) => manifest.metadata.name)).toEqual(['novel-engine-backend', 'novel-engine-frontend']);
    expect(JSON.stringify(manifests.find((manifest) => manifest.kind === 'AnalysisTemplate'))).toContain('"address":"http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090"');
  });

  it('rolls the analysed canaries where Prometheus is off, keeping the unanalysed ones', () => {
    const plain = synth(exampleEnvironment({ observability: { metrics: { enabled: false } } })).workloads;
    const manifests = only(plain.resource.kubernetes_manifest).map((resource) => resource.manifest as Manifest);
    expect(manifests.filter((manifest) => manifest.kind === 'Rollout').map((manifest) => manifest.metadata.name)).toEqual(['novel-engine-frontend']);
  });

  it('leaves the stack out when the environment runs no services', () => {
    expect(Object.keys(synth(exampleEnvironment({ workloads: { enabled: false } })))).not.toContain('workloads');
  });
});
