import { Rule } from './rule';
import { PLATFORM_RULES } from './rules/platform-rules';

const NONE = '-';
const list = (items: readonly string[]) => (items.length === 0 ? NONE : items.join(','));

/** The columns of one rule in the listing: id, severity, where it applies, checkov ids, compliance ids, description. */
function columnsOf(rule: Rule): string[] {
  return [rule.id, rule.severity, rule.productionOnly ? 'production' : 'all', list(rule.checkovIds), list(rule.complianceIds), rule.description];
}

/**
 * Every rule as a text table (`npm run guardrails -- --list`): a header, one line per rule with its id, severity,
 * the environments it applies to (`all` or `production`), checkov ids, compliance ids (`-` when none) and
 * description, then a total line such as `113 rules: 101 errors, 12 warnings; 14 production-only; 83 mapped to …`.
 */
export function ruleListing(rules: readonly Rule[] = PLATFORM_RULES): string {
  const rows = [['RULE', 'SEVERITY', 'APPLIES TO', 'CHECKOV', 'COMPLIANCE', 'DESCRIPTION'], ...rules.map(columnsOf)];
  // Pad every column but the last (the description) to its widest cell.
  const widths = rows[0].slice(0, -1).map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column]) : cell)).join('  '));
  const count = (predicate: (rule: Rule) => boolean) => rules.filter(predicate).length;
  const total =
    `${rules.length} rules: ${count(({ severity }) => severity === 'error')} errors, ${count(({ severity }) => severity === 'warning')} warnings; ` +
    `${count(({ productionOnly }) => productionOnly === true)} production-only; ` +
    `${count(({ complianceIds }) => complianceIds.length > 0)} mapped to CIS AWS Foundations v3.0 / AWS FSBP controls`;
  return `${[...lines, '', total].join('\n')}\n`;
}
