// A credential-like variable name is refused here, with its field path, by the rule the task definition applies.
import { FargateTaskDefinition } from '@platform/ecs';
import { z } from 'zod';
import { IMAGE_TAG_PATTERN } from './workloads-schema';

/** Where an environment runs its services: an EKS cluster (the platform's default) or ECS Fargate (seed 003). */
export const COMPUTE_PLATFORMS = ['eks', 'ecs'] as const;
export type ComputePlatform = (typeof COMPUTE_PLATFORMS)[number];

/**
 * Settings only an EKS environment has: an ECS environment that writes one of them is refused, since nothing would
 * read it. Paths into the environment file.
 */
export const EKS_ONLY_SETTINGS: readonly (readonly string[])[] = [
  ['cluster'],
  ['workloads'],
  ['observability', 'metrics'],
  ['observability', 'grafana'],
  ['observability', 'alerting'],
  ['observability', 'logs'],
  ['observability', 'exporters'],
];

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const SECRET_NAME = /^[a-z0-9][a-z0-9/_+=.@-]*$/;

/** One Fargate service behind its own Application Load Balancer (seed 003: `storymagic-api`). */
const ecsServiceSchema = z
  .strictObject({
    /** ECR repository of the image, created by the services stack, e.g. `storymagic/api`. */
    repository: z.string().regex(REPOSITORY, 'is not an ECR repository name. Fix: write one such as storymagic/api'),
    /** Task CPU units (1024 = 1 vCPU; seed 003 production). Must be a size Fargate offers with memoryMiB. */
    cpu: z.number().int().default(1024),
    /** Task memory in MiB (seed 003 production: 2048). */
    memoryMiB: z.number().int().default(2048),
    /** Tasks while autoscaling has not acted (seed 003: 2). */
    desiredCount: z.number().int().min(1, 'is below 1. Fix: write 1 or more').default(2),
    /** Autoscaling range (seed 003: 1–4). */
    minCapacity: z.number().int().min(1, 'is below 1. Fix: write 1 or more').default(1),
    /** Most tasks autoscaling may run. */
    maxCapacity: z.number().int().min(1, 'is below 1. Fix: write 1 or more').default(4),
    /** Target tracking: average CPU and memory the service is scaled to (seed 003: 70 % and 80 %). */
    cpuTargetPercent: z.number().min(10, 'is outside 10–95 %. Fix: write a target from 10 to 95').max(95, 'is outside 10–95 %. Fix: write a target from 10 to 95').default(70),
    /** Average memory use the service is scaled to. */
    memoryTargetPercent: z.number().min(10, 'is outside 10–95 %. Fix: write a target from 10 to 95').max(95, 'is outside 10–95 %. Fix: write a target from 10 to 95').default(80),
    /** Port the container listens on (seed 003: 3000). */
    containerPort: z.number().int().min(1024, 'is below 1024, which a container running as a non-root user cannot listen on. Fix: write a port from 1024 to 65535, such as 3000').max(65535).default(3000),
    /** Path of the health check of the container, the target groups and the seed's `/health`. */
    healthCheckPath: z.string().regex(/^\/[\w./-]*$/, 'is not a URL path. Fix: write one starting with /, such as /health').default('/health'),
    /** First label of the public name: `<hostname>.<dnsZoneName>` (the CDN's `/api/*` origin is `api.<zone>`). */
    hostname: z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'is not one DNS label. Fix: write the first label of the name only, such as api').default('api'),
    /** Plain, non-secret environment variables (seed 003: NODE_ENV). */
    environment: z.record(z.string().regex(ENV_NAME, 'is not an environment variable name. Fix: use upper-case letters, digits and _, such as NODE_ENV'), z.string()).default({}),
    /**
     * Secrets injected by ARN when the task starts: variable name → one of data.secrets (seed 003: OPENAI_API_KEY →
     * storymagic/openai-api-key). The value never appears in the task definition.
     */
    secrets: z
      .record(
        z.string().regex(ENV_NAME, 'is not an environment variable name. Fix: use upper-case letters, digits and _, such as OPENAI_API_KEY'),
        z.string().regex(SECRET_NAME, 'is not a secret name. Fix: write a secret listed in data.secrets, such as storymagic/openai-api-key'),
      )
      .default({}),
    /** Connects to PostgreSQL (IAM authentication as data.postgres.applicationUsername; no password to inject). */
    database: z.boolean().default(false),
    /** Connects to Redis (IAM authentication). */
    cache: z.boolean().default(false),
    /**
     * `blue-green`: CodeDeploy shifts 10 % of traffic to the new task set for 10 minutes, then the rest, and rolls back
     * on an alarm (seed 003). `rolling`: ECS replaces tasks 50 %/200 % with the deployment circuit breaker.
     */
    deployment: z.enum(['blue-green', 'rolling']).default('blue-green'),
    /** ECS Exec (a shell in a running task): off, since it bypasses the image; turn on for debugging only. */
    executeCommand: z.boolean().default(false),
    /**
     * Image tag. @default - the Terraform variable `image_tag` (CI: `TF_VAR_image_tag` = the commit it built), which
     * refuses `latest` at plan time as this field does at synth time
     */
    imageTag: z.string().regex(IMAGE_TAG_PATTERN, 'is not a Docker image tag. Fix: write a version such as 1.4.2 or a commit id, or remove it to take TF_VAR_image_tag').optional(),
  })
  .superRefine((service, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (service.minCapacity > service.maxCapacity) issue('maxCapacity', `${service.maxCapacity} is below minCapacity ${service.minCapacity}. Fix: raise maxCapacity to at least ${service.minCapacity}`);
    if (service.desiredCount < service.minCapacity || service.desiredCount > service.maxCapacity) {
      issue('desiredCount', `${service.desiredCount} is outside the autoscaling range ${service.minCapacity}–${service.maxCapacity}. Fix: choose a count within it, or widen minCapacity/maxCapacity`);
    }
    if (service.imageTag === 'latest') {
      issue('imageTag', "'latest' is not reproducible: a new task could run another build. Fix: use the tag CI built (a version or commit id), or remove imageTag to take TF_VAR_image_tag");
    }
    for (const name of Object.keys(service.environment).filter((variable) => FargateTaskDefinition.SECRET_LOOKING_NAME.test(variable))) {
      ctx.addIssue({
        code: 'custom',
        path: ['environment', name],
        message: `'${name}' looks like a credential, and a plain variable is readable by anyone who may describe the task definition. Fix: put the value in a Secrets Manager secret listed in data.secrets and write secrets: { ${name}: '<secret name>' }`,
      });
    }
    for (const name of Object.keys(service.environment).filter((variable) => variable in service.secrets)) {
      ctx.addIssue({ code: 'custom', path: ['environment', name], message: `'${name}' is both a plain variable and a secret. Fix: keep it in secrets only` });
    }
  });

