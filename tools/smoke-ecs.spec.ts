import { loadEnvironment } from '@platform/config';
import { importEnvironment } from './environments';
import { FakeCommand } from './fake-command';
import { DescribedService, ecsServicesIn, ecsSmokeProblems, healthEndpoints, healthProblem, serviceProblems, untilSettled } from './smoke-ecs';

const production = () => loadEnvironment(importEnvironment('storymagic-production'), { expectedName: 'storymagic-production' });
const api = { cluster: 'storymagic-production', service: 'storymagic-production-api', address: 'storymagic-production-services/aws_ecs_service.api' };
const where = 'ECS service storymagic-production-api in cluster storymagic-production (storymagic-production-services/aws_ecs_service.api)';
const rolling = (fields: Partial<DescribedService> = {}): DescribedService => ({
  serviceName: api.service,
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deploymentController: { type: 'ECS' },
  deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }],
  ...fields,
});
const blueGreen = (fields: Partial<DescribedService> = {}): DescribedService =>
  rolling({ deploymentController: { type: 'CODE_DEPLOY' }, deployments: [], taskSets: [{ status: 'PRIMARY', stabilityStatus: 'STEADY_STATE' }], ...fields });
/** The services stack as synthesized: a cluster and a service that references it. */
const servicesStack = (service: Record<string, unknown> = {}) => ({
  resource: {
    aws_ecs_cluster: { cluster: { name: 'storymagic-production' } },
    aws_ecs_service: { api: { name: 'storymagic-production-api', cluster: '${aws_ecs_cluster.cluster.arn}', ...service } },
  },
});

describe('ecsServicesIn', () => {
  it('finds every aws_ecs_service with the name of the cluster it references, or a literal cluster', () => {
    const stacks = {
      'storymagic-production-network': { resource: { aws_vpc: { vpc: {} } } },
      'storymagic-production-services': servicesStack(),
      other: { resource: { aws_ecs_service: { worker: { name: 'worker', cluster: 'arn:aws:ecs:eu-central-1:100000000006:cluster/shared' } } } },
    };
    expect(ecsServicesIn(stacks)).toEqual({ services: [api, { cluster: 'arn:aws:ecs:eu-central-1:100000000006:cluster/shared', service: 'worker', address: 'other/aws_ecs_service.worker' }], problems: [] });
  });

  it('names a service whose name or cluster is known only after apply', () => {
    const { services, problems } = ecsServicesIn({ s: servicesStack({ cluster: '${data.aws_ecs_cluster.shared.arn}' }) });
    expect(services).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^s\/aws_ecs_service\.api: its name \("storymagic-production-api"\) or cluster .* is not known before apply.*Fix: give the service and its cluster literal names$/)]);
  });
});

describe('healthEndpoints', () => {
  it('checks https://<hostname>.<dnsZoneName><healthCheckPath> of every service', () => {
    expect(healthEndpoints(production())).toEqual([{ service: 'api', url: 'https://api.storymagic.example.com/health' }]);
  });

  it('has nothing to check in an EKS environment', () => {
    expect(healthEndpoints(loadEnvironment(importEnvironment('production'), { expectedName: 'production' }))).toEqual([]);
  });
});

