import type { EnvironmentInput } from '@platform/config';

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

/** Application images the seed systems ship; each environment gets an ECR repository per image. */
export const applicationImages = ['novel-engine/backend', 'novel-engine/frontend', 'storymagic/api', 'kgas/api'];

/**
 * How Alertmanager signs in to Amazon SES SMTP (the default smarthost) to email alerts: an SES SMTP credential's user
 * name (an access key id, not secret; placeholder until the team creates it) and the application secret that holds
 * its SMTP password.
 */
export const alertEmail = { authUsername: 'AKIAIOSFODNN7EXAMPLE', passwordSecretName: 'observability/ses-smtp-password' };
