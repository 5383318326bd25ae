import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { createDataKey } from './private/db-kms-key';
import { ACCOUNT_ID, AWS_REGION, isIntegerBetween, requirement, RESOURCE_NAME } from './private/db-validation';

export interface RedisCacheProps {
  /**
   * Replication group id and prefix of every other name, e.g. `platform-production`; at most 32 characters so the
   * user ids (`<name>-app`, `<name>-default`) stay within ElastiCache's 40.
   */
  readonly name: string;
  /** AWS account id, for ARNs (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the cache, e.g. `eu-central-1`. */
  readonly region: string;
  /** ElastiCache subnet group over the isolated database subnets (`NetworkAttributes.cacheSubnetGroupName`). */
  readonly subnetGroupName: string;
  /** Security groups of the nodes: the network's cache group (6379 from the application group only). */
  readonly securityGroupIds: readonly string[];
  /**
   * Redis OSS 7 version; IAM authentication needs 7 or later.
   * @default '7.1'
   */
  readonly engineVersion?: string;
  /**
   * Node type of every node.
   * @default 'cache.t3.medium'
   */
  readonly nodeType?: string;
  /**
   * Nodes: one primary plus `nodes - 1` replicas, 1 to 6. With 2 or more, a replica takes over automatically when
   * the primary fails.
   * @default 2
   */
  readonly nodes?: number;
  /**
   * Spread the nodes over AZs and fail over across them; needs `nodes >= 2`.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Days daily snapshots are kept, 1 to 35.
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Days CloudWatch keeps the slow log and the engine log; one of {@link LOG_RETENTION_DAYS}.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Redis ACL rules of the application user `<name>-app`. The default allows every key and command except the
   * `@dangerous` category (FLUSHALL, CONFIG, KEYS, DEBUG, ...); a client that needs one of those must be granted it
   * explicitly, e.g. `'on ~* +@all -@dangerous +info'`.
   * @default 'on ~* +@all -@dangerous'
   */
  readonly applicationAccessString?: string;
  /**
   * Refuse `terraform destroy` of the replication group and its KMS key (`prevent_destroy`); `false` for non-production environments only.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * An ElastiCache for Redis OSS replication group (cluster mode disabled): a primary and replicas with automatic
 * failover across AZs, encryption at rest with its own KMS key and TLS required in transit, `allkeys-lru` eviction,
 * daily snapshots, slow and engine logs to KMS-encrypted CloudWatch log groups.
 *
 * Authentication is Redis 7 **IAM authentication** instead of an AUTH token: a token would be a shared secret that
 * Terraform would have to generate (impossible offline without the random provider) and keep in plain text in its
 * state. With IAM authentication there is no secret at all: the application connects as the user
 * {@link RedisCache.applicationUserId} and sends, as its password, a short-lived (15 min) SigV4 token signed with its
 * own IRSA role, which needs {@link RedisCache.connectPolicyJson}. Every user group must contain a user named
 * `default` (clients that send no AUTH are that user); AWS's own `default` user has full access and no password, so
 * the group holds a replacement `default` user that is switched off (`off -@all`): unauthenticated connections can
 * do nothing.
 */
export class RedisCache extends Construct {
  static readonly DEFAULT_ENGINE_VERSION = '7.1';
  static readonly DEFAULT_NODE_TYPE = 'cache.t3.medium';
  static readonly DEFAULT_APPLICATION_ACCESS_STRING = 'on ~* +@all -@dangerous';
  /** Access string of the replacement `default` user: disabled, no commands. */
  static readonly DISABLED_ACCESS_STRING = 'off -@all';
  static readonly PORT = 6379;
  static readonly SNAPSHOT_WINDOW = '03:00-04:00';
  static readonly MAINTENANCE_WINDOW = 'sun:05:00-sun:06:00';
  static readonly LOG_TYPES: readonly string[] = ['slow-log', 'engine-log'];

