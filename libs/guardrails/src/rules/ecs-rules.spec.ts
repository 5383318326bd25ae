import { EcsCluster, EcsClusterConfig } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService, EcsServiceConfig } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition, EcsTaskDefinitionConfig } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Fn, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { ECS_RULES, looksLikeSecretName } from './ecs-rules';

type ContainerOverrides = Readonly<Record<string, unknown>>;

/** A container like seed 003's API: pinned image, non-root, read-only root, awslogs, secrets from Secrets Manager. */
function apiContainer(scope: Construct, overrides: ContainerOverrides = {}): Record<string, unknown> {
  const tag = new TerraformVariable(scope, 'image_tag', { type: 'string' });
  const openAi = new SecretsmanagerSecret(scope, 'OpenAiKey', { name: 'storymagic/openai' });
  return {
    name: 'api',
    image: `123456789012.dkr.ecr.eu-central-1.amazonaws.com/storymagic:${tag.stringValue}`,
    essential: true,
    user: '1000:1000',
    readonlyRootFilesystem: true,
    portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
    environment: [
      { name: 'NODE_ENV', value: 'production' },
      { name: 'DB_SECRET_ARN', value: openAi.arn },
      { name: 'KMS_KEY_ID', value: 'alias/storymagic' },
    ],
    secrets: [{ name: 'OPENAI_API_KEY', valueFrom: openAi.arn }],
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/api', 'awslogs-region': 'eu-central-1', 'awslogs-stream-prefix': 'api' } },
    mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp' }],
    ...overrides,
  };
}

/** A Fargate task definition with separate roles; `encode` chooses Fn.jsonencode (default) or JSON.stringify. */
function taskDefinition(scope: Construct, container: ContainerOverrides = {}, overrides: Partial<EcsTaskDefinitionConfig> = {}, encode: 'jsonencode' | 'stringify' = 'jsonencode'): EcsTaskDefinition {
  const assumeRolePolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ecs-tasks.amazonaws.com' } }] });
  const execution = new IamRole(scope, 'ExecutionRole', { assumeRolePolicy });
  const task = new IamRole(scope, 'TaskRole', { assumeRolePolicy });
  const containers = [apiContainer(scope, container)];
  return new EcsTaskDefinition(scope, 'Task', {
    family: 'api',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '1024',
    memory: '2048',
    executionRoleArn: execution.arn,
    taskRoleArn: task.arn,
    containerDefinitions: encode === 'jsonencode' ? Fn.jsonencode(containers) : JSON.stringify(containers),
    volume: [{ name: 'tmp' }],
    ...overrides,
  });
}

function cluster(scope: Construct, overrides: Partial<EcsClusterConfig> = {}): EcsCluster {
  return new EcsCluster(scope, 'Cluster', { name: 'storymagic', setting: [{ name: 'containerInsights', value: 'enabled' }], ...overrides });
}

function service(scope: Construct, overrides: Partial<EcsServiceConfig> = {}): EcsService {
  return new EcsService(scope, 'Service', {
    name: 'api',
    cluster: 'arn:aws:ecs:eu-central-1:123456789012:cluster/storymagic',
    taskDefinition: 'api:1',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    desiredCount: 2,
    networkConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-api'], assignPublicIp: false },
    ...overrides,
  });
}

function compliant(scope: Construct): void {
  cluster(scope);
  service(scope);
  taskDefinition(scope);
}

/** One violating container property, checked in both container_definitions encodings. */
const containerCase = (name: string, container: ContainerOverrides, problem: string) =>
  (['jsonencode', 'stringify'] as const).map((encode) => ({
    name: `${name} (${encode})`,
    build: (scope: Construct) => taskDefinition(scope, container, {}, encode),
    path: 'Task',
    problem,
  }));

