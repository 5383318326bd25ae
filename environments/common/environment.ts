import { type EnvironmentInput, WORKLOAD_CATALOGS } from '@platform/config';

/** Settings every environment shares: who owns the platform, how its costs are allocated, where it runs. */
export const organization = {
  project: 'platform',
  owner: 'platform-team',
  costCenter: 'CC-1042',
  contactEmail: 'platform-team@example.com',
  region: 'eu-central-1',
  availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  // Placeholder: the repository whose GitHub Actions workflows may assume each environment's plan and apply roles.
  delivery: { githubRepository: 'example-org/platform-infrastructure' },
} satisfies Partial<EnvironmentInput>;

/**
 * Application images the seed systems on EKS ship, those of every catalog; each EKS environment gets an ECR repository
 * per image (StoryMagic's live in its own environments). Every environment of the chain needs them, not only those
 * running the catalog: a release is built in development and promoted one environment at a time, so staging's
 * microservices images pass through development and testing (tools/release-targets.ts checks this).
 */
export const applicationImages = [...new Set(Object.values(WORKLOAD_CATALOGS).flatMap((services) => services.map((service) => service.imageRepository)))];

/**
 * Seed 004's `kgas-workers` node group for the environments hosting the `kgas` catalog: on-demand t3.medium and
 * t3.large, 1–10 nodes starting at 3. The label and taint are what the catalog's pods select and tolerate
 * (libs/workloads KGAS_WORKERS_PLACEMENT), so the group runs KGAS and the DaemonSets only, and the cluster
 * autoscaler grows it for KGAS's HPA alone.
 */
export const kgasWorkers = {
  capacityType: 'ON_DEMAND',
  instanceTypes: ['t3.medium', 't3.large'],
  minSize: 1,
  desiredSize: 3,
  maxSize: 10,
  labels: { role: 'kgas' },
  taints: [{ key: 'workload', value: 'kgas', effect: 'NO_SCHEDULE' }],
} as const;

/**
 * How Alertmanager signs in to Amazon SES SMTP (the default smarthost) to email alerts: an SES SMTP credential's user
 * name (an access key id, not secret; placeholder until the team creates it) and the application secret that holds
 * its SMTP password.
 */
export const alertEmail = { authUsername: 'AKIAIOSFODNN7EXAMPLE', passwordSecretName: 'observability/ses-smtp-password' };

/**
 * What both StoryMagic environments share (seed 003): its own project (the `Project` tag and resource prefix), two
 * zones of eu-central-1, ECS Fargate instead of a cluster, the API's image and secrets, and the GDPR allow-list.
 * StoryMagic runs in accounts of its own, so its budget and IAM stay apart from the platform's.
 */
export const storyMagic = {
  ...organization,
  project: 'storymagic',
  // Two zones: what RDS Multi-AZ and the load balancer need; a third would add a NAT gateway's or endpoint's cost
  // to a $400 budget for no requirement of the seed.
  availabilityZones: ['eu-central-1a', 'eu-central-1b'],
  compute: 'ecs' as const,
} satisfies Partial<EnvironmentInput>;

/** Secrets of the StoryMagic API (seed 003); values are put by operators, OpenAI's rotated by hand. */
export const storyMagicSecrets = ['storymagic/openai-api-key', 'storymagic/firebase-config'];

/** The API service of seed 003 at its production size; development states what it gives up. */
export const storyMagicApi = {
  repository: 'storymagic/api',
  environment: { NODE_ENV: 'production' },
  secrets: { OPENAI_API_KEY: 'storymagic/openai-api-key', FIREBASE_CONFIG: 'storymagic/firebase-config' },
  database: true,
  cache: true,
};

/**
 * Alarms on the StoryMagic API's own metrics (seed 003, namespace StoryMagic): more than 5 % of story generations
 * timing out within 10 minutes (timeouts per `story_generation_time` sample, i.e. per generation), and any
 * content-safety violation at all, which pages at once.
 */
export const storyMagicMetricAlarms = {
  'generation-timeout-rate': {
    kind: 'ratio',
    numerator: { namespace: 'StoryMagic', metricName: 'GenerationTimeouts', statistic: 'Sum' },
    denominator: { namespace: 'StoryMagic', metricName: 'story_generation_time', statistic: 'SampleCount' },
    thresholdPercent: 5,
    periodSeconds: 600,
    severity: 'warning',
    description: 'More than 5 % of story generations timed out in 10 minutes. Check OpenAI latency and errors, then the API tasks.',
  },
  'content-safety-violations': {
    kind: 'threshold',
    metric: { namespace: 'StoryMagic', metricName: 'SafetyViolations', statistic: 'Sum' },
    comparison: '>',
    threshold: 0,
    periodSeconds: 60,
    severity: 'critical',
    description: 'Content that failed the safety check was generated. Review the violation (violation_type) and the prompts now.',
  },
} satisfies NonNullable<NonNullable<NonNullable<EnvironmentInput['observability']>['cloudwatch']>['metricAlarms']>;