export type EcsServiceConfig = z.output<typeof ecsServiceSchema>;

/** ECS Fargate compute of an environment whose `compute` is `ecs` (`<env>-services`). */
export const ecsSchema = z.strictObject({
  /** Fargate platform version, pinned so a new one arrives by a reviewed change (seed 003: 1.4.0); never LATEST. */
  platformVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, "is not a pinned Fargate platform version (LATEST would change the platform under running services without a plan). Fix: write one such as '1.4.0'")
    .default('1.4.0'),
  /** Services by name (seed 003: `api`), each behind its own load balancer. */
  services: z
    .record(z.string().regex(SERVICE_NAME, 'is not a service name. Fix: use 2–32 lower-case letters, digits or hyphens, starting with a letter, such as api'), ecsServiceSchema)
    .refine((services) => Object.keys(services).length > 0, { message: 'needs at least one service. Fix: declare one, e.g. services: { api: { repository: ... } }' }),
});

export type EcsConfig = z.output<typeof ecsSchema>;

/** The memory sizes (MiB) Fargate offers for a task CPU size; empty for a CPU size it does not offer. */
export type FargateMemoryOptions = (cpu: number) => readonly number[];

type AddIssue = (path: (string | number)[], message: string) => void;

/** Cross-field rules of an ECS environment: sizes Fargate offers, secrets that exist, names that resolve. */
export function checkEcs(
  env: { compute: ComputePlatform; dnsZoneName?: string; dnsZoneId?: string; ecs?: EcsConfig; data: { secrets: readonly string[] } },
  fargateMemoryOptions: FargateMemoryOptions,
  addIssue: AddIssue,
): void {
  if (env.compute === 'eks') {
    if (env.ecs !== undefined) addIssue(['ecs'], "is read only when compute is 'ecs'. Fix: remove ecs, or set compute: 'ecs'");
    return;
  }
  if (env.ecs === undefined) {
    addIssue(['ecs'], "is required when compute is 'ecs'. Fix: declare ecs: { services: { api: { repository: 'storymagic/api' } } }");
    return;
  }
  if (env.dnsZoneName === undefined || env.dnsZoneId === undefined) {
    addIssue([env.dnsZoneName === undefined ? 'dnsZoneName' : 'dnsZoneId'], 'is required for ECS services: their HTTPS certificate is validated and their name published in this zone. Fix: set dnsZoneName and dnsZoneId');
  }
  const hostnames = new Map<string, string>();
  for (const [name, service] of Object.entries(env.ecs.services)) {
    const path = ['ecs', 'services', name];
    const memory = fargateMemoryOptions(service.cpu);
    if (memory.length === 0) {
      addIssue([...path, 'cpu'], `${service.cpu} is not a CPU size Fargate offers. Fix: use 256, 512, 1024, 2048, 4096, 8192 or 16384 (1024 = 1 vCPU)`);
    } else if (!memory.includes(service.memoryMiB)) {
      addIssue([...path, 'memoryMiB'], `${service.memoryMiB} MiB is not offered by Fargate with cpu ${service.cpu}. Fix: use one of ${memory.join(', ')}`);
    }
    for (const [variable, secret] of Object.entries(service.secrets)) {
      if (!env.data.secrets.includes(secret)) {
        addIssue([...path, 'secrets', variable], `'${secret}' is not one of data.secrets, so no such secret would exist. Fix: add '${secret}' to data.secrets, or name a secret listed there`);
      }
    }
    const other = hostnames.get(service.hostname);
    if (other !== undefined) addIssue([...path, 'hostname'], `'${service.hostname}' is already the hostname of service '${other}'. Fix: give each service its own hostname`);
    hostnames.set(service.hostname, name);
  }
}

/** EKS-only settings an environment file writes although its compute is ECS: `[path, message]` per setting. */
export function eksOnlySettingsIn(input: unknown): [string[], string][] {
  if (typeof input !== 'object' || input === null || (input as { compute?: unknown }).compute !== 'ecs') return [];
  const found: [string[], string][] = [];
  for (const path of EKS_ONLY_SETTINGS) {
    let value: unknown = input;
    for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if (value !== undefined) {
      found.push([[...path], `is an EKS setting, and this environment runs on ECS (compute: 'ecs'), which has no cluster to apply it to. Fix: remove ${path.join('.')}, or set compute: 'eks'`]);
    }
  }
  return found;
}