  readonly replicationGroup: ElasticacheReplicationGroup;
  /** Host name applications write to (follows failover). */
  readonly primaryEndpoint: string;
  /** Host name spread over the replicas, for reads. */
  readonly readerEndpoint: string;
  readonly port: number;
  /** Encrypts the data at rest, snapshots and the logs. */
  readonly key: KmsKey;
  readonly userGroup: ElasticacheUserGroup;
  /** User id and name (identical for IAM users) the application connects as: `<name>-app`. */
  readonly applicationUserId: string;
  /**
   * IAM policy (JSON) an application role needs to connect: `elasticache:Connect` on the replication group and the
   * application user.
   */
  readonly connectPolicyJson: string;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? RedisCache.DEFAULT_ENGINE_VERSION;
    const nodeType = props.nodeType ?? RedisCache.DEFAULT_NODE_TYPE;
    const nodes = props.nodes ?? 2;
    const multiAz = props.multiAz ?? true;
    const snapshotRetentionDays = props.snapshotRetentionDays ?? 7;
    const logRetentionDays = props.logRetentionDays ?? 365;
    const preventDestroy = props.preventDestroy ?? true;
    this.validate(props, { engineVersion, nodeType, nodes, multiAz, snapshotRetentionDays, logRetentionDays });

    const { name, region, accountId } = props;
    const partition = partitionOf(region);
    const arn = (resource: string) => `arn:${partition}:elasticache:${region}:${accountId}:${resource}`;
    const logGroupName = (logType: string) => `/aws/elasticache/${name}/${logType}`;
    const logGroupArn = (logType: string) => `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName(logType)}`;

    this.key = createDataKey(this, 'Key', {
      description: `Encrypts the Redis cache ${name}: data at rest, snapshots, logs`,
      alias: `${name}-redis`,
      accountId,
      region,
      logGroupArns: RedisCache.LOG_TYPES.map(logGroupArn),
      preventDestroy,
    });

    const logGroups = RedisCache.LOG_TYPES.map(
      (logType) =>
        new CloudwatchLogGroup(this, `LogGroup-${logType}`, {
          name: logGroupName(logType),
          retentionInDays: logRetentionDays,
          kmsKeyId: this.key.arn,
        }),
    );

    const majorVersion = engineVersion.split('.')[0];
    const parameterGroup = new ElasticacheParameterGroup(this, 'ParameterGroup', {
      // name, family and description force a replacement. The group is replaced new before old (deleting first fails
      // while the replication group uses it), so two must coexist: ElastiCache has no name_prefix, hence the name
      // carries the family and the description is derived only from what the name carries. Changing the description
      // text needs a new name too.
      name: `${name}-redis${majorVersion}`,
      family: `redis${majorVersion}`,
      description: `Redis ${majorVersion} settings of ${name}: evict least recently used keys when memory is full`,
      parameter: [{ name: 'maxmemory-policy', value: 'allkeys-lru' }],
      lifecycle: { createBeforeDestroy: true },
    });