describe('serviceProblems', () => {
  it('is empty for a service running all its tasks with its rollout completed, rolling or blue/green', () => {
    expect(serviceProblems([api], { services: [rolling()] })).toEqual([]);
    expect(serviceProblems([api], { services: [blueGreen()] })).toEqual([]);
  });

  it.each([
    ['missing', { services: [], failures: [{ arn: `arn:aws:ecs:eu-central-1:100000000006:service/storymagic-production/${api.service}`, reason: 'MISSING' }] }, 'was not found (MISSING)'],
    ['draining', { services: [rolling({ status: 'DRAINING' })] }, 'is DRAINING, not ACTIVE'],
    ['short of tasks', { services: [rolling({ runningCount: 1, pendingCount: 1 })] }, 'runs 1 of 2 tasks (1 pending)'],
    ['scaled to nothing', { services: [rolling({ desiredCount: 0, runningCount: 0 })] }, 'desires no task, so nothing serves'],
    ['still rolling out', { services: [rolling({ deployments: [{ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }, { status: 'ACTIVE' }] })] }, 'has 2 deployments: a rollout is still under way'],
    ['rolled back', { services: [rolling({ deployments: [{ status: 'PRIMARY', rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker' }] })] }, 'its rollout failed: circuit breaker'],
    ['shifting blue/green traffic', { services: [blueGreen({ taskSets: [{ status: 'PRIMARY' }, { status: 'ACTIVE' }] })] }, 'has 2 task sets: a blue/green deployment is still under way'],
    ['stabilizing blue/green', { services: [blueGreen({ taskSets: [{ status: 'PRIMARY', stabilityStatus: 'STABILIZING' }] })] }, 'its task set is STABILIZING, not STEADY_STATE'],
  ])('names a service %s', (_, described, problem) => {
    expect(serviceProblems([api], described)).toEqual([`${where} ${problem}`]);
  });
});

describe('serviceProblems of a blue/green service with a released revision', () => {
  const revision = (n: number) => `arn:aws:ecs:eu-central-1:100000000006:task-definition/storymagic-production-api:${n}`;
  const running = (n: number) => blueGreen({ taskSets: [{ status: 'PRIMARY', stabilityStatus: 'STEADY_STATE', taskDefinition: revision(n) }] });
  const released = { [api.service]: revision(8) };

  it('is empty when the primary task set runs the revision the services stack registered', () => {
    expect(serviceProblems([api], { services: [running(8)] }, released)).toEqual([]);
  });

  it('names both revisions when the primary task set still runs an older one', () => {
    expect(serviceProblems([api], { services: [running(7)] }, released)).toEqual([
      `${where} runs task definition ${revision(7)} in its primary task set, not ${revision(8)}, the revision the services stack registered: the release did not roll out (tools/ecs-release.ts deploys it)`,
    ]);
  });
});

describe('healthProblem', () => {
  const endpoint = { service: 'api', url: 'https://api.storymagic.example.com/health' };
  it('accepts 200 only', () => {
    expect(healthProblem(endpoint, { status: 200 })).toBeUndefined();
    expect(healthProblem(endpoint, { status: 301 })).toBe('health check of ECS service api: GET https://api.storymagic.example.com/health answered 301, not 200');
    expect(healthProblem(endpoint, { error: 'Could not resolve host' })).toBe('health check of ECS service api: GET https://api.storymagic.example.com/health could not be reached (Could not resolve host)');
  });
});

describe('untilSettled', () => {
  it('checks again after a pause until no problem is left, or the attempts are spent', () => {
    const answers = [['a'], ['b'], []];
    let pauses = 0;
    expect(untilSettled(() => answers.shift() ?? ['never'], { attempts: 5, pause: () => (pauses += 1) })).toEqual([]);
    expect(pauses).toBe(2);
    pauses = 0;
    expect(untilSettled(() => ['still'], { attempts: 3, pause: () => (pauses += 1) })).toEqual(['still']);
    expect(pauses).toBe(2);
  });
});

describe('ecsSmokeProblems', () => {
  let aws: FakeCommand;
  let curl: FakeCommand;
  let pauses: number;
  const patience = () => ({ attempts: 3, pause: () => (pauses += 1) });
  const run = (stacks: Record<string, unknown> = { 'storymagic-production-services': servicesStack() }) => ecsSmokeProblems(production(), stacks, { rollout: patience(), health: patience() });
  beforeEach(() => {
    aws = new FakeCommand('AWS_CLI_BINARY');
    curl = new FakeCommand('CURL_BINARY');
    pauses = 0;
  });
  afterEach(() => {
    aws.restore();
    curl.restore();
  });

  it('describes the services in the environment’s region, waits for the rollout, then gets the health check over HTTPS', () => {
    aws.reply(JSON.stringify({ services: [rolling({ runningCount: 1 })] })).reply(JSON.stringify({ services: [rolling()] }));
    curl.reply('503').reply('200');
    expect(run()).toEqual([]);
    expect(aws.calls()).toEqual(Array(2).fill(['ecs', 'describe-services', '--region', 'eu-central-1', '--cluster', 'storymagic-production', '--services', api.service, '--output', 'json']));
    expect(curl.calls()).toEqual(
      Array(2).fill(['--silent', '--show-error', '--proto', '=https', '--max-time', '10', '--output', '/dev/null', '--write-out', '%{http_code}', 'https://api.storymagic.example.com/health']),
    );
    expect(pauses).toBe(2);
  });

  it('reports what is still wrong once patience is spent, checking health only once then', () => {
    aws.reply(JSON.stringify({ services: [rolling({ runningCount: 1 })] }));
    curl.reply('', 6, 'curl: (6) Could not resolve host: api.storymagic.example.com');
    expect(run()).toEqual([
      `${where} runs 1 of 2 tasks (0 pending)`,
      'health check of ECS service api: GET https://api.storymagic.example.com/health could not be reached (curl: (6) Could not resolve host: api.storymagic.example.com)',
    ]);
    expect([aws.calls().length, curl.calls().length, pauses]).toEqual([3, 1, 2]);
  });

  it('describes at most 10 services a call, as the API takes them', () => {
    const names = Array.from({ length: 11 }, (_, index) => `service-${index}`);
    const stack = { resource: { aws_ecs_service: Object.fromEntries(names.map((name) => [name, { name, cluster: 'shared' }])) } };
    aws.reply(JSON.stringify({ services: names.slice(0, 10).map((serviceName) => rolling({ serviceName })) })).reply(JSON.stringify({ services: [rolling({ serviceName: names[10] })] }));
    curl.reply('200');
    expect(run({ stack })).toEqual([]);
    expect(aws.calls().map((call) => call.slice(call.indexOf('--services') + 1, call.indexOf('--output')))).toEqual([names.slice(0, 10), names.slice(10)]);
  });

  it('fails, after waiting, when the primary task set of a blue/green service runs an older revision than the services stack registered', () => {
    const revision = (n: number) => `arn:aws:ecs:eu-central-1:100000000006:task-definition/storymagic-production-api:${n}`;
    aws.reply(JSON.stringify({ services: [blueGreen({ taskSets: [{ status: 'PRIMARY', stabilityStatus: 'STEADY_STATE', taskDefinition: revision(7) }] })] }));
    curl.reply('200');
    const stacks = { 'storymagic-production-services': servicesStack() };
    expect(ecsSmokeProblems(production(), stacks, { rollout: patience(), health: patience() }, { [api.service]: revision(8) })).toEqual([
      `${where} runs task definition ${revision(7)} in its primary task set, not ${revision(8)}, the revision the services stack registered: the release did not roll out (tools/ecs-release.ts deploys it)`,
    ]);
    expect(aws.calls()).toHaveLength(3);
  });

  it('does not wait when AWS refuses to answer', () => {
    aws.reply('', 254, 'An error occurred (AccessDeniedException) when calling the DescribeServices operation');
    curl.reply('200');
    expect(run()).toEqual([expect.stringMatching(/^aws ecs describe-services --cluster storymagic-production failed \(An error occurred \(AccessDeniedException\)/)]);
    expect(aws.calls()).toHaveLength(1);
  });

  it('fails when the synthesized stacks have no ECS service although the config declares one', () => {
    curl.reply('200');
    expect(run({ 'storymagic-production-services': { resource: {} } })).toEqual([
      'ecs.services declares api, but the synthesized stacks of storymagic-production have no aws_ecs_service: nothing would serve. Fix: synthesize the services stack with its ECS services',
    ]);
    expect(aws.calls()).toEqual([]);
  });
});
