import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SynthesizedJson, synthJson } from '@platform/terraform-testing';
import { PostgresDatabase, PostgresDatabaseProps } from './postgres-database';
import { PostgresReadReplica, PostgresReadReplicaProps } from './postgres-read-replica';

const SOURCE_ARN = 'arn:aws:rds:eu-central-1:123456789012:db:platform-prod';
const PROPS: PostgresReadReplicaProps = {
  name: 'platform-prod-replica',
  accountId: '123456789012',
  region: 'eu-west-1',
  sourceDatabaseArn: SOURCE_ARN,
  subnetGroupName: 'platform-prod-database-eu-west-1',
  securityGroupIds: ['sg-database-west'],
};

const synth = (props: Partial<PostgresReadReplicaProps> = {}) => synthJson((scope) => new PostgresReadReplica(scope, 'replica', { ...PROPS, ...props }));
/** The one instance: the construct id `Resource` does not appear in logical ids. */
const instanceOf = (json: SynthesizedJson) => {
  const instances = json.resources('aws_db_instance');
  expect(instances).toHaveLength(1);
  return instances[0];
};

/**
 * aws_db_instance arguments that force a new instance in hashicorp/aws 5.100.0 (ForceNew in its schema): none may
 * differ between the two states, or the promotion would replace the replica by an empty instance.
 */
const REPLACING_ARGUMENTS = [
  'identifier',
  'identifier_prefix',
  'engine',
  'username',
  'db_name',
  'kms_key_id',
  'storage_encrypted',
  'availability_zone',
  'character_set_name',
  'nchar_character_set_name',
  'snapshot_identifier',
  'restore_to_point_in_time',
  'custom_iam_instance_profile',
  'timezone',
];

/** Top-level keys whose values differ between two synthesized resources. */
function differingKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

