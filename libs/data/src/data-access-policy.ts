import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { requirement } from './private/db-validation';
import { PostgresDatabase } from './postgres-database';
import { RedisCache } from './redis-cache';

export interface DataAccessPolicyProps {
  /** Name of the application's IAM role (an IRSA role of the cluster stack); may be a cross-stack reference. */
  readonly roleName: string;
  /**
   * The PostgreSQL database the role logs in to as its application user ({@link PostgresDatabase.connectPolicyJson}).
   * @default - no database access
   */
  readonly database?: Pick<PostgresDatabase, 'connectPolicyJson'>;
  /**
   * The Redis cache the role connects to as its application user ({@link RedisCache.connectPolicyJson}).
   * @default - no cache access
   */
  readonly cache?: Pick<RedisCache, 'connectPolicyJson'>;
}

/**
 * The inline policy `data-access` of an application role: exactly what IAM authentication to the data tier needs,
 * `rds-db:connect` as the database's application user and `elasticache:Connect` as the cache's application user,
 * for the stores the application uses. No password exists: the application signs a 15-minute token with the role.
 */
export class DataAccessPolicy extends Construct {
  /** Name of the inline policy on the role. */
  static readonly POLICY_NAME = 'data-access';

  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: DataAccessPolicyProps) {
    super(scope, id);
    this.validate(props);
    const statements = [props.database, props.cache].flatMap((store) => (store === undefined ? [] : (JSON.parse(store.connectPolicyJson) as { Statement: unknown[] }).Statement));
    this.policy = new IamRolePolicy(this, 'Resource', {
      name: DataAccessPolicy.POLICY_NAME,
      role: props.roleName,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
  }

  private validate(props: DataAccessPolicyProps): void {
    const require = requirement(this);
    require(props.roleName !== '', 'roleName', 'is empty', "pass the name of the service account's IAM role");
    require(
      props.database !== undefined || props.cache !== undefined,
      'database',
      'neither database nor cache is given, so the policy would grant nothing',
      'pass the PostgresDatabase, the RedisCache or both',
    );
  }
}
