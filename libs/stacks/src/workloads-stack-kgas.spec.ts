import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from './environment-stacks';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
type Json = { resource: Resources };
type Named = { metadata: { name: string }; spec: Record<string, unknown> };

/** An environment that enables the KGAS catalog (seed 004) next to Novel Engine; no environment file does yet. */
function synthWithKgas(): Record<string, Json> {
  const environment = loadEnvironment(exampleEnvironment({ workloads: { catalogs: ['novel-engine', 'kgas'] } }));
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

  it('gives it a password-less DATABASE_URL for IAM authentication, not a secret', () => {
    const deployment = named(workloads, 'kubernetes_deployment_v1', 'kgas-api-server') as unknown as { spec: { template: { spec: { container: { env: { name: string; value?: string; value_from?: unknown }[] }[] } } } };
    const env = deployment.spec.template.spec.container[0].env;
    const url = env.find((variable) => variable.name === 'DATABASE_URL');
    expect(url?.value_from).toBeUndefined();
    expect(url?.value).toMatch(/^postgresql:\/\/[^:@]+@.+\?sslmode=verify-full$/);
    expect(env).toContainEqual(expect.objectContaining({ name: 'DATABASE_IAM_AUTH', value: 'true' }));
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
