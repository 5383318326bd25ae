import { EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEcsEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { addEnvironmentStacks } from './environment-stacks';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The services stack of an ECS environment, synthesized with the stacks it reads. */
function synthServices(input: EnvironmentInput = exampleEcsEnvironment()): { resource: Resources; variable: Record<string, unknown> } {
  const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(input));
  const json = JSON.parse(Testing.synth(stacks.find((stack) => stack.node.id.endsWith('-services'))!));
  return { resource: json.resource, variable: json.variable ?? {} };
}
const only = (resources: Record<string, Record<string, unknown>> | undefined) => Object.values(resources ?? {});
const policyOf = (resource: Record<string, unknown>) => JSON.parse(resource.policy as string) as { Statement: { Sid: string; Action: string[]; Resource: unknown; Condition?: unknown }[] };

describe('ServicesStack', () => {
  const { resource, variable } = synthServices();

  it('names every role with the environment prefix, the only role names the GitHub apply role may create and pass', () => {
    expect(only(resource.aws_iam_role).map((role) => role.name)).toEqual(
      expect.arrayContaining(['storymagic-production-api-execution', 'storymagic-production-api-task', 'storymagic-production-api-codedeploy']),
    );
    expect(only(resource.aws_iam_role).every((role) => String(role.name).startsWith('storymagic-production-'))).toBe(true);
  });

  it("lets every task execution role pull GuardDuty's runtime monitoring sidecar of the region, and only with runtime monitoring on", () => {
    const agentPulls = (resources: Resources) =>
      only(resources.aws_iam_role_policy)
        .filter((policy) => policy.name === 'start-task')
        .map((policy) => policyOf(policy).Statement.find((statement) => statement.Sid === 'PullGuardDutyAgent')?.Resource);
    expect(agentPulls(resource)).toEqual([
      'arn:aws:ecr:eu-central-1:323658145986:repository/aws-guardduty-agent-fargate',
      'arn:aws:ecr:eu-central-1:323658145986:repository/aws-guardduty-agent-fargate',
    ]);
    expect(agentPulls(synthServices(exampleEcsEnvironment({ security: { guardDuty: { runtimeMonitoring: false } } })).resource)).toEqual([undefined, undefined]);
  });

  it('runs the seed 003 production service: 2 tasks of 1 vCPU / 2 GB in private subnets, scaled 1–4, blue/green, image tag from image_tag', () => {
    expect(only(resource.aws_ecs_service)[0]).toMatchObject({ name: 'storymagic-production-api', desired_count: 2, platform_version: '1.4.0', deployment_controller: { type: 'CODE_DEPLOY' } });
    expect(only(resource.aws_ecs_task_definition)[0]).toMatchObject({ cpu: '1024', memory: '2048' });
    expect(only(resource.aws_appautoscaling_target)[0]).toMatchObject({ min_capacity: 1, max_capacity: 4 });
    expect(variable).toHaveProperty('image_tag');
  });

  it('lets the application use its storage bucket and publish only the metrics its alarms read, and nothing of the secrets', () => {
    const taskPolicy = policyOf(only(resource.aws_iam_role_policy).find((policy) => policy.name === 'application')!);
    const sids = taskPolicy.Statement.map((statement) => statement.Sid);
    expect(sids).toEqual(expect.arrayContaining(['ReadWriteStorage', 'ListStorage', 'UseStorageKey']));
    expect(JSON.stringify(taskPolicy)).not.toContain('secretsmanager:');
    expect(taskPolicy.Statement.find((statement) => statement.Sid === 'PublishApplicationMetrics')).toMatchObject({
      Action: ['cloudwatch:PutMetricData'],
      Condition: { StringEquals: { 'cloudwatch:namespace': ['StoryMagic'] } },
    });
  });

  it('creates the CodeDeploy group after the service, the target groups and its role policy, and rolls back on the monitoring alarms', () => {
    const group = only(resource.aws_codedeploy_deployment_group)[0] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(group.ecs_service.service_name).toMatch(/^\$\{aws_ecs_service\..*\.name\}$/);
    expect(group.load_balancer_info.target_group_pair_info.target_group.map((target: { name: string }) => target.name)).toEqual([
      expect.stringMatching(/^\$\{aws_lb_target_group\..*blue.*\.name\}$/),
      expect.stringMatching(/^\$\{aws_lb_target_group\..*green.*\.name\}$/),
    ]);
    expect(group.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy_attachment\./)]);
    expect(group.alarm_configuration.alarms).toEqual([expect.stringContaining('no-running-tasks'), expect.stringContaining('alb-target-5xx')]);
  });

  it('rolls a rolling service back on target 5xx only: "no running task" is in alarm before a new service reports', () => {
    const rolling = synthServices(exampleEcsEnvironment({ ecs: { services: { api: { repository: 'storymagic/api', deployment: 'rolling' } } } })).resource;
    const service = only(rolling.aws_ecs_service)[0] as { alarms: { alarm_names: string[] }; deployment_circuit_breaker: unknown };
    expect(service.alarms.alarm_names).toEqual([expect.stringContaining('alb-target-5xx')]);
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    expect(only(rolling.aws_codedeploy_deployment_group)).toHaveLength(0);
  });
});
