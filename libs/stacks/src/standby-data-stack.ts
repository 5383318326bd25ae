import { EnvironmentConfig, workloadServices } from '@platform/config';
import { partitionOf } from '@platform/core';
import { DataAccessPolicy, PostgresDatabase, PostgresReadReplica, RedisCache } from '@platform/data';
import { DataTierConnection, usesDatabaseIamAuthentication, usesDataTier } from '@platform/workloads';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterStack } from './cluster-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { backupSelectionTags } from './recovery-settings';
import { addSearchAndMessaging } from './search-and-messaging';

/**
 * `<env>-data-<secondary region>`: the secondary region's data tier, built from the secondary site's config.
 * - PostgreSQL: a cross-region read replica of the primary (its ARN computed from config: this stack reads no state
 *   of the primary region, so it plans and applies while that region is down), encrypted with a key of this region;
 *   promoted in place to a standalone primary when `recovery.activeRegion` is `'secondary'`.
 * - Redis: a cache of the primary's size, empty (applications refill it); running in warm standby, created on
 *   failover in pilot light.
 * - The data access policies of the standby cluster's application roles (IAM authentication, as in the primary).
 * Application secrets are not created here: the primary's are replicated into this region under the same names.
 */
export class StandbyDataStack extends PlatformStack {
  /** Class of a pilot light's replica while it stands by (seed 003's budget: about $13 a month instead of $60). */
  static readonly PILOT_LIGHT_INSTANCE_CLASS = 'db.t3.micro';

  readonly postgres: PostgresReadReplica;
  readonly redis?: RedisCache;
  /** Where the standby's applications connect once it serves. */
  readonly dataTier: DataTierConnection;

  constructor(scope: Construct, site: EnvironmentConfig, network: NetworkStack, cluster?: ClusterStack) {
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
    if (site.site.runsCache) {
      this.redis = new RedisCache(this, 'redis', {
        name,
        accountId,
        region,
        subnetGroupName: net.cacheSubnetGroupName,
        securityGroupIds: [net.securityGroupIds.cache],
        ...data.redis,
        preventDestroy: production,
      });
    }
    // Once the site serves: search, queues and topics, created empty (search is rebuilt, messages in flight are lost).
    if (site.site.active) addSearchAndMessaging(this, site, network);
    const applicationUser = data.postgres.applicationUsername;
    this.dataTier = {
      region,
      database: { host: this.postgres.address, port: PostgresDatabase.PORT, databaseName: PostgresDatabase.DEFAULT_DATABASE_NAME, username: applicationUser },
      cache: this.redis === undefined ? undefined : { host: this.redis.primaryEndpoint, port: this.redis.port, username: this.redis.applicationUserId },
    };
    const roleNames = cluster?.workloadRoleNames ?? {};
    const services = site.workloads.enabled && cluster !== undefined ? workloadServices(site.workloads) : [];
    for (const spec of services.filter(usesDataTier)) {
      new DataAccessPolicy(this, `data-access-${spec.name}`, {
        roleName: roleNames[spec.name],
        database: usesDatabaseIamAuthentication(spec) ? { connectPolicyJson: this.postgres.connectPolicyJson(applicationUser) } : undefined,
        cache: spec.network?.cache ? this.redis : undefined,
      });
    }

    new TerraformOutput(this, 'postgres_endpoint', { value: this.postgres.address, description: 'PostgreSQL replica host (read-only until promoted; TLS required)' });
    if (this.redis !== undefined) new TerraformOutput(this, 'redis_primary_endpoint', { value: this.redis.primaryEndpoint, description: 'Redis primary endpoint (TLS, IAM authentication)' });
  }
}
