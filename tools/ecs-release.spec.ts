import * as path from 'node:path';
import { loadEnvironment } from '@platform/config';
import { appSpecContent, ECS_RELEASE_COMMAND, parseEcsReleaseArguments, blueGreenServices, deploymentFailure, readServicesOutputs, releasedTaskDefinitions, releaseService, releasesOf, ServiceRelease } from './ecs-release';
import { SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';
import { importEnvironment } from './environments';
import { FakeCommand } from './fake-command';
import { FakeTerraform } from './fake-terraform';
import { DescribedService } from './smoke-ecs';
import { outputOf } from './synthesized-app';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';

const load = (name: string) => loadEnvironment(importEnvironment(name), { expectedName: name });
const taskDefinition = (revision: number) => `arn:aws:ecs:eu-central-1:100000000006:task-definition/storymagic-production-api:${revision}`;
const release: ServiceRelease = {
  application: 'storymagic-production-api',
  deploymentGroup: 'storymagic-production-api',
  taskDefinitionArn: taskDefinition(8),
  containerName: 'app',
  containerPort: 3000,
  platformVersion: '1.4.0',
  clusterName: 'storymagic-production',
  serviceName: 'storymagic-production-api',
};
const described = (primary: string): { services: DescribedService[] } => ({
  services: [
    {
      serviceName: release.serviceName,
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      deploymentController: { type: 'CODE_DEPLOY' },
      taskSets: [{ status: 'PRIMARY', stabilityStatus: 'STEADY_STATE', taskDefinition: primary }],
    },
  ],
});
const deployment = (status: string, fields: Record<string, unknown> = {}) => JSON.stringify({ deploymentInfo: { deploymentId: 'd-7QX1Z2ABC', status, ...fields } });
const group = ['--application-name', release.application, '--deployment-group-name', release.deploymentGroup];
const listCall = ['deploy', 'list-deployments', '--region', 'eu-central-1', ...group, '--include-only-statuses', 'Created', 'Queued', 'InProgress', 'Baking', 'Ready', '--output', 'json'];
const describeCall = ['ecs', 'describe-services', '--region', 'eu-central-1', '--cluster', release.clusterName, '--services', release.serviceName, '--output', 'json'];
const getCall = (id: string) => ['deploy', 'get-deployment', '--region', 'eu-central-1', '--deployment-id', id, '--output', 'json'];

describe('the services stack of storymagic-production', () => {
  it(
    'has a release output for its blue/green service naming the registered revision, its CodeDeploy group, container and platform version',
    () => {
      const platform = synthesizeForContracts('storymagic-production');
      const outputs = (platform.stacks['storymagic-production-services'] as { output: Record<string, { value: Record<string, unknown> }> }).output;
      expect(blueGreenServices(platform.environment)).toEqual(['api']);
      expect(outputs.api_release.value).toEqual({
        application: expect.stringMatching(/^\$\{aws_codedeploy_app\.api_blue-green_Application_\w+\.name\}$/),
        deploymentGroup: expect.stringMatching(/^\$\{aws_codedeploy_deployment_group\.api_blue-green_\w+\.deployment_group_name\}$/),
        taskDefinitionArn: expect.stringMatching(/^\$\{aws_ecs_task_definition\.api_task_\w+\.arn\}$/),
        containerName: 'app',
        containerPort: 3000,
        platformVersion: expect.stringMatching(/^\$\{aws_ecs_service\.api_service_\w+\.platform_version\}$/),
        clusterName: expect.stringMatching(/^\$\{aws_ecs_cluster\.cluster_\w+\.name\}$/),
        serviceName: 'storymagic-production-api',
      });
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('blueGreenServices', () => {
  it('lists the services released through CodeDeploy, none of a rolling or EKS environment', () => {
    expect(blueGreenServices(load('storymagic-production'))).toEqual(['api']);
    expect(blueGreenServices(load('storymagic-development'))).toEqual([]);
    expect(blueGreenServices(load('production'))).toEqual([]);
  });
});

describe('releasesOf', () => {
  const production = () => load('storymagic-production');
  it('reads each blue/green service’s release from the services stack outputs', () => {
    const releases = releasesOf(production(), { api_release: { value: release }, api_url: { value: 'https://api.storymagic.example.com' } });
    expect(releases).toEqual({ api: release });
    expect(releasedTaskDefinitions(releases)).toEqual({ 'storymagic-production-api': taskDefinition(8) });
  });

  it('names a missing release output and how to get it', () => {
    expect(() => releasesOf(production(), { api_url: { value: 'https://api.storymagic.example.com' } })).toThrow(
      /^storymagic-production-services has no output api_release, so the blue\/green service api cannot be released .*Fix: apply storymagic-production-services/,
    );
  });

  it('names a field of the wrong type', () => {
    expect(() => releasesOf(production(), { api_release: { value: { ...release, containerPort: '3000' } } })).toThrow(
      'storymagic-production-services output api_release: containerPort is "3000", not a number.',
    );
  });
});

describe('appSpecContent', () => {
  it('names the revision, the container and port the load balancer routes to, and the pinned platform version', () => {
    expect(appSpecContent(release)).toMatch(/^\{"version":0\.0,"Resources":/);
    expect(JSON.parse(appSpecContent(release))).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: taskDefinition(8), LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 3000 }, PlatformVersion: '1.4.0' },
          },
        },
      ],
    });
  });
});

