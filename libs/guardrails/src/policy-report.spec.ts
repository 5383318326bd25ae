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

  it('leaves out empty sections', () => {
    const { markdown, summary } = policyReport('development', [evaluateStack(synthesizeStack(() => undefined), { production: false })]);
    expect(markdown).not.toContain('####');
    expect(summary).toBe('policy development: 0 rules, 0 checks: 0 passed, 0 errors, 0 warnings, 0 suppressed');
  });
});
