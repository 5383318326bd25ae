import { PlatformError } from '@platform/core';
import { Finding, StackPolicyResult } from './evaluate-stack';

/** Synthesized stacks break error-severity rules; the message lists every violation with its fix. */
export class PolicyViolationError extends PlatformError {
  constructor(readonly findings: readonly Finding[]) {
    super(
      [
        `${findings.length} policy violation${findings.length === 1 ? '' : 's'} of error severity:`,
        ...findings.map((finding) => `  ${finding.message}`),
        'Fix the resources, or suppress(construct, ruleId, reason) from @platform/guardrails where a rule does not apply.',
      ].join('\n'),
    );
  }

  /** Throws when any stack has an unsuppressed error-severity finding, listing all of them at once. */
  static throwIfAny(results: readonly StackPolicyResult[]): void {
    const errors = results.flatMap(({ findings }) => findings.filter(({ severity }) => severity === 'error'));
    if (errors.length > 0) throw new PolicyViolationError(errors);
  }
}
