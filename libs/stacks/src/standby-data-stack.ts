import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { EnvironmentConfig, workloadServices } from '@platform/config';
import { partitionOf } from '@platform/core';
import { DataAccessPolicy, PostgresDatabase, PostgresReadReplica, RedisCache } from '@platform/data';
import { DataTierConnection, usesDatabaseIamAuthentication, usesDataTier } from '@platform/workloads';
import { DataResource, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterStack } from './cluster-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { backupSelectionTags } from './recovery-settings';
import { addMessaging, addRedisCache, cacheConnection } from './search-and-messaging';
import { SecondaryRecoveryStack } from './secondary-recovery-stack';
import { MonitoredDatabase, ServicesDataTier, ServicesSecrets, ServicesStorage } from './services-data-tier';

/**
 * `<env>-data-<secondary region>`: the secondary region's data tier, built from the secondary site's config.
 * - PostgreSQL: a cross-region read replica of the primary (its ARN computed from config: this stack reads no state
 *   of the primary region, so it plans and applies while that region is down), encrypted with a key of this region;
 *   promoted in place to a standalone primary when `recovery.activeRegion` is `'secondary'`.
 * - Redis: a cache of the primary's size, empty (applications refill it); running in warm standby, created on
 *   failover in pilot light.
 * - The data access policies of the standby cluster's application roles (IAM authentication, as in the primary).
 * Application secrets are not created here: the primary's are replicated into this region under the same names (on
 * ECS, once serving, their ARNs are read here for the services to inject). Files are in the storage replica of the
 * site's recovery stack.
 */
export class StandbyDataStack extends PlatformStack implements ServicesDataTier, MonitoredDatabase {
  /** Class of a pilot light's replica while it stands by (seed 003's budget: about $13 a month instead of $60). */
  static readonly PILOT_LIGHT_INSTANCE_CLASS = 'db.t3.micro';

  readonly postgres: PostgresReadReplica;
  readonly redis?: RedisCache;
  /** Where the standby's applications connect once it serves. */
  readonly dataTier: DataTierConnection;
  readonly databaseAccess: ServicesDataTier['databaseAccess'];
  /** The replicas of the primary's application secrets in this region; ARNs only on a serving ECS site. */
  readonly serviceSecrets: ServicesSecrets;
  /** The replica of the primary's storage bucket (the site's recovery stack): the services' bucket once serving. */
  readonly storage: ServicesStorage;
  readonly databaseIdentifiers: MonitoredDatabase['databaseIdentifiers'];

