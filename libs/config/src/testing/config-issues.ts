import { EnvironmentConfigError, loadEnvironment, LoadEnvironmentOptions } from '../load-environment';

/** The issues `loadEnvironment` reports for a rejected input, as `field: message` lines; throws if it is accepted. */
export function configIssues(input: unknown, options: LoadEnvironmentOptions = {}): string[] {
  try {
    loadEnvironment(input, options);
  } catch (error) {
    if (error instanceof EnvironmentConfigError) return error.issues.map((issue) => `${issue.field}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the input to be rejected');
}
