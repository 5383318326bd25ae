import { Testing } from 'cdktf';
import { PrivateBucket } from './private-bucket';

const synth = (props: Partial<ConstructorParameters<typeof PrivateBucket>[2]> = {}) =>
  JSON.parse(
    Testing.synthScope((scope) => new PrivateBucket(scope, 'backups', { bucketName: 'backups-1', region: 'cn-north-1', kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:1:key/k', ...props })),
  ).resource;

describe('PrivateBucket', () => {
  it('creates the bucket with versioning, SSE-KMS, public access block, owner-enforced ACLs, TLS-only policy and lifecycle', () => {
    const resources = synth();
    expect(Object.keys(resources).sort()).toEqual([
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ]);
    const policy = JSON.parse((Object.values(resources.aws_s3_bucket_policy)[0] as { policy: string }).policy);
    expect(policy.Statement[0].Resource).toEqual(['arn:aws-cn:s3:::backups-1', 'arn:aws-cn:s3:::backups-1/*']);
  });

  it('protects the bucket from destroy unless told otherwise', () => {
    expect(Object.values(synth().aws_s3_bucket)).toEqual([expect.objectContaining({ lifecycle: { prevent_destroy: true }, force_destroy: false })]);
    expect(Object.values(synth({ preventDestroy: false }).aws_s3_bucket)).toEqual([expect.objectContaining({ lifecycle: { prevent_destroy: false } })]);
  });

  it('adds statements of constructs created later to its one policy', () => {
    const resources = JSON.parse(
      Testing.synthScope((scope) => {
        const bucket = new PrivateBucket(scope, 'b', { bucketName: 'b-1', region: 'eu-central-1', kmsKeyArn: 'k' });
        bucket.addToPolicy({ Sid: 'CloudFrontReads', Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
      }),
    ).resource;
    const policy = JSON.parse((Object.values(resources.aws_s3_bucket_policy)[0] as { policy: string }).policy);
    expect(policy.Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual(['DenyPlainHttp', 'DenyTlsBelow12', 'CloudFrontReads']);
  });

  it('keeps old versions for the given days', () => {
    const [lifecycle] = Object.values(synth({ noncurrentVersionRetentionDays: 3 }).aws_s3_bucket_lifecycle_configuration) as { rule: { noncurrent_version_expiration: unknown }[] }[];
    expect(lifecycle.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 3, newer_noncurrent_versions: 10 }]);
  });

  describe('object lock, lifecycle of current versions and access logs', () => {
    const first = (resources: Record<string, Record<string, Record<string, unknown>>>, type: string) => Object.values(resources[type] ?? {})[0];

    it('are off unless asked for', () => {
      const resources = synth();
      expect(first(resources, 'aws_s3_bucket')).not.toHaveProperty('object_lock_enabled');
      expect(resources.aws_s3_bucket_object_lock_configuration).toBeUndefined();
      expect(resources.aws_s3_bucket_logging).toBeUndefined();
      expect(first(resources, 'aws_s3_bucket_lifecycle_configuration')).toMatchObject({ rule: [expect.not.objectContaining({ transition: expect.anything() })] });
    });

    it('lock every new version for the days and mode asked, once versioning is on', () => {
      const resources = synth({ objectLock: { mode: 'COMPLIANCE', days: 365 } });
      expect(first(resources, 'aws_s3_bucket')).toMatchObject({ object_lock_enabled: true });
      expect(first(resources, 'aws_s3_bucket_object_lock_configuration')).toMatchObject({
        rule: { default_retention: { mode: 'COMPLIANCE', days: 365 } },
        depends_on: [expect.stringMatching(/^aws_s3_bucket_versioning\./)],
      });
    });

    it('move current versions to Glacier and expire them', () => {
      const [rule] = first(synth({ currentVersions: { glacierAfterDays: 90, expireAfterDays: 365 } }), 'aws_s3_bucket_lifecycle_configuration').rule as object[];
      expect(rule).toMatchObject({ transition: [{ days: 90, storage_class: 'GLACIER' }], expiration: [{ days: 365 }] });
    });

    it('log access into the target bucket under its prefix', () => {
      expect(first(synth({ accessLogs: { targetBucket: 'logs-1', targetPrefix: 's3-access/backups-1/' } }), 'aws_s3_bucket_logging')).toMatchObject({
        target_bucket: 'logs-1',
        target_prefix: 's3-access/backups-1/',
      });
    });

    it.each([
      ['objectLock.days', { objectLock: { mode: 'GOVERNANCE' as const, days: 0 } }],
      ['currentVersions.glacierAfterDays', { currentVersions: { glacierAfterDays: 0.5 } }],
      ['currentVersions.expireAfterDays', { currentVersions: { expireAfterDays: -1 } }],
    ])('refuse %s below one whole day', (field, props) => {
      expect(() => synth(props)).toThrow(new RegExp(`${field.replace('.', '\\.')}: .* Fix: `));
    });
  });
});

