import { synthJson } from '@platform/terraform-testing';
import { DatabaseUserSetupTask, DatabaseUserSetupTaskProps } from './database-user-setup-task';

const MASTER_SECRET = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-0123-AbCdEf';
const PROPS: DatabaseUserSetupTaskProps = {
  family: 'storymagic-production-db-user-setup',
  accountId: '123456789012',
  region: 'eu-central-1',
  databaseHost: 'storymagic-production.abc.eu-central-1.rds.amazonaws.com',
  databaseName: 'app',
  masterSecretArn: MASTER_SECRET,
  masterSecretKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/0123',
  applicationUsername: 'app',
};
const synth = (props: Partial<DatabaseUserSetupTaskProps> = {}) => synthJson((scope) => new DatabaseUserSetupTask(scope, 'setup', { ...PROPS, ...props }));

describe('DatabaseUserSetupTask', () => {
  const json = synth();
  const task = json.resources('aws_ecs_task_definition')[0];
  const [container] = JSON.parse(task.container_definitions as string);

  it('runs psql from a pinned public image, non-root, read-only, over TLS, logged to /ecs/<family>', () => {
    expect(task).toMatchObject({ family: 'storymagic-production-db-user-setup', network_mode: 'awsvpc', requires_compatibilities: ['FARGATE'] });
    expect(container).toMatchObject({ image: DatabaseUserSetupTask.DEFAULT_IMAGE, user: '70', readonlyRootFilesystem: true, essential: true });
    expect(container.image).not.toMatch(/:latest$/);
    expect(container.environment).toEqual(expect.arrayContaining([{ name: 'PGSSLMODE', value: 'require' }, { name: 'PGDATABASE', value: 'app' }]));
    expect(container.logConfiguration.options['awslogs-group']).toBe('/ecs/storymagic-production-db-user-setup');
  });

  it('logs in with the master secret, injected by ARN, never as a plain value', () => {
    expect(container.secrets).toEqual([
      { name: 'PGUSER', valueFrom: `${MASTER_SECRET}:username::` },
      { name: 'PGPASSWORD', valueFrom: `${MASTER_SECRET}:password::` },
    ]);
    expect(JSON.stringify(container.environment)).not.toMatch(/PGPASSWORD|PGUSER/);
  });

  it('creates the user only when missing, then grants IAM login, the database and its public schema, stopping on any error', () => {
    expect(container.command.slice(0, 4)).toEqual(['psql', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1']);
    const sql = container.command.at(-1) as string;
    expect(sql).toContain("IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE USER \"app\"");
    expect(sql).toContain('GRANT rds_iam TO "app"');
    expect(sql).toContain('GRANT CONNECT, TEMPORARY ON DATABASE "app" TO "app"');
    expect(sql).toContain('GRANT USAGE, CREATE ON SCHEMA public TO "app"');
  });

  it('lets only its execution role read the master secret, and pulls nothing from ECR', () => {
    const policy = JSON.parse(json.resources('aws_iam_role_policy')[0].policy as string);
    const actions = policy.Statement.flatMap((statement: { Action: string[] }) => statement.Action);
    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'kms:Decrypt', 'logs:PutLogEvents']));
    expect(actions.some((action: string) => action.startsWith('ecr:'))).toBe(false);
    expect(policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'ReadInjectedSecrets').Resource).toEqual([MASTER_SECRET]);
  });

  it.each<[string, Partial<DatabaseUserSetupTaskProps>, RegExp]>([
    ['the master user as the application user', { applicationUsername: 'postgres' }, /applicationUsername: is the master user/],
    ['a user name SQL would need quoting for', { applicationUsername: 'app; DROP' }, /applicationUsername: 'app; DROP' is not a PostgreSQL user name/],
    ['a retention CloudWatch refuses', { logRetentionDays: 31 }, /logRetentionDays: 31 is not a retention CloudWatch Logs accepts/],
  ])('refuses %s', (_case, props, expected) => {
    expect(() => synth(props)).toThrow(expected);
  });
});
