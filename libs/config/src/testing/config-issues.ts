import { EnvironmentConfigError, loadEnvironment, LoadEnvironmentOptions } from '../load-environment';
import { environmentSchema } from '../environment-schema';

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

/**
 * What a table of rejected inputs expects among the issues: the exact line, or a pattern for messages that quote zod's
 * own wording. A matcher for `toContainEqual`, so the assertion itself runs for every row.
 */
export function issueMatching(expected: string | RegExp): unknown {
  return typeof expected === 'string' ? expected : expect.stringMatching(expected);
}

/**
 * The distinct zod codes of the issues `environmentSchema` reports under `prefix` (a dotted path): a refinement's own
 * issues are `custom`, as consumers of the exported schema (not only `loadEnvironment`) tell them apart by.
 */
export function issueCodesUnder(input: unknown, prefix: string): string[] {
  const issues = environmentSchema.safeParse(input).error?.issues ?? [];
  return [...new Set(issues.filter((issue) => `${issue.path.join('.')}.`.startsWith(`${prefix}.`)).map((issue) => issue.code))];
}

/** The issues `loadEnvironment` reports whose `field: message` line starts with `prefix`; [] when the input is accepted. */
export function configIssuesUnder(input: unknown, prefix: string): string[] {
  try {
    loadEnvironment(input);
    return [];
  } catch (error) {
    if (error instanceof EnvironmentConfigError) return error.issues.map((issue) => `${issue.field}: ${issue.message}`).filter((line) => line.startsWith(prefix));
    throw error;
  }
}
