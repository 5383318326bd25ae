import { PlatformAwsProvider } from '@platform/core';
import { synthJson } from '@platform/terraform-testing';
import { TerraformStack, Testing } from 'cdktf';
import { BucketReplication, BucketReplicationProps, REPLICATION_ACTIONS } from './bucket-replication';
import { decide, SIMULATED_ACCOUNT } from './private/iam-simulation';
import { ReplicaBucket } from './replica-bucket';

const SOURCE = 'arn:aws:s3:::platform-production-storage';
const DESTINATION = 'arn:aws:s3:::platform-production-storage-eu-west-1';
const SOURCE_KEY = 'arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-11aa-11aa-11aa-111111111111';
const DESTINATION_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/2222bbbb-22bb-22bb-22bb-222222222222';
const PROPS: BucketReplicationProps = {
  name: 'production-storage',
  sourceBucketName: 'platform-production-storage',
  sourceBucketArn: SOURCE,
  sourceKmsKeyArn: SOURCE_KEY,
  destination: { bucketArn: DESTINATION, kmsKeyArn: DESTINATION_KEY, region: 'eu-west-1' },
  accountId: SIMULATED_ACCOUNT,
  region: 'eu-central-1',
};
const synth = (props: Partial<BucketReplicationProps> = {}) => synthJson((scope) => new BucketReplication(scope, 'replication', { ...PROPS, ...props }));
type Rule = Record<string, unknown> & { destination: Record<string, unknown> };
const ruleOf = (props: Partial<BucketReplicationProps> = {}) => (synth(props).resources('aws_s3_bucket_replication_configuration')[0].rule as Rule[])[0];

