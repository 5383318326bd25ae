import { PlatformError } from '@platform/core';

/** One invalid field: where it is (group/rule, receiver, panel …), which field, what is wrong and how to fix it. */
export interface AlertingProblem {
  readonly where: string;
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/**
 * Alert rules, Alertmanager configuration or dashboards that would be rejected (or silently never fire). The message
 * lists every problem at once, each with its location, field and fix, so one run reports everything to correct.
 */
export class AlertingConfigError extends PlatformError {
  constructor(
    readonly subject: string,
    readonly problems: readonly AlertingProblem[],
  ) {
    super([`${subject}: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`} to fix:`, ...problems.map(formatProblem)].join('\n'));
  }
}

function formatProblem({ where, field, problem, fix }: AlertingProblem): string {
  return `  - ${where}: ${field}: ${problem}. Fix: ${fix}`;
}

/** Collects problems while validating, then throws them together. */
export class AlertingProblems {
  private readonly problems: AlertingProblem[] = [];

  /** Records a problem unless `condition` holds; returns `condition` so callers can skip dependent checks. */
  require(condition: boolean, where: string, field: string, problem: string, fix: string): boolean {
    if (!condition) this.problems.push({ where, field, problem, fix });
    return condition;
  }

  /** Throws {@link AlertingConfigError} naming `subject` when any problem was recorded. */
  throwIfAny(subject: string): void {
    if (this.problems.length > 0) throw new AlertingConfigError(subject, this.problems);
  }
}
