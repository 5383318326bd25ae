import { synthJson } from '@platform/terraform-testing';
import { TerraformStateStore, TerraformStateStoreProps } from './terraform-state-store';

const PROPS: TerraformStateStoreProps = {
  bucketName: 'platform-tfstate-123456789012-eu-central-1',
  lockTableName: 'platform-terraform-locks',
  kmsKeyAlias: 'alias/platform-terraform-state',
  accountId: '123456789012',
  region: 'eu-central-1',
};

describe('TerraformStateStore', () => {
  const json = synthJson((scope) => new TerraformStateStore(scope, 'state', PROPS));
  const keyArn = () => json.ref(json.resource('aws_kms_key', 'Key'), 'arn');
  const bucketId = () => json.ref(json.resource('aws_s3_bucket', 'StateBucket'), 'id');

  it('protects bucket, lock table and key from destruction', () => {
    expect(json.resource('aws_s3_bucket', 'StateBucket')).toMatchObject({ bucket: PROPS.bucketName, force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(json.resource('aws_dynamodb_table', 'LockTable')).toMatchObject({ deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(json.resource('aws_kms_key', 'Key')).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  it('versions the bucket, encrypts it with the rotating key and keeps the newest old versions', () => {
    expect(json.resource('aws_s3_bucket_versioning', 'Versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(json.resource('aws_s3_bucket_server_side_encryption_configuration', 'Encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn() }, bucket_key_enabled: true },
    ]);
    expect(json.resource('aws_s3_bucket_lifecycle_configuration', 'Lifecycle').rule).toEqual([
      expect.objectContaining({
        status: 'Enabled',
        noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
  });

  it('blocks every kind of public access and disables ACLs', () => {
    expect(json.resource('aws_s3_bucket_public_access_block', 'PublicAccessBlock')).toMatchObject({
      bucket: bucketId(),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json.resource('aws_s3_bucket_ownership_controls', 'OwnershipControls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('denies any request without TLS 1.2 or later', () => {
    const statements = JSON.parse(json.resource('aws_s3_bucket_policy', 'Policy').policy as string).Statement;
    const resources = [`arn:aws:s3:::${PROPS.bucketName}`, `arn:aws:s3:::${PROPS.bucketName}/*`];
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }),
    ]);
  });

  it('locks in an on-demand LockID table with point-in-time recovery, encrypted with the key', () => {
    expect(json.resource('aws_dynamodb_table', 'LockTable')).toMatchObject({
      name: PROPS.lockTableName,
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: keyArn() },
    });
  });

  it('computes the ARNs of a store from its names, for policies in other stacks', () => {
    expect(TerraformStateStore.arnsOf({ ...PROPS, bucketName: 'platform-tfstate-123456789012-eu-west-1', region: 'eu-west-1' }, '123456789012')).toEqual({
      bucket: 'arn:aws:s3:::platform-tfstate-123456789012-eu-west-1',
      objects: 'arn:aws:s3:::platform-tfstate-123456789012-eu-west-1/*',
      lockTable: 'arn:aws:dynamodb:eu-west-1:123456789012:table/platform-terraform-locks',
      keyAlias: 'arn:aws:kms:eu-west-1:123456789012:alias/platform-terraform-state',
      keysInRegion: 'arn:aws:kms:eu-west-1:123456789012:key/*',
    });
    expect(TerraformStateStore.arnsOf({ ...PROPS, region: 'cn-north-1' }, '123456789012').lockTable).toBe('arn:aws-cn:dynamodb:cn-north-1:123456789012:table/platform-terraform-locks');
  });

  it('names a store’s key by any of its aliases', () => {
    expect(TerraformStateStore.keyAliasCondition(['alias/a', 'alias/a'])).toEqual({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/a'] } });
  });

  it('rejects a retention of old versions below one day', () => {
    expect(() => synthJson((scope) => new TerraformStateStore(scope, 'state', { ...PROPS, noncurrentVersionRetentionDays: 0 }))).toThrow(
      /state\/StateBucket: noncurrentVersionRetentionDays: 0 is not a positive whole number of days/,
    );
  });
});
