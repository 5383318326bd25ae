import { EnvironmentConfig, workloadServices } from '@platform/config';
import { PlatformAwsProvider } from '@platform/core';
import {
  ApplicationSecrets,
  ContentDelivery,
  DataAccessPolicy,
  PostgresDatabase,
  RedisCache,
  StorageBucket,
} from '@platform/data';
import { suppress } from '@platform/guardrails';
import { DataTierConnection, usesDatabaseIamAuthentication, usesDataTier } from '@platform/workloads';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterStack } from './cluster-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { backupSelectionTags } from './recovery-settings';
import { addMessaging, addRedisCache, addSearch, cacheConnection } from './search-and-messaging';
import { SecondaryRecoveryStack } from './secondary-recovery-stack';
import { DatabaseUserSetupSource, MonitoredDatabase, ServicesDataTier, ServicesSecrets } from './services-data-tier';

/**
 * `<env>-data`: PostgreSQL, Redis, application secrets, object storage behind CloudFront/WAF, and optionally
 * OpenSearch, SQS and SNS, in the network's isolated and private subnets; and the data access policy
 * (`rds-db:connect`, `elasticache:Connect`) of each application that uses the database or cache, on its IRSA role
 * from the cluster stack. AWS resources only (a us-east-1 provider alias for CloudFront's WAF and logs), so it is
 * validated and planned offline.
 */
export class DataStack extends PlatformStack implements ServicesDataTier, MonitoredDatabase {
  readonly postgres: PostgresDatabase;
  readonly redis: RedisCache;
  /** Where applications connect, with IAM authentication and no password (the workloads stack's DATABASE_URL and REDIS_URL). */
  readonly dataTier: DataTierConnection;
  /** Application secrets (values put by operators), by name. */
  readonly secrets: ApplicationSecrets;
  /** The application's object storage (behind CloudFront when the environment has a zone). */
  readonly storage: StorageBucket;

  get databaseAccess(): PostgresDatabase {
    return this.postgres;
  }

  get serviceSecrets(): ServicesSecrets {
    return { secretArns: this.secrets.secretArns, keyArn: this.secrets.key.arn };
  }

  /** The database is created empty: the application user is created once by the services' setup task. */
  get databaseUserSetup(): DatabaseUserSetupSource {
    const { postgres } = this;
    return { host: postgres.endpoint, databaseName: postgres.databaseName, masterSecretArn: postgres.masterUserSecretArn, masterSecretKmsKeyArn: postgres.key.arn, applicationUsername: postgres.applicationUsername };
  }

  get databaseIdentifiers(): MonitoredDatabase['databaseIdentifiers'] {
    const { postgres } = this;
    return { primary: postgres.instance.identifier, replicas: Object.fromEntries(Object.entries(postgres.replicas).map(([name, replica]) => [name, replica.identifier])) };
  }

