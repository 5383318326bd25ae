import { decodeJsonArgument } from '../encoded-json';
import { Rule } from '../rule';
import { StackResource } from '../stack-index';
import { blockOf, blocksOf, isFalse, isNonEmptyString, isTrue } from '../terraform-values';
import { describeValue, requireTrue } from './rule-helpers';

const CLUSTER = ['aws_ecs_cluster'];
const SERVICE = ['aws_ecs_service'];
const TASK_DEFINITION = ['aws_ecs_task_definition'];

type Container = Readonly<Record<string, unknown>>;

/** Name words that mark an environment variable as holding a credential (`OPENAI_API_KEY`, `DB_PASSWORD`). */
const SECRET_WORDS = new Set(['KEY', 'APIKEY', 'SECRET', 'SECRETS', 'PASSWORD', 'PASSWD', 'PWD', 'PASSPHRASE', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATE']);
/**
 * Last name words that say the variable describes a credential rather than holds it (`DB_SECRET_ARN`,
 * `KMS_KEY_ID`, `TOKEN_TTL`): these are plain configuration.
 */
const METADATA_WORDS = new Set(['ARN', 'ID', 'NAME', 'FILE', 'PATH', 'URL', 'URI', 'ENDPOINT', 'HEADER', 'PREFIX', 'SUFFIX', 'TTL', 'TIMEOUT', 'EXPIRY', 'LENGTH', 'ALGORITHM', 'REGION', 'ENABLED', 'TYPE']);
/** Values that are credentials whatever the variable is called. */
const SECRET_VALUES: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { pattern: /\bsk-[A-Za-z0-9_-]{20,}/, what: 'an OpenAI-style API key' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/, what: 'a GitHub token' },
];
const ROOT_USERS = ['0', 'root'];
const INSIGHTS_ON = ['enabled', 'enhanced'];

const nameWords = (name: string) =>
  name
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());

/** Whether an environment variable's name says it holds a credential. */
export function looksLikeSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || METADATA_WORDS.has(words[words.length - 1])) return false;
  if (words.includes('PUBLIC') && !words.some((word) => word === 'SECRET' || word === 'PRIVATE' || word === 'PASSWORD')) return false;
  return words.some((word) => SECRET_WORDS.has(word));
}

/**
 * The containers of a task definition; undefined when `container_definitions` is known only at apply time (a
 * reference, `jsonencode(local.x)`), which the container rules then skip rather than guess.
 */
function containersOf({ config }: StackResource): Container[] | undefined {
  const decoded = decodeJsonArgument(config.container_definitions);
  return Array.isArray(decoded) ? blocksOf(decoded) : undefined;
}

const containerName = (container: Container) => `container ${typeof container.name === 'string' ? container.name : '(unnamed)'}`;
const isEssential = (container: Container) => !isFalse(container.essential);

/** The problems `problem` finds in the task definition's containers, joined; undefined when there are none. */
function containerProblems(taskDefinition: StackResource, problem: (container: Container) => string | undefined, only: (container: Container) => boolean = () => true): string | undefined {
  const problems = (containersOf(taskDefinition) ?? []).filter(only).flatMap((container) => {
    const found = problem(container);
    return found === undefined ? [] : [`${containerName(container)} ${found}`];
  });
  return problems.join('; ') || undefined;
}

function plainSecrets(container: Container): string | undefined {
  const problems = blocksOf(container.environment).flatMap(({ name, value }) => {
    const label = `environment ${typeof name === 'string' ? name : describeValue(name)}`;
    if (typeof name === 'string' && looksLikeSecretName(name)) return [`${label} looks like a credential`];
    const secretValue = typeof value === 'string' ? SECRET_VALUES.find(({ pattern }) => pattern.test(value)) : undefined;
    return secretValue ? [`${label} holds ${secretValue.what}`] : [];
  });
  return problems.join(', ') || undefined;
}

function rootUser(container: Container): string | undefined {
  const user = container.user;
  if (!isNonEmptyString(user)) return 'sets no user, so it runs as the image user (root unless the image says otherwise)';
  if (user.includes('${')) return `user is ${describeValue(user)}`;
  return ROOT_USERS.includes(user.split(':')[0].trim().toLowerCase()) ? `runs as user ${JSON.stringify(user)} (root)` : undefined;
}

