import { PlatformAwsProvider } from '@platform/core';
import { describeWithTerraform, offlinePlanOf, OfflinePlanResult, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { BackupPlan, seed002PostgresRules } from './backup-plan';
import { BackupVault } from './backup-vault';
import { BucketReplication } from './bucket-replication';
import { HealthCheckedFailoverRecord } from './health-checked-failover-record';
import { RegistryReplication } from './registry-replication';
import { ReplicaBucket } from './replica-bucket';

const ACCOUNT = '123456789012';
const LOCK = { minRetentionDays: 7, maxRetentionDays: 35 };
const ZONE = { zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };

describeWithTerraform('the recovery constructs with the real terraform', () => {
  let result: OfflinePlanResult;

  beforeAll(async () => {
    result = await offlinePlanOf('test-recovery', (stack) => {
      new PlatformAwsProvider(stack, 'aws', { region: 'eu-central-1', accountId: ACCOUNT, tags: { Environment: 'production' } });
      const secondaryProvider = new PlatformAwsProvider(stack, 'aws-eu-west-1', { region: 'eu-west-1', accountId: ACCOUNT, tags: { Environment: 'production' }, alias: 'eu-west-1' });
      const primary = new BackupVault(stack, 'primary-vault', { name: 'production-eu-central-1', accountId: ACCOUNT, region: 'eu-central-1', lock: LOCK });
      const secondary = new BackupVault(stack, 'secondary-vault', { name: 'production-eu-west-1', accountId: ACCOUNT, region: 'eu-west-1', provider: secondaryProvider, lock: LOCK });
      new BackupPlan(stack, 'postgres', { name: 'production-postgres', accountId: ACCOUNT, region: 'eu-central-1', vault: primary, rules: seed002PostgresRules(secondary.vaultArn) });
      const replica = new ReplicaBucket(stack, 'storage-replica', { bucketName: 'platform-production-storage-eu-west-1', accountId: ACCOUNT, region: 'eu-west-1', provider: secondaryProvider });
      new BucketReplication(stack, 'storage-replication', {
        name: 'production-storage',
        sourceBucketName: 'platform-production-storage',
        sourceBucketArn: 'arn:aws:s3:::platform-production-storage',
        sourceKmsKeyArn: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/1111aaaa-11aa-11aa-11aa-111111111111`,
        destination: replica,
        accountId: ACCOUNT,
        region: 'eu-central-1',
      });
      new RegistryReplication(stack, 'registry', { name: 'platform-production', accountId: ACCOUNT, region: 'eu-central-1', destinationRegion: 'eu-west-1', destinationProvider: secondaryProvider, repositoryPrefixes: ['novel-engine', 'kgas'] });
      for (const [role, region] of [['PRIMARY', 'eu-central-1'], ['SECONDARY', 'eu-west-1']] as const) {
        const ingress = `ingress.${region}.example.com`;
        new HealthCheckedFailoverRecord(stack, `api-${region}`, { ...ZONE, name: 'api.example.com', setIdentifier: region, role, cname: ingress, healthCheck: { fqdn: ingress, type: 'HTTPS', resourcePath: '/healthz' } });
      }
      new HealthCheckedFailoverRecord(stack, 'apex', {
        ...ZONE,
        name: 'example.com',
        setIdentifier: 'eu-central-1',
        role: 'PRIMARY',
        alias: { name: 'storymagic-123.eu-central-1.elb.amazonaws.com', zoneId: 'Z215JYRZR1TBD5', evaluateTargetHealth: true },
        healthCheck: { fqdn: 'example.com', type: 'HTTPS', resourcePath: '/' },
      });
    });
  }, TERRAFORM_TEST_TIMEOUT_MS);

  it('validates without diagnostics and plans the vaults, the backup plan, the bucket and registry replication and the failover records', () => {
    expect(result.validateDiagnostics).toEqual([]);
    expect(result.plan).toMatchObject({ change: 0, destroy: 0 });
    expect(result.plan.resourceCountsByType).toEqual({
      // Two vaults, the replica bucket, the ECR replicas.
      aws_kms_key: 4,
      aws_kms_alias: 4,
      aws_backup_vault: 2,
      aws_backup_vault_policy: 2,
      aws_backup_vault_lock_configuration: 2,
      aws_backup_plan: 1,
      aws_backup_selection: 1,
      // Backup, replication, ECR creation.
      aws_iam_role: 3,
      aws_iam_role_policy_attachment: 2,
      aws_iam_role_policy: 2,
      aws_s3_bucket: 1,
      aws_s3_bucket_versioning: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_replication_configuration: 1,
      aws_ecr_replication_configuration: 1,
      aws_ecr_repository_creation_template: 2,
      aws_route53_health_check: 3,
      aws_route53_record: 3,
    });
  });

  it('plans the replication rule with Replication Time Control and the failover records with their health checks', () => {
    const planned = (type: string) => Object.entries(result.plannedValues).filter(([address]) => address.startsWith(`${type}.`)).map(([, values]) => values);
    const [replication] = planned('aws_s3_bucket_replication_configuration');
    const [rule] = replication.rule as { destination: { replication_time: { status: string }[] }[] }[];
    expect(rule.destination[0].replication_time[0].status).toBe('Enabled');
    const records = planned('aws_route53_record') as { failover_routing_policy: { type: string }[] }[];
    expect(records.map((record) => record.failover_routing_policy[0].type).sort()).toEqual(['PRIMARY', 'PRIMARY', 'SECONDARY']);
  });

  it('plans the three seed 002 rules, each with one copy action', () => {
    const [plan] = Object.entries(result.plannedValues).filter(([address]) => address.startsWith('aws_backup_plan.')).map(([, values]) => values);
    const rules = plan.rule as { rule_name: string; schedule: string; copy_action: unknown[] }[];
    expect(rules.map((rule) => [rule.rule_name, rule.schedule, rule.copy_action.length]).sort()).toEqual([
      ['daily', 'cron(0 3 ? * * *)', 1],
      ['every-6-hours', 'cron(0 */6 ? * * *)', 1],
      ['monthly', 'cron(0 4 1 * ? *)', 1],
    ]);
  });
});