  /**
   * `cluster`: the EKS environment's cluster stack, whose IRSA roles get the data access policy; none on ECS.
   * `copies`: the secondary region's recovery stack, whose key encrypts the application secrets' replicas there and
   * whose storage replica is CloudFront's failover origin.
   */
  constructor(scope: Construct, environment: EnvironmentConfig, network: NetworkStack, cluster?: ClusterStack, copies?: SecondaryRecoveryStack) {
    super(scope, environment, 'data');
    const { data, accountId, region, resourcePrefix: name } = environment;
    const net = network.network.attributes;
    // Production keeps its data: deletion protection, and `prevent_destroy` on every stateful resource and KMS key.
    const deletionProtection = environment.production;
    const preventDestroy = environment.production;

    this.postgres = new PostgresDatabase(this, 'postgres', {
      name,
      accountId,
      region,
      subnetGroupName: net.dbSubnetGroupName,
      securityGroupIds: [net.securityGroupIds.database],
      ...data.postgres,
      // AWS Backup (recovery stack) selects the database by this tag.
      tags: backupSelectionTags(environment),
      deletionProtection,
      logRetentionDays: environment.observability.cloudwatch.databaseLogRetentionDays,
    });
    this.redis = addRedisCache(this, environment, network);
    this.dataTier = {
      region,
      database: { host: this.postgres.endpoint, port: PostgresDatabase.PORT, databaseName: this.postgres.databaseName, username: this.postgres.applicationUsername },
      cache: cacheConnection(this.redis),
    };
    // Each database or cache user's IRSA role (cluster stack) may log in as the application users, nothing more.
    const roleNames = cluster?.workloadRoleNames ?? {};
    const services = environment.workloads.enabled ? workloadServices(environment.workloads) : [];
    for (const spec of services.filter(usesDataTier)) {
      new DataAccessPolicy(this, `data-access-${spec.name}`, {
        roleName: roleNames[spec.name],
        database: usesDatabaseIamAuthentication(spec) ? this.postgres : undefined,
        cache: spec.network?.cache ? this.redis : undefined,
      });
    }
    this.secrets = new ApplicationSecrets(this, 'secrets', {
      project: environment.project,
      environment: environment.name,
      accountId,
      region,
      secretNames: data.secrets,
      preventDestroy,
      // Under the same names in the secondary region, where its applications read them after a failover.
      replicaRegions: copies === undefined ? undefined : [{ region: copies.environment.region, kmsKeyArn: copies.secretsKey.keyArn }],
    });
    const { secrets } = this;

    this.storage = new StorageBucket(this, 'storage', { namePrefix: name, accountId, region, preventDestroy });
    const { storage } = this;
    suppress(storage.logBucket, 'PLAT-S3-001', 'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3 (AES256), not SSE-KMS');
    suppress(storage.logBucket, 'PLAT-S3-005', 'this is the access-log bucket itself; logging it into itself would loop');
    if (environment.dnsZoneName !== undefined) {
      const usEast1 = new PlatformAwsProvider(this, 'aws-us-east-1', { region: 'us-east-1', accountId, tags: environment.tags, alias: 'us-east-1' });
      const cdn = new ContentDelivery(this, 'cdn', {
        namePrefix: name,
        storage,
        // The load balancer's public name (seed 003: /api/* goes to it): on EKS the ingress's, published by
        // external-dns; on ECS the API service's, published by the services stack.
        // One origin, no failover group: on EKS with a secondary network the name itself fails over (the recovery
        // stack's Route 53 failover records of the application hosts); on ECS it is the services stack's alias of
        // the primary's load balancer, with no failover record.
        loadBalancerHostname: `${apiHostname(environment)}.${environment.dnsZoneName}`,
        // With disaster recovery the bucket's behaviours fail over to its replica in the secondary region, which
        // admits the account's distributions (SecondaryRecoveryStack): static content stays served while the
        // primary region's S3 is down.
        storageReplica: copies?.storageReplica,
        usEast1Provider: usEast1,
        allowedCountries: data.cdn.allowedCountries.length > 0 ? data.cdn.allowedCountries : undefined,
        domain: data.cdn.hostname !== undefined && environment.dnsZoneId !== undefined ? { name: `${data.cdn.hostname}.${environment.dnsZoneName}`, hostedZoneId: environment.dnsZoneId } : undefined,
        rateLimitPer5Minutes: data.cdn.rateLimitPer5Minutes,
      });
      storage.storage.addToPolicy(...cdn.bucketPolicyStatements);
      new TerraformOutput(this, 'cdn_domain_name', { value: cdn.distribution.domainName, description: 'CloudFront domain name' });
    }

    addSearch(this, environment, network);
    addMessaging(this, environment);

    const outputs: Record<string, { value: unknown; description: string }> = {
      postgres_endpoint: { value: this.postgres.endpoint, description: 'PostgreSQL host (TLS required)' },
      postgres_master_secret_arn: { value: this.postgres.masterUserSecretArn, description: 'RDS-managed master credentials in Secrets Manager (operators only; applications use IAM authentication)' },
      postgres_application_user: { value: this.postgres.applicationUsername, description: 'Database user applications log in as with IAM authentication (needs GRANT rds_iam, see docs/runbook.md)' },
      redis_primary_endpoint: { value: this.redis.primaryEndpoint, description: 'Redis primary endpoint (TLS, IAM authentication)' },
      redis_application_user: { value: this.redis.applicationUserId, description: 'Redis user applications connect as with IAM authentication' },
      storage_bucket_name: { value: storage.bucketName, description: 'Application storage bucket' },
      secret_arns: { value: secrets.secretArns, description: 'Application secrets by name' },
    };
    for (const [outputName, output] of Object.entries(outputs)) {
      new TerraformOutput(this, outputName, output);
    }
  }
}

/** First label of the name CloudFront sends `/api/*` to: `api`, or on ECS the hostname of the service named `api` (else the first). */
function apiHostname(environment: EnvironmentConfig): string {
  const services = environment.ecs?.services;
  if (services === undefined) return 'api';
  return (services.api ?? Object.values(services)[0]).hostname;
}
