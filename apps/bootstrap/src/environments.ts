import { environment as development } from '@platform/environments/development';
import { environment as production } from '@platform/environments/production';
import { environment as staging } from '@platform/environments/staging';
import { environment as testing } from '@platform/environments/testing';
import type { EnvironmentSource } from '@platform/stacks';

/** Every environment whose state the bootstrap stacks hold. */
export const environments: EnvironmentSource[] = Object.entries({ development, testing, staging, production }).map(([name, input]) => ({
  input,
  expectedName: name,
}));