/** Tokens (`${var.tag}`) stand for one character, so the tag is found whatever the token text contains. */
const TOKEN = /\$\{[^}]*\}/g;
const TOKEN_STAND_IN = '\u0000';

function unpinnedImage(container: Container): string | undefined {
  const image = container.image;
  if (typeof image !== 'string') return `image is ${describeValue(image)}`;
  const shape = image.trim().replace(TOKEN, TOKEN_STAND_IN);
  // A whole-token image (`${var.image}`) is chosen at apply time: nothing to check here.
  if (shape === TOKEN_STAND_IN || shape.includes('@sha256:')) return undefined;
  const lastPart = shape.slice(shape.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon === -1) return `image ${JSON.stringify(image)} has no tag, so it pulls latest`;
  return lastPart.slice(colon + 1).toLowerCase() === 'latest' ? `image ${JSON.stringify(image)} is tagged latest` : undefined;
}

export const ECS_RULES: readonly Rule[] = [
  {
    id: 'PLAT-ECS-001',
    checkovIds: ['CKV_AWS_65'],
    complianceIds: ['FSBP-ECS.12'],
    severity: 'error',
    resourceTypes: CLUSTER,
    description: 'Clusters publish Container Insights metrics (CPU, memory, network per task and service).',
    fix: 'add setting { name = "containerInsights", value = "enabled" } (or "enhanced")',
    check({ config }) {
      const insights = blocksOf(config.setting).find(({ name }) => name === 'containerInsights');
      return INSIGHTS_ON.includes(String(insights?.value)) ? undefined : `containerInsights is ${describeValue(insights?.value)}`;
    },
  },
  {
    id: 'PLAT-ECS-002',
    checkovIds: ['CKV_AWS_333'],
    complianceIds: ['FSBP-ECS.2'],
    severity: 'error',
    resourceTypes: SERVICE,
    description: 'Tasks get no public IP address: they sit in private subnets and are reached through the load balancer.',
    fix: 'set network_configuration.assign_public_ip = false and run the tasks in private subnets (egress through NAT or VPC endpoints)',
    check: ({ config }) => (isTrue(blockOf(config.network_configuration)?.assign_public_ip) ? 'network_configuration.assign_public_ip is true' : undefined),
  },
  {
    // A warning, not an error: ECS Exec is the sanctioned break-glass shell (IAM-authorized, through SSM, logged
    // by the cluster), which a team may switch on for a debugging session; the finding keeps it visible in every
    // synth and PR report until it is switched off again, without forcing a suppression for each session.
    id: 'PLAT-ECS-003',
    checkovIds: [],
    complianceIds: [],
    severity: 'warning',
    resourceTypes: SERVICE,
    description: 'ECS Exec (an interactive shell in running tasks) is off unless someone is debugging.',
    fix: 'set enable_execute_command = false once the debugging session is over',
    check: ({ config }) => (isTrue(config.enable_execute_command) ? 'enable_execute_command is true' : undefined),
  },
  {
    id: 'PLAT-ECS-004',
    checkovIds: [],
    complianceIds: ['FSBP-ECS.8'],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description:
      'No credential sits in a plain container environment variable (a name with KEY, SECRET, PASSWORD, TOKEN, CREDENTIAL or PRIVATE, or a value like an AWS access key id, a private key or an API token): task definitions are readable by anyone with ecs:Describe*.',
    fix: 'move the value to Secrets Manager (or SSM Parameter Store) and reference it from the container\'s secrets list ({ name, valueFrom = <secret ARN> }), read by the execution role',
    check: (taskDefinition) => containerProblems(taskDefinition, plainSecrets),
  },
  {
    id: 'PLAT-ECS-005',
    checkovIds: ['CKV_AWS_334'],
    complianceIds: ['FSBP-ECS.4'],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: 'No container runs privileged (root on the host).',
    fix: 'remove privileged or set it to false; grant the specific linuxParameters.capabilities the container needs instead',
    check: (taskDefinition) => containerProblems(taskDefinition, (container) => (isTrue(container.privileged) ? 'is privileged' : undefined)),
  },
  {
    id: 'PLAT-ECS-006',
    checkovIds: ['CKV_AWS_336'],
    complianceIds: ['FSBP-ECS.5'],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: 'Essential containers run with a read-only root filesystem, so a compromised process cannot change the image.',
    fix: 'set readonlyRootFilesystem = true and mount a volume (mountPoints) for the paths the container writes, e.g. /tmp',
    check: (taskDefinition) => containerProblems(taskDefinition, (container) => requireTrue(container, 'readonlyRootFilesystem'), isEssential),
  },
  {
    id: 'PLAT-ECS-007',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: 'Containers run as a non-root user named in the task definition.',
    fix: 'set user to a non-zero UID (and GID), e.g. "1000:1000", that the image\'s files allow',
    check: (taskDefinition) => containerProblems(taskDefinition, rootUser),
  },
  {
    id: 'PLAT-ECS-008',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: 'Images are pinned by an explicit tag other than latest, or by digest, so every task of a deployment runs the same image.',
    fix: 'reference the image as <repository>:<immutable tag> (e.g. the git SHA from a variable) or <repository>@sha256:<digest>',
    check: (taskDefinition) => containerProblems(taskDefinition, unpinnedImage),
  },
  {
    id: 'PLAT-ECS-009',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: 'Tasks use the awsvpc network mode: each task has its own network interface and security group.',
    fix: 'set network_mode = "awsvpc" (Fargate requires it)',
    check: ({ config }) => (config.network_mode === 'awsvpc' ? undefined : `network_mode is ${describeValue(config.network_mode ?? 'bridge')}`),
  },
  {
    id: 'PLAT-ECS-010',
    checkovIds: [],
    complianceIds: ['FSBP-ECS.9'],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: "Every container ships its output to a log driver (awslogs or FireLens), so the service's logs outlive its tasks.",
    fix: 'set logConfiguration { logDriver = "awslogs", options = { awslogs-group, awslogs-region, awslogs-stream-prefix } } on each container',
    check: (taskDefinition) =>
      containerProblems(taskDefinition, (container) => (isNonEmptyString(blockOf(container.logConfiguration)?.logDriver) ? undefined : 'has no logConfiguration')),
  },
  {
    id: 'PLAT-ECS-011',
    checkovIds: ['CKV_AWS_249'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: "The execution role (ECS pulls images, writes logs, reads secrets) is not the task role (the application's permissions).",
    fix: 'give the task definition separate roles: execution_role_arn for ECS, task_role_arn for what the application calls',
    check({ config }, stack) {
      const { execution_role_arn: execution, task_role_arn: task } = config;
      if (!isNonEmptyString(execution) || !isNonEmptyString(task)) return undefined;
      const executionRole = stack.resolve(execution);
      const same = execution === task || (executionRole !== undefined && executionRole === stack.resolve(task));
      return same ? `execution_role_arn and task_role_arn are both ${describeValue(execution)}` : undefined;
    },
  },
  {
    id: 'PLAT-ECS-012',
    checkovIds: ['CKV_AWS_97'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TASK_DEFINITION,
    description: 'EFS volumes of a task are mounted with encryption in transit.',
    fix: 'set efs_volume_configuration.transit_encryption = "ENABLED" on each EFS volume',
    check({ config }) {
      const plain = blocksOf(config.volume).filter((volume) => {
        const efs = blockOf(volume.efs_volume_configuration);
        return efs !== undefined && efs.transit_encryption !== 'ENABLED';
      });
      return plain.length === 0 ? undefined : `EFS volumes ${plain.map(({ name }) => String(name)).join(', ')} are mounted without transit_encryption`;
    },
  },
  {
    id: 'PLAT-ECS-013',
    checkovIds: ['CKV_AWS_224'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: CLUSTER,
    description: 'ECS Exec sessions are logged: the cluster does not set execute_command_configuration.logging to NONE (DEFAULT logs to the task definition\'s awslogs group).',
    fix: 'remove logging = "NONE" from configuration.execute_command_configuration (DEFAULT, or OVERRIDE with log_configuration)',
    check({ config }) {
      const logging = blockOf(blockOf(config.configuration)?.execute_command_configuration)?.logging;
      return logging === 'NONE' ? 'execute_command_configuration.logging is NONE' : undefined;
    },
  },
];
