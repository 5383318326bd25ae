import { StackPolicyResult } from './evaluate-stack';
import { Rule } from './rule';
import { PLATFORM_RULES } from './rules/platform-rules';

/** How one rule fared in one environment, as counted for the controls it implements. */
export interface ComplianceRuleResult {
  readonly ruleId: string;
  readonly severity: Rule['severity'];
  /** Resources the rule checked. */
  readonly checks: number;
  readonly passed: number;
  /** Unsuppressed findings. */
  readonly failed: number;
  readonly suppressed: number;
}

/**
 * `pass`: every check passed; `pass with exceptions`: findings only where suppressed with a reason; `fail`: an
 * unsuppressed finding; `not evaluated`: no resource of the kinds the rules check exists in the environment.
 */
export type ComplianceStatus = 'pass' | 'pass with exceptions' | 'fail' | 'not evaluated';

/** One compliance control and the rules that implement it. */
export interface ComplianceControl {
  /** `CIS-3.0-<n>` or `FSBP-<Service>.<n>`. */
  readonly control: string;
  readonly framework: string;
  readonly status: ComplianceStatus;
  readonly rules: readonly ComplianceRuleResult[];
}

const FRAMEWORKS: readonly { prefix: string; name: string }[] = [
  { prefix: 'CIS-3.0-', name: 'CIS AWS Foundations Benchmark v3.0' },
  { prefix: 'FSBP-', name: 'AWS Foundational Security Best Practices' },
];

const frameworkOf = (control: string) => FRAMEWORKS.find(({ prefix }) => control.startsWith(prefix))?.name ?? 'other';

/** Orders controls by framework, then numerically within it (CIS 1.9 before 1.16, FSBP EC2.7 before EC2.18). */
function compareControls(a: string, b: string): number {
  const rank = (control: string) => FRAMEWORKS.findIndex(({ prefix }) => control.startsWith(prefix));
  return rank(a) - rank(b) || NUMERIC_ORDER.compare(a, b);
}

/** `localeCompare(b, 'en', { numeric: true })` builds a collator per call: one, shared, orders the same. */
const NUMERIC_ORDER = new Intl.Collator('en', { numeric: true });

function statusOf(rules: readonly ComplianceRuleResult[]): ComplianceStatus {
  if (rules.some(({ failed }) => failed > 0)) return 'fail';
  if (rules.every(({ checks }) => checks === 0)) return 'not evaluated';
  return rules.some(({ suppressed }) => suppressed > 0) ? 'pass with exceptions' : 'pass';
}

/**
 * Per compliance control of `rules`, the rules that implement it and their pass, fail and suppressed counts over the
 * stacks of one environment. Production-only rules outside production count as not evaluated.
 */
export function complianceView(results: readonly StackPolicyResult[], rules: readonly Rule[] = PLATFORM_RULES): ComplianceControl[] {
  const outcome = (rule: Rule): ComplianceRuleResult => {
    const count = (findings: readonly { ruleId: string }[]) => findings.filter(({ ruleId }) => ruleId === rule.id).length;
    const checks = results.reduce((total, result) => total + (result.checksByRule[rule.id] ?? 0), 0);
    const failed = results.reduce((total, result) => total + count(result.findings), 0);
    const suppressed = results.reduce((total, result) => total + count(result.suppressed), 0);
    return { ruleId: rule.id, severity: rule.severity, checks, passed: checks - failed - suppressed, failed, suppressed };
  };
  const controls = [...new Set(rules.flatMap(({ complianceIds }) => complianceIds))].sort(compareControls);
  return controls.map((control) => {
    const implementing = rules.filter(({ complianceIds }) => complianceIds.includes(control)).map(outcome);
    return { control, framework: frameworkOf(control), status: statusOf(implementing), rules: implementing };
  });
}
