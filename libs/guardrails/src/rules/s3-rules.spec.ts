import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA as S3BucketLogging } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { S3_RULES } from './s3-rules';

const DENY_PLAIN_HTTP = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

interface BucketParts {
  readonly algorithm?: string | null;
  readonly versioning?: 'Enabled' | 'Suspended' | null;
  readonly publicAccessBlock?: boolean | null;
  readonly policy?: string | null;
  readonly logging?: boolean;
}

/** A bucket configured like PrivateBucket (plus access logging); `null` leaves a part out. */
function bucket(scope: Construct, id: string, parts: BucketParts = {}): S3Bucket {
  const resource = new S3Bucket(scope, id, { bucket: id });
  const ref = resource.id;
  const algorithm = parts.algorithm === undefined ? 'aws:kms' : parts.algorithm;
  if (algorithm !== null) {
    new S3BucketServerSideEncryptionConfiguration(scope, `${id}Encryption`, {
      bucket: ref,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, kmsMasterKeyId: algorithm === 'AES256' ? undefined : 'arn:aws:kms:eu-central-1:1:key/k' } }],
    });
  }
  const versioning = parts.versioning === undefined ? 'Enabled' : parts.versioning;
  if (versioning !== null) new S3BucketVersioning(scope, `${id}Versioning`, { bucket: ref, versioningConfiguration: { status: versioning } });
  const blockAll = parts.publicAccessBlock === undefined ? true : parts.publicAccessBlock;
  if (blockAll !== null) {
    new S3BucketPublicAccessBlock(scope, `${id}PublicAccessBlock`, {
      bucket: ref,
      blockPublicAcls: true,
      blockPublicPolicy: blockAll,
      ignorePublicAcls: true,
      restrictPublicBuckets: blockAll,
    });
  }
  const policy = parts.policy === undefined ? JSON.stringify({ Version: '2012-10-17', Statement: [DENY_PLAIN_HTTP] }) : parts.policy;
  if (policy !== null) new S3BucketPolicy(scope, `${id}Policy`, { bucket: ref, policy });
  if (parts.logging ?? true) new S3BucketLogging(scope, `${id}Logging`, { bucket: ref, targetBucket: 'access-logs', targetPrefix: `${id}/` });
  return resource;
}

