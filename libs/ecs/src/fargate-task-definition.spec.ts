import { synthJson } from '@platform/terraform-testing';
import { FargateTaskDefinitionProps } from './fargate-task-definition';
import { DATABASE_SECRET, OPENAI_SECRET, REPOSITORY_URL, TASK_PROPS, taskDefinition } from './private/test-fixtures';

const synth = (props: Partial<FargateTaskDefinitionProps> = {}) => synthJson((scope) => taskDefinition(scope, props));
const containersOf = (json: ReturnType<typeof synth>) => JSON.parse(json.resources('aws_ecs_task_definition')[0].container_definitions as string);

describe('FargateTaskDefinition', () => {
  const json = synth();
  const task = json.resources('aws_ecs_task_definition')[0];
  const [app, ...sidecars] = containersOf(json);

  it('registers a Linux x86 Fargate task of 1 vCPU and 2 GB in awsvpc mode with both roles', () => {
    expect(task).toMatchObject({
      family: 'storymagic-api',
      cpu: '1024',
      memory: '2048',
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'X86_64' },
      execution_role_arn: json.ref(json.resource('aws_iam_role', 'ExecutionRole'), 'arn'),
      task_role_arn: json.ref(json.resource('aws_iam_role', 'TaskRole'), 'arn'),
      skip_destroy: true,
    });
    expect(sidecars).toEqual([]);
  });

  it('runs the image by the tag it is given, on port 3000, unprivileged, as uid 1000', () => {
    expect(app).toMatchObject({
      name: 'app',
      image: `${REPOSITORY_URL}:\${var.image_tag}`,
      essential: true,
      user: '1000',
      privileged: false,
      portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }],
    });
  });

  it('mounts the root filesystem read-only and a writable ephemeral volume at /tmp', () => {
    expect(app.readonlyRootFilesystem).toBe(true);
    expect(app.mountPoints).toEqual([{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }]);
    expect(task.volume).toEqual([{ name: 'tmp' }]);
  });

  it('checks /health on the container port with wget', () => {
    expect(app.healthCheck).toEqual({
      command: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:3000/health || exit 1'],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 60,
    });
  });

  it.each([
    ['curl', 'curl -fsS -o /dev/null http://localhost:8080/ready || exit 1'],
    ['node', `node -e "require('http').get('http://localhost:8080/ready', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"`],
  ] as const)('checks with %s when the image has it', (probe, command) => {
    const [container] = containersOf(synth({ containerPort: 8080, healthCheck: { probe, path: '/ready' } }));
    expect(container.healthCheck.command).toEqual(['CMD-SHELL', command]);
  });

  it('passes plain variables as environment and secrets by ARN, a JSON key as <arn>:<key>::', () => {
    expect(app.environment).toEqual([
      { name: 'DATABASE_HOST', value: 'db.internal' },
      { name: 'NODE_ENV', value: 'production' },
    ]);
    expect(app.secrets).toEqual([
      { name: 'DATABASE_PASSWORD', valueFrom: `${DATABASE_SECRET}:password::` },
      { name: 'OPENAI_API_KEY', valueFrom: OPENAI_SECRET },
    ]);
  });

  it('logs to /ecs/<family>, kept 30 days, without blocking the application', () => {
    const logGroup = json.resource('aws_cloudwatch_log_group', 'LogGroup');
    expect(logGroup).toMatchObject({ name: '/ecs/storymagic-api', retention_in_days: 30 });
    expect(app.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/storymagic-api', 'awslogs-region': 'eu-central-1', 'awslogs-stream-prefix': 'ecs', mode: 'non-blocking', 'max-buffer-size': '25m' },
    });
  });

  it('gives the application 30 seconds to stop and an init process', () => {
    expect(app).toMatchObject({ stopTimeout: 30, linuxParameters: { initProcessEnabled: true } });
  });

  it('runs on ARM64 when asked', () => {
    expect(synth({ cpuArchitecture: 'ARM64' }).resources('aws_ecs_task_definition')[0].runtime_platform).toEqual({ operating_system_family: 'LINUX', cpu_architecture: 'ARM64' });
  });

  describe('with tracing', () => {
    const traced = synth({ tracing: true });
    const [tracedApp, daemon] = containersOf(traced);

    it('runs the pinned X-Ray daemon as a small, unprivileged, non-essential sidecar', () => {
      expect(daemon).toMatchObject({
        name: 'xray-daemon',
        image: 'public.ecr.aws/xray/aws-xray-daemon:3.3.15',
        essential: false,
        user: '65534',
        privileged: false,
        readonlyRootFilesystem: true,
        cpu: 32,
        memoryReservation: 256,
        portMappings: [{ containerPort: 2000, hostPort: 2000, protocol: 'udp' }],
        environment: [{ name: 'AWS_REGION', value: 'eu-central-1' }],
      });
    });

    it('points the application at the daemon and lets the task role send traces', () => {
      expect(tracedApp.environment).toContainEqual({ name: 'AWS_XRAY_DAEMON_ADDRESS', value: '127.0.0.1:2000' });
      const policy = JSON.parse(traced.resource('aws_iam_role_policy', 'TaskRole').policy as string);
      expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['SendTracesToXRay']);
    });
  });

  it("accepts the seed's development size, 0.5 vCPU and 1 GB", () => {
    expect(synth({ cpu: 512, memory: 1024 }).resources('aws_ecs_task_definition')[0]).toMatchObject({ cpu: '512', memory: '1024' });
  });

  describe('validation', () => {
    const image = TASK_PROPS.image;
    it.each<[string, Partial<FargateTaskDefinitionProps>, RegExp]>([
      ['a memory size Fargate does not offer for the CPU', { cpu: 1024, memory: 1024 }, /task: memory: 1024 MiB is not offered by Fargate with cpu 1024\. Fix: use one of 2048, 3072, 4096, 5120, 6144, 7168, 8192 MiB/],
      ['a CPU value Fargate does not offer', { cpu: 768 }, /task: cpu: 768 is not a Fargate CPU value\. Fix: use one of 256, 512, 1024, 2048, 4096, 8192, 16384/],
      ['the latest tag', { image: { ...image, tag: 'latest' } }, /image\.tag: 'latest' moves with every push.*Fix: pass an immutable tag such as the commit SHA/],
      ['an empty tag', { image: { ...image, tag: '' } }, /image\.tag: is empty.*Fix: pass an immutable tag/],
      ['a tag with a digest separator', { image: { ...image, tag: 'sha256@abc' } }, /image\.tag: 'sha256@abc' is not an image tag/],
      ['a repository URL with a tag', { image: { ...image, repositoryUrl: `${REPOSITORY_URL}:v1` } }, /image\.repositoryUrl: .* is not an ECR repository URL without tag/],
      ['the root user', { user: '0' }, /user: '0' runs the container as root\. Fix: run as an unprivileged uid/],
      ['root by name', { user: 'root:root' }, /user: 'root:root' runs the container as root/],
      [
        'a secret-looking plain variable',
        { environment: { OPENAI_API_KEY: 'sk-123' } },
        /environment: 'OPENAI_API_KEY' looks like a secret.*Fix: inject it from Secrets Manager through `secrets`/,
      ],
      ...['DB_PASSWORD', 'JWT_SECRET', 'GITHUB_TOKEN', 'AWS_CREDENTIALS', 'APIKEY', 'AWS_ACCESS_KEY_ID'].map(
        (name): [string, Partial<FargateTaskDefinitionProps>, RegExp] => [`the plain variable ${name}`, { environment: { [name]: 'x' } }, new RegExp(`'${name}' looks like a secret`)],
      ),
      ['a variable both plain and secret', { environment: { OPENAI: 'x' }, secrets: { OPENAI: { secretArn: OPENAI_SECRET } } }, /environment: 'OPENAI' is set both as a plain value and as a secret/],
      ['a secret ARN with a wildcard', { secrets: { OPENAI_API_KEY: { secretArn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:*' } } }, /secrets: OPENAI_API_KEY: .* is not a secret ARN/],
      ['a health check path with shell characters', { healthCheck: { path: '/health;reboot' } }, /healthCheck\.path: '\/health;reboot' is not a plain URL path/],
      ['a health check timeout as long as the interval', { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } }, /healthCheck\.timeoutSeconds: 10 is outside 2 to 60 or not below the interval/],
      ['a start period beyond 300 s', { healthCheck: { startPeriodSeconds: 301 } }, /healthCheck\.startPeriodSeconds: 301 is outside 0 to 300/],
      ['zero retries', { healthCheck: { retries: 0 } }, /healthCheck\.retries: 0 is outside 1 to 10/],
      ['an interval below 5 s', { healthCheck: { intervalSeconds: 4 } }, /healthCheck\.intervalSeconds: 4 is outside 5 to 300/],
      ['a retention CloudWatch does not accept', { logRetentionDays: 31 }, /logRetentionDays: 31 is not a retention CloudWatch Logs accepts/],
      ['a stop timeout beyond Fargate’s 120 s', { stopTimeoutSeconds: 121 }, /stopTimeoutSeconds: 121 is outside 2 to 120 seconds/],
      ['ECS Exec on a read-only root', { executeCommand: true }, /executeCommand: ECS Exec's agent cannot run on a read-only root filesystem\. Fix: set readonlyRootFilesystem: false/],
      ['the sidecar name for the application', { containerName: 'xray-daemon' }, /containerName: 'xray-daemon' is the X-Ray sidecar's name/],
      ['a port out of range', { containerPort: 70000 }, /containerPort: 70000 is not a port/],
      ['a family too long for the role names', { family: 'a'.repeat(51) }, /family: 'a+' is not a name of at most 50/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });

    it('accepts root with allowRootUser, and words merely starting with KEY', () => {
      expect(() => synth({ user: '0', allowRootUser: true, environment: { KEYCLOAK_URL: 'https://id', CACHE_KEYSPACE: 'stories' } })).not.toThrow();
    });

    it('accepts ECS Exec with a writable root', () => {
      expect(() => synth({ executeCommand: true, readonlyRootFilesystem: false })).not.toThrow();
    });
  });
});
