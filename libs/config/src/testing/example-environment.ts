import { EnvironmentInput } from '../environment-schema';

/** A valid environment for tests (staging, three AZs of eu-central-1); tests state only what they change. */
export function exampleEnvironment(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    name: 'staging',
    project: 'platform',
    owner: 'platform-team',
    costCenter: 'CC-1',
    contactEmail: 'platform-team@example.com',
    dnsZoneName: 'staging.example.com',
    dnsZoneId: 'Z0123456789ABCDEFGHIJ',
    accountId: '123456789012',
    region: 'eu-central-1',
    availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
    network: { vpcCidr: '10.30.0.0/16' },
    ...overrides,
    cluster: { adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'], ...overrides.cluster },
  };
}

/** Seed 003's content-safety alarm on the StoryMagic API's own metric, as an environment file writes it. */
export const exampleSafetyViolationAlarm = {
  kind: 'threshold',
  metric: { namespace: 'StoryMagic', metricName: 'SafetyViolations', statistic: 'Sum' },
  comparison: '>',
  threshold: 0,
  periodSeconds: 60,
  severity: 'critical',
  description: 'Unsafe content was generated.',
} as const;

/**
 * A valid ECS Fargate environment for tests (seed 003's StoryMagic API in production, with its content-safety alarm);
 * tests state only what they change.
 */
export function exampleEcsEnvironment(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  const { cluster: _cluster, ...common } = exampleEnvironment();
  return {
    ...common,
    name: 'storymagic-production',
    project: 'storymagic',
    compute: 'ecs',
    data: { secrets: ['storymagic/openai-api-key', 'storymagic/firebase-config'] },
    ecs: {
      services: {
        api: {
          repository: 'storymagic/api',
          secrets: { OPENAI_API_KEY: 'storymagic/openai-api-key', FIREBASE_CONFIG: 'storymagic/firebase-config' },
          database: true,
          cache: true,
        },
      },
    },
    observability: { cloudwatch: { metricAlarms: { 'safety-violations': exampleSafetyViolationAlarm } } },
    ...overrides,
  };
}
