import { Token } from 'cdktf';
import { ServiceSpec, usesDatabaseIamAuthentication } from './workload-spec';

/** The PostgreSQL database services connect to as an IAM-authenticated user. */
export interface DatabaseConnection {
  /** Host name of the primary, e.g. the data stack's PostgresDatabase.endpoint. */
  readonly host: string;
  /** Port. */
  readonly port: number;
  /** Database name, e.g. `app`. */
  readonly databaseName: string;
  /** Database user with the `rds_iam` role the services log in as (PostgresDatabase.applicationUsername). */
  readonly username: string;
}

/** The Redis replication group services connect to as an IAM-authenticated user. */
export interface CacheConnection {
  /** Primary endpoint (follows failover), e.g. the data stack's RedisCache.primaryEndpoint. */
  readonly host: string;
  /** Port. */
  readonly port: number;
  /** IAM-authenticated Redis user (RedisCache.applicationUserId). */
  readonly username: string;
}

/**
 * Where the services of an environment find the data tier. There is no password anywhere: the application signs a
 * short-lived IAM authentication token with its IRSA role and sends it as the password (PostgreSQL: RDS
 * `generate-db-auth-token`; Redis: a SigV4-presigned `connect` request).
 */
export interface DataTierConnection {
  /** Region of the database and cache: tokens are signed for it (AWS_REGION). */
  readonly region: string;
  /** PostgreSQL. @default - none; required when a service sets `network.database` */
  readonly database?: DatabaseConnection;
  /** Redis. @default - none; required when a service sets `network.cache` */
  readonly cache?: CacheConnection;
}

/** Environment variables the platform sets for database users. */
export const DATABASE_ENV_VARS = ['DATABASE_URL', 'DATABASE_IAM_AUTH'] as const;
/** Environment variables the platform sets for cache users. */
export const CACHE_ENV_VARS = ['REDIS_URL', 'REDIS_IAM_AUTH'] as const;
/** Environment variable with the signing region, set for database and cache users. */
export const REGION_ENV_VAR = 'AWS_REGION';

/**
 * The plain (non-secret) environment of a service that uses the database or cache:
 * - `DATABASE_URL=postgresql://<user>@<host>:<port>/<database>?sslmode=verify-full` (no password; the RDS CA bundle
 *   must be in the image, or `sslrootcert` set), `DATABASE_IAM_AUTH=true`;
 * - `REDIS_URL=rediss://<user>@<host>:<port>` (TLS, no password), `REDIS_IAM_AUTH=true`;
 * - `AWS_REGION`, the region the tokens are signed for.
 * Empty for a service that uses neither; a used store missing from `connection` is left out (the caller validates).
 * A service with its own DATABASE_URL secret gets no database variables: its secret's URL carries the credentials.
 */
export function dataTierEnvironment(spec: Pick<ServiceSpec, 'network' | 'secrets'>, connection: DataTierConnection | undefined): Record<string, string> {
  const network = spec.network ?? {};
  const port = (value: number) => (Token.isUnresolved(value) ? Token.asString(value) : String(value));
  const database = usesDatabaseIamAuthentication(spec) ? connection?.database : undefined;
  const cache = network.cache ? connection?.cache : undefined;
  return {
    ...(database === undefined
      ? {}
      : {
          DATABASE_URL: `postgresql://${database.username}@${database.host}:${port(database.port)}/${database.databaseName}?sslmode=verify-full`,
          DATABASE_IAM_AUTH: 'true',
        }),
    ...(cache === undefined ? {} : { REDIS_URL: `rediss://${cache.username}@${cache.host}:${port(cache.port)}`, REDIS_IAM_AUTH: 'true' }),
    ...(database === undefined && cache === undefined ? {} : { [REGION_ENV_VAR]: connection!.region }),
  };
}
