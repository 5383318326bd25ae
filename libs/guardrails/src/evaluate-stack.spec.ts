import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, TerraformStack } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateStack } from './evaluate-stack';
import { evaluateSynthesizedApp } from './evaluate-synthesized-app';
import { PolicyViolationError } from './policy-violation-error';
import { Rule } from './rule';
import { S3_RULES } from './rules/s3-rules';
import { synthesizeStack } from './testing/rule-pack-tests';

const unencryptedBucket = (stack: TerraformStack) => new S3Bucket(stack, 'storage', { bucket: 'storage' });

describe('evaluateStack', () => {
  it('counts checks per rule and resource, and names the stack', () => {
    const result = evaluateStack(synthesizeStack(unencryptedBucket), { production: true, rules: S3_RULES });
    expect(result).toMatchObject({ stack: 'test', production: true, checks: 5, passed: 0, rulesEvaluated: S3_RULES.map(({ id }) => id) });
    expect(result.checksByRule).toEqual(Object.fromEntries(S3_RULES.map(({ id }) => [id, 1])));
    expect(result.findings.map(({ ruleId, severity }) => `${ruleId}:${severity}`)).toEqual([
      'PLAT-S3-001:error',
      'PLAT-S3-002:error',
      'PLAT-S3-003:error',
      'PLAT-S3-004:error',
      'PLAT-S3-005:warning',
    ]);
  });

  it('writes a message with the rule, the construct path, the address, the problem and the fix', () => {
    const [finding] = evaluateStack(synthesizeStack(unencryptedBucket), { production: true, rules: [S3_RULES[0]] }).findings;
    expect(finding.message).toBe(`PLAT-S3-001 test/storage (aws_s3_bucket.storage): has no default encryption configuration. Fix: ${S3_RULES[0].fix}`);
    expect(finding.checkovIds).toEqual(['CKV_AWS_145', 'CKV_AWS_19']);
  });

  it('runs production-only rules in production only', () => {
    const json = synthesizeStack((stack) => new DbInstance(stack, 'db', { instanceClass: 'db.t3.micro', storageEncrypted: true, multiAz: false }));
    const multiAz = (production: boolean) => evaluateStack(json, { production }).findings.filter(({ ruleId }) => ruleId === 'PLAT-RDS-002');
    expect(multiAz(true)).toHaveLength(1);
    expect(multiAz(false)).toEqual([]);
  });

  it('takes custom rules', () => {
    const noBuckets: Rule = {
      id: 'ACME-S3-001',
      checkovIds: [],
      complianceIds: [],
      severity: 'warning',
      resourceTypes: ['aws_s3_bucket'],
      description: 'No buckets in this account.',
      fix: 'store objects elsewhere',
      check: () => 'exists',
    };
    const result = evaluateStack(synthesizeStack(unencryptedBucket), { production: false, rules: [noBuckets] });
    expect(result.findings.map(({ message }) => message)).toEqual(['ACME-S3-001 test/storage (aws_s3_bucket.storage): exists. Fix: store objects elsewhere']);
  });
});

describe('evaluateSynthesizedApp and PolicyViolationError', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-'));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('checks every stack an app wrote, and fails with all error findings, their paths and fixes', () => {
    const app = new App({ outdir, stackTraces: false });
    const data = new TerraformStack(app, 'production-data');
    new AwsProvider(data, 'aws', { region: 'eu-central-1' });
    unencryptedBucket(data);
    new TerraformStack(app, 'production-empty');
    app.synth();

    const results = evaluateSynthesizedApp(outdir, { production: true });
    expect(results.map(({ stack, checks }) => ({ stack, checks: checks > 0 }))).toEqual([
      { stack: 'production-data', checks: true },
      { stack: 'production-empty', checks: false },
    ]);
    let error: unknown;
    try {
      PolicyViolationError.throwIfAny(results);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    const { message, findings } = error as PolicyViolationError;
    expect(findings.map(({ ruleId }) => ruleId)).toEqual(['PLAT-S3-001', 'PLAT-S3-002', 'PLAT-S3-003', 'PLAT-S3-004']);
    expect(message).toContain('4 policy violations of error severity:');
    expect(message).toContain(`  PLAT-S3-001 production-data/storage (aws_s3_bucket.storage): has no default encryption configuration. Fix: ${S3_RULES[0].fix}`);
    expect(message).not.toContain('PLAT-S3-005');
  });

  it('passes when only warnings remain', () => {
    const warningsOnly = evaluateStack(synthesizeStack(unencryptedBucket), { production: true, rules: [S3_RULES[4]] });
    expect(warningsOnly.findings).toHaveLength(1);
    expect(() => PolicyViolationError.throwIfAny([warningsOnly])).not.toThrow();
  });
});