describe('PostgresReadReplica', () => {
  const json = synth();
  const instance = instanceOf(json);
  const keyArn = json.ref(json.resource('aws_kms_key', 'Key'), 'arn');

  it('replicates the primary named by ARN into a private, encrypted instance of its own region', () => {
    expect(instance).toMatchObject({
      identifier: 'platform-prod-replica',
      replicate_source_db: SOURCE_ARN,
      instance_class: 'db.t3.medium',
      db_subnet_group_name: 'platform-prod-database-eu-west-1',
      vpc_security_group_ids: ['sg-database-west'],
      publicly_accessible: false,
      storage_type: 'gp3',
      max_allocated_storage: 1000,
      storage_encrypted: true,
      kms_key_id: keyArn,
      iam_database_authentication_enabled: true,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: keyArn,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
      deletion_protection: true,
      multi_az: false,
      tags: { Name: 'platform-prod-replica' },
      lifecycle: { prevent_destroy: true },
    });
  });

  it('leaves out what a replica inherits from its source, so neither state sets an argument that replaces the instance', () => {
    for (const inherited of ['engine', 'engine_version', 'username', 'db_name', 'allocated_storage', 'manage_master_user_password', 'password']) {
      expect(instance).not.toHaveProperty(inherited);
    }
  });

  it('keeps automated backups on the replica (RDS for PostgreSQL 14.1+), so the promoted primary has them at once', () => {
    expect(instance).toMatchObject({ backup_retention_period: 7, backup_window: PostgresDatabase.BACKUP_WINDOW, delete_automated_backups: false });
    expect(instanceOf(synth({ backupRetentionDays: 14 })).backup_retention_period).toBe(14);
  });

  it('skips the final snapshot while it is a replica: RDS refuses one for a replica', () => {
    expect(instance).toMatchObject({ skip_final_snapshot: true });
    expect(instance).not.toHaveProperty('final_snapshot_identifier');
  });

  it('encrypts with a rotating key of its own region that CloudWatch Logs may use for its log groups only', () => {
    const key = json.resource('aws_kms_key', 'Key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const statements = JSON.parse(key.policy as string).Statement;
    expect(statements[1]).toMatchObject({
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': [
            'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/rds/instance/platform-prod-replica/postgresql',
            'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/rds/instance/platform-prod-replica/upgrade',
          ],
        },
      },
    });
    expect(json.resource('aws_kms_alias', 'KeyAlias').name).toBe('alias/platform-prod-replica-postgres');
    for (const group of json.resources('aws_cloudwatch_log_group')) expect(group).toMatchObject({ kms_key_id: keyArn, retention_in_days: 365 });
  });

  it('runs with the primary’s settings: parameter group family and parameters, windows, CA, monitoring', () => {
    const primaryProps: PostgresDatabaseProps = { name: 'platform-prod', accountId: '123456789012', region: 'eu-central-1', subnetGroupName: 's', securityGroupIds: ['sg'] };
    for (const engineVersion of ['16', '15']) {
      const primaryJson = synthJson((scope) => new PostgresDatabase(scope, 'postgres', { ...primaryProps, engineVersion }));
      const replicaJson = synth({ engineVersion });
      const groupOf = (synthesized: SynthesizedJson) => synthesized.resource('aws_db_parameter_group', 'ParameterGroup');
      expect(groupOf(replicaJson).family).toBe(`postgres${engineVersion}`);
      expect(groupOf(replicaJson).parameter).toEqual(groupOf(primaryJson).parameter);
      const primary = instanceOf(primaryJson);
      const replica = instanceOf(replicaJson);
      for (const setting of ['ca_cert_identifier', 'maintenance_window', 'backup_window', 'monitoring_interval', 'performance_insights_retention_period', 'allow_major_version_upgrade']) {
        expect([setting, replica[setting]]).toEqual([setting, primary[setting]]);
      }
      expect(replica.parameter_group_name).toBe(replicaJson.ref(groupOf(replicaJson), 'name'));
    }
  });

  it('has an enhanced monitoring role of its own, so the secondary region depends on nothing of the primary stack but its ARN', () => {
    expect(json.resource('aws_iam_role', 'MonitoringRole').name).toBe('platform-prod-replica-rds-monitoring');
    expect(instance.monitoring_role_arn).toBe(json.ref(json.resource('aws_iam_role', 'MonitoringRole'), 'arn'));
  });

  describe('promoted', () => {
    const promoted = instanceOf(synth({ promoted: true }));

    it('is a standalone Multi-AZ primary with a final snapshot', () => {
      expect(promoted).not.toHaveProperty('replicate_source_db');
      expect(promoted).toMatchObject({ multi_az: true, skip_final_snapshot: false, final_snapshot_identifier: 'platform-prod-replica-final', backup_retention_period: 7 });
      expect(instanceOf(synth({ promoted: true, multiAz: false })).multi_az).toBe(false);
    });

    it.each<[string, Partial<PostgresReadReplicaProps>]>([
      ['the defaults', {}],
      ['deletion protection off', { deletionProtection: false, preventDestroy: false }],
      ['a single AZ', { multiAz: false }],
      ['tags, PostgreSQL 15 and a larger class', { tags: { Backup: 'platform-prod' }, engineVersion: '15', instanceClass: 'db.r6g.large' }],
    ])('with %s, changes only the promotion arguments of the instance and nothing else', (_case, props) => {
      const replica = synth({ ...props, promoted: false });
      const standalone = synth({ ...props, promoted: true });
      const changed = differingKeys(instanceOf(replica), instanceOf(standalone));
      expect(changed).toContain('replicate_source_db');
      expect(changed.filter((key) => !PostgresReadReplica.PROMOTION_CHANGES.includes(key))).toEqual([]);
      expect(changed.filter((key) => REPLACING_ARGUMENTS.includes(key))).toEqual([]);
      const others = (synthesized: SynthesizedJson) => ({ ...synthesized.json.resource, aws_db_instance: undefined });
      expect(others(standalone)).toEqual(others(replica));
    });
  });

  it('without deletion protection, lets the promoted instance go without a final snapshot or kept backups', () => {
    expect(instanceOf(synth({ deletionProtection: false }))).toMatchObject({ deletion_protection: false, delete_automated_backups: true });
    const promoted = instanceOf(synth({ deletionProtection: false, promoted: true }));
    expect(promoted).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(promoted).not.toHaveProperty('final_snapshot_identifier');
  });

  it('with preventDestroy false, lets terraform destroy the instance and its key', () => {
    const unprotected = synth({ preventDestroy: false });
    expect(instanceOf(unprotected).lifecycle).toEqual({ prevent_destroy: false });
    expect(unprotected.resource('aws_kms_key', 'Key').lifecycle).toEqual({ prevent_destroy: false });
  });

  it('accepts a source ARN known only at apply time (a cross-stack reference)', () => {
    const late = synthJson((scope) => {
      const source = new PostgresDatabase(scope, 'postgres', { name: 'platform-prod', accountId: '123456789012', region: 'eu-central-1', subnetGroupName: 's', securityGroupIds: ['sg'] });
      const west = new AwsProvider(scope, 'west', { region: 'eu-west-1', alias: 'west' });
      new PostgresReadReplica(scope, 'replica', { ...PROPS, sourceDatabaseArn: source.arn }).instance.provider = west;
    });
    const replica = late.resources('aws_db_instance').find((resource) => resource.identifier === 'platform-prod-replica');
    expect(replica?.replicate_source_db).toMatch(/^\$\{aws_db_instance\.postgres_.*\.arn\}$/);
  });

  describe('validation', () => {
    it.each<[string, Partial<PostgresReadReplicaProps>, RegExp]>([
      ['an upper-case name', { name: 'Replica' }, /replica: name: 'Replica' is not an RDS identifier/],
      ['a name too long for the monitoring role', { name: `r${'-a'.repeat(25)}` }, /name: .* with room for '-rds-monitoring'/],
      ['a source that is no RDS instance ARN', { sourceDatabaseArn: 'platform-prod' }, /sourceDatabaseArn: 'platform-prod' is not an RDS DB instance ARN/],
      ['a source in the replica’s own region', { sourceDatabaseArn: 'arn:aws:rds:eu-west-1:123456789012:db:platform-prod' }, /sourceDatabaseArn: names a database in eu-west-1.*Fix: use PostgresDatabase readReplicas/],
      ['an account id that is not 12 digits', { accountId: '1234' }, /accountId: '1234' is not a 12-digit account id/],
      ['a region that is not one', { region: 'west' }, /region: 'west' is not a region name/],
      ['PostgreSQL 14', { engineVersion: '14' }, /engineVersion: '14' is not PostgreSQL 15 or 16/],
      ['an instance class that is not one', { instanceClass: 't3.medium' }, /instanceClass: 't3.medium' is not an RDS instance class/],
      ['a storage limit under 20 GiB', { maxAllocatedStorageGiB: 10 }, /maxAllocatedStorageGiB: 10 is outside 20 to 65536 GiB/],
      ['backups turned off', { backupRetentionDays: 0 }, /backupRetentionDays: 0 is outside 1 to 35 days/],
      ['a log retention CloudWatch refuses', { logRetentionDays: 42 }, /logRetentionDays: 42 is not a retention CloudWatch Logs accepts/],
      ['no subnet group', { subnetGroupName: '' }, /subnetGroupName: is empty/],
      ['no security group', { securityGroupIds: [] }, /securityGroupIds: the list is empty/],
      ['a Name tag', { tags: { Name: 'x' } }, /tags: sets Name/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
