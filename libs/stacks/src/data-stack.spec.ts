import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { TerraformStack, Testing } from 'cdktf';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { NetworkStack } from './network-stack';
import { SecondaryRecoveryStack } from './secondary-recovery-stack';
import { secondarySite } from './secondary-site';

function synthData(input = exampleEnvironment()) {
  const app = Testing.app();
  const environment = loadEnvironment(input);
  const network = new NetworkStack(app, environment);
  const text = Testing.synth(new DataStack(app, environment, network, new ClusterStack(app, environment, network)));
  return { text, resource: JSON.parse(text).resource as Record<string, Record<string, Record<string, unknown>>> };
}
const only = (resources: Record<string, Record<string, unknown>> | undefined) => Object.values(resources ?? {});

describe('DataStack', () => {
  it('protects production data: deletion protection, final snapshot, Multi-AZ, buckets kept', () => {
    const { resource } = synthData();
    const [primary] = only(resource.aws_db_instance).filter((db) => db.replicate_source_db === undefined);
    expect(primary).toMatchObject({ deletion_protection: true, skip_final_snapshot: false, multi_az: true, storage_encrypted: true, manage_master_user_password: true });
    expect(only(resource.aws_elasticache_replication_group)[0]).toMatchObject({ multi_az_enabled: true, automatic_failover_enabled: true, at_rest_encryption_enabled: 'true' });
    expect(only(resource.aws_s3_bucket).every((bucket) => (bucket.lifecycle as { prevent_destroy: boolean }).prevent_destroy)).toBe(true);
  });

  it('follows a non-production environment’s sizes and lets it be torn down', () => {
    const { resource } = synthData(
      exampleEnvironment({ production: false, data: { postgres: { instanceClass: 'db.t3.micro', multiAz: false, backupRetentionDays: 7 }, redis: { nodes: 1, multiAz: false } } }),
    );
    expect(only(resource.aws_db_instance)[0]).toMatchObject({ instance_class: 'db.t3.micro', multi_az: false, deletion_protection: false, backup_retention_period: 7 });
    expect(only(resource.aws_elasticache_replication_group)[0]).toMatchObject({ num_cache_clusters: 1, multi_az_enabled: false });
  });

  describe('stateful resources', () => {
    /** Every optional part of the data stack on: OpenSearch, queues and topics bring their own keys. */
    const everything = { search: { enabled: true }, queues: ['jobs'], topics: ['events'] };
    const stateful = (resource: Record<string, Record<string, Record<string, unknown>>>) =>
      ['aws_kms_key', 'aws_opensearch_domain', 'aws_elasticache_replication_group'].flatMap((type) =>
        Object.entries(resource[type] ?? {}).map(([name, config]) => ({ address: `${type}.${name}`, lifecycle: config.lifecycle, config })),
      );

    it('in production, refuse terraform destroy: every KMS key, the OpenSearch domain and the Redis replication group', () => {
      const { resource } = synthData(exampleEnvironment({ data: everything }));
      const resources = stateful(resource);
      // postgres, redis, application secrets, storage, search, queues, topics
      expect(resources.filter(({ address }) => address.startsWith('aws_kms_key.'))).toHaveLength(7);
      expect(resources.map(({ address }) => address.split('.')[0])).toEqual(expect.arrayContaining(['aws_opensearch_domain', 'aws_elasticache_replication_group']));
      for (const { address, lifecycle } of resources) expect({ address, lifecycle }).toEqual({ address, lifecycle: expect.objectContaining({ prevent_destroy: true }) });
      expect(only(resource.aws_kms_key).map((key) => key.deletion_window_in_days)).toEqual(Array(7).fill(30));
    });

    it('outside production, can be torn down, and keys still wait 30 days before deletion', () => {
      const { resource } = synthData(exampleEnvironment({ production: false, data: everything }));
      const resources = stateful(resource);
      expect(resources).toHaveLength(9);
      for (const { address, lifecycle } of resources) expect({ address, preventDestroy: (lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy ?? false }).toEqual({ address, preventDestroy: false });
      expect(only(resource.aws_kms_key).map((key) => key.deletion_window_in_days)).toEqual(Array(7).fill(30));
    });
  });

  it('puts no secret value in the synthesized JSON', () => {
    const { text, resource } = synthData();
    expect(text).not.toMatch(/"(password|auth_token|secret_string|master_password)"\s*:/);
    expect(resource.aws_secretsmanager_secret_version).toBeUndefined();
  });

  it('lets CloudFront read the storage bucket through its origin access control only', () => {
    const { resource } = synthData();
    const policies = only(resource.aws_s3_bucket_policy).map((policy) => JSON.parse(policy.policy as string));
    const cloudFront = policies.flatMap((policy) => policy.Statement).filter((statement) => JSON.stringify(statement.Principal ?? '').includes('cloudfront.amazonaws.com'));
    expect(cloudFront).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: expect.stringContaining('s3:GetObject') }));
  });

  describe('CloudFront failover to the storage replica', () => {
    /** The data stack's distribution and the storage replica's CloudFront statements (bucket and key policies). */
    function synthCdn(environment = loadEnvironment(exampleEnvironment())) {
      const app = Testing.app();
      const network = new NetworkStack(app, environment);
      const copies = environment.recovery.strategy === 'none' ? undefined : new SecondaryRecoveryStack(app, secondarySite(environment));
      const resourcesOf = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)).resource as Record<string, Record<string, Record<string, unknown>>>;
      const data = resourcesOf(new DataStack(app, environment, network, undefined, copies));
      const replica = copies === undefined ? {} : resourcesOf(copies);
      const cloudFront = (type: string) =>
        Object.entries(replica[type] ?? {})
          .filter(([id]) => id.startsWith('storage-replica_'))
          .flatMap(([, resource]) => JSON.parse(resource.policy as string).Statement as Record<string, unknown>[])
          .filter((statement) => JSON.stringify(statement.Principal).includes('cloudfront.amazonaws.com'));
      return { distribution: only(data.aws_cloudfront_distribution)[0], replicaBucket: cloudFront('aws_s3_bucket_policy'), replicaKey: cloudFront('aws_kms_key') };
    }

    it('reads static content from an origin group failing over to the replica in the secondary region', () => {
      const { distribution } = synthCdn();
      expect(distribution.origin).toContainEqual(expect.objectContaining({ origin_id: 'storage-replica', domain_name: 'platform-staging-euw1-storage-123456789012.s3.eu-west-1.amazonaws.com' }));
      expect(distribution.origin_group).toEqual([expect.objectContaining({ origin_id: 'storage-failover' })]);
      expect(distribution.default_cache_behavior).toMatchObject({ target_origin_id: 'storage-failover' });
    });

    it("lets the account's distributions read and decrypt the replica, without the primary's state", () => {
      const { replicaBucket, replicaKey } = synthCdn();
      const fromDistributions = { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/*' } };
      expect(replicaBucket).toEqual([expect.objectContaining({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::platform-staging-euw1-storage-123456789012/*', Condition: fromDistributions })]);
      expect(replicaKey).toEqual([expect.objectContaining({ Action: ['kms:Decrypt'], Condition: fromDistributions })]);
    });

    it('without disaster recovery, keeps the bucket as the only origin', () => {
      const { distribution } = synthCdn(loadEnvironment(exampleEnvironment({ name: 'development', production: false, recovery: { strategy: 'none' } })));
      expect(distribution.origin_group).toBeUndefined();
      expect(distribution.default_cache_behavior).toMatchObject({ target_origin_id: 'storage' });
    });

    it('without a DNS zone (so no distribution), admits no CloudFront to the replica', () => {
      const { distribution, replicaBucket, replicaKey } = synthCdn({ ...loadEnvironment(exampleEnvironment()), dnsZoneName: undefined, dnsZoneId: undefined });
      expect(distribution).toBeUndefined();
      expect([...replicaBucket, ...replicaKey]).toEqual([]);
    });
  });
});
