import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { evaluateStack } from './evaluate-stack';
import { collectSuppressions, suppress, suppressionsOf } from './suppressions';
import { synthesizeStack } from './testing/rule-pack-tests';

const REASON = 'S3 server access logs cannot be delivered to an SSE-KMS bucket';

/** Two unencrypted, unlogged buckets under `logs/` and one under `data/`. */
function buckets(stack: TerraformStack): { logs: Construct; data: Construct } {
  const logs = new Construct(stack, 'logs');
  const data = new Construct(stack, 'data');
  new S3Bucket(logs, 'Bucket', { bucket: 'logs' });
  new S3Bucket(logs, 'Archive', { bucket: 'logs-archive' });
  new S3Bucket(data, 'Bucket', { bucket: 'data' });
  return { logs, data };
}

describe('suppress', () => {
  it('switches a rule off for every resource under the construct, and the report keeps the reason', () => {
    const result = evaluateStack(
      synthesizeStack((stack) => suppress(buckets(stack).logs, 'PLAT-S3-001', REASON)),
      { production: true },
    );
    const suppression = { ruleId: 'PLAT-S3-001', path: 'test/logs', reason: REASON };
    expect(result.suppressed.map(({ constructPath, suppression }) => ({ constructPath, suppression }))).toEqual([
      { constructPath: 'test/logs/Bucket', suppression },
      { constructPath: 'test/logs/Archive', suppression },
    ]);
    expect(result.findings.filter(({ ruleId }) => ruleId === 'PLAT-S3-001').map(({ constructPath }) => constructPath)).toEqual(['test/data/Bucket']);
    expect(result.findings.filter(({ constructPath }) => constructPath.startsWith('test/logs/')).map(({ ruleId }) => ruleId)).toContain('PLAT-S3-002');
  });

  it('suppresses on a resource itself', () => {
    const result = evaluateStack(
      synthesizeStack((stack) => suppress(new S3Bucket(stack, 'logs', { bucket: 'logs' }), 'PLAT-S3-005', REASON)),
      { production: true },
    );
    expect(result.suppressed.map(({ ruleId, constructPath }) => `${ruleId} ${constructPath}`)).toEqual(['PLAT-S3-005 test/logs']);
  });

  it('does not cover constructs whose path merely starts with the same name', () => {
    const result = evaluateStack(
      synthesizeStack((stack) => {
        const { logs } = buckets(stack);
        new S3Bucket(stack, 'logs2', { bucket: 'logs2' });
        suppress(logs, 'PLAT-S3-001', REASON);
      }),
      { production: true },
    );
    expect(result.findings.filter(({ ruleId }) => ruleId === 'PLAT-S3-001').map(({ constructPath }) => constructPath)).toEqual(['test/data/Bucket', 'test/logs2']);
  });

  it('writes suppressions into the synthesized JSON and finds them in the construct tree', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const { logs, data } = buckets(stack);
    suppress(logs, 'PLAT-S3-001', REASON);
    suppress(data, 'PLAT-S3-005', `  ${REASON}  `);
    const expected = [
      { ruleId: 'PLAT-S3-001', path: 'test/logs', reason: REASON },
      { ruleId: 'PLAT-S3-005', path: 'test/data', reason: REASON },
    ];
    expect(collectSuppressions(app)).toEqual(expected);
    expect(suppressionsOf(JSON.parse(JSON.stringify(stack.toTerraform())))).toEqual(expected);
  });

  it('reports suppressions that no longer match a finding', () => {
    const result = evaluateStack(
      synthesizeStack((stack) => {
        const { logs } = buckets(stack);
        suppress(logs, 'PLAT-RDS-001', 'There is no database here at all, yet');
      }),
      { production: true },
    );
    expect(result.unusedSuppressions).toEqual([{ ruleId: 'PLAT-RDS-001', path: 'test/logs', reason: 'There is no database here at all, yet' }]);
  });

  it.each([
    ['an empty reason', 'PLAT-S3-001', '', "test/logs: reason: suppressing PLAT-S3-001 needs a reason of at least 10 characters, got ''. Fix: say why"],
    ['a whitespace reason', 'PLAT-S3-001', '   \n ', 'test/logs: reason: suppressing PLAT-S3-001 needs a reason of at least 10 characters'],
    ['a one-word reason', 'PLAT-S3-001', 'legacy', "got 'legacy'"],
    ['an unknown rule', 'PLAT-S3-999', REASON, "test/logs: ruleId: 'PLAT-S3-999' is not a policy rule. Fix: use the id of a rule"],
  ])('refuses %s, naming the construct, the field and the fix', (_case, ruleId, reason, message) => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const { logs } = buckets(stack);
    expect(() => suppress(logs, ruleId, reason)).toThrow(message);
  });

  it('refuses the same rule twice on one construct and constructs outside a stack', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const { logs } = buckets(stack);
    suppress(logs, 'PLAT-S3-001', REASON);
    expect(() => suppress(logs, 'PLAT-S3-001', REASON)).toThrow('test/logs: ruleId: PLAT-S3-001 is already suppressed here');
    expect(() => suppress(new Construct(Testing.app(), 'loose'), 'PLAT-S3-001', REASON)).toThrow('loose: construct: cannot suppress PLAT-S3-001 outside a stack');
  });
});
