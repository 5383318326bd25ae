import { StackIndex } from '../stack-index';
import { attachedTo, describeValue, requireSet, requireTrue, tlsDenyProblem } from './rule-helpers';

describe('describeValue', () => {
  it.each<[unknown, string]>([
    [undefined, 'not set'],
    [null, 'not set'],
    [false, 'false'],
    ['optional', '"optional"'],
    ['${var.mode}', '${var.mode} (known only at apply time)'],
  ])('%j reads as %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});

describe('requireTrue and requireSet', () => {
  it('read a missing block as an unset attribute', () => {
    expect(requireTrue(undefined, 'enabled')).toBe('enabled is not set');
    expect(requireSet(undefined, 'kms_key_id', 'encryption.kms_key_id')).toBe('encryption.kms_key_id is not set');
  });

  it('accept a literally true or a non-empty value, and name the others', () => {
    expect(requireTrue({ enabled: 'true' }, 'enabled')).toBeUndefined();
    expect(requireTrue({ enabled: '${var.on}' }, 'enabled')).toBe('enabled is ${var.on} (known only at apply time)');
    expect(requireSet({ kms_key_id: 'alias/k' }, 'kms_key_id')).toBeUndefined();
    expect(requireSet({ kms_key_id: ' ' }, 'kms_key_id')).toBe('kms_key_id is " "');
  });
});

describe('attachedTo', () => {
  const stack = new StackIndex({
    resource: {
      aws_s3_bucket: { named: { bucket: 'logs' }, templated: { bucket: '${var.bucket_name}' }, unnamed: {} },
      aws_s3_bucket_logging: {
        byReference: { bucket: '${aws_s3_bucket.unnamed.id}' },
        byName: { bucket: 'logs' },
        byExpression: { bucket: '${var.bucket_name}' },
        withoutBucket: {},
      },
    },
  });
  const attached = (bucket: string) => {
    const target = stack.ofType('aws_s3_bucket').find(({ name }) => name === bucket);
    if (target === undefined) throw new Error(`no bucket ${bucket}`);
    return attachedTo(stack, 'aws_s3_bucket_logging', 'bucket', target, 'bucket').map(({ name }) => name);
  };

  it('finds settings naming the bucket literally', () => {
    expect(attached('named')).toEqual(['byName']);
  });

  it('does not compare a name known only at apply time: the same expression elsewhere is not a reference', () => {
    expect(attached('templated')).toEqual([]);
  });

  it('finds a bucket without a name by reference only, not the settings without a bucket', () => {
    expect(attached('unnamed')).toEqual(['byReference']);
  });
});

describe('tlsDenyProblem', () => {
  const stack = new StackIndex({});
  const TLS_ONLY = { Bool: { 'aws:SecureTransport': 'false' } };
  const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const deny = (Action: unknown, Condition: unknown = TLS_ONLY) => ({ Effect: 'Deny', Principal: '*', Action, Resource: '*', Condition });
  const ALLOW_READ = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: '*' });
  const problem = (...policies: unknown[]) => tlsDenyProblem(policies, stack, 's3', 'bucket policy');

  it.each<[string, unknown[], string | undefined]>([
    ['no policy', [], 'has no bucket policy'],
    ['a deny of s3:* without TLS', [policy(deny('s3:*'))], undefined],
    ['the deny in the second of two policies', [ALLOW_READ, policy(deny('*'))], undefined],
    ['the deny listing s3:* after another action', [policy(deny(['s3:GetObject', 's3:*']))], undefined],
    ['the deny with another condition beside the TLS one', [policy(deny('s3:*', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' }, ...TLS_ONLY }))], undefined],
    ['a deny of one action only', [policy(deny('s3:GetObject'))], 'its bucket policy does not deny requests without TLS'],
    ['an allow in place of the deny', [policy({ ...deny('s3:*'), Effect: 'Allow' })], 'its bucket policy does not deny requests without TLS'],
    ['the deny of requests with TLS', [policy(deny('s3:*', { Bool: { 'aws:SecureTransport': 'true' } }))], 'its bucket policy does not deny requests without TLS'],
    ['the deny on another Bool key', [policy(deny('s3:*', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }))], 'its bucket policy does not deny requests without TLS'],
    ['the deny testing aws:SecureTransport as a string', [policy(deny('s3:*', { StringEquals: { 'aws:SecureTransport': 'false' } }))], 'its bucket policy does not deny requests without TLS'],
    ['a policy known only at apply time beside one without the deny', [ALLOW_READ, '${jsonencode(local.policy)}'], 'its bucket policy is known only at apply time, so the TLS-only deny cannot be verified'],
  ])('%s', (_, policies, expected) => {
    expect(problem(...policies)).toBe(expected);
  });
});
