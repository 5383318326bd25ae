/**
 * What the smoke check (tools/smoke.ts) checks in an ECS environment after a deploy, besides convergence:
 * 1. every ECS service the synthesized stacks declare is ACTIVE and runs as many tasks as it desires (at least one),
 *    with its rollout finished: one deployment left (rolling), or one steady task set (blue/green with CodeDeploy,
 *    where ECS lists no deployments). `aws ecs describe-services`; a deploy that is still rolling out is waited for;
 *    a blue/green service's PRIMARY task set must run the task definition revision the services stack registered
 *    (its output `<key>_release`, which tools/ecs-release.ts deploys): Terraform alone does not roll it out;
 * 2. every service of `ecs.services` answers `GET https://<hostname>.<dnsZoneName><healthCheckPath>` with 200
 *    (curl, no redirects followed: the ALB's HTTP → HTTPS redirect is no answer of the service).
 * `AWS_CLI_BINARY` and `CURL_BINARY` override the binaries (tests use tools/fake-command.ts).
 */
import { EnvironmentConfig } from '@platform/config';
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';

/** An `aws_ecs_service` of the synthesized stacks, by the names the ECS API knows it by. */
export interface EcsServiceRef {
  readonly cluster: string;
  readonly service: string;
  /** `<stack>/aws_ecs_service.<id>`, for messages. */
  readonly address: string;
}

/** A service's public health check. */
export interface HealthEndpoint {
  readonly service: string;
  readonly url: string;
}

/** The fields of `aws ecs describe-services` the check reads. */
export interface DescribedService {
  readonly serviceName: string;
  readonly status: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount?: number;
  readonly deploymentController?: { readonly type: string };
  readonly deployments?: readonly { readonly status: string; readonly rolloutState?: string; readonly rolloutStateReason?: string }[];
  readonly taskSets?: readonly { readonly status: string; readonly stabilityStatus?: string; readonly taskDefinition?: string }[];
}
export interface DescribeServicesOutput {
  readonly services?: readonly DescribedService[];
  readonly failures?: readonly { readonly arn?: string; readonly reason?: string; readonly detail?: string }[];
}

/** How long a rollout or a new name may take to settle: checks repeat this often, with this pause between. */
export interface Patience {
  readonly attempts: number;
  readonly pause: () => void;
}

/** `aws ecs describe-services` takes at most this many services per call. */
const DESCRIBE_BATCH = 10;
const CLUSTER_REFERENCE = /^\$\{aws_ecs_cluster\.([\w-]+)\.(?:arn|id|name)\}$/;

type Json = Record<string, unknown>;
const recordOf = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

/** The ECS services the synthesized stacks declare; problems name those whose cluster or name is not known before apply. */
export function ecsServicesIn(stacks: Readonly<Record<string, unknown>>): { services: EcsServiceRef[]; problems: string[] } {
  const services: EcsServiceRef[] = [];
  const problems: string[] = [];
  for (const [stack, json] of Object.entries(stacks)) {
    const resources = recordOf(recordOf(json).resource);
    const clusters = recordOf(resources.aws_ecs_cluster);
    for (const [id, block] of Object.entries(recordOf(resources.aws_ecs_service))) {
      const address = `${stack}/aws_ecs_service.${id}`;
      const { name, cluster } = recordOf(block);
      const clusterId = typeof cluster === 'string' ? CLUSTER_REFERENCE.exec(cluster)?.[1] : undefined;
      const clusterName = clusterId === undefined ? cluster : recordOf(clusters[clusterId]).name;
      if (typeof name !== 'string' || name.includes('${') || typeof clusterName !== 'string' || clusterName.includes('${')) {
        problems.push(`${address}: its name (${JSON.stringify(name)}) or cluster (${JSON.stringify(cluster)}) is not known before apply, so the smoke check cannot look it up. Fix: give the service and its cluster literal names`);
        continue;
      }
      services.push({ cluster: clusterName, service: name, address });
    }
  }
  return { services, problems };
}

/** The health check URL of every service of the environment's `ecs.services`. */
export function healthEndpoints(environment: EnvironmentConfig): HealthEndpoint[] {
  const services = Object.entries(environment.ecs?.services ?? {});
  if (services.length > 0 && environment.dnsZoneName === undefined) {
    throw new PlatformError(`Environment '${environment.name}' has ECS services but no dnsZoneName, so they have no public name to check. Fix: set dnsZoneName`);
  }
  return services.map(([service, { hostname, healthCheckPath }]) => ({ service, url: `https://${hostname}.${environment.dnsZoneName}${healthCheckPath}` }));
}

/**
 * What keeps each requested service from being settled, one line each; empty when all are.
 * @param released task definition ARN each blue/green service must run, by ECS service name
 */
