import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describeWithTerraform, offlinePlanOf, OfflinePlanResult, SynthesizedJson, synthJson, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { TerraformOutput } from 'cdktf';
import { ApplicationSecrets } from './application-secrets';
import { DataAccessPolicy } from './data-access-policy';
import { PostgresDatabase, PostgresDatabaseProps } from './postgres-database';
import { RedisCache } from './redis-cache';

const PROPS: PostgresDatabaseProps = {
  name: 'platform-prod',
  accountId: '123456789012',
  region: 'eu-central-1',
  subnetGroupName: 'platform-prod-database',
  securityGroupIds: ['sg-database'],
};

const synth = (props: Partial<PostgresDatabaseProps> = {}) => synthJson((scope) => new PostgresDatabase(scope, 'postgres', { ...PROPS, ...props }));
/** The primary: the construct id `Resource` does not appear in logical ids, so it is the instance that is no replica. */
const primaryOf = (json: SynthesizedJson) => {
  const [primary, ...others] = json.resources('aws_db_instance').filter((instance) => !/Replica-/.test(instance.logicalId));
  expect(others).toEqual([]);
  return primary;
};

describe('PostgresDatabase', () => {
  const json = synth();
  const primary = primaryOf(json);
  const keyArn = json.ref(json.resource('aws_kms_key', 'Key'), 'arn');

  it.each([
    [undefined, true],
    [false, false],
  ])('with deletionProtection %s, sets prevent_destroy %s on the key of the database', (deletionProtection, expected) => {
    const synthesized = synth({ deletionProtection });
    const resources = ['aws_kms_key'].flatMap((type) => synthesized.resources(type));
    expect(resources).toHaveLength(1);
    for (const resource of resources) expect(resource.lifecycle).toMatchObject({ prevent_destroy: expected });
  });

  it('creates a private, Multi-AZ PostgreSQL 16 instance on encrypted, autoscaling gp3 storage', () => {
    expect(primary).toMatchObject({
      identifier: 'platform-prod',
      engine: 'postgres',
      engine_version: '16',
      instance_class: 'db.t3.medium',
      multi_az: true,
      publicly_accessible: false,
      db_subnet_group_name: 'platform-prod-database',
      vpc_security_group_ids: ['sg-database'],
      port: 5432,
      storage_type: 'gp3',
      allocated_storage: 100,
      max_allocated_storage: 1000,
      storage_encrypted: true,
      kms_key_id: keyArn,
      ca_cert_identifier: 'rds-ca-rsa2048-g1',
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
    });
  });

  it('lets RDS manage the master password in Secrets Manager with its own key, and turns IAM authentication on', () => {
    expect(primary).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: keyArn, iam_database_authentication_enabled: true });
    expect(primary).not.toHaveProperty('password');
    expect(primary).not.toHaveProperty('password_wo');
    const text = JSON.stringify(json.json);
    // `"password"` as a key; `manage_master_user_password` is the switch that keeps the password out.
    expect(text).not.toMatch(/"password"|password_wo|auth_token|secret_string/);
    expect(text.match(/password"/g)).toEqual(['password"']);
  });

  it('rotates the RDS-managed master secret every 30 days by managed rotation (no Lambda), or as configured', () => {
    const rotation = json.resource('aws_secretsmanager_secret_rotation', 'MasterPasswordRotation');
    expect(rotation).toMatchObject({ secret_id: json.ref(primary, 'master_user_secret[0].secret_arn'), rotation_rules: { automatically_after_days: 30 } });
    expect(rotation).not.toHaveProperty('rotation_lambda_arn');
    expect(synth({ masterPasswordRotationDays: 7 }).resource('aws_secretsmanager_secret_rotation', 'MasterPasswordRotation').rotation_rules).toEqual({ automatically_after_days: 7 });
    expect(() => synth({ masterPasswordRotationDays: 0 })).toThrow('masterPasswordRotationDays: 0 is outside 1 to 365 days');
  });

  it('has the IAM-authenticated application user app, distinct from the master user', () => {
    synthJson((scope) => {
      expect(new PostgresDatabase(scope, 'postgres', PROPS).applicationUsername).toBe('app');
      expect(new PostgresDatabase(scope, 'named', { ...PROPS, applicationUsername: 'novel_engine' }).applicationUsername).toBe('novel_engine');
    });
    expect(() => synth({ applicationUsername: 'app-user' })).toThrow("applicationUsername: 'app-user' is not a PostgreSQL user name");
    expect(() => synth({ applicationUsername: 'postgres' })).toThrow('applicationUsername: is the master user name postgres, which applications must not use');
  });

  it('uses one rotating customer managed key for storage, Performance Insights, the master secret and the logs', () => {
    expect(json.resource('aws_kms_key', 'Key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(primary).toMatchObject({ performance_insights_enabled: true, performance_insights_kms_key_id: keyArn, performance_insights_retention_period: 7 });
    for (const group of json.resources('aws_cloudwatch_log_group')) {
      expect(group).toMatchObject({ kms_key_id: keyArn, retention_in_days: 365 });
    }
  });

  describe('engine version', () => {
    it('names only the major version while RDS applies minor upgrades, so an upgraded instance plans no change', () => {
      expect(primary).toMatchObject({ engine_version: '16', auto_minor_version_upgrade: true });
      expect(primaryOf(synth({ engineVersion: '15' }))).toMatchObject({ engine_version: '15', auto_minor_version_upgrade: true });
    });

    it('pins a full minor version only with automatic minor upgrades off', () => {
      expect(primaryOf(synth({ engineVersion: '16.8', autoMinorVersionUpgrade: false }))).toMatchObject({ engine_version: '16.8', auto_minor_version_upgrade: false });
    });

    it('gives replicas the same version setting as the primary', () => {
      const withReplica = synth({ readReplicas: 1 });
      expect(withReplica.resource('aws_db_instance', 'Replica-replica-1')).toMatchObject({ engine_version: '16', auto_minor_version_upgrade: true });
    });

    it('rejects a pinned minor version while automatic minor upgrades are on', () => {
      expect(() => synth({ engineVersion: '16.8' })).toThrow(
        /postgres: engineVersion: '16\.8' pins a minor version while autoMinorVersionUpgrade is on.*Fix: write engineVersion: '16'.*or set autoMinorVersionUpgrade: false/,
      );
    });
  });

  it('backs up for 30 days at night and maintains right after', () => {
    expect(primary).toMatchObject({ backup_retention_period: 30, backup_window: '03:00-04:00', maintenance_window: 'sun:04:00-sun:05:00' });
  });

  it('sets the parameter group of the major version: TLS only, pg_stat_statements and logging', () => {
    const group = json.resource('aws_db_parameter_group', 'ParameterGroup');
    expect(primary.parameter_group_name).toBe(json.ref(group, 'name'));
    expect(group).toMatchObject({ name_prefix: 'platform-prod-postgres16-', family: 'postgres16' });
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: 'shared_preload_libraries', value: 'pg_stat_statements', apply_method: 'pending-reboot' },
        { name: 'max_connections', value: '200', apply_method: 'pending-reboot' },
        { name: 'work_mem', value: '16384', apply_method: 'immediate' },
        { name: 'rds.force_ssl', value: '1', apply_method: 'immediate' },
        { name: 'log_min_duration_statement', value: '1000', apply_method: 'immediate' },
        { name: 'log_connections', value: '1', apply_method: 'immediate' },
        { name: 'log_disconnections', value: '1', apply_method: 'immediate' },
        { name: 'log_lock_waits', value: '1', apply_method: 'immediate' },
      ]),
    );
    expect(synth({ engineVersion: '15' }).resource('aws_db_parameter_group', 'ParameterGroup')).toMatchObject({ family: 'postgres15', name_prefix: 'platform-prod-postgres15-' });
    expect(synth({ engineVersion: '15.12', autoMinorVersionUpgrade: false }).resource('aws_db_parameter_group', 'ParameterGroup')).toMatchObject({ family: 'postgres15' });
  });

  it('replaces the parameter group new before old under a generated name, so the new group never collides with the old one', () => {
    // create_before_destroy with a fixed name fails with "already exists" at the next replacement (a major upgrade).
    const group = json.resource('aws_db_parameter_group', 'ParameterGroup');
    expect(group.lifecycle).toMatchObject({ create_before_destroy: true });
    expect(group).not.toHaveProperty('name');
    expect(group.name_prefix).toMatch(/^platform-prod-postgres16-$/);
  });

  it('monitors every 60 s with a role only RDS of this account can assume', () => {
    const role = json.resource('aws_iam_role', 'MonitoringRole');
    expect(primary).toMatchObject({ monitoring_interval: 60, monitoring_role_arn: json.ref(role, 'arn') });
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'monitoring.rds.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }),
    ]);
    expect(json.resource('aws_iam_role_policy_attachment', 'MonitoringRolePolicy').policy_arn).toBe(
      'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    );
  });

  it('exports the postgresql and upgrade logs into log groups it creates first', () => {
    expect(primary.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    expect(json.resources('aws_cloudwatch_log_group').map((g) => g.name)).toEqual([
      '/aws/rds/instance/platform-prod/postgresql',
      '/aws/rds/instance/platform-prod/upgrade',
    ]);
    expect(primary.depends_on).toEqual(expect.arrayContaining(json.resources('aws_cloudwatch_log_group').map((g) => `aws_cloudwatch_log_group.${g.logicalId}`)));
  });

  it.each([
    [undefined, { deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'platform-prod-final', delete_automated_backups: false }],
    [false, { deletion_protection: false, skip_final_snapshot: true, delete_automated_backups: true }],
  ])('with deletionProtection %s, protects the instance or lets it be torn down', (deletionProtection, expected) => {
    const instance = primaryOf(synth({ deletionProtection }));
    // Exactly these arguments (toEqual takes a missing one as undefined): no final snapshot is named when none is taken.
    const teardown = ['deletion_protection', 'skip_final_snapshot', 'final_snapshot_identifier', 'delete_automated_backups'];
    expect(Object.fromEntries(teardown.map((key) => [key, instance[key]]))).toEqual(expected);
  });

  it('creates no replica and no backup replication by default', () => {
    expect(json.resources('aws_db_instance')).toHaveLength(1);
    expect(json.resources('aws_db_instance_automated_backups_replication')).toEqual([]);
  });

  it('tags the primary with the given tags (an AWS Backup selection picks it by tag), never its replicas', () => {
    const tagged = synth({ tags: { Backup: 'platform-prod' }, readReplicas: 1 });
    expect(primaryOf(tagged).tags).toEqual({ Backup: 'platform-prod', Name: 'platform-prod' });
    expect(tagged.resource('aws_db_instance', 'Replica-replica-1').tags).toEqual({ Name: 'platform-prod-replica-1' });
    expect(primary.tags).toEqual({ Name: 'platform-prod' });
  });

  it('exposes what a replica in another region needs: the ARN, the engine version and the parameter group family', () => {
    const synthesized = synthJson((scope) => {
      const database = new PostgresDatabase(scope, 'postgres', { ...PROPS, engineVersion: '15' });
      new TerraformOutput(scope, 'arn', { value: database.arn });
      new TerraformOutput(scope, 'version', { value: `${database.engineVersion} ${database.parameterGroupFamily}` });
    });
    expect(synthesized.json.output).toEqual({
      arn: { value: synthesized.ref(primaryOf(synthesized), 'arn') },
      version: { value: '15 postgres15' },
    });
    expect(synthesized.resource('aws_db_parameter_group', 'ParameterGroup').family).toBe('postgres15');
  });

  it('creates read replicas keyed by name, each replicating the primary', () => {
    const withReplicas = synth({ readReplicas: 2 });
    const source = withReplicas.ref(primaryOf(withReplicas), 'identifier');
    for (const replica of ['replica-1', 'replica-2']) {
      expect(withReplicas.resource('aws_db_instance', `Replica-${replica}`)).toMatchObject({
        identifier: `platform-prod-${replica}`,
        replicate_source_db: source,
        storage_encrypted: true,
        publicly_accessible: false,
        skip_final_snapshot: true,
      });
      expect(withReplicas.resource('aws_db_instance', `Replica-${replica}`)).not.toHaveProperty('manage_master_user_password');
    }
    expect(withReplicas.resources('aws_cloudwatch_log_group')).toHaveLength(6);
  });

  it('replicates automated backups to another region through the given provider and key', () => {
    const replicated = synthJson((scope) => {
      const west = new AwsProvider(scope, 'west', { region: 'eu-west-1', alias: 'west' });
      new PostgresDatabase(scope, 'postgres', {
        ...PROPS,
        backupReplicationRegion: 'eu-west-1',
        replicationProvider: west,
        replicationKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      });
    });
    expect(replicated.resources('aws_db_instance_automated_backups_replication')).toEqual([
      expect.objectContaining({
        provider: 'aws.west',
        source_db_instance_arn: replicated.ref(primaryOf(replicated), 'arn'),
        kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        retention_period: 30,
      }),
    ]);
  });

  describe('validation', () => {
    it.each<[string, Partial<PostgresDatabaseProps>, RegExp]>([
      ['backups turned off', { backupRetentionDays: 0 }, /postgres: backupRetentionDays: 0 is outside 1 to 35 days/],
      ['backups kept too long', { backupRetentionDays: 36 }, /backupRetentionDays: 36 is outside 1 to 35 days/],
      ['a storage limit below the allocation', { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 100 }, /maxAllocatedStorageGiB: 100 is below allocatedStorageGiB 200/],
      ['PostgreSQL 14', { engineVersion: '14' }, /engineVersion: '14' is not PostgreSQL 15 or 16/],
      ['PostgreSQL 14 pinned', { engineVersion: '14.9', autoMinorVersionUpgrade: false }, /engineVersion: '14.9' is not PostgreSQL 15 or 16/],
      ['a patch-level version', { engineVersion: '16.8.1', autoMinorVersionUpgrade: false }, /engineVersion: '16.8.1' is not PostgreSQL 15 or 16/],
      ['too many replicas', { readReplicas: 6 }, /readReplicas: 6 is not a count from 0 to 5/],
      ['an upper-case name', { name: 'Platform' }, /name: 'Platform' is not an RDS identifier/],
      ['a replication region without provider and key', { backupReplicationRegion: 'eu-west-1' }, /must be given together/],
      [
        'a replication key of another region',
        { backupReplicationRegion: 'eu-west-1', replicationProvider: {} as never, replicationKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/abc' },
        /replicationKmsKeyArn: .* is not a KMS key ARN in eu-west-1/,
      ],
      ['a Name tag, which the identifier sets', { tags: { Name: 'other' } }, /postgres: tags: sets Name.*Fix: leave Name out of tags/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});

// The three data constructs together, planned once (terraform init + plan take about 10 s).
describeWithTerraform('PostgresDatabase, RedisCache and ApplicationSecrets with the real terraform', () => {
  let result: OfflinePlanResult;

  beforeAll(async () => {
    result = await offlinePlanOf('test-data', (stack) => {
      new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
      const west = new AwsProvider(stack, 'west', { region: 'eu-west-1', alias: 'west' });
      const common = { accountId: '123456789012', region: 'eu-central-1' };
      const database = new PostgresDatabase(stack, 'postgres', {
        ...common,
        name: 'platform-test',
        subnetGroupName: 'platform-test-database',
        securityGroupIds: ['sg-0123456789abcdef0'],
        readReplicas: 1,
        backupReplicationRegion: 'eu-west-1',
        replicationProvider: west,
        replicationKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      });
      const cache = new RedisCache(stack, 'redis', { ...common, name: 'platform-test', subnetGroupName: 'platform-test-database', securityGroupIds: ['sg-0123456789abcdef1'] });
      new ApplicationSecrets(stack, 'secrets', {
        ...common,
        project: 'platform',
        environment: 'test',
        secretNames: ['novel-engine/gemini-api-key', 'novel-engine/jwt-secret-key'],
        replicaRegions: [{ region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
      });
      const role = new IamRole(stack, 'backend-role', {
        name: 'platform-test-backend',
        assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      });
      new DataAccessPolicy(stack, 'backend-data-access', { roleName: role.name, database, cache });
    });
  }, TERRAFORM_TEST_TIMEOUT_MS);

  it('validates without diagnostics and plans the database, its replica, the cache, the secrets (replicated to eu-west-1) and an application’s data access policy', () => {
    expect(result.validateDiagnostics).toEqual([]);
    expect(result.plan).toMatchObject({ change: 0, destroy: 0 });
    const secret = Object.entries(result.plannedValues).find(([address]) => address.startsWith('aws_secretsmanager_secret.'))?.[1];
    expect(secret?.replica).toEqual([expect.objectContaining({ region: 'eu-west-1', kms_key_id: expect.stringMatching(/^arn:aws:kms:eu-west-1:/) })]);
    expect(result.plan.resourceCountsByType).toMatchObject({
      aws_db_instance: 2,
      aws_db_parameter_group: 1,
      aws_db_instance_automated_backups_replication: 1,
      aws_elasticache_replication_group: 1,
      aws_elasticache_user: 2,
      aws_elasticache_user_group: 1,
      aws_secretsmanager_secret: 2,
      aws_kms_key: 3,
      aws_iam_role_policy: 1,
    });
  });
});
