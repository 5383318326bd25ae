import { DEFAULT_APPLICATION_SECRETS, DEFAULT_NODE_GROUPS, loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from './environment-stacks';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
type Json = { resource: Resources };
type Named = { metadata: { name: string }; spec: Record<string, unknown> };

/** Seed 004's kgas-workers node group, as staging and production declare it (environments/common kgasWorkers). */
const KGAS_WORKERS = {
  instanceTypes: ['t3.medium', 't3.large'],
  minSize: 1,
  desiredSize: 3,
  maxSize: 10,
  labels: { role: 'kgas' },
  taints: [{ key: 'workload', value: 'kgas', effect: 'NO_SCHEDULE' as const }],
};

/** An environment that enables the KGAS catalog (seed 004) next to Novel Engine, with its secret and node group. */
function synthWithKgas(): Record<string, Json> {
  const environment = loadEnvironment(
    exampleEnvironment({
      workloads: { catalogs: ['novel-engine', 'kgas'] },
      data: { secrets: [...DEFAULT_APPLICATION_SECRETS, 'kgas/database-url'] },
      cluster: { nodeGroups: { ...DEFAULT_NODE_GROUPS, 'kgas-workers': KGAS_WORKERS } },
    }),
  );
  const stacks = addEnvironmentStacks(Testing.app(), environment);
  return Object.fromEntries(stacks.map((stack) => [stack.node.id.replace(/^staging-/, ''), JSON.parse(Testing.synth(stack)) as Json]));
}
const named = (resources: Resources, type: string, name: string) => Object.values(resources[type] ?? {}).find((resource) => (resource as Named).metadata.name === name) as Named | undefined;

describe('WorkloadsStack with the KGAS catalog', () => {
  const stacks = synthWithKgas();
  const workloads = stacks.workloads.resource;

  it('runs the KGAS API with seed 004’s replicas, port, requests and limits, from its ECR repository at the environment’s tag', () => {
    const deployment = named(workloads, 'kubernetes_deployment_v1', 'kgas-api-server') as unknown as {
      spec: { replicas: string; template: { spec: { container: { image: string; port: { container_port: number }[]; resources: unknown; env: { name: string; value?: string; value_from?: unknown }[] }[] } } };
    };
    const [container] = deployment.spec.template.spec.container;
    expect(deployment.spec.replicas).toBe('3');
    expect(container.image).toBe('123456789012.dkr.ecr.eu-central-1.amazonaws.com/kgas/api:${var.image_tag}');
    expect(container.port.map((port) => port.container_port)).toContain(8000);
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
    expect(Object.values(stacks.cluster.resource.aws_ecr_repository).map((repository) => repository.name)).toContain('kgas/api');
  });

  it('gives it DATABASE_URL from the secret kgas/database-url through External Secrets, and no IAM database login', () => {
    const deployment = named(workloads, 'kubernetes_deployment_v1', 'kgas-api-server') as unknown as { spec: { template: { spec: { container: { env: { name: string; value?: string; value_from?: unknown }[] }[] } } } };
    const env = deployment.spec.template.spec.container[0].env;
    expect(env.find((variable) => variable.name === 'DATABASE_URL')).toEqual({ name: 'DATABASE_URL', value_from: { secret_key_ref: { name: 'kgas-api-server-secrets', key: 'DATABASE_URL' } } });
    expect(env.map((variable) => variable.name)).not.toContain('DATABASE_IAM_AUTH');
    const externalSecret = Object.values(workloads.kubernetes_manifest)
      .map((resource) => resource.manifest as { kind: string; metadata: { name: string }; spec: { data: unknown } })
      .find((manifest) => manifest.kind === 'ExternalSecret' && manifest.metadata.name === 'kgas-api-server-secrets');
    expect(externalSecret?.spec.data).toEqual([{ secretKey: 'DATABASE_URL', remoteRef: { key: 'platform/staging/kgas/database-url' } }]);
    expect(Object.values(stacks.data.resource.aws_secretsmanager_secret).map((secret) => secret.name)).toContain('platform/staging/kgas/database-url');
    // Its URL carries the credentials: no IRSA role, no rds-db:connect.
    expect(JSON.stringify(stacks.cluster.resource.aws_iam_role)).not.toMatch(/kgas-api-server/);
    expect(JSON.stringify(stacks.data.resource)).not.toMatch(/kgas-api-server/);
  });

  it('runs it on the kgas-workers node group (t3.medium and t3.large, 1/3/10), which only its pods select and tolerate', () => {
    const group = Object.values(stacks.cluster.resource.aws_eks_node_group).find((candidate) => candidate.node_group_name === 'kgas-workers');
    expect(group).toMatchObject({ instance_types: ['t3.medium', 't3.large'], scaling_config: { min_size: 1, desired_size: 3, max_size: 10 }, labels: { role: 'kgas' } });
    expect(group?.taint).toEqual([{ key: 'workload', value: 'kgas', effect: 'NO_SCHEDULE' }]);
    const pod = (named(workloads, 'kubernetes_deployment_v1', 'kgas-api-server') as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
    expect(pod.node_selector).toEqual({ role: 'kgas' });
    expect(pod.toleration).toEqual([{ key: 'workload', operator: 'Equal', value: 'kgas', effect: 'NoSchedule' }]);
  });

  it('serves it on kgas.<zone> through a Service, autoscales it 2–20 on CPU 70 % and memory 80 %, and keeps a disruption budget', () => {
    expect(named(workloads, 'kubernetes_service_v1', 'kgas-api-server')).toBeDefined();
    const ingress = named(workloads, 'kubernetes_ingress_v1', 'kgas') as unknown as { spec: { rule: { host: string }[] } };
    expect(ingress.spec.rule.map((rule) => rule.host)).toEqual(['kgas.staging.example.com']);
    const hpa = named(workloads, 'kubernetes_horizontal_pod_autoscaler_v2', 'kgas-api-server') as unknown as {
      spec: { min_replicas: number; max_replicas: number; metric: { resource: { name: string; target: { average_utilization: number } } }[] };
    };
    expect([hpa.spec.min_replicas, hpa.spec.max_replicas]).toEqual([2, 20]);
    expect(hpa.spec.metric.map((metric) => [metric.resource.name, metric.resource.target.average_utilization])).toEqual([
      ['cpu', 70],
      ['memory', 80],
    ]);
    expect(named(workloads, 'kubernetes_pod_disruption_budget_v1', 'kgas-api-server')?.spec.min_available).toBe('1');
  });

  it('lets it reach the database through its NetworkPolicy, and has Prometheus scrape it through a ServiceMonitor', () => {
    const policy = named(workloads, 'kubernetes_network_policy_v1', 'kgas-api-server') as unknown as { spec: { egress: { ports: { port: string }[] }[] } };
    expect(policy.spec.egress.flatMap((rule) => rule.ports.map((port) => String(port.port)))).toContain('5432');
    const monitors = Object.values(workloads.kubernetes_manifest).map((resource) => resource.manifest as { kind: string; metadata: { name: string } });
    expect(monitors.filter((manifest) => manifest.kind === 'ServiceMonitor').map((manifest) => manifest.metadata.name)).toContain('kgas-api-server');
  });
});