describe('readServicesOutputs', () => {
  let terraform: FakeTerraform;
  beforeEach(() => (terraform = new FakeTerraform()));
  afterEach(() => terraform.restore());

  it('initializes the services stack and reads its outputs as JSON', () => {
    const dir = terraform.stackDir('storymagic-production-services');
    terraform.outputJson('storymagic-production-services', { api_release: { sensitive: false, value: release } });
    // The manifest names stack folders relative to the app's output folder.
    const manifest = { stacks: { 'storymagic-production-services': { workingDirectory: path.relative(outputOf('storymagic-production'), dir), dependencies: [] } } };
    expect(readServicesOutputs('storymagic-production', manifest)).toEqual({ api_release: { sensitive: false, value: release } });
    expect(terraform.calls()).toEqual(['storymagic-production-services init -input=false', 'storymagic-production-services output -json']);
  });
});

describe('releaseService', () => {
  let aws: FakeCommand;
  let pauses: number;
  const patience = () => ({ attempts: 3, pause: () => (pauses += 1) });
  beforeEach(() => {
    aws = new FakeCommand('AWS_CLI_BINARY');
    pauses = 0;
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    aws.restore();
    jest.restoreAllMocks();
  });

  it('starts a CodeDeploy deployment of the new revision when the primary task set runs another, and waits until it succeeded', () => {
    aws
      .reply(JSON.stringify({ deployments: [] }))
      .reply(JSON.stringify(described(taskDefinition(7))))
      .reply(JSON.stringify({ deploymentId: 'd-7QX1Z2ABC' }))
      .reply(deployment('InProgress'))
      .reply(deployment('Succeeded'));
    expect(releaseService('eu-central-1', release, patience())).toEqual({ deployed: true, deploymentId: 'd-7QX1Z2ABC' });
    const calls = aws.calls();
    expect(calls.map((call) => call.slice(0, 2).join(' '))).toEqual(['deploy list-deployments', 'ecs describe-services', 'deploy create-deployment', 'deploy get-deployment', 'deploy get-deployment']);
    expect([calls[0], calls[1], calls[3]]).toEqual([listCall, describeCall, getCall('d-7QX1Z2ABC')]);
    const create = calls[2];
    expect(create.slice(0, 8)).toEqual(['deploy', 'create-deployment', '--region', 'eu-central-1', ...group]);
    const revision = JSON.parse(create[create.indexOf('--revision') + 1]) as { revisionType: string; appSpecContent: { content: string } };
    expect(revision.revisionType).toBe('AppSpecContent');
    expect(JSON.parse(revision.appSpecContent.content)).toEqual(JSON.parse(appSpecContent(release)));
    expect(pauses).toBe(1);
  });

  it('does nothing when the primary task set runs the revision already', () => {
    aws.reply(JSON.stringify({ deployments: [] })).reply(JSON.stringify(described(taskDefinition(8))));
    expect(releaseService('eu-central-1', release, patience())).toEqual({ deployed: false });
    expect(aws.calls()).toEqual([listCall, describeCall]);
  });

  it('fails naming the deployment, its status and CodeDeploy’s error when the deployment rolled back', () => {
    const error = { code: 'ALARM_ACTIVE', message: 'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected' };
    aws
      .reply(JSON.stringify({ deployments: [] }))
      .reply(JSON.stringify(described(taskDefinition(7))))
      .reply(JSON.stringify({ deploymentId: 'd-7QX1Z2ABC' }))
      .reply(deployment('Stopped', { errorInformation: error, rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK1' } }));
    expect(() => releaseService('eu-central-1', release, patience())).toThrow(
      `CodeDeploy deployment d-7QX1Z2ABC of storymagic-production-api (${taskDefinition(8)}) ended Stopped: ALARM_ACTIVE: ${error.message} (rolled back by d-ROLLBACK1)`,
    );
  });

  it('fails naming the deployment when it is still under way once patience is spent', () => {
    aws
      .reply(JSON.stringify({ deployments: [] }))
      .reply(JSON.stringify(described(taskDefinition(7))))
      .reply(JSON.stringify({ deploymentId: 'd-7QX1Z2ABC' }))
      .reply(deployment('InProgress'));
    expect(() => releaseService('eu-central-1', release, patience())).toThrow(/^CodeDeploy deployment d-7QX1Z2ABC of storymagic-production-api is still InProgress after 3 checks/);
    expect(pauses).toBe(2);
  });

  it('waits for a deployment of the group already under way before comparing the revision', () => {
    aws
      .reply(JSON.stringify({ deployments: ['d-EARLIER01'] }))
      .reply(deployment('Succeeded', { deploymentId: 'd-EARLIER01' }))
      .reply(JSON.stringify(described(taskDefinition(8))));
    expect(releaseService('eu-central-1', release, patience())).toEqual({ deployed: false });
    expect(aws.calls()).toEqual([listCall, getCall('d-EARLIER01'), describeCall]);
  });

  it('fails when AWS refuses the deployment', () => {
    aws
      .reply(JSON.stringify({ deployments: [] }))
      .reply(JSON.stringify(described(taskDefinition(7))))
      .reply('', 254, 'An error occurred (AccessDeniedException) when calling the CreateDeployment operation');
    expect(() => releaseService('eu-central-1', release, patience())).toThrow(/^aws deploy create-deployment failed \(An error occurred \(AccessDeniedException\)/);
  });
});

describe('deploymentFailure', () => {
  it('says so when CodeDeploy gave no error', () => {
    expect(deploymentFailure(release, { deploymentId: 'd-1', status: 'Failed' })).toBe(`CodeDeploy deployment d-1 of storymagic-production-api (${taskDefinition(8)}) ended Failed: CodeDeploy gave no error`);
  });
});

describe('the command line of tools/ecs-release.ts', () => {
  it('takes one environment the workspace synthesizes', () => {
    expect(parseEcsReleaseArguments(['storymagic-production'])).toBe('storymagic-production');
    expect(() => parseEcsReleaseArguments(['nowhere'])).toThrow(/^Unknown environment 'nowhere'\. Known environments: .*Usage: npx tsx tools\/ecs-release\.ts <environment>$/);
    expect(() => parseEcsReleaseArguments(['staging', 'production'])).toThrow(/^'production': unexpected argument\./);
  });

  itFollowsTheCommandLineConvention(ECS_RELEASE_COMMAND, parseEcsReleaseArguments, ['staging']);
});
