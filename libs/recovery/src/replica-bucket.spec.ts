import { runSimulation } from '@cloud-copilot/iam-simulate';
import { PlatformAwsProvider } from '@platform/core';
import { synthJson } from '@platform/terraform-testing';
import { decide, SIMULATED_ACCOUNT } from './private/iam-simulation';
import { ReplicaBucket, ReplicaBucketProps } from './replica-bucket';

const PROPS: ReplicaBucketProps = { bucketName: 'platform-production-storage-eu-west-1', accountId: SIMULATED_ACCOUNT, region: 'eu-west-1' };
const synth = (props: Partial<ReplicaBucketProps> = {}) => synthJson((scope) => new ReplicaBucket(scope, 'replica', { ...PROPS, ...props }));
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const BUCKET_TYPES = [
  'aws_s3_bucket',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_lifecycle_configuration',
];

describe('ReplicaBucket', () => {
  it('encrypts replicas by default with its own rotated key (SSE-KMS with a bucket key)', () => {
    const json = synth();
    const key = json.resources('aws_kms_key')[0];
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(json.resources('aws_s3_bucket_server_side_encryption_configuration')[0].rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: json.ref(key, 'arn') }, bucket_key_enabled: true },
    ]);
    expect(json.resources('aws_kms_alias')[0]).toMatchObject({ name: 'alias/s3-platform-production-storage-eu-west-1' });
  });

  it('names the key alias after the bucket, periods replaced as alias names take none', () => {
    expect(synth({ bucketName: 'storage.replica.eu-west-1' }).resources('aws_kms_alias')[0]).toMatchObject({ name: 'alias/s3-storage-replica-eu-west-1' });
  });

  it('is versioned, private, owner-enforced and refuses plain HTTP', () => {
    const json = synth();
    expect(json.resources('aws_s3_bucket')[0]).toMatchObject({ bucket: 'platform-production-storage-eu-west-1', force_destroy: false });
    expect(json.resources('aws_s3_bucket_versioning')[0]).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(json.resources('aws_s3_bucket_public_access_block')[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(json.resources('aws_s3_bucket_ownership_controls')[0]).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
    const policy = JSON.parse(json.resources('aws_s3_bucket_policy')[0].policy as string);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('expires noncurrent versions after 30 days unless told otherwise', () => {
    const expiry = (props: Partial<ReplicaBucketProps>) => (synth(props).resources('aws_s3_bucket_lifecycle_configuration')[0].rule as { noncurrent_version_expiration: { noncurrent_days: number }[] }[])[0].noncurrent_version_expiration[0].noncurrent_days;
    expect(expiry({})).toBe(30);
    expect(expiry({ noncurrentVersionExpirationDays: 7 })).toBe(7);
  });

  it('keeps the bucket and its key from being destroyed unless told otherwise', () => {
    for (const type of ['aws_kms_key', 'aws_s3_bucket']) {
      expect(synth().resources(type)[0]).toMatchObject({ lifecycle: { prevent_destroy: true } });
      expect(synth({ preventDestroy: false }).resources(type)[0]).toMatchObject({ lifecycle: { prevent_destroy: false } });
    }
  });

  it("builds every resource with the destination region's provider", () => {
    const json = synthJson((scope) => {
      const provider = new PlatformAwsProvider(scope, 'secondary', { region: 'eu-west-1', accountId: SIMULATED_ACCOUNT, tags: {}, alias: 'eu-west-1' });
      new ReplicaBucket(scope, 'replica', { ...PROPS, provider });
    });
    for (const type of ['aws_kms_key', 'aws_kms_alias', ...BUCKET_TYPES]) {
      expect(json.resources(type)).toEqual([expect.objectContaining({ provider: 'aws.eu-west-1' })]);
    }
  });

  describe('its key policy, simulated', () => {
    const keyPolicy = JSON.parse(synth().resources('aws_kms_key')[0].policy as string);
    const via = (service: string) => ({ 'kms:ViaService': service, 'kms:CallerAccount': SIMULATED_ACCOUNT });
    it.each([
      ['lets S3 of the region encrypt for a principal without KMS permissions', via('s3.eu-west-1.amazonaws.com'), 'Allowed'],
      ['refuses S3 of another region', via('s3.eu-central-1.amazonaws.com'), 'ImplicitlyDenied'],
      ['refuses another service', via('sqs.eu-west-1.amazonaws.com'), 'ImplicitlyDenied'],
    ])('%s', async (_, context, expected) => {
      expect(await decide({ role: 'reader', action: 'kms:GenerateDataKey', resource: KEY, resourcePolicy: keyPolicy, context }, 'nothing')).toBe(expected);
    });

    it('leaves administration to the account (IAM policies decide)', async () => {
      expect(await decide({ role: 'admin', action: 'kms:ScheduleKeyDeletion', resource: KEY, resourcePolicy: keyPolicy }, 'all')).toBe('Allowed');
      expect(await decide({ role: 'nobody', action: 'kms:ScheduleKeyDeletion', resource: KEY, resourcePolicy: keyPolicy }, 'nothing')).toBe('ImplicitlyDenied');
    });
  });

  describe('as a CloudFront failover origin (allowCloudFront)', () => {
    const DISTRIBUTION = `arn:aws:cloudfront::${SIMULATED_ACCOUNT}:distribution/E2QWRUHAPOMQZL`;
    const policiesOf = (props: Partial<ReplicaBucketProps>) => {
      const json = synth(props);
      return { bucket: JSON.parse(json.resources('aws_s3_bucket_policy')[0].policy as string), key: JSON.parse(json.resources('aws_kms_key')[0].policy as string) };
    };
    /** What the bucket or key policy decides for CloudFront's service principal acting for the distribution `source`. */
    const decideForCloudFront = async (action: string, resource: string, resourcePolicy: object, source: string) => {
      const result = await runSimulation(
        {
          request: {
            principal: 'cloudfront.amazonaws.com',
            action,
            resource: { resource, accountId: SIMULATED_ACCOUNT },
            contextVariables: { 'aws:SourceArn': source, 'aws:SourceAccount': source.split(':')[4], 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' },
          },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy,
        },
        {},
      );
      if (result.resultType === 'error') throw new Error(`simulation of ${action} failed: ${JSON.stringify(result.errors)}`);
      return result.overallResult;
    };
    const OBJECT = 'arn:aws:s3:::platform-production-storage-eu-west-1/index.html';

    it('knows its regional domain name at synth time, the name an origin gives', () => {
      let domainName: string | undefined;
      synthJson((scope) => (domainName = new ReplicaBucket(scope, 'replica', PROPS).bucketRegionalDomainName));
      expect(domainName).toBe('platform-production-storage-eu-west-1.s3.eu-west-1.amazonaws.com');
    });

    it.each([
      ['reads an object for a distribution of the account', 'allowed', DISTRIBUTION, 'Allowed'],
      ['refuses a distribution of another account', 'allowed', 'arn:aws:cloudfront::210987654321:distribution/E2QWRUHAPOMQZL', 'ImplicitlyDenied'],
      ['refuses any distribution by default', 'default', DISTRIBUTION, 'ImplicitlyDenied'],
    ])('%s', async (_, setting, source, expected) => {
      const { bucket, key } = policiesOf(setting === 'allowed' ? { allowCloudFront: true } : {});
      expect(await decideForCloudFront('s3:GetObject', OBJECT, bucket, source)).toBe(expected);
      expect(await decideForCloudFront('kms:Decrypt', KEY, key, source)).toBe(expected);
    });

    it('lets CloudFront only read: no listing, writing or encrypting', async () => {
      const { bucket, key } = policiesOf({ allowCloudFront: true });
      for (const action of ['s3:PutObject', 's3:DeleteObject']) expect(await decideForCloudFront(action, OBJECT, bucket, DISTRIBUTION)).toBe('ImplicitlyDenied');
      expect(await decideForCloudFront('s3:ListBucket', 'arn:aws:s3:::platform-production-storage-eu-west-1', bucket, DISTRIBUTION)).toBe('ImplicitlyDenied');
      for (const action of ['kms:Encrypt', 'kms:GenerateDataKey']) expect(await decideForCloudFront(action, KEY, key, DISTRIBUTION)).toBe('ImplicitlyDenied');
    });
  });

  describe('refuses', () => {
    it.each<[string, Partial<ReplicaBucketProps>, RegExp]>([
      ['a bucket name with capitals', { bucketName: 'Storage-Replica' }, /replica: bucketName: 'Storage-Replica' is not a bucket name of 3 to 63 lower-case letters.*\. Fix: use 3 to 63/],
      ['a bucket name of 2 characters', { bucketName: 'ab' }, /bucketName: 'ab' is not a bucket name of 3 to 63/],
      ['a bucket name of 64 characters', { bucketName: 'a'.repeat(64) }, /bucketName: 'a{64}' is not a bucket name of 3 to 63/],
      ['a bucket name with adjacent periods', { bucketName: 'storage..replica' }, /bucketName: 'storage\.\.replica' has two adjacent periods/],
      ['a bucket name formatted as an IP address', { bucketName: '192.168.5.4' }, /bucketName: '192\.168\.5\.4' is formatted as an IP address/],
      ['a bucket name with a reserved prefix', { bucketName: 'xn--storage' }, /bucketName: 'xn--storage' uses 'xn--', which S3 reserves/],
      ['a bucket name with a reserved suffix', { bucketName: 'storage-s3alias' }, /bucketName: 'storage-s3alias' uses '-s3alias', which S3 reserves/],
      ['a noncurrent version expiry of 0 days', { noncurrentVersionExpirationDays: 0 }, /noncurrentVersionExpirationDays: 0 is not a whole number from 1 to 36500/],
      ['an account id that is not one', { accountId: '1234' }, /accountId: '1234' is not a 12-digit account id/],
    ])('%s', (_, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
