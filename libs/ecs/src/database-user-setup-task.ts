import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { requireAccountAndRegion, requirement, requireResourceName } from './private/compute-validation';
import { TaskExecutionRole } from './task-execution-role';

export interface DatabaseUserSetupTaskProps {
  /** Task family, e.g. `storymagic-production-db-user-setup`; its log group is `/ecs/<family>`. */
  readonly family: string;
  readonly accountId: string;
  readonly region: string;
  /** Host of the PostgreSQL primary. */
  readonly databaseHost: string;
  /** Database the application uses (the user gets CONNECT and the public schema there). */
  readonly databaseName: string;
  /** The RDS-managed master secret (JSON keys `username`, `password`): the only credential that may create users. */
  readonly masterSecretArn: string;
  /** KMS key of the master secret. */
  readonly masterSecretKmsKeyArn: string;
  /** The user the application logs in as with IAM authentication, e.g. `app`. */
  readonly applicationUsername: string;
  /**
   * KMS key of the log group.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * Days the log group keeps the task's output.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * The psql client image, pinned; from ECR Public, so nothing needs pushing first.
   * @default {@link DatabaseUserSetupTask.DEFAULT_IMAGE}
   */
  readonly image?: string;
  /**
   * Let the execution role pull GuardDuty's Runtime Monitoring sidecar, which GuardDuty adds to standalone tasks too
   * ({@link TaskExecutionRole}'s `guardDutyAgent`).
   * @default false
   */
  readonly guardDutyAgent?: boolean;
}

/**
 * A one-off Fargate task that creates the application's IAM-authenticated PostgreSQL user, run once per environment
 * (`aws ecs run-task`, docs/runbook.md) in the private subnets with the security group of a service allowed into the
 * database: ECS environments have no cluster or bastion to run `psql` from. It logs in with the RDS-managed master
 * secret (injected by ARN, so only this task's execution role may read it), and its SQL is idempotent: `CREATE USER`
 * only when missing, then `GRANT rds_iam`, `CONNECT, TEMPORARY` on the database and `USAGE, CREATE` on its public
 * schema (PostgreSQL 15+ no longer grants CREATE there to everyone).
 */
export class DatabaseUserSetupTask extends Construct {
  /** psql of PostgreSQL 16 on Alpine (uid 70 is its `postgres` user). */
  static readonly DEFAULT_IMAGE = 'public.ecr.aws/docker/library/postgres:16.9-alpine';
  static readonly CONTAINER_NAME = 'psql';

  readonly taskDefinition: EcsTaskDefinition;
  readonly taskDefinitionArn: string;
  readonly family: string;
  readonly logGroupName: string;
  readonly executionRole: TaskExecutionRole;

  /** The idempotent SQL that sets up `username` in `database`. */
  static setupSql(username: string, database: string): string {
    return [
      `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${username}') THEN CREATE USER "${username}"; END IF; END $$;`,
      `GRANT rds_iam TO "${username}";`,
      `GRANT CONNECT, TEMPORARY ON DATABASE "${database}" TO "${username}";`,
      `GRANT USAGE, CREATE ON SCHEMA public TO "${username}";`,
    ].join(' ');
  }

  constructor(scope: Construct, id: string, props: DatabaseUserSetupTaskProps) {
    super(scope, id);
    const logRetentionDays = props.logRetentionDays ?? 30;
    const require = requirement(this);
    requireAccountAndRegion(require, props);
    requireResourceName(require, props.family, 54, 'family');
    require(/^[a-zA-Z]\w{0,62}$/.test(props.applicationUsername), 'applicationUsername', `'${props.applicationUsername}' is not a PostgreSQL user name`, 'use a letter, then letters, digits or underscores, e.g. app');
    require(props.applicationUsername !== 'postgres', 'applicationUsername', 'is the master user', "name the application's own user, e.g. app");
    require((LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays), 'logRetentionDays', `${logRetentionDays} is not a retention CloudWatch Logs accepts`, `use one of ${LOG_RETENTION_DAYS.join(', ')}`);

    this.family = props.family;
    this.logGroupName = `/ecs/${props.family}`;
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', { name: this.logGroupName, retentionInDays: logRetentionDays, kmsKeyId: props.logKmsKeyArn });
    this.executionRole = new TaskExecutionRole(this, 'ExecutionRole', {
      roleName: `${props.family}-execution`,
      accountId: props.accountId,
      region: props.region,
      logGroupArn: `arn:${partitionOf(props.region)}:logs:${props.region}:${props.accountId}:log-group:${this.logGroupName}`,
      secretArns: [props.masterSecretArn],
      secretsKmsKeyArns: [props.masterSecretKmsKeyArn],
      guardDutyAgent: props.guardDutyAgent,
    });
    const container = {
      name: DatabaseUserSetupTask.CONTAINER_NAME,
      image: props.image ?? DatabaseUserSetupTask.DEFAULT_IMAGE,
      essential: true,
      user: '70',
      readonlyRootFilesystem: true,
      command: ['psql', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-c', DatabaseUserSetupTask.setupSql(props.applicationUsername, props.databaseName)],
      // RDS enforces TLS (rds.force_ssl); libpq reads the connection from these.
      environment: [
        { name: 'PGHOST', value: props.databaseHost },
        { name: 'PGDATABASE', value: props.databaseName },
        { name: 'PGSSLMODE', value: 'require' },
      ],
      secrets: [
        { name: 'PGUSER', valueFrom: `${props.masterSecretArn}:username::` },
        { name: 'PGPASSWORD', valueFrom: `${props.masterSecretArn}:password::` },
      ],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': this.logGroupName, 'awslogs-region': props.region, 'awslogs-stream-prefix': 'setup' } },
    };
    this.taskDefinition = new EcsTaskDefinition(this, 'Resource', {
      family: props.family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      executionRoleArn: this.executionRole.roleArn,
      containerDefinitions: JSON.stringify([container]),
      dependsOn: [logGroup],
    });
    this.taskDefinitionArn = this.taskDefinition.arn;
  }
}
