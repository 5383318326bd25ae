import { EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEcsEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { DataStack } from './data-stack';
import { environmentStackNames, addEnvironmentStacks } from './environment-stacks';
import { MonitoringStack } from './monitoring-stack';
import { NetworkStack } from './network-stack';
import { ServicesStack } from './services-stack';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  resource: Blocks;
  data?: Blocks;
  output?: Record<string, unknown>;
}

const PILOT_LIGHT = { strategy: 'pilot-light', rpoMinutes: 60, rtoMinutes: 240, secondaryVpcCidr: '10.100.0.0/16' } as const;
const pilotLight = (activeRegion: 'primary' | 'secondary', overrides: Partial<EnvironmentInput> = {}) => exampleEcsEnvironment({ recovery: { ...PILOT_LIGHT, activeRegion }, ...overrides });

/** Every stack of the environment by name, synthesized. */
function synthAll(input: EnvironmentInput): Record<string, StackJson> {
  const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(input));
  return Object.fromEntries(stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson]));
}
const only = (blocks: Record<string, Record<string, unknown>> | undefined) => Object.values(blocks ?? {});
const policy = (json: StackJson, name: string) =>
  JSON.parse(only(json.resource.aws_iam_role_policy).find((candidate) => String(candidate.name) === name)!.policy as string) as { Statement: { Sid: string; Action: string[]; Resource: unknown }[] };
const statement = (json: StackJson, name: string, sid: string) => policy(json, name).Statement.find((candidate) => candidate.Sid === sid);
const containerOf = (json: StackJson) => (JSON.parse(only(json.resource.aws_ecs_task_definition)[0].container_definitions as string) as Record<string, unknown>[])[0];
/** A reference to an attribute of another stack's resource (Testing.synth of one stack shows it by address). */
const reference = (address: string, attribute: string) => expect.stringMatching(new RegExp(`^\\$\\{${address.replace(/\./g, '\\.')}_?[\\w-]*\\.${attribute}\\}$`));