  /** `copies`: the site's recovery stack (storage replica, key of the secrets' replicas); `cluster`: the standby EKS cluster. */
  constructor(scope: Construct, site: EnvironmentConfig, network: NetworkStack, copies: SecondaryRecoveryStack, cluster?: ClusterStack) {
    super(scope, site, 'data');
    if (site.site === undefined) throw new Error(`${this.node.path}: StandbyDataStack needs the secondary site's config (secondarySite)`);
    const { data, accountId, region, resourcePrefix: name, production } = site;
    const net = network.network.attributes;
    const primaryRegion = site.site.primaryRegion;
    const sourceDatabaseArn = `arn:${partitionOf(primaryRegion)}:rds:${primaryRegion}:${accountId}:db:${site.site.primaryResourcePrefix}`;

    this.postgres = new PostgresReadReplica(this, 'postgres', {
      name,
      accountId,
      region,
      sourceDatabaseArn,
      subnetGroupName: net.dbSubnetGroupName,
      securityGroupIds: [net.securityGroupIds.database],
      engineVersion: data.postgres.engineVersion,
      autoMinorVersionUpgrade: data.postgres.autoMinorVersionUpgrade,
      // A pilot light keeps only the smallest class that replicates until it serves; the promotion's in-place update
      // also gives it the primary's class. A warm standby runs the primary's class throughout.
      instanceClass: site.recovery.strategy === 'pilot-light' && !site.site.active ? StandbyDataStack.PILOT_LIGHT_INSTANCE_CLASS : data.postgres.instanceClass,
      maxAllocatedStorageGiB: data.postgres.maxAllocatedStorageGiB,
      backupRetentionDays: Math.max(1, data.postgres.backupRetentionDays),
      multiAz: data.postgres.multiAz,
      promoted: site.site.active,
      deletionProtection: production,
      preventDestroy: production,
      logRetentionDays: site.observability.cloudwatch.databaseLogRetentionDays,
      tags: backupSelectionTags(site),
    });
    if (site.site.runsCache) this.redis = addRedisCache(this, site, network);
    // Once the site serves: queues and topics, created empty (messages in flight are lost).
    // OpenSearch takes longer to create than the whole promotion: its own stack (StandbySearchStack) after DNS.
    if (site.site.active) addMessaging(this, site);
    const applicationUser = data.postgres.applicationUsername;
    this.dataTier = {
      region,
      database: { host: this.postgres.address, port: PostgresDatabase.PORT, databaseName: PostgresDatabase.DEFAULT_DATABASE_NAME, username: applicationUser },
      cache: this.redis === undefined ? undefined : cacheConnection(this.redis),
    };
    this.databaseAccess = { connectPolicyJson: this.postgres.connectPolicyJson(applicationUser) };
    this.databaseIdentifiers = { primary: this.postgres.identifier, replicas: {} };
    this.storage = { bucketName: copies.storageReplica.bucketName, bucketArn: copies.storageReplica.bucketArn, keyArn: copies.storageReplica.kmsKeyArn };
    this.serviceSecrets = {
      secretArns: site.site.active && site.compute === 'ecs' ? this.replicatedSecretArns(site) : {},
      keyArn: copies.secretsKey.keyArn,
    };
    const roleNames = cluster?.workloadRoleNames ?? {};
    const services = site.workloads.enabled && cluster !== undefined ? workloadServices(site.workloads) : [];
    for (const spec of services.filter(usesDataTier)) {
      new DataAccessPolicy(this, `data-access-${spec.name}`, {
        roleName: roleNames[spec.name],
        database: usesDatabaseIamAuthentication(spec) ? this.databaseAccess : undefined,
        cache: spec.network?.cache ? this.redis : undefined,
      });
    }

    new TerraformOutput(this, 'postgres_endpoint', { value: this.postgres.address, description: 'PostgreSQL replica host (read-only until promoted; TLS required)' });
    if (this.redis !== undefined) new TerraformOutput(this, 'redis_primary_endpoint', { value: this.redis.primaryEndpoint, description: 'Redis primary endpoint (TLS, IAM authentication)' });
  }

  /**
   * Full ARNs of the replicas of the primary's application secrets, read from this region's Secrets Manager by name
   * (ApplicationSecrets names them `<project>/<environment>/<name>`). ECS injects a Secrets Manager secret by its full
   * ARN only: a partial ARN is undocumented there, and Secrets Manager takes a name ending in `-` and six characters
   * (`storymagic/firebase-config`) for a full ARN. The replica's suffix is the primary secret's, known only to the
   * primary's state, which this stack must not read (it applies while that region is down); this region's own API
   * knows it.
   *
   * The lookups depend on a `terraform_data` holding the names: created with them (the failover's apply) or replaced
   * when the list changes, it makes Terraform read them at apply instead of plan in exactly those runs, so the
   * failover stays plannable offline (`npm run dr -- plan-failover`, `npm run plan:offline`); every later plan reads
   * them from the region's API.
   */
  private replicatedSecretArns(site: EnvironmentConfig): Record<string, string> {
    const names = site.data.secrets.map((name) => ({ name, secretName: `${site.project}/${site.name}/${name}` }));
    if (names.length === 0) return {};
    const replicated = new DataResource(this, 'replicated-secrets', { input: names.map(({ secretName }) => secretName) });
    return Object.fromEntries(
      names.map(({ name, secretName }) => {
        const lookup = new DataAwsSecretsmanagerSecret(this, `secret-${name.replace(/[^a-z0-9]+/g, '-')}`, { name: secretName, dependsOn: [replicated] });
        return [name, lookup.arn];
      }),
    );
  }
}
