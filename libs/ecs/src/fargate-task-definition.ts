import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { FARGATE_CPU_SIZES, fargateMemoryOptions } from './fargate-sizes';
import { isIntegerBetween, isLateBound, requireAccountAndRegion, requirement, requireResourceName, SECRET_ARN } from './private/compute-validation';
import { TaskExecutionRole } from './task-execution-role';
import { TaskPolicyStatement, TaskRole } from './task-role';

/** The image of the application container: an ECR repository and an immutable tag. */
export interface ContainerImage {
  /** Repository URL, e.g. `123456789012.dkr.ecr.eu-central-1.amazonaws.com/storymagic-api`. */
  readonly repositoryUrl: string;
  /** Repository ARN; the execution role may pull from this repository only. */
  readonly repositoryArn: string;
  /**
   * Immutable tag, usually a Terraform variable reference (`${var.image_tag}`) set by the release pipeline to the
   * commit SHA. `latest` and an empty tag are refused: a moving tag makes the running version unknowable and a
   * rollback impossible.
   */
  readonly tag: string;
}

/** A secret ECS injects as an environment variable when the container starts. */
export interface ContainerSecret {
  /** Full secret ARN, with Secrets Manager's 6-character suffix (e.g. `ApplicationSecrets.secretArns[...]`). */
  readonly secretArn: string;
  /**
   * Key of a JSON secret whose value alone is injected, e.g. `password` of the database credentials.
   * @default - the whole secret string
   */
  readonly jsonKey?: string;
}

/** The tool the container health check runs inside the image. */
export type HealthCheckProbe = 'wget' | 'curl' | 'node';

export interface ContainerHealthCheck {
  /**
   * HTTP path the probe requests on `localhost:<containerPort>`; a 2xx/3xx answer is healthy.
   * @default '/health'
   */
  readonly path?: string;
  /**
   * Tool the probe runs with `CMD-SHELL` (so the image needs `/bin/sh`): `wget` (BusyBox in Alpine images), `curl`, or
   * `node` (always present in a Node.js image, e.g. `node:*-slim`, which has neither wget nor curl).
   * @default 'wget'
   */
  readonly probe?: HealthCheckProbe;
  /**
   * Seconds between checks, 5 to 300.
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds one check may take, 2 to 60 and less than the interval.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Failed checks in a row before the container is unhealthy (and the task replaced), 1 to 10.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Seconds after start during which failed checks do not count, 0 to 300.
   * @default 60
   */
  readonly startPeriodSeconds?: number;
}

/** CPU architecture of the task. */
export type FargateCpuArchitecture = 'X86_64' | 'ARM64';