describe('S3 rules', () => {
  testRulePack(S3_RULES, (stack) => bucket(stack, 'data'), {
    'PLAT-S3-001': [
      { name: 'a bucket without default encryption', build: (stack) => bucket(stack, 'data', { algorithm: null }), path: 'data', problem: 'has no default encryption configuration' },
      { name: 'SSE-S3 instead of KMS', build: (stack) => bucket(stack, 'data', { algorithm: 'AES256' }), path: 'data', problem: 'encrypts with AES256, not a KMS key' },
    ],
    'PLAT-S3-002': [
      { name: 'no versioning', build: (stack) => bucket(stack, 'data', { versioning: null }), path: 'data', problem: 'has no versioning configuration' },
      { name: 'suspended versioning', build: (stack) => bucket(stack, 'data', { versioning: 'Suspended' }), path: 'data', problem: 'versioning status is Suspended' },
    ],
    'PLAT-S3-003': [
      { name: 'no public access block', build: (stack) => bucket(stack, 'data', { publicAccessBlock: null }), path: 'data', problem: 'has no public access block' },
      {
        name: 'two flags off',
        build: (stack) => bucket(stack, 'data', { publicAccessBlock: false }),
        path: 'data',
        problem: 'its public access block leaves block_public_policy, restrict_public_buckets unset or false',
      },
    ],
    'PLAT-S3-004': [
      { name: 'no bucket policy', build: (stack) => bucket(stack, 'data', { policy: null }), path: 'data', problem: 'has no bucket policy' },
      {
        name: 'a policy without the TLS deny',
        build: (stack) => bucket(stack, 'data', { policy: JSON.stringify({ Statement: [{ ...DENY_PLAIN_HTTP, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }) }),
        path: 'data',
        problem: 'its bucket policy does not deny requests without TLS',
      },
      {
        name: 'a policy known only at apply time',
        build: (stack) => bucket(stack, 'data', { policy: '${jsonencode(var.policy)}' }),
        path: 'data',
        problem: 'its bucket policy is known only at apply time',
      },
    ],
    'PLAT-S3-005': [{ name: 'no access logging', build: (stack) => bucket(stack, 'data', { logging: false }), path: 'data', problem: 'has no access logging' }],
  });

  it('reads the TLS deny from an aws_iam_policy_document data source', () => {
    const findings = findingsOf('PLAT-S3-004', (stack) => {
      const document = new DataAwsIamPolicyDocument(stack, 'TlsOnly', {
        statement: [
          {
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: ['s3:*'],
            resources: ['arn:aws:s3:::data/*'],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ],
      });
      bucket(stack, 'data', { policy: document.json });
    });
    expect(findings).toEqual([]);
  });

  it('matches settings to the bucket by literal name as well as by reference', () => {
    const findings = findingsOf('PLAT-S3-002', (stack) => {
      bucket(stack, 'data', { versioning: null });
      new S3BucketVersioning(stack, 'ByName', { bucket: 'data', versioningConfiguration: { status: 'Enabled' } });
    });
    expect(findings).toEqual([]);
  });

  it('does not let one bucket’s settings cover another', () => {
    const findings = findingsOf('PLAT-S3-001', (stack) => {
      bucket(stack, 'data');
      bucket(stack, 'data2', { algorithm: null });
    });
    expect(findings.map((finding) => finding.constructPath)).toEqual(['test/data2']);
  });
});

describe('S3 rules on settings written inline on the bucket (the provider’s older arguments)', () => {
  const TLS_ONLY = JSON.stringify({ Version: '2012-10-17', Statement: [DENY_PLAIN_HTTP] });
  /** A bucket whose encryption, versioning, logging and policy are its own arguments; only the access block is separate. */
  function inlineBucket(scope: Construct, algorithm: string, versioning: boolean, extra: Partial<{ logging: boolean; policy: string }> = {}): void {
    const resource = new S3Bucket(scope, 'data', {
      bucket: 'data',
      serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm } } },
      versioning: { enabled: versioning },
      ...((extra.logging ?? true) ? { logging: { targetBucket: 'access-logs' } } : {}),
      policy: extra.policy ?? TLS_ONLY,
    });
    new S3BucketPublicAccessBlock(scope, 'Block', { bucket: resource.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  }
  const problems = (build: (stack: Construct) => void) => S3_RULES.map(({ id }) => [id, findingsOf(id, build).map(({ problem }) => problem)]);

  it('reads them: DSSE-KMS, versioning enabled, a target bucket and a TLS-only policy pass', () => {
    expect(problems((stack) => inlineBucket(stack, 'aws:kms:dsse', true))).toEqual(S3_RULES.map(({ id }) => [id, []]));
  });

  it('flags the near misses: SSE-S3, versioning disabled, no logging, a policy allowing TLS', () => {
    const allowsTls = JSON.stringify({ Statement: [{ ...DENY_PLAIN_HTTP, Effect: 'Allow' }] });
    expect(Object.fromEntries(problems((stack) => inlineBucket(stack, 'AES256', false, { logging: false, policy: allowsTls })))).toEqual({
      'PLAT-S3-001': ['encrypts with AES256, not a KMS key'],
      'PLAT-S3-002': ['has no versioning configuration'],
      'PLAT-S3-003': [],
      'PLAT-S3-004': ['its bucket policy does not deny requests without TLS'],
      'PLAT-S3-005': ['has no access logging'],
    });
  });
});

describe('S3 rules on several settings resources for one bucket', () => {
  const problems = (ruleId: string, build: (stack: Construct) => void) => findingsOf(ruleId, build).map(({ problem }) => problem);
  /** The `data` bucket with no public access block of its own, plus blocks setting `flags` true. */
  const withBlocks = (...flags: string[][]) => (stack: Construct) => {
    const resource = bucket(stack, 'data', { publicAccessBlock: null });
    flags.forEach((set, index) => {
      const on = (flag: string) => set.includes(flag);
      new S3BucketPublicAccessBlock(stack, `Block${index}`, { bucket: resource.id, blockPublicAcls: on('acls'), blockPublicPolicy: on('policy'), ignorePublicAcls: on('ignore'), restrictPublicBuckets: on('restrict') });
    });
  };

  it.each<[string, string[][], string[]]>([
    ['a complete block beside a partial one', [['acls'], ['acls', 'policy', 'ignore', 'restrict']], []],
    ['two partial blocks', [['acls', 'ignore'], ['policy']], ['its public access block leaves restrict_public_buckets unset or false']],
  ])('PLAT-S3-003 with %s', (_, flags, expected) => {
    expect(problems('PLAT-S3-003', withBlocks(...flags))).toEqual(expected);
  });

  it('PLAT-S3-001 and -002 list every algorithm and status they found', () => {
    const build = (stack: Construct) => {
      const resource = bucket(stack, 'data', { algorithm: 'AES256', versioning: 'Suspended' });
      new S3BucketServerSideEncryptionConfiguration(stack, 'KeyOnly', { bucket: resource.id, rule: [{ bucketKeyEnabled: true }] });
      new S3BucketVersioning(stack, 'Disabled', { bucket: resource.id, versioningConfiguration: { status: 'Disabled' } });
    };
    expect([...problems('PLAT-S3-001', build), ...problems('PLAT-S3-002', build)]).toEqual(['encrypts with AES256, undefined, not a KMS key', 'versioning status is Suspended, Disabled']);
  });
});
