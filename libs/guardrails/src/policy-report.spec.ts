import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { evaluateStack } from './evaluate-stack';
import { policyReport } from './policy-report';
import { S3_RULES } from './rules/s3-rules';
import { suppress } from './suppressions';
import { synthesizeStack } from './testing/rule-pack-tests';

const results = () => [
  evaluateStack(
    synthesizeStack((stack) => {
      const logs = new Construct(stack, 'logs');
      new S3Bucket(logs, 'Bucket', { bucket: 'logs' });
      suppress(logs, 'PLAT-S3-005', 'This bucket receives the access logs | it cannot log into itself');
      suppress(logs, 'PLAT-EKS-001', 'Left over from the cluster that moved');
    }),
    { production: true, rules: S3_RULES },
  ),
];

describe('policyReport', () => {
  it('totals rules, checks, passes, errors, warnings and suppressions', () => {
    const { json, summary } = policyReport('production', results());
    expect(json.totals).toEqual({ rules: 5, checks: 5, passed: 0, errors: 4, warnings: 0, suppressed: 1 });
    expect(json.production).toBe(true);
    expect(summary).toBe('policy production: 5 rules, 5 checks: 0 passed, 4 errors, 0 warnings, 1 suppressed');
  });

  it('renders counts per stack, findings, suppressions with reasons and unused suppressions as Markdown tables', () => {
    const { markdown } = policyReport('production', results());
    expect(markdown).toContain('| test | 5 | 5 | 0 | 4 | 0 | 1 |\n| **total** | 5 | 5 | 0 | 4 | 0 | 1 |');
    expect(markdown).toContain(`| error | PLAT-S3-001 | \`test/logs/Bucket\` | has no default encryption configuration | ${S3_RULES[0].fix} |`);
    expect(markdown).toContain('| PLAT-S3-005 | `test/logs/Bucket` | `test/logs` | This bucket receives the access logs \\| it cannot log into itself |');
    expect(markdown).toContain('#### Unused suppressions (the rule passes; remove them)');
    expect(markdown).toContain('| PLAT-EKS-001 | `test/logs` | Left over from the cluster that moved |');
  });

  it('maps each compliance control to the rules implementing it and their counts in the environment', () => {
    const { json, markdown } = policyReport('production', results(), S3_RULES);
    expect(json.compliance.map(({ control }) => control)).toEqual(['CIS-3.0-2.1.1', 'CIS-3.0-2.1.4', 'FSBP-S3.5', 'FSBP-S3.8', 'FSBP-S3.9']);
    expect(json.compliance.find(({ control }) => control === 'FSBP-S3.9')).toEqual({
      control: 'FSBP-S3.9',
      framework: 'AWS Foundational Security Best Practices',
      status: 'pass with exceptions',
      rules: [{ ruleId: 'PLAT-S3-005', severity: 'warning', checks: 1, passed: 0, failed: 0, suppressed: 1 }],
    });
    expect(json.compliance.find(({ control }) => control === 'CIS-3.0-2.1.4')).toMatchObject({ framework: 'CIS AWS Foundations Benchmark v3.0', status: 'fail' });
    expect(markdown).toContain('#### Compliance view');
    expect(markdown).toContain('5 controls of CIS AWS Foundations Benchmark v3.0');
    expect(markdown).toContain('| FSBP-S3.9 | pass with exceptions | PLAT-S3-005 | warning | 1 | 0 | 0 | 1 |');
  });

  it('marks controls whose rules checked nothing as not evaluated, and passing ones as pass', () => {
    const compliant = evaluateStack(synthesizeStack(() => undefined), { production: false, rules: S3_RULES });
    expect(new Set(policyReport('development', [compliant], S3_RULES).json.compliance.map(({ status }) => status))).toEqual(new Set(['not evaluated']));
    const lone = results()[0];
    const passing = { ...lone, findings: lone.findings.filter(({ ruleId }) => ruleId !== 'PLAT-S3-004') };
    expect(policyReport('production', [passing], S3_RULES).json.compliance.find(({ control }) => control === 'FSBP-S3.5')?.status).toBe('pass');
  });

  it('leaves out empty sections', () => {
    const { markdown, summary } = policyReport('development', [evaluateStack(synthesizeStack(() => undefined), { production: false })], []);
    expect(markdown).not.toContain('####');
    expect(summary).toBe('policy development: 0 rules, 0 checks: 0 passed, 0 errors, 0 warnings, 0 suppressed');
  });

  it('links the architecture diagram when one is drawn, and mentions none otherwise', () => {
    const stacks = [evaluateStack(synthesizeStack(() => undefined), { production: false })];
    const linked = policyReport('development', stacks, [], { diagram: '../diagram.svg' });
    expect(linked.markdown).toContain('Architecture of the stacks checked: [diagram](../diagram.svg)');
    expect(linked.json.diagram).toBe('../diagram.svg');
    const plain = policyReport('development', stacks, []);
    expect(plain.markdown).not.toContain('diagram');
    expect(plain.json).not.toHaveProperty('diagram');
  });
});
