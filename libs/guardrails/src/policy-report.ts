import { ComplianceControl, complianceView } from './compliance-view';
import { StackPolicyResult } from './evaluate-stack';
import { Rule } from './rule';
import { PLATFORM_RULES } from './rules/platform-rules';

/** Counts over the stacks of one environment. */
export interface PolicyTotals {
  /** Distinct rules that checked at least one resource. */
  readonly rules: number;
  readonly checks: number;
  readonly passed: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

/** What a policy report links to besides its findings. */
export interface PolicyReportLinks {
  /** The environment's architecture diagram, relative to the report's folder. @default - no link */
  readonly diagram?: string;
}

/** Machine-readable policy report of one environment, for CI and the PR comment. */
export interface PolicyReportJson {
  readonly environment: string;
  readonly production: boolean;
  readonly totals: PolicyTotals;
  readonly stacks: readonly StackPolicyResult[];
  /** Per CIS AWS Foundations v3.0 / AWS FSBP control: the rules implementing it and how they fared here. */
  readonly compliance: readonly ComplianceControl[];
  /** The environment's architecture diagram, relative to the report's folder. @default - absent when not drawn */
  readonly diagram?: string;
}

export interface PolicyReport {
  readonly json: PolicyReportJson;
  /**
   * Markdown: a table of counts per stack, then findings, suppressions (with reasons), unused suppressions and the
   * compliance view (one row per control and implementing rule).
   */
  readonly markdown: string;
  /** One line for the console, e.g. `policy production: 48 rules, 512 checks: 510 passed, 0 errors, 1 warning, 1 suppressed`. */
  readonly summary: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
/** A table cell: pipes escaped, line breaks flattened. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function totalsOf(results: readonly StackPolicyResult[]): PolicyTotals {
  const sum = (count: (result: StackPolicyResult) => number) => results.reduce((total, result) => total + count(result), 0);
  const withSeverity = (severity: string) => (result: StackPolicyResult) => result.findings.filter((finding) => finding.severity === severity).length;
  return {
    rules: new Set(results.flatMap((result) => result.rulesEvaluated)).size,
    checks: sum((result) => result.checks),
    passed: sum((result) => result.passed),
    errors: sum(withSeverity('error')),
    warnings: sum(withSeverity('warning')),
    suppressed: sum((result) => result.suppressed.length),
  };
}

const countsRow = (name: string, totals: PolicyTotals) =>
  `| ${name} | ${totals.rules} | ${totals.checks} | ${totals.passed} | ${totals.errors} | ${totals.warnings} | ${totals.suppressed} |`;

function complianceLines(compliance: readonly ComplianceControl[]): string[] {
  const count = (status: string) => compliance.filter((control) => control.status === status).length;
  const lines = [
    '',
    '#### Compliance view',
    '',
    `${compliance.length} controls of CIS AWS Foundations Benchmark v3.0 (CIS-3.0-<n>) and AWS Foundational Security Best Practices (FSBP-<Service>.<n>) ` +
      `map to policy rules: ${count('pass')} pass, ${count('pass with exceptions')} pass with reasoned suppressions, ${count('fail')} fail, ` +
      `${count('not evaluated')} not evaluated (no resource of that kind in this environment, or a production-only rule). ` +
      'A rule covers what the synthesized Terraform declares; controls of account-wide settings apply to the account baseline stacks.',
    '',
    '| Control | Status | Rule | Severity | Checks | Passed | Failed | Suppressed |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const { control, status, rules } of compliance) {
    rules.forEach(({ ruleId, severity, checks, passed, failed, suppressed }, index) => {
      const [name, state] = index === 0 ? [control, status] : ['', ''];
      lines.push(`| ${name} | ${state} | ${ruleId} | ${severity} | ${checks} | ${passed} | ${failed} | ${suppressed} |`);
    });
  }
  return lines;
}

/**
 * The policy report of one environment's stacks, as JSON, Markdown and a console line; `rules` (the rules the stacks
 * were checked against) feed the compliance view.
 */
export function policyReport(environment: string, results: readonly StackPolicyResult[], rules: readonly Rule[] = PLATFORM_RULES, links: PolicyReportLinks = {}): PolicyReport {
  const totals = totalsOf(results);
  const compliance = complianceView(results, rules);
  const production = results.some((result) => result.production);
  const findings = results.flatMap((result) => result.findings);
  const suppressed = results.flatMap((result) => result.suppressed);
  const unused = results.flatMap((result) => result.unusedSuppressions);

  const lines = [
    `### Policy report: ${environment}${production ? ' (production rules)' : ''}`,
    '',
    ...(links.diagram ? [`Architecture of the stacks checked: [diagram](${links.diagram})`, ''] : []),
    '| Stack | Rules | Checks | Passed | Errors | Warnings | Suppressed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((result) => countsRow(result.stack, totalsOf([result]))),
    countsRow('**total**', totals),
  ];
  if (findings.length > 0) {
    lines.push('', '#### Findings', '', '| Severity | Rule | Construct path | Problem | Fix |', '| --- | --- | --- | --- | --- |');
    for (const finding of findings) {
      lines.push(`| ${finding.severity} | ${finding.ruleId} | ${code(finding.constructPath)} | ${cell(finding.problem)} | ${cell(finding.fix)} |`);
    }
  }
  if (suppressed.length > 0) {
    lines.push('', '#### Suppressed', '', '| Rule | Construct path | Suppressed at | Reason |', '| --- | --- | --- | --- |');
    for (const { ruleId, constructPath, suppression } of suppressed) {
      lines.push(`| ${ruleId} | ${code(constructPath)} | ${code(suppression.path)} | ${cell(suppression.reason)} |`);
    }
  }
  if (unused.length > 0) {
    lines.push('', '#### Unused suppressions (the rule passes; remove them)', '', '| Rule | Suppressed at | Reason |', '| --- | --- | --- |');
    for (const { ruleId, path, reason } of unused) lines.push(`| ${ruleId} | ${code(path)} | ${cell(reason)} |`);
  }
  if (compliance.length > 0) lines.push(...complianceLines(compliance));

  const summary =
    `policy ${environment}: ${plural(totals.rules, 'rule')}, ${plural(totals.checks, 'check')}: ${totals.passed} passed, ` +
    `${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}, ${totals.suppressed} suppressed`;
  return { json: { environment, production, totals, stacks: results, compliance, ...(links.diagram ? { diagram: links.diagram } : {}) }, markdown: `${lines.join('\n')}\n`, summary };
}
