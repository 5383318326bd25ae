import { PostgresDatabase, RedisCache } from '@platform/data';
import { DataTierConnection } from '@platform/workloads';

/** Where the services keep their files: a bucket and the KMS key its objects are encrypted with. */
export interface ServicesStorage {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly keyArn: string;
}

/** The application secrets ECS injects: full ARNs (with Secrets Manager's suffix) by name, and their key in this region. */
export interface ServicesSecrets {
  /** By the name in the config's `data.secrets`, e.g. `storymagic/openai-api-key`. */
  readonly secretArns: Readonly<Record<string, string>>;
  readonly keyArn: string;
}

/** What the one-off task creating the application's database user needs: a database that was created empty. */
export interface DatabaseUserSetupSource {
  readonly host: string;
  readonly databaseName: string;
  /** The RDS-managed master user secret, and its key. */
  readonly masterSecretArn: string;
  readonly masterSecretKmsKeyArn: string;
  readonly applicationUsername: string;
}

/**
 * What the services stack reads of a region's data tier: the primary's DataStack, or a secondary site's
 * StandbyDataStack once it serves (its promoted replica, the replicated secrets and the storage replica).
 */
export interface ServicesDataTier {
  /** Where the services connect (password-less, IAM authentication). */
  readonly dataTier: DataTierConnection;
  /** Grants the application user's IAM authentication to PostgreSQL. */
  readonly databaseAccess: Pick<PostgresDatabase, 'connectPolicyJson'>;
  /** Redis, where the region runs it. */
  readonly redis?: Pick<RedisCache, 'port' | 'connectPolicyJson'>;
  readonly serviceSecrets: ServicesSecrets;
  readonly storage: ServicesStorage;
  /**
   * Where the database was created empty (the primary's), what creates the application user in it; none where the
   * user arrives with the data (a promoted replica).
   */
  readonly databaseUserSetup?: DatabaseUserSetupSource;
}

/** What the monitoring stack alarms on and charts of a region's PostgreSQL: instance identifiers. */
export interface MonitoredDatabase {
  readonly databaseIdentifiers: { readonly primary: string; readonly replicas: Readonly<Record<string, string>> };
}
