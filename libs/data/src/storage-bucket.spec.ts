import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describeWithTerraform, offlinePlanOf, OfflinePlanResult, synthJson, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { ContentDelivery, EU_COUNTRY_CODES } from './content-delivery';
import { MessageQueues } from './message-queues';
import { NotificationTopics } from './notification-topics';
import { SearchDomain } from './search-domain';
import { StorageBucket, StorageBucketProps } from './storage-bucket';

const PROPS: StorageBucketProps = { namePrefix: 'platform-test', accountId: '123456789012', region: 'eu-central-1' };
const synth = (props: Partial<StorageBucketProps> = {}) => synthJson((scope) => new StorageBucket(scope, 'storage', { ...PROPS, ...props }));
const policyOf = (resource: Record<string, unknown>, attribute = 'policy') => JSON.parse(resource[attribute] as string);

describe('StorageBucket', () => {
  const json = synth();

  it.each([
    [undefined, true],
    [false, false],
  ])('with preventDestroy %s, sets prevent_destroy %s on the key of the storage bucket', (preventDestroy, expected) => {
    const synthesized = synth({ preventDestroy });
    const resources = ['aws_kms_key'].flatMap((type) => synthesized.resources(type));
    expect(resources).toHaveLength(1);
    for (const resource of resources) expect(resource.lifecycle).toMatchObject({ prevent_destroy: expected });
  });

  it('builds the storage bucket as a PrivateBucket encrypted with its own rotating key', () => {
    const key = json.resource('aws_kms_key', 'Key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const encryption = json.resources('aws_s3_bucket_server_side_encryption_configuration').find((e) => /Storage/.test(e.logicalId));
    expect(encryption?.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: json.ref(key, 'arn') }, bucket_key_enabled: true },
    ]);
    expect(json.resources('aws_s3_bucket').map((b) => b.bucket).sort()).toEqual(['platform-test-access-logs-123456789012', 'platform-test-storage-123456789012']);
  });

  it('logs server access into the separate log bucket under s3-access/', () => {
    expect(json.resource('aws_s3_bucket_logging', 'AccessLogging')).toMatchObject({
      bucket: json.ref(json.resource('aws_s3_bucket', 'Bucket'), 'id'),
      target_bucket: json.ref(json.resource('aws_s3_bucket', 'LogBucket'), 'id'),
      target_prefix: 's3-access/',
    });
  });

  it('hardens the log bucket: SSE-S3 (server access logging cannot write SSE-KMS), versioning, no public access, no ACLs', () => {
    expect(json.resource('aws_s3_bucket_server_side_encryption_configuration', 'LogBucketEncryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(json.resource('aws_s3_bucket_versioning', 'LogBucketVersioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(json.resource('aws_s3_bucket_public_access_block', 'LogBucketPublicAccessBlock')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json.resource('aws_s3_bucket_ownership_controls', 'LogBucketOwnershipControls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(json.resource('aws_s3_bucket', 'LogBucket')).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  it('expires logs after 365 days by default, or the given days', () => {
    expect((json.resource('aws_s3_bucket_lifecycle_configuration', 'LogBucketLifecycle').rule as { expiration: unknown }[])[0].expiration).toEqual([{ days: 365 }]);
    const short = synth({ logRetentionDays: 30 });
    expect((short.resource('aws_s3_bucket_lifecycle_configuration', 'LogBucketLifecycle').rule as { expiration: unknown }[])[0].expiration).toEqual([{ days: 30 }]);
  });

  it('lets only S3 logging of the storage bucket and CloudFront log delivery of this account write, over TLS', () => {
    const statements = policyOf(json.resource('aws_s3_bucket_policy', 'LogBucketPolicy')).Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(['DenyPlainHttp', 'DenyTlsBelow12', 'S3ServerAccessLogsOfTheStorageBucket', 'CloudFrontAccessLogsOfThisAccount']);
    expect(statements[2]).toEqual({
      Sid: 'S3ServerAccessLogsOfTheStorageBucket',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::platform-test-access-logs-123456789012/s3-access/*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::platform-test-storage-123456789012' } },
    });
    expect(statements[3].Condition.StringEquals['aws:SourceAccount']).toBe('123456789012');
  });

  it('lets CloudFront distributions of this account decrypt objects, unless allowCloudFront is false', () => {
    const keyStatements = policyOf(json.resource('aws_kms_key', 'Key')).Statement;
    expect(keyStatements[1]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: ['kms:Decrypt'],
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/*' } },
    });
    const closed = synth({ allowCloudFront: false });
    expect(policyOf(closed.resource('aws_kms_key', 'Key')).Statement).toHaveLength(1);
    expect(policyOf(closed.resource('aws_s3_bucket_policy', 'LogBucketPolicy')).Statement).toHaveLength(3);
  });

  it('exposes names, ARNs, the regional domain name and the key ARN', () => {
    synthJson((scope) => {
      const storage = new StorageBucket(scope, 'storage', { ...PROPS, region: 'cn-north-1' });
      expect(storage.bucketArn).toBe('arn:aws-cn:s3:::platform-test-storage-123456789012');
      expect(storage.logBucketArn).toBe('arn:aws-cn:s3:::platform-test-access-logs-123456789012');
      expect(storage.bucketRegionalDomainName).toBe('platform-test-storage-123456789012.s3.cn-north-1.amazonaws.com');
    });
  });

  it.each([
    [{ logRetentionDays: 0 }, /logRetentionDays: 0 is not a positive whole number of days/],
    [{ bucketName: 'Bad_Name' }, /bucketName: 'Bad_Name' is not a valid S3 bucket name/],
    [{ bucketName: 'same-name', logBucketName: 'same-name' }, /logBucketName: equals bucketName/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describeWithTerraform('the data constructs with the real terraform', () => {
  let result: OfflinePlanResult;

  beforeAll(async () => {
    result = await offlinePlanOf('test-data', (stack) => {
      new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
      const usEast1Provider = new AwsProvider(stack, 'aws-us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
      const common = { accountId: '123456789012', region: 'eu-central-1' };
      const storage = new StorageBucket(stack, 'storage', { ...common, namePrefix: 'platform-test', preventDestroy: false });
      new ContentDelivery(stack, 'cdn', {
        namePrefix: 'platform-test',
        storage,
        loadBalancerHostname: 'origin.example.com',
        usEast1Provider,
        allowedCountries: EU_COUNTRY_CODES,
      });
      new MessageQueues(stack, 'queues', { ...common, namePrefix: 'platform-test', queues: { jobs: {}, emails: { maxReceiveCount: 3 } } });
      new NotificationTopics(stack, 'topics', {
        ...common,
        namePrefix: 'platform-test',
        topics: { alerts: { subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }, { protocol: 'https', endpoint: 'https://hooks.example.com/sns' }] } },
      });
      new SearchDomain(stack, 'search', {
        ...common,
        domainName: 'platform-test',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        securityGroupIds: ['sg-0123456789abcdef0'],
        masterUserRoleArn: 'arn:aws:iam::123456789012:role/search-admin',
      });
    });
  }, TERRAFORM_TEST_TIMEOUT_MS);

  it('validates without diagnostics and plans buckets, distribution, web ACL with its rules, queues, topics and the search domain', () => {
    expect(result.validateDiagnostics).toEqual([]);
    expect(result.plan).toMatchObject({ change: 0, destroy: 0 });
    expect(result.plan.resourceCountsByType).toMatchObject({
      aws_s3_bucket: 2,
      aws_s3_bucket_logging: 1,
      aws_cloudfront_distribution: 1,
      aws_cloudfront_origin_access_control: 1,
      aws_cloudfront_cache_policy: 2,
      aws_wafv2_web_acl: 1,
      aws_cloudwatch_log_delivery: 1,
      aws_sqs_queue: 4,
      aws_sqs_queue_policy: 4,
      aws_sns_topic: 1,
      aws_sns_topic_subscription: 2,
      aws_opensearch_domain: 1,
      aws_kms_key: 4,
    });
    expect(result.plan.resourceCountsByType).not.toHaveProperty('aws_acm_certificate');
    // The web ACL's untyped `statement` blocks, as the provider reads them.
    const [acl] = Object.entries(result.plannedValues).filter(([address]) => address.startsWith('aws_wafv2_web_acl.'));
    const rules = acl[1].rule as { name: string; statement: unknown[] }[];
    expect(rules.map((r) => r.name).sort()).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'ApiRateLimitPerIp', 'RateLimitPerIp']);
    const rate = rules.find((r) => r.name === 'RateLimitPerIp');
    expect(rate?.statement).toEqual([expect.objectContaining({ rate_based_statement: [expect.objectContaining({ limit: 2000, aggregate_key_type: 'IP' })] })]);
    // Seed 001 on /api/*: the provider plans the 60-second window and the path scope-down.
    const api = rules.find((r) => r.name === 'ApiRateLimitPerIp');
    expect(api?.statement).toEqual([
      expect.objectContaining({
        rate_based_statement: [expect.objectContaining({ limit: 1000, evaluation_window_sec: 60, scope_down_statement: [expect.objectContaining({ byte_match_statement: [expect.objectContaining({ search_string: '/api/' })] })] })],
      }),
    ]);
  });
});