    this.applicationUserId = `${name}-app`;
    const applicationUser = new ElasticacheUser(this, 'ApplicationUser', {
      userId: this.applicationUserId,
      userName: this.applicationUserId,
      engine: 'redis',
      accessString: props.applicationAccessString ?? RedisCache.DEFAULT_APPLICATION_ACCESS_STRING,
      authenticationMode: { type: 'iam' },
    });
    const defaultUser = new ElasticacheUser(this, 'DisabledDefaultUser', {
      userId: `${name}-default`,
      userName: 'default',
      engine: 'redis',
      accessString: RedisCache.DISABLED_ACCESS_STRING,
      authenticationMode: { type: 'no-password-required' },
    });
    this.userGroup = new ElasticacheUserGroup(this, 'UserGroup', {
      userGroupId: name,
      engine: 'redis',
      userIds: [defaultUser.userId, applicationUser.userId],
    });

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'Resource', {
      replicationGroupId: name,
      description: `Redis cache of ${name}`,
      engine: 'redis',
      engineVersion,
      nodeType,
      numCacheClusters: nodes,
      port: RedisCache.PORT,
      parameterGroupName: parameterGroup.name,
      subnetGroupName: props.subnetGroupName,
      securityGroupIds: [...props.securityGroupIds],
      automaticFailoverEnabled: nodes >= 2,
      multiAzEnabled: multiAz,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: this.key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [this.userGroup.userGroupId],
      autoMinorVersionUpgrade: 'true',
      snapshotRetentionLimit: snapshotRetentionDays,
      snapshotWindow: RedisCache.SNAPSHOT_WINDOW,
      maintenanceWindow: RedisCache.MAINTENANCE_WINDOW,
      finalSnapshotIdentifier: `${name}-final`,
      logDeliveryConfiguration: RedisCache.LOG_TYPES.map((logType, index) => ({
        destination: logGroups[index].name,
        destinationType: 'cloudwatch-logs',
        logFormat: 'json',
        logType,
      })),
      tags: { Name: name },
      lifecycle: { preventDestroy },
    });

    this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
    this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
    this.port = RedisCache.PORT;
    this.connectPolicyJson = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ConnectToRedisAsApplicationUser',
          Effect: 'Allow',
          Action: 'elasticache:Connect',
          Resource: [arn(`replicationgroup:${name}`), arn(`user:${this.applicationUserId}`)],
        },
      ],
    });
  }

  private validate(
    props: RedisCacheProps,
    resolved: { engineVersion: string; nodeType: string; nodes: number; multiAz: boolean; snapshotRetentionDays: number; logRetentionDays: number },
  ): void {
    const require = requirement(this);
    const { engineVersion, nodeType, nodes, multiAz, snapshotRetentionDays, logRetentionDays } = resolved;
    require(
      RESOURCE_NAME.test(props.name) && props.name.length <= 32,
      'name',
      `'${props.name}' is not a replication group id with room for '-default'`,
      'use at most 32 lower-case letters, digits and single hyphens, starting with a letter, e.g. platform-production',
    );
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    require(props.subnetGroupName !== '', 'subnetGroupName', 'is empty', "pass the network's cache subnet group name");
    require(props.securityGroupIds.length > 0, 'securityGroupIds', 'the list is empty', "pass the network's cache security group");
    require(
      /^7\.\d+$/.test(engineVersion),
      'engineVersion',
      `'${engineVersion}' is not a Redis OSS 7 version (IAM authentication needs 7 or later)`,
      `use a version such as '${RedisCache.DEFAULT_ENGINE_VERSION}'`,
    );
    require(/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType), 'nodeType', `'${nodeType}' is not an ElastiCache node type`, "use a type such as 'cache.t3.medium'");
    require(isIntegerBetween(nodes, 1, 6), 'nodes', `${nodes} is not a node count from 1 to 6`, 'use 1 primary plus 0 to 5 replicas');
    require(
      !multiAz || nodes >= 2,
      'multiAz',
      `needs at least 2 nodes to fail over to another AZ, but nodes is ${nodes}`,
      'set nodes to 2 or more, or multiAz to false (a single node has no failover)',
    );
    require(
      isIntegerBetween(snapshotRetentionDays, 1, 35),
      'snapshotRetentionDays',
      `${snapshotRetentionDays} is outside 1 to 35 days (0 would turn snapshots off)`,
      'keep snapshots between 1 and 35 days',
    );
    require(
      (LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays),
      'logRetentionDays',
      `${logRetentionDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    if (props.applicationAccessString !== undefined) {
      require(
        /^on\s/.test(props.applicationAccessString),
        'applicationAccessString',
        `'${props.applicationAccessString}' does not start with 'on', so the application user would be disabled`,
        "start the rules with 'on', e.g. 'on ~* +@all -@dangerous'",
      );
    }
  }
}
