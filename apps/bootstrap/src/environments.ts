import { environment as development } from '@platform/environments/development';
import { environment as production } from '@platform/environments/production';
import { environment as staging } from '@platform/environments/staging';
import { environment as storymagicDevelopment } from '@platform/environments/storymagic-development';
import { environment as storymagicProduction } from '@platform/environments/storymagic-production';
import { environment as testing } from '@platform/environments/testing';
import type { EnvironmentSource } from '@platform/stacks';

/** Every environment whose state the bootstrap stacks hold. */
export const environments: EnvironmentSource[] = Object.entries({
  development,
  testing,
  staging,
  production,
  'storymagic-development': storymagicDevelopment,
  'storymagic-production': storymagicProduction,
}).map(([name, input]) => ({ input, expectedName: name }));