export function serviceProblems(requested: readonly EcsServiceRef[], described: DescribeServicesOutput, released: Readonly<Record<string, string>> = {}): string[] {
  return requested.flatMap((ref) => {
    const where = `ECS service ${ref.service} in cluster ${ref.cluster} (${ref.address})`;
    const service = described.services?.find(({ serviceName }) => serviceName === ref.service);
    if (service === undefined) {
      const failure = described.failures?.find(({ arn }) => arn?.endsWith(`/${ref.service}`));
      return [`${where} was not found${failure?.reason ? ` (${failure.reason})` : ''}`];
    }
    if (service.status !== 'ACTIVE') return [`${where} is ${service.status}, not ACTIVE`];
    const problems: string[] = [];
    if (service.desiredCount < 1) problems.push('desires no task, so nothing serves');
    else if (service.runningCount !== service.desiredCount) problems.push(`runs ${service.runningCount} of ${service.desiredCount} tasks (${service.pendingCount ?? 0} pending)`);
    if ((service.deploymentController?.type ?? 'ECS') === 'ECS') {
      const failed = (service.deployments ?? []).find(({ rolloutState }) => rolloutState === 'FAILED');
      if (failed !== undefined) problems.push(`its rollout failed${failed.rolloutStateReason ? `: ${failed.rolloutStateReason}` : ''}`);
      else if ((service.deployments ?? []).length !== 1) problems.push(`has ${(service.deployments ?? []).length} deployments: a rollout is still under way`);
    } else {
      const taskSets = service.taskSets ?? [];
      if (taskSets.length !== 1) problems.push(`has ${taskSets.length} task sets: a blue/green deployment is still under way`);
      else if (taskSets[0].stabilityStatus !== 'STEADY_STATE') problems.push(`its task set is ${taskSets[0].stabilityStatus ?? 'of unknown stability'}, not STEADY_STATE`);
      const expected = released[ref.service];
      const primary = taskSets.find(({ status }) => status === 'PRIMARY')?.taskDefinition;
      if (expected !== undefined && primary !== expected) {
        problems.push(`runs task definition ${primary ?? '(no primary task set)'} in its primary task set, not ${expected}, the revision the services stack registered: the release did not roll out (tools/ecs-release.ts deploys it)`);
      }
    }
    return problems.map((problem) => `${where} ${problem}`);
  });
}

/** The problem of a health check's answer; undefined for 200. */
export function healthProblem(endpoint: HealthEndpoint, answer: { readonly status?: number; readonly error?: string }): string | undefined {
  if (answer.status === 200) return undefined;
  const what = answer.status === undefined ? `could not be reached (${answer.error ?? 'no answer'})` : `answered ${answer.status}, not 200`;
  return `health check of ECS service ${endpoint.service}: GET ${endpoint.url} ${what}`;
}

/** Runs `check` until it finds no problem or `patience.attempts` runs are spent; the problems of the last run. */
export function untilSettled(check: () => string[], patience: Patience): string[] {
  for (let attempt = 1; ; attempt += 1) {
    const problems = check();
    if (problems.length === 0 || attempt >= patience.attempts) return problems;
    patience.pause();
  }
}

/** `aws ecs describe-services` of the services of one cluster, in batches the API takes; throws when the call fails. */
export function describeServices(region: string, cluster: string, services: readonly string[]): DescribeServicesOutput {
  const described: DescribeServicesOutput[] = [];
  for (let start = 0; start < services.length; start += DESCRIBE_BATCH) {
    const args = ['ecs', 'describe-services', '--region', region, '--cluster', cluster, '--services', ...services.slice(start, start + DESCRIBE_BATCH), '--output', 'json'];
    const result = spawnSync(process.env.AWS_CLI_BINARY ?? 'aws', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      throw new PlatformError(`aws ecs describe-services --cluster ${cluster} failed (${result.error?.message ?? (result.stderr.trim() || `exit ${result.status ?? result.signal}`)})`);
    }
    described.push(JSON.parse(result.stdout) as DescribeServicesOutput);
  }
  return { services: described.flatMap((output) => output.services ?? []), failures: described.flatMap((output) => output.failures ?? []) };
}

/** The HTTP status of `GET url` over HTTPS (curl, 10 s at most, no redirects followed). */
export function httpsStatus(url: string): { status?: number; error?: string } {
  const args = ['--silent', '--show-error', '--proto', '=https', '--max-time', '10', '--output', '/dev/null', '--write-out', '%{http_code}', url];
  const result = spawnSync(process.env.CURL_BINARY ?? 'curl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) return { error: result.error?.message ?? (result.stderr.trim() || `curl exit ${result.status ?? result.signal}`) };
  return { status: Number(result.stdout.trim()) };
}

/**
 * The problems of an ECS environment after a deploy: services not settled once `rollout` patience is spent, then
 * health checks still failing once `health` patience is spent (a new name or target may take a moment).
 * @param released task definition ARN each blue/green service must run, by ECS service name (the services stack's release outputs)
 */
export function ecsSmokeProblems(
  environment: EnvironmentConfig,
  stacks: Readonly<Record<string, unknown>>,
  patience: { rollout: Patience; health: Patience },
  released: Readonly<Record<string, string>> = {},
): string[] {
  const { services, problems } = ecsServicesIn(stacks);
  const declared = Object.keys(environment.ecs?.services ?? {});
  if (services.length === 0 && declared.length > 0) {
    problems.push(`ecs.services declares ${declared.join(', ')}, but the synthesized stacks of ${environment.name} have no aws_ecs_service: nothing would serve. Fix: synthesize the services stack with its ECS services`);
  }
  const clusters = [...new Set(services.map(({ cluster }) => cluster))];
  let settled: string[];
  try {
    settled = untilSettled(
      () =>
        clusters.flatMap((cluster) => {
          const inCluster = services.filter((ref) => ref.cluster === cluster);
          return serviceProblems(inCluster, describeServices(environment.region, cluster, inCluster.map(({ service }) => service)), released);
        }),
      patience.rollout,
    );
  } catch (error) {
    // AWS refused or failed to answer: waiting would not change that.
    if (!(error instanceof PlatformError)) throw error;
    settled = [error.message];
  }
  const endpoints = healthEndpoints(environment);
  // Services that did not settle explain a failing health check: it is then checked once, not waited for.
  const healthPatience = settled.length === 0 ? patience.health : { ...patience.health, attempts: 1 };
  const health = untilSettled(() => endpoints.flatMap((endpoint) => healthProblem(endpoint, httpsStatus(endpoint.url)) ?? []), healthPatience);
  return [...problems, ...settled, ...health];
}