describe('ServicesStack of a secondary site once it serves (ECS failover)', () => {
  const stacks = synthAll(pilotLight('secondary', { observability: { budget: { monthlyLimitUsd: 400 } } }));
  const services = stacks['storymagic-production-services-eu-west-1'];
  const data = stacks['storymagic-production-data-eu-west-1'];

  it('adds the monitoring and services stacks of the region after its data stack, as the stack names list them', () => {
    const names = environmentStackNames(loadEnvironment(pilotLight('secondary')));
    expect(Object.keys(stacks)).toEqual(names);
    expect(names.filter((name) => name.endsWith('-eu-west-1'))).toEqual([
      'storymagic-production-recovery-eu-west-1',
      'storymagic-production-network-eu-west-1',
      'storymagic-production-data-eu-west-1',
      'storymagic-production-monitoring-eu-west-1',
      'storymagic-production-services-eu-west-1',
    ]);
    expect(environmentStackNames(loadEnvironment(pilotLight('primary'))).filter((name) => name.endsWith('-eu-west-1'))).toEqual([
      'storymagic-production-recovery-eu-west-1',
      'storymagic-production-network-eu-west-1',
      'storymagic-production-data-eu-west-1',
    ]);
  });

  it('pulls the images ECR replicated into the region, and creates no repository of its own', () => {
    expect(services.resource.aws_ecr_repository).toBeUndefined();
    expect(containerOf(services).image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/storymagic/api:${var.image_tag}');
    expect(statement(services, 'start-task', 'PullImageFromItsRepository')?.Resource).toBe('arn:aws:ecr:eu-west-1:123456789012:repository/storymagic/api');
  });

  it('creates no database user setup task: the promoted replica came with the application user', () => {
    expect(only(services.resource.aws_ecs_task_definition).map((task) => task.family)).toEqual(['storymagic-production-euw1-api']);
    expect(services.output).not.toHaveProperty('database_user_setup_command');
  });

  it('connects to the promoted replica and the region’s Redis, as the application user with IAM authentication', () => {
    const environment = Object.fromEntries((containerOf(services).environment as { name: string; value: string }[]).map(({ name, value }) => [name, value]));
    // The replica, promoted in place, is the region's data stack's only database instance.
    const [replica] = Object.keys(data.resource.aws_db_instance);
    expect(data.resource.aws_db_instance[replica]).toMatchObject({ identifier: 'storymagic-production-euw1' });
    expect(data.resource.aws_db_instance[replica]).not.toHaveProperty('replicate_source_db');
    expect(environment.DATABASE_URL).toBe(`postgresql://app@\${aws_db_instance.${replica}.address}:5432/app?sslmode=verify-full`);
    expect(environment.REDIS_URL).toBe(`rediss://storymagic-production-euw1-app@\${aws_elasticache_replication_group.${Object.keys(data.resource.aws_elasticache_replication_group)[0]}.primary_endpoint_address}:6379`);
    expect(environment.AWS_REGION).toBe('eu-west-1');
    expect(statement(services, 'data-access', 'ConnectToPostgresAsApplicationUser')?.Resource).toBe(`arn:aws:rds-db:eu-west-1:123456789012:dbuser:\${aws_db_instance.${replica}.resource_id}/app`);
  });

  it('injects the replicas of the application secrets by the full ARNs the region’s Secrets Manager gives, read by name, and may read and decrypt exactly those', () => {
    const lookups = data.data?.aws_secretsmanager_secret ?? {};
    expect(only(lookups).map((lookup) => lookup.name).sort()).toEqual(['storymagic/storymagic-production/storymagic/firebase-config', 'storymagic/storymagic-production/storymagic/openai-api-key']);
    // Read at apply when the list is new or changed, so the failover plans offline.
    const gate = Object.keys(data.resource.terraform_data ?? {});
    expect(gate).toHaveLength(1);
    expect(only(lookups).every((lookup) => JSON.stringify(lookup.depends_on) === JSON.stringify([`terraform_data.${gate[0]}`]))).toBe(true);
    const secrets = containerOf(services).secrets as { name: string; valueFrom: string }[];
    expect(secrets).toEqual([
      { name: 'FIREBASE_CONFIG', valueFrom: '${data.aws_secretsmanager_secret.secret-storymagic-firebase-config.arn}' },
      { name: 'OPENAI_API_KEY', valueFrom: '${data.aws_secretsmanager_secret.secret-storymagic-openai-api-key.arn}' },
    ]);
    const execution = 'start-task';
    expect([...(statement(services, execution, 'ReadInjectedSecrets')?.Resource as string[])].sort()).toEqual(secrets.map(({ valueFrom }) => valueFrom).sort());
    expect(statement(services, execution, 'DecryptSecretsThroughSecretsManager')?.Resource).toEqual([reference('aws_kms_key.secrets-key_Key', 'arn')]);
  });

  it('keeps the files in the storage replica, with its key', () => {
    const environment = containerOf(services).environment as { name: string; value: string }[];
    expect(environment.find(({ name }) => name === 'STORAGE_BUCKET')?.value).toBe('storymagic-production-euw1-storage-123456789012');
    const application = 'application';
    expect(statement(services, application, 'ReadWriteStorage')?.Resource).toBe('arn:aws:s3:::storymagic-production-euw1-storage-123456789012/*');
    expect(statement(services, application, 'UseStorageKey')?.Resource).toEqual(reference('aws_kms_key.storage-replica_Key', 'arn'));
  });

  it('answers api.<zone> as the SECONDARY of the failover pair, checked over HTTPS on its load balancer, and leaves the certificate’s validation record to the primary', () => {
    const [record] = only(services.resource.aws_route53_record);
    expect(only(services.resource.aws_route53_record)).toHaveLength(1);
    expect(record).toMatchObject({ name: 'api.staging.example.com', type: 'A', set_identifier: 'eu-west-1', failover_routing_policy: { type: 'SECONDARY' } });
    const [check] = Object.keys(services.resource.aws_route53_health_check);
    expect(record.health_check_id).toBe(`\${aws_route53_health_check.${check}.id}`);
    expect(services.resource.aws_route53_health_check[check]).toMatchObject({ type: 'HTTPS', port: 443, resource_path: '/health', fqdn: expect.stringMatching(/^\$\{aws_lb\..*\.dns_name\}$/) });
    expect(only(services.resource.aws_acm_certificate_validation)[0].validation_record_fqdns).toBeUndefined();
  });

  it('monitors the promoted replica, and adds no second budget (the environment’s counts every region)', () => {
    const monitoring = stacks['storymagic-production-monitoring-eu-west-1'];
    expect(monitoring.resource.aws_budgets_budget).toBeUndefined();
    expect(stacks['storymagic-production-monitoring'].resource.aws_budgets_budget).toBeDefined();
    const databaseAlarm = only(monitoring.resource.aws_cloudwatch_metric_alarm).find((alarm) => alarm.namespace === 'AWS/RDS');
    expect((databaseAlarm?.dimensions as Record<string, string>).DBInstanceIdentifier).toBe('storymagic-production-euw1');
  });

  it('stops publishing the primary region’s record once failed over, so a recovered primary takes no traffic back', () => {
    const primary = stacks['storymagic-production-services'];
    expect(only(primary.resource.aws_route53_record).map((record) => record.name)).toEqual(['${each.value.resource_record_name}']);
    expect(primary.resource.aws_route53_health_check).toBeUndefined();
  });

  it('refuses a service repository outside <project>/, which ECR does not replicate into the region', () => {
    const input = pilotLight('secondary', { ecs: { services: { api: { repository: 'other/api' } } } });
    expect(() => synthAll(input)).toThrow(/storymagic-production-services-eu-west-1: ecs\.services\.repository: other\/api is not under storymagic\/, the namespace ECR replicates into eu-west-1/);
  });
});

describe('ServicesStack of the primary region', () => {
  it('publishes api.<zone> as the PRIMARY of a failover pair with a secondary network, checked over HTTPS on its load balancer', () => {
    const services = synthAll(pilotLight('primary'))['storymagic-production-services'];
    const record = only(services.resource.aws_route53_record).find((candidate) => candidate.name === 'api.staging.example.com');
    expect(record).toMatchObject({ type: 'A', set_identifier: 'eu-central-1', failover_routing_policy: { type: 'PRIMARY' } });
    expect(only(services.resource.aws_route53_health_check)).toEqual([expect.objectContaining({ type: 'HTTPS', resource_path: '/health' })]);
    // The validation CNAME ACM asks for in both regions is this stack's.
    expect(only(services.resource.aws_acm_certificate_validation)[0].validation_record_fqdns).toEqual(expect.stringContaining('aws_route53_record.'));
  });

  it('publishes simple alias records without a secondary network', () => {
    const services = synthAll(exampleEcsEnvironment())['storymagic-production-services'];
    const record = only(services.resource.aws_route53_record).find((candidate) => candidate.name === 'api.staging.example.com');
    expect(record).not.toHaveProperty('set_identifier');
    expect(services.resource.aws_route53_health_check).toBeUndefined();
  });

  it('refuses a service using the cache where the data tier runs no Redis', () => {
    const app = Testing.app();
    const environment = loadEnvironment(exampleEcsEnvironment());
    const stacks = addEnvironmentStacks(app, environment);
    const network = stacks.find((stack): stack is NetworkStack => stack instanceof NetworkStack)!;
    const data = stacks.find((stack): stack is DataStack => stack instanceof DataStack)!;
    const monitoring = stacks.find((stack): stack is MonitoringStack => stack instanceof MonitoringStack)!;
    const withoutRedis = { dataTier: data.dataTier, databaseAccess: data.databaseAccess, serviceSecrets: data.serviceSecrets, storage: data.storage, redis: undefined };
    expect(() => new ServicesStack(Testing.app(), environment, { network, data: withoutRedis, monitoring })).toThrow(/storymagic-production-services: cache: is set, but the region's data tier runs no Redis/);
  });
});