export interface FargateTaskDefinitionProps {
  /**
   * Task family and service name, e.g. `storymagic-api`; also names the log group `/ecs/<family>` and the roles
   * `<family>-execution` and `<family>-task`. At most 50 characters.
   */
  readonly family: string;
  /** AWS account id (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the tasks, e.g. `eu-central-1`. */
  readonly region: string;
  /** CPU units of the task (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384. */
  readonly cpu: number;
  /** Memory of the task in MiB; one of the values Fargate offers for `cpu` ({@link fargateMemoryOptions}). */
  readonly memory: number;
  /**
   * CPU architecture; the image must be built for it.
   * @default 'X86_64'
   */
  readonly cpuArchitecture?: FargateCpuArchitecture;
  /** Image of the application container. */
  readonly image: ContainerImage;
  /**
   * Name of the application container (the AppSpec of a blue/green release names it).
   * @default 'app'
   */
  readonly containerName?: string;
  /**
   * Port the application listens on.
   * @default 3000
   */
  readonly containerPort?: number;
  /**
   * Container health check; ECS replaces a task whose application container turns unhealthy.
   * @default - GET /health with wget every 30 s, 5 s timeout, 3 retries, 60 s start period
   */
  readonly healthCheck?: ContainerHealthCheck;
  /**
   * Mount the root filesystem read-only. `/tmp` stays writable: an ephemeral bind-mount volume is mounted there. Fargate
   * creates that volume owned by root with mode 0755 unless the image declares `VOLUME ["/tmp"]`, whose permissions
   * (1777 for `/tmp`) the volume then takes over, so a non-root image needs that line in its Dockerfile.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * User (`uid` or `uid:gid`) the application container runs as.
   * @default '1000' (the `node` user of the official Node.js images)
   */
  readonly user?: string;
  /**
   * Allow `user` to be root (`0`, `root`). Only for an image that must start as root and drops privileges itself.
   * @default false
   */
  readonly allowRootUser?: boolean;
  /**
   * Plain environment variables, e.g. `NODE_ENV`, `DATABASE_HOST`. Names that look like secrets (containing KEY,
   * SECRET, PASSWORD, TOKEN or CREDENTIAL) are refused: inject those through `secrets`.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Environment variables ECS fills from Secrets Manager at start, by variable name, e.g.
   * `{ OPENAI_API_KEY: { secretArn } }`. The execution role may read exactly these secrets.
   * @default - none
   */
  readonly secrets?: Readonly<Record<string, ContainerSecret>>;
  /**
   * Customer-managed KMS keys of those secrets (e.g. `ApplicationSecrets.key.arn`); the execution role may decrypt with
   * them through Secrets Manager only.
   * @default - none: the secrets use the AWS-managed key
   */
  readonly secretsKmsKeyArns?: readonly string[];
  /**
   * Days CloudWatch keeps the container logs; one of {@link LOG_RETENTION_DAYS}.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key encrypting the log group; its key policy must allow `logs.<region>.amazonaws.com`.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * Prefix of the log stream names (`<prefix>/<container>/<task id>`).
   * @default 'ecs'
   */
  readonly logStreamPrefix?: string;
  /**
   * Run the X-Ray daemon as a sidecar (UDP 127.0.0.1:2000) and let the task role send traces; the application's X-Ray
   * SDK then traces with the sampling rules set in X-Ray.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Seconds ECS waits after SIGTERM before it kills the containers, 2 to 120 (Fargate's maximum); time for in-flight
   * requests to finish after the load balancer deregistered the task.
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
  /**
   * Permissions of the application code (task role), e.g. read/write its S3 bucket.
   * @default - none
   */
  readonly taskRoleStatements?: readonly TaskPolicyStatement[];
  /**
   * Allow ECS Exec into the tasks (task role gets the SSM channels). ECS Exec's agent writes to the root filesystem, so
   * this needs `readonlyRootFilesystem: false`.
   * @default false
   */
  readonly executeCommand?: boolean;
  /**
   * Let the execution role pull GuardDuty's Runtime Monitoring sidecar ({@link TaskExecutionRole}'s `guardDutyAgent`):
   * on wherever GuardDuty manages the Fargate agent in the account and region.
   * @default false
   */
  readonly guardDutyAgent?: boolean;
  /**
   * Keep earlier revisions registered when Terraform registers a new one, so a manual rollback can name them.
   * @default true
   */
  readonly keepPreviousRevisions?: boolean;
  /**
   * Tags of the task definition and log group.
   * @default - none besides the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Fargate task definition (`awsvpc`, Linux) with one application container: the image by immutable tag, a container
 * health check, read-only root filesystem with a writable `/tmp`, a non-root user, plain environment variables and
 * secrets injected from Secrets Manager by ARN, logs to `/ecs/<family>` (a log group created here), optionally an
 * X-Ray daemon sidecar. It creates its {@link TaskExecutionRole} and {@link TaskRole}, scoped to exactly this image
 * repository, log group and these secrets. Nothing is privileged and no host networking exists on Fargate.
 */
export class FargateTaskDefinition extends Construct {
  /** The X-Ray daemon image, pinned (a release of github.com/aws/aws-xray-daemon). */
  static readonly XRAY_DAEMON_IMAGE = 'public.ecr.aws/xray/aws-xray-daemon:3.3.15';
  static readonly XRAY_CONTAINER_NAME = 'xray-daemon';
  /** Unprivileged user of the X-Ray sidecar (`nobody`); the daemon binds port 2000 and writes no file. */
  static readonly XRAY_USER = '65534';
  static readonly DEFAULT_CONTAINER_PORT = 3000;
  static readonly DEFAULT_USER = '1000';
  /** Environment variable names that look like secrets. `KEY` counts only at the end of a word (`API_KEY`, `APIKEY`, `KEY_ID`, not `KEYCLOAK_URL`). */
  static readonly SECRET_LOOKING_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|(^|_)[A-Z]*KEY(_|$)/;
  /** The writable scratch volume mounted at `/tmp`. */
  static readonly TMP_VOLUME = 'tmp';

  readonly taskDefinition: EcsTaskDefinition;
  /** ARN with revision of the registered task definition. */
  readonly taskDefinitionArn: string;
  readonly family: string;
  readonly containerName: string;
  readonly containerPort: number;
  readonly logGroup: CloudwatchLogGroup;
  /** `/ecs/<family>`. */
  readonly logGroupName: string;
  readonly executionRole: TaskExecutionRole;
  readonly taskRole: TaskRole;
  /** Whether the task role allows ECS Exec (a service may enable it only then). */
  readonly allowsExecuteCommand: boolean;