describe('ECS rules', () => {
  testRulePack(ECS_RULES, compliant, {
    'PLAT-ECS-001': [
      { name: 'Container Insights off', build: (stack) => cluster(stack, { setting: [{ name: 'containerInsights', value: 'disabled' }] }), path: 'Cluster', problem: 'containerInsights is "disabled"' },
      { name: 'no settings', build: (stack) => cluster(stack, { setting: undefined }), path: 'Cluster', problem: 'containerInsights is not set' },
    ],
    'PLAT-ECS-002': [
      {
        name: 'a public IP on the tasks',
        build: (stack) => service(stack, { networkConfiguration: { subnets: ['subnet-public'], assignPublicIp: true } }),
        path: 'Service',
        problem: 'network_configuration.assign_public_ip is true',
      },
    ],
    'PLAT-ECS-003': [{ name: 'ECS Exec on', build: (stack) => service(stack, { enableExecuteCommand: true }), path: 'Service', problem: 'enable_execute_command is true' }],
    'PLAT-ECS-004': [
      ...containerCase('a secret-named variable', { environment: [{ name: 'OPENAI_API_KEY', value: 'from-ci' }] }, 'container api environment OPENAI_API_KEY looks like a credential'),
      ...containerCase('an access key id under a harmless name', { environment: [{ name: 'UPLOAD_ID', value: 'AKIAIOSFODNN7EXAMPLE' }] }, 'environment UPLOAD_ID holds an AWS access key id'),
      {
        name: 'a private key and a camelCase password',
        build: (stack) =>
          taskDefinition(stack, {
            environment: [
              { name: 'CERT', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIE...' },
              { name: 'dbPassword', value: 'hunter2' },
            ],
          }),
        path: 'Task',
        problem: 'container api environment CERT holds a private key, environment dbPassword looks like a credential',
      },
    ],
    'PLAT-ECS-005': containerCase('a privileged container', { privileged: true }, 'container api is privileged'),
    'PLAT-ECS-006': [
      ...containerCase('a writable root filesystem', { readonlyRootFilesystem: false }, 'container api readonlyRootFilesystem is false'),
      ...containerCase('the default (writable) root filesystem', { readonlyRootFilesystem: undefined }, 'container api readonlyRootFilesystem is not set'),
    ],
    'PLAT-ECS-007': [
      ...containerCase('user root', { user: 'root' }, 'container api runs as user "root" (root)'),
      ...containerCase('UID 0 with a group', { user: '0:1000' }, 'runs as user "0:1000" (root)'),
      ...containerCase('no user', { user: undefined }, 'container api sets no user'),
    ],
    'PLAT-ECS-008': [
      ...containerCase('the latest tag', { image: 'public.ecr.aws/docker/library/node:latest' }, 'is tagged latest'),
      ...containerCase('no tag on a registry with a port', { image: 'registry.example.com:5000/storymagic' }, 'has no tag, so it pulls latest'),
    ],
    'PLAT-ECS-009': [
      { name: 'bridge networking', build: (stack) => taskDefinition(stack, {}, { networkMode: 'bridge' }), path: 'Task', problem: 'network_mode is "bridge"' },
      { name: 'the default network mode', build: (stack) => taskDefinition(stack, {}, { networkMode: undefined }), path: 'Task', problem: 'network_mode is "bridge"' },
    ],
    'PLAT-ECS-010': containerCase('no log configuration', { logConfiguration: undefined }, 'container api has no logConfiguration'),
    'PLAT-ECS-011': [
      {
        name: 'one role for both',
        build: (stack) => {
          const role = new IamRole(stack, 'SharedRole', { assumeRolePolicy: '{}' });
          taskDefinition(stack, {}, { executionRoleArn: role.arn, taskRoleArn: role.arn });
        },
        path: 'Task',
        problem: 'execution_role_arn and task_role_arn are both ${aws_iam_role.SharedRole.arn}',
      },
      {
        name: 'the same role by name and by ARN',
        build: (stack) => {
          const role = new IamRole(stack, 'SharedRole', { assumeRolePolicy: '{}' });
          taskDefinition(stack, {}, { executionRoleArn: role.arn, taskRoleArn: role.id });
        },
        path: 'Task',
        problem: 'execution_role_arn and task_role_arn are both',
      },
    ],
    'PLAT-ECS-012': [
      {
        name: 'an EFS volume without transit encryption',
        build: (stack) => taskDefinition(stack, {}, { volume: [{ name: 'tmp' }, { name: 'stories', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }] }),
        path: 'Task',
        problem: 'EFS volumes stories are mounted without transit_encryption',
      },
    ],
    'PLAT-ECS-013': [
      {
        name: 'ECS Exec sessions unlogged',
        build: (stack) => cluster(stack, { configuration: { executeCommandConfiguration: { logging: 'NONE' } } }),
        path: 'Cluster',
        problem: 'execute_command_configuration.logging is NONE',
      },
    ],
  });

  describe('container definitions', () => {
    it('checks the essential containers only for a read-only root, every container for the rest', () => {
      const build = (scope: Construct) => taskDefinition(scope, { essential: false, readonlyRootFilesystem: false });
      expect(findingsOf('PLAT-ECS-006', build)).toEqual([]);
      expect(findingsOf('PLAT-ECS-005', (scope) => taskDefinition(scope, { essential: false, privileged: true }))).toHaveLength(1);
    });

    it('skips container definitions known only at apply time instead of guessing', () => {
      const definitions = ['${jsonencode(local.containers)}', '${var.container_definitions}', '${file("containers.json")}'];
      for (const containerDefinitions of definitions) {
        const build = (scope: Construct) => taskDefinition(scope, {}, { containerDefinitions });
        expect(ECS_RULES.flatMap(({ id }) => findingsOf(id, build))).toEqual([]);
      }
    });

    it('reads apply-time values inside a definition as unknown: flagged where the rule needs proof, passed where it looks for a bad literal', () => {
      const tokens = (scope: Construct) => {
        const flags = new TerraformVariable(scope, 'flags', { type: 'bool' });
        const image = new TerraformVariable(scope, 'image', { type: 'string' });
        return taskDefinition(scope, { readonlyRootFilesystem: flags.booleanValue, privileged: flags.booleanValue, image: image.stringValue });
      };
      expect(findingsOf('PLAT-ECS-006', tokens)).toEqual([expect.objectContaining({ problem: 'container api readonlyRootFilesystem is ${var.flags} (known only at apply time)' })]);
      expect(findingsOf('PLAT-ECS-005', tokens)).toEqual([]);
      expect(findingsOf('PLAT-ECS-008', tokens)).toEqual([]);
    });

    it('accepts images pinned by digest or by a tag from a variable', () => {
      for (const image of ['node@sha256:0123456789abcdef', 'registry.example.com:5000/storymagic:1.4.2', '${aws_ecr_repository.api.repository_url}:${var.tag}']) {
        expect(findingsOf('PLAT-ECS-008', (scope) => taskDefinition(scope, { image }))).toEqual([]);
      }
    });
  });

  describe('looksLikeSecretName', () => {
    it.each(['OPENAI_API_KEY', 'DB_PASSWORD', 'GITHUB_TOKEN', 'JWT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'SECRET_KEY_BASE', 'privateKey', 'GOOGLE_CREDENTIALS'])('%s looks like a credential', (name) => {
      expect(looksLikeSecretName(name)).toBe(true);
    });

    it.each(['NODE_ENV', 'DB_SECRET_ARN', 'KMS_KEY_ID', 'TOKEN_TTL', 'CACHE_KEY_PREFIX', 'PASSWORD_FILE', 'STRIPE_PUBLIC_KEY', 'FIREBASE_CONFIG'])('%s does not', (name) => {
      expect(looksLikeSecretName(name)).toBe(false);
    });
  });
});

describe('ECS rules at the edge of their conditions', () => {
  const problems = (ruleId: string, build: (stack: Construct) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  const container = (overrides: ContainerOverrides) => (scope: Construct) => taskDefinition(scope, overrides, {}, 'stringify');

  it.each<[string, string, (stack: Construct) => void, string[]]>([
    ['PLAT-ECS-001', 'enhanced Container Insights', (stack) => cluster(stack, { setting: [{ name: 'containerInsights', value: 'enhanced' }] }), []],
    ['PLAT-ECS-001', 'another setting enabled', (stack) => cluster(stack, { setting: [{ name: 'otherSetting', value: 'enabled' }] }), ['containerInsights is not set']],
    ['PLAT-ECS-002', 'a service without network_configuration (bridge or host networking)', (stack) => service(stack, { networkConfiguration: undefined }), []],
    ['PLAT-ECS-004', 'an environment entry without a name holding an access key id', container({ environment: [{ value: 'AKIAIOSFODNN7EXAMPLE' }] }), ['container api environment not set holds an AWS access key id']],
    ['PLAT-ECS-007', 'user ROOT in capitals', container({ user: ' ROOT ' }), ['container api runs as user " ROOT " (root)']],
    ['PLAT-ECS-007', 'a non-root user in the root group', container({ user: '1000:0' }), []],
    ['PLAT-ECS-007', 'a user known only at apply time', container({ user: '${var.user}' }), ['container api user is ${var.user} (known only at apply time)']],
    ['PLAT-ECS-007', 'an unnamed container without a user', container({ name: undefined, user: undefined }), ['container (unnamed) sets no user, so it runs as the image user (root unless the image says otherwise)']],
    ['PLAT-ECS-008', 'the LATEST tag in capitals', container({ image: 'node:LATEST' }), ['container api image "node:LATEST" is tagged latest']],
    ['PLAT-ECS-008', 'a tag ending in latest', container({ image: 'node:not-latest' }), []],
    ['PLAT-ECS-008', 'no image', container({ image: undefined }), ['container api image is not set']],
    ['PLAT-ECS-008', 'the latest tag followed by a space', container({ image: 'node:latest ' }), ['container api image "node:latest " is tagged latest']],
    ['PLAT-ECS-008', 'two containers with unpinned images', (stack) => taskDefinition(stack, {}, { containerDefinitions: JSON.stringify([{ name: 'a', image: 'node' }, { name: 'b', image: 'node:latest' }]) }), [
      'container a image "node" has no tag, so it pulls latest; container b image "node:latest" is tagged latest',
    ]],
    ['PLAT-ECS-011', 'two different role ARNs written literally', (stack) => taskDefinition(stack, {}, { executionRoleArn: 'arn:aws:iam::1:role/execution', taskRoleArn: 'arn:aws:iam::1:role/task' }), []],
    ['PLAT-ECS-011', 'one role ARN written literally twice', (stack) => taskDefinition(stack, {}, { executionRoleArn: 'arn:aws:iam::1:role/both', taskRoleArn: 'arn:aws:iam::1:role/both' }), ['execution_role_arn and task_role_arn are both "arn:aws:iam::1:role/both"']],
    ['PLAT-ECS-011', 'no task role', (stack) => taskDefinition(stack, {}, { taskRoleArn: undefined }), []],
    ['PLAT-ECS-011', 'neither role', (stack) => taskDefinition(stack, {}, { executionRoleArn: undefined, taskRoleArn: undefined }), []],
    ['PLAT-ECS-012', 'two EFS volumes without transit encryption', (stack) => taskDefinition(stack, {}, {
      volume: [{ name: 'stories', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }, { name: 'media', efsVolumeConfiguration: { fileSystemId: 'fs-2', transitEncryption: 'DISABLED' } }],
    }), ['EFS volumes stories, media are mounted without transit_encryption']],
    ['PLAT-ECS-012', 'an EFS volume with transit encryption', (stack) => taskDefinition(stack, {}, { volume: [{ name: 'stories', efsVolumeConfiguration: { fileSystemId: 'fs-1', transitEncryption: 'ENABLED' } }] }), []],
    ['PLAT-ECS-013', 'ECS Exec sessions logged by default', (stack) => cluster(stack, { configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } } }), []],
  ])('%s: %s', (ruleId, _, build, expected) => {
    expect(problems(ruleId, build)).toEqual(expected);
  });

  it.each(['PUBLIC_SECRET', 'PUBLIC_PRIVATE_KEY', 'PUBLIC_PASSWORD'])('%s looks like a credential despite PUBLIC', (name) => {
    expect(looksLikeSecretName(name)).toBe(true);
  });

  it.each(['', '__', 'PUBLIC_TOKEN', 'DB_PASSWORD_ARN_'])('%j does not look like a credential', (name) => {
    expect(looksLikeSecretName(name)).toBe(false);
  });
});
