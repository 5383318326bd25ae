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
});