describe('BucketReplication', () => {
  it('replicates every SSE-KMS object of the source, re-encrypted with the destination key, to STANDARD storage, in one rule named after it', () => {
    const json = synth();
    const [configuration] = json.resources('aws_s3_bucket_replication_configuration');
    expect(configuration).toMatchObject({ bucket: 'platform-production-storage', role: json.ref(json.resources('aws_iam_role')[0], 'arn') });
    expect(configuration.rule).toHaveLength(1);
    expect(ruleOf()).toMatchObject({
      id: 'production-storage',
      status: 'Enabled',
      filter: {},
      source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
      destination: { bucket: DESTINATION, storage_class: 'STANDARD', encryption_configuration: { replica_kms_key_id: DESTINATION_KEY } },
    });
  });

  it('turns on Replication Time Control with its metrics (15 minutes) unless told otherwise', () => {
    expect(ruleOf().destination).toMatchObject({
      replication_time: { status: 'Enabled', time: { minutes: 15 } },
      metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
    });
    const withoutRtc = ruleOf({ replicationTimeControl: false }).destination;
    expect(withoutRtc.replication_time).toBeUndefined();
    expect(withoutRtc.metrics).toBeUndefined();
  });

  it('replicates delete markers unless told otherwise', () => {
    expect(ruleOf().delete_marker_replication).toEqual({ status: 'Enabled' });
    expect(ruleOf({ deleteMarkerReplication: false }).delete_marker_replication).toEqual({ status: 'Disabled' });
  });

  it('lets only S3 replicating the source bucket of this account assume the role', () => {
    const trust = JSON.parse(synth().resources('aws_iam_role')[0].assume_role_policy as string);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': SIMULATED_ACCOUNT }, ArnLike: { 'aws:SourceArn': SOURCE } },
      },
    ]);
    expect(synth().resources('aws_iam_role')[0]).toMatchObject({ name: 'production-storage-replication' });
  });

  // Checked as JSON: iam-simulate ignores kms:EncryptionContext:<key> (its denials are simulated below).
  it('decrypts and encrypts only through S3 of each region, for these buckets', () => {
    const policy = JSON.parse(synth().resources('aws_iam_role_policy')[0].policy as string);
    const statement = (sid: string) => policy.Statement.find((candidate: { Sid: string }) => candidate.Sid === sid);
    expect(statement('DecryptSource')).toEqual({
      Sid: 'DecryptSource',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: SOURCE_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [SOURCE, `${SOURCE}/*`] } },
    });
    expect(statement('EncryptReplicas')).toEqual({
      Sid: 'EncryptReplicas',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: DESTINATION_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [DESTINATION, `${DESTINATION}/*`] } },
    });
  });

  describe('its role policy, simulated', () => {
    const policy = JSON.parse(synth().resources('aws_iam_role_policy')[0].policy as string);
    const request = (action: string, resource: string) => decide({ role: 'production-storage-replication', action, resource }, policy);
    const OBJECT = `${SOURCE}/uploads/a.png`;
    const REPLICA = `${DESTINATION}/uploads/a.png`;

    it.each([...REPLICATION_ACTIONS.sourceBucket.map((action) => [action, SOURCE]), ...REPLICATION_ACTIONS.sourceObjects.map((action) => [action, OBJECT]), ...REPLICATION_ACTIONS.destinationObjects.map((action) => [action, REPLICA])])(
      'may %s on %s',
      async (action, resource) => {
        expect(await request(action, resource)).toBe('Allowed');
      },
    );

    it.each([
      ['read current objects of the source', 's3:GetObject', OBJECT],
      ['delete objects of the source', 's3:DeleteObject', OBJECT],
      ['delete object versions of the replica', 's3:DeleteObjectVersion', REPLICA],
      ['write plain objects into the replica', 's3:PutObject', REPLICA],
      ['replicate into another bucket', 's3:ReplicateObject', 'arn:aws:s3:::someone-elses-bucket/a.png'],
      ['read versions of another bucket', 's3:GetObjectVersionForReplication', 'arn:aws:s3:::platform-production-secrets/a'],
      ['change the replication configuration', 's3:PutReplicationConfiguration', SOURCE],
      ['decrypt with the source key outside S3', 'kms:Decrypt', SOURCE_KEY],
      ['decrypt with the destination key', 'kms:Decrypt', DESTINATION_KEY],
    ])('may not %s', async (_, action, resource) => {
      expect(await request(action, resource)).toBe('ImplicitlyDenied');
    });
  });

  it('waits for the replica bucket to be versioned and for the role policy when the destination is a ReplicaBucket', () => {
    const json = synthJson((scope) => {
      const provider = new PlatformAwsProvider(scope, 'secondary', { region: 'eu-west-1', accountId: SIMULATED_ACCOUNT, tags: {}, alias: 'eu-west-1' });
      const destination = new ReplicaBucket(scope, 'replica', { bucketName: 'platform-production-storage-eu-west-1', accountId: SIMULATED_ACCOUNT, region: 'eu-west-1', provider });
      new BucketReplication(scope, 'replication', { ...PROPS, destination });
    });
    const [configuration] = json.resources('aws_s3_bucket_replication_configuration');
    expect(configuration.depends_on).toEqual([
      `aws_iam_role_policy.${json.resources('aws_iam_role_policy')[0].logicalId}`,
      `aws_s3_bucket_versioning.${json.resources('aws_s3_bucket_versioning')[0].logicalId}`,
    ]);
    expect((configuration.rule as Rule[])[0].destination).toMatchObject({ bucket: DESTINATION, encryption_configuration: { replica_kms_key_id: json.ref(json.resources('aws_kms_key')[0], 'arn') } });
  });

  it('leaves a ReplicaBucket of another stack to the stacks’ order (depends_on cannot cross stacks)', () => {
    const app = Testing.app();
    const secondary = new TerraformStack(app, 'secondary');
    const provider = new PlatformAwsProvider(secondary, 'aws', { region: 'eu-west-1', accountId: SIMULATED_ACCOUNT, tags: {} });
    const destination = new ReplicaBucket(secondary, 'replica', { bucketName: 'platform-production-storage-eu-west-1', accountId: SIMULATED_ACCOUNT, region: 'eu-west-1', provider });
    const primary = new TerraformStack(app, 'primary');
    new PlatformAwsProvider(primary, 'aws', { region: 'eu-central-1', accountId: SIMULATED_ACCOUNT, tags: {} });
    new BucketReplication(primary, 'replication', { ...PROPS, destination });
    const stack = JSON.parse(Testing.synth(primary)) as { resource: Record<string, Record<string, { depends_on?: string[] }>> };
    const [configuration] = Object.values(stack.resource.aws_s3_bucket_replication_configuration);
    expect(configuration.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  describe('refuses', () => {
    const destination = PROPS.destination;
    it.each<[string, Partial<BucketReplicationProps>, RegExp]>([
      ['a name too long for the role', { name: 'a'.repeat(53) }, /replication: name: 'a{53}' is not 1 to 52 letters, digits or \+=,\.@_-\. Fix:/],
      ['a source bucket ARN of another bucket', { sourceBucketArn: 'arn:aws:s3:::other' }, /sourceBucketArn: 'arn:aws:s3:::other' is not the ARN of platform-production-storage\. Fix: write arn:aws:s3:::platform-production-storage/],
      ['a source key given as an alias', { sourceKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:alias/storage' }, /sourceKmsKeyArn: '.*alias\/storage' is not a KMS key ARN/],
      ['a source key of another region', { sourceKmsKeyArn: DESTINATION_KEY }, /sourceKmsKeyArn: '.*' is a key of eu-west-1, not of the bucket's region eu-central-1/],
      ['a destination in the source region', { destination: { ...destination, region: 'eu-central-1' } }, /destination\.region: is the source's region eu-central-1; a replica in the same region does not survive/],
      ['a destination key of another region', { destination: { ...destination, kmsKeyArn: SOURCE_KEY } }, /destination\.kmsKeyArn: '.*' is a key of eu-central-1, not of the bucket's region eu-west-1/],
      ['a destination that is not a bucket ARN', { destination: { ...destination, bucketArn: 'platform-production-storage-eu-west-1' } }, /destination\.bucketArn: 'platform-production-storage-eu-west-1' is not a bucket ARN/],
      ['the source bucket as destination', { destination: { ...destination, bucketArn: SOURCE } }, /destination\.bucketArn: is the source bucket/],
      ['a source bucket name S3 refuses', { sourceBucketName: 'Storage', sourceBucketArn: 'arn:aws:s3:::Storage' }, /sourceBucketName: 'Storage' is not a bucket name/],
    ])('%s', (_, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