  constructor(scope: Construct, id: string, props: FargateTaskDefinitionProps) {
    super(scope, id);
    const containerName = props.containerName ?? 'app';
    const containerPort = props.containerPort ?? FargateTaskDefinition.DEFAULT_CONTAINER_PORT;
    const readonlyRootFilesystem = props.readonlyRootFilesystem ?? true;
    const user = props.user ?? FargateTaskDefinition.DEFAULT_USER;
    const logRetentionDays = props.logRetentionDays ?? 30;
    const stopTimeoutSeconds = props.stopTimeoutSeconds ?? 30;
    const healthCheck = {
      path: props.healthCheck?.path ?? '/health',
      probe: props.healthCheck?.probe ?? 'wget',
      intervalSeconds: props.healthCheck?.intervalSeconds ?? 30,
      timeoutSeconds: props.healthCheck?.timeoutSeconds ?? 5,
      retries: props.healthCheck?.retries ?? 3,
      startPeriodSeconds: props.healthCheck?.startPeriodSeconds ?? 60,
    };
    const environment = props.environment ?? {};
    const secrets = props.secrets ?? {};
    this.validate(props, { containerName, containerPort, readonlyRootFilesystem, user, logRetentionDays, stopTimeoutSeconds, healthCheck, environment, secrets });

    const { family, region, accountId } = props;
    const tracing = props.tracing === true;
    this.family = family;
    this.containerName = containerName;
    this.containerPort = containerPort;
    this.logGroupName = `/ecs/${family}`;
    this.allowsExecuteCommand = props.executeCommand === true;

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: this.logGroupName,
      retentionInDays: logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
    const logGroupArn = `arn:${partitionOf(region)}:logs:${region}:${accountId}:log-group:${this.logGroupName}`;

    const secretArns = [...new Set(Object.values(secrets).map((secret) => secret.secretArn))];
    this.executionRole = new TaskExecutionRole(this, 'ExecutionRole', {
      roleName: `${family}-execution`,
      accountId,
      region,
      repositoryArn: props.image.repositoryArn,
      logGroupArn,
      secretArns,
      secretsKmsKeyArns: props.secretsKmsKeyArns,
      guardDutyAgent: props.guardDutyAgent,
    });
    this.taskRole = new TaskRole(this, 'TaskRole', {
      roleName: `${family}-task`,
      accountId,
      region,
      statements: props.taskRoleStatements,
      tracing,
      executeCommand: this.allowsExecuteCommand,
    });

    const logConfiguration = {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': this.logGroupName,
        'awslogs-region': region,
        'awslogs-stream-prefix': props.logStreamPrefix ?? 'ecs',
        // A slow or throttled CloudWatch must not stall the application's stdout writes (and with them requests);
        // lines beyond the 25 MB buffer are dropped instead.
        mode: 'non-blocking',
        'max-buffer-size': '25m',
      },
    };
    const tmpMount = { sourceVolume: FargateTaskDefinition.TMP_VOLUME, containerPath: '/tmp', readOnly: false };
    const appEnvironment: Record<string, string> = { ...environment, ...(tracing ? { AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000' } : {}) };

    const application = {
      name: containerName,
      image: `${props.image.repositoryUrl}:${props.image.tag}`,
      essential: true,
      user,
      privileged: false,
      readonlyRootFilesystem,
      // awsvpc requires hostPort = containerPort; stated so that ECS's echo of it shows no diff.
      portMappings: [{ containerPort, hostPort: containerPort, protocol: 'tcp' }],
      environment: Object.keys(appEnvironment)
        .sort()
        .map((name) => ({ name, value: appEnvironment[name] })),
      secrets: Object.keys(secrets)
        .sort()
        .map((name) => ({ name, valueFrom: valueFrom(secrets[name]) })),
      mountPoints: [tmpMount],
      healthCheck: {
        command: ['CMD-SHELL', probeCommand(healthCheck.probe, `http://localhost:${containerPort}${healthCheck.path}`)],
        interval: healthCheck.intervalSeconds,
        timeout: healthCheck.timeoutSeconds,
        retries: healthCheck.retries,
        startPeriod: healthCheck.startPeriodSeconds,
      },
      // An init process as PID 1 forwards SIGTERM to the application and reaps zombie processes.
      linuxParameters: { initProcessEnabled: true },
      stopTimeout: stopTimeoutSeconds,
      logConfiguration,
    };
    const containers: object[] = [application];
    if (tracing) {
      containers.push({
        name: FargateTaskDefinition.XRAY_CONTAINER_NAME,
        image: FargateTaskDefinition.XRAY_DAEMON_IMAGE,
        // Losing traces must not stop the API: the task keeps running if the daemon exits.
        essential: false,
        user: FargateTaskDefinition.XRAY_USER,
        privileged: false,
        readonlyRootFilesystem: true,
        cpu: 32,
        memoryReservation: 256,
        portMappings: [{ containerPort: 2000, hostPort: 2000, protocol: 'udp' }],
        // Fargate has no instance metadata to find the region in.
        environment: [{ name: 'AWS_REGION', value: region }],
        mountPoints: [tmpMount],
        logConfiguration,
      });
    }

    this.taskDefinition = new EcsTaskDefinition(this, 'Resource', {
      family,
      cpu: String(props.cpu),
      memory: String(props.memory),
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      containerDefinitions: JSON.stringify(containers),
      // No host path: an ephemeral bind mount on the task's own storage, gone when the task stops.
      volume: [{ name: FargateTaskDefinition.TMP_VOLUME }],
      skipDestroy: props.keepPreviousRevisions ?? true,
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
    this.taskDefinitionArn = this.taskDefinition.arn;
  }

  private validate(
    props: FargateTaskDefinitionProps,
    resolved: {
      containerName: string;
      containerPort: number;
      readonlyRootFilesystem: boolean;
      user: string;
      logRetentionDays: number;
      stopTimeoutSeconds: number;
      healthCheck: Required<ContainerHealthCheck>;
      environment: Readonly<Record<string, string>>;
      secrets: Readonly<Record<string, ContainerSecret>>;
    },
  ): void {
    const require = requirement(this);
    requireResourceName(require, props.family, 50, 'family');
    requireAccountAndRegion(require, props);
    this.validateSize(props);
    this.validateImage(props.image);
    const { containerName, containerPort, user, healthCheck, environment, secrets } = resolved;
    require(/^[a-zA-Z0-9_-]{1,255}$/.test(containerName), 'containerName', `'${containerName}' is not a container name`, 'use letters, digits, hyphens and underscores, e.g. app');
    require(containerName !== FargateTaskDefinition.XRAY_CONTAINER_NAME, 'containerName', `'${containerName}' is the X-Ray sidecar's name`, "use another name, e.g. 'app'");
    require(isIntegerBetween(containerPort, 1, 65535), 'containerPort', `${containerPort} is not a port`, 'use the port the application listens on, e.g. 3000');
    require(
      /^[a-z0-9_][a-z0-9_.-]*(:[a-z0-9_][a-z0-9_.-]*)?$/i.test(user),
      'user',
      `'${user}' is not a user or uid[:gid]`,
      "use a numeric uid such as '1000' or '1000:1000'",
    );
    require(
      props.allowRootUser === true || !/^(0|root)(:|$)/.test(user),
      'user',
      `'${user}' runs the container as root`,
      "run as an unprivileged uid such as '1000' (the node user), or set allowRootUser: true if the image drops privileges itself",
    );
    this.validateHealthCheck(healthCheck);
    require(
      (LOG_RETENTION_DAYS as readonly number[]).includes(resolved.logRetentionDays),
      'logRetentionDays',
      `${resolved.logRetentionDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    require(
      isIntegerBetween(resolved.stopTimeoutSeconds, 2, 120),
      'stopTimeoutSeconds',
      `${resolved.stopTimeoutSeconds} is outside 2 to 120 seconds (Fargate's limit)`,
      'use e.g. 30',
    );
    require(
      !(props.executeCommand === true && resolved.readonlyRootFilesystem),
      'executeCommand',
      "ECS Exec's agent cannot run on a read-only root filesystem",
      'set readonlyRootFilesystem: false as well, or leave ECS Exec off',
    );
    for (const name of [...Object.keys(environment), ...Object.keys(secrets)]) {
      require(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), 'environment', `'${name}' is not an environment variable name`, 'use letters, digits and underscores, not starting with a digit');
    }
    for (const name of Object.keys(environment)) {
      require(
        !FargateTaskDefinition.SECRET_LOOKING_NAME.test(name.toUpperCase()),
        'environment',
        `'${name}' looks like a secret, and plain environment values are readable in the task definition by anyone who can describe it`,
        `inject it from Secrets Manager through \`secrets\`: { ${name}: { secretArn: <the secret's ARN> } }`,
      );
      require(!(name in secrets), 'environment', `'${name}' is set both as a plain value and as a secret`, 'set it in one of environment and secrets');
    }
    for (const [name, secret] of Object.entries(secrets)) {
      require(
        isLateBound(secret.secretArn) || SECRET_ARN.test(secret.secretArn),
        'secrets',
        `${name}: '${secret.secretArn}' is not a secret ARN`,
        'pass the full ARN of one secret, e.g. ApplicationSecrets.secretArns[...]',
      );
      require(
        secret.jsonKey === undefined || /^[\w.-]+$/.test(secret.jsonKey),
        'secrets',
        `${name}: jsonKey '${secret.jsonKey}' is not a JSON key ECS can select`,
        'use the top-level key of the JSON secret, e.g. password',
      );
    }
  }

  private validateSize(props: FargateTaskDefinitionProps): void {
    const require = requirement(this);
    const offered = fargateMemoryOptions(props.cpu);
    require(offered.length > 0, 'cpu', `${props.cpu} is not a Fargate CPU value`, `use one of ${FARGATE_CPU_SIZES.join(', ')} (1024 = 1 vCPU)`);
    require(
      offered.includes(props.memory),
      'memory',
      `${props.memory} MiB is not offered by Fargate with cpu ${props.cpu}`,
      `use one of ${offered.join(', ')} MiB, or another cpu`,
    );
  }

  private validateImage(image: ContainerImage): void {
    const require = requirement(this);
    const fix = 'pass an immutable tag such as the commit SHA, usually a Terraform variable set by the release pipeline (${var.image_tag})';
    require(image.tag.trim() !== '', 'image.tag', 'is empty, so ECS would pull the moving latest tag', fix);
    require(image.tag !== 'latest', 'image.tag', "'latest' moves with every push, so the running version is unknowable and a rollback impossible", fix);
    require(
      isLateBound(image.tag) || /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(image.tag),
      'image.tag',
      `'${image.tag}' is not an image tag`,
      'use up to 128 letters, digits, _ . -, e.g. the commit SHA',
    );
    require(
      isLateBound(image.repositoryUrl) || /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._/-]+$/.test(image.repositoryUrl),
      'image.repositoryUrl',
      `'${image.repositoryUrl}' is not an ECR repository URL without tag`,
      'pass the repository URL, e.g. 123456789012.dkr.ecr.eu-central-1.amazonaws.com/storymagic-api',
    );
  }

  private validateHealthCheck(check: Required<ContainerHealthCheck>): void {
    const require = requirement(this);
    // The path ends up in a shell command: only URL path characters without shell meaning.
    require(/^\/[A-Za-z0-9._~/-]*$/.test(check.path), 'healthCheck.path', `'${check.path}' is not a plain URL path`, "use a path such as '/health'");
    require(['wget', 'curl', 'node'].includes(check.probe), 'healthCheck.probe', `'${check.probe}' is not a known probe`, "use 'wget', 'curl' or 'node'");
    require(isIntegerBetween(check.intervalSeconds, 5, 300), 'healthCheck.intervalSeconds', `${check.intervalSeconds} is outside 5 to 300`, 'use e.g. 30');
    require(
      isIntegerBetween(check.timeoutSeconds, 2, 60) && check.timeoutSeconds < check.intervalSeconds,
      'healthCheck.timeoutSeconds',
      `${check.timeoutSeconds} is outside 2 to 60 or not below the interval (${check.intervalSeconds})`,
      'use e.g. 5',
    );
    require(isIntegerBetween(check.retries, 1, 10), 'healthCheck.retries', `${check.retries} is outside 1 to 10`, 'use e.g. 3');
    require(isIntegerBetween(check.startPeriodSeconds, 0, 300), 'healthCheck.startPeriodSeconds', `${check.startPeriodSeconds} is outside 0 to 300`, 'use e.g. 60');
  }
}

/** ECS `valueFrom` of a secret: its ARN, or `<arn>:<jsonKey>::` (latest version) for one key of a JSON secret. */
function valueFrom(secret: ContainerSecret): string {
  return secret.jsonKey === undefined ? secret.secretArn : `${secret.secretArn}:${secret.jsonKey}::`;
}

/** Shell command of the health check; exits non-zero unless `url` answers with success. */
function probeCommand(probe: HealthCheckProbe, url: string): string {
  switch (probe) {
    case 'wget':
      return `wget -q -O /dev/null ${url} || exit 1`;
    case 'curl':
      return `curl -fsS -o /dev/null ${url} || exit 1`;
    case 'node':
      return `node -e "require('http').get('${url}', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"`;
  }
}
