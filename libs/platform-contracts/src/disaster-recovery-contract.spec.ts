import type { ContractInput, ContractResult } from './contract';
import { DisasterRecoveryContract } from './disaster-recovery-contract';
import { PlatformModel } from './platform-model';
import { failures, merge } from './private/spec-support';

type Json = Record<string, unknown>;
type Environment = ContractInput['environment'];

const contract = new DisasterRecoveryContract();
const PRIMARY = 'eu-central-1';
const SECONDARY = 'eu-west-1';
const ENVIRONMENT = {
  name: 'prod',
  region: PRIMARY,
  accountId: '123456789012',
  production: true,
  compute: 'ecs',
  recovery: { strategy: 'backup-restore', secondaryRegion: SECONDARY },
  state: { bucket: 'prod-state', region: PRIMARY },
} as unknown as Environment;
const PROVIDERS = { aws: [{ region: PRIMARY }, { alias: 'secondary', region: SECONDARY }] };
const IN_SECONDARY = { provider: 'aws.secondary' };
const PRIMARY_KEY = '${aws_kms_key.primary.arn}';
const SECONDARY_KEY = '${aws_kms_key.secondary.arn}';

/** The rule of a backup plan: every 6 hours, copied to the secondary region's vault. */
const backupRule = (change: Json = {}) => ({ rule_name: 'six-hourly', schedule: 'cron(0 */6 ? * * *)', copy_action: [{ destination_vault_arn: '${aws_backup_vault.copy.arn}' }], ...change });
const replicationRule = (change: Json = {}, destination: Json = {}) => ({
  id: 'all',
  status: 'Enabled',
  filter: [{}],
  destination: [{ bucket: '${aws_s3_bucket.replica.arn}', encryption_configuration: [{ replica_kms_key_id: SECONDARY_KEY }], ...destination }],
  ...change,
});

/** A primary site every check of which passes: a database, a bucket, a secret, a repository and a StorageClass. */
const recoverable = (): Json => ({
  aws_kms_key: { primary: {}, secondary: IN_SECONDARY },
  aws_db_instance: { db: { identifier: 'prod', tags: { Backup: 'prod' } } },
  aws_backup_plan: { plan: { name: 'plan', rule: [backupRule()] } },
  aws_backup_selection: { tagged: { plan_id: '${aws_backup_plan.plan.id}', selection_tag: [{ type: 'STRINGEQUALS', key: 'Backup', value: 'prod' }] } },
  aws_backup_vault: { main: { name: 'main', kms_key_arn: PRIMARY_KEY }, copy: { ...IN_SECONDARY, name: 'copy', kms_key_arn: SECONDARY_KEY } },
  aws_backup_vault_lock_configuration: { main: { backup_vault_name: 'main' }, copy: { ...IN_SECONDARY, backup_vault_name: 'copy' } },
  aws_s3_bucket: { assets: { bucket: 'assets' }, replica: { ...IN_SECONDARY, bucket: 'assets-replica' } },
  aws_s3_bucket_replication_configuration: { assets: { bucket: '${aws_s3_bucket.assets.id}', rule: [replicationRule()] } },
  aws_secretsmanager_secret: { db: { name: 'db', replica: [{ region: SECONDARY, kms_key_id: SECONDARY_KEY }] } },
  aws_ecr_repository: { app: { name: 'prod/app' } },
  aws_ecr_replication_configuration: { registry: { replication_configuration: [{ rule: [{ destination: [{ region: SECONDARY }], repository_filter: [{ filter: 'prod', filter_type: 'PREFIX_MATCH' }] }] }] } },
  aws_ecr_repository_creation_template: { replicas: { ...IN_SECONDARY, prefix: 'prod', applied_for: ['REPLICATION'], encryption_configuration: [{ encryption_type: 'KMS', kms_key: SECONDARY_KEY }] } },
  kubernetes_storage_class_v1: { gp3: { metadata: [{ name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }], storage_provisioner: 'ebs.csi.aws.com', parameters: { tagSpecification_1: 'Backup=prod' } } },
});

/** The contract on one `data` stack of the primary region holding `resources` (and `stacks` beside it). */
function evaluate(resources: Json, environment: Environment = ENVIRONMENT, stacks: Record<string, Json> = {}): ContractResult {
  const model = new PlatformModel({ data: { provider: PROVIDERS, resource: resources }, ...stacks } as ConstructorParameters<typeof PlatformModel>[0]);
  return contract.evaluate({ model, environment }) as ContractResult;
}
/** The failures of `recoverable()` changed by `change` (each resource type replaced, or removed when undefined). */
const broken = (change: Json, environment: Environment = ENVIRONMENT, stacks: Record<string, Json> = {}) =>
  failures(evaluate(Object.fromEntries(Object.entries({ ...recoverable(), ...change }).filter(([, blocks]) => blocks !== undefined)), environment, stacks));

describe('disaster recovery contract', () => {
  it('is titled for the report, checks every store, copy, plan and vault of a recoverable site, and notes its exemptions', () => {
    const result = evaluate(merge(recoverable(), { aws_sqs_queue: { tasks: {}, dead: {} }, aws_elasticache_replication_group: { cache: {} } }));
    expect(result.title).toBe('Disaster recovery: every data store is backed up or replicated to the secondary region with its keys; failover records are health-checked');
    expect(result.checks.map((item) => `${item.subject}: ${item.problems.join('; ') || 'passed'}`)).toEqual([
      'PostgreSQL data/aws_db_instance.db is selected by a backup plan: passed',
      'bucket data/aws_s3_bucket.assets replicates to eu-west-1: passed',
      'secret data/aws_secretsmanager_secret.db replicates to eu-west-1: passed',
      'ECR repository data/aws_ecr_repository.app replicates to eu-west-1: passed',
      'StorageClass data/kubernetes_storage_class_v1.gp3 tags its EBS volumes for a backup plan: passed',
      'backup rule six-hourly of data/aws_backup_plan.plan copies to a vault of eu-west-1 encrypted by a key of eu-west-1: passed',
      'replication rule all of data/aws_s3_bucket_replication_configuration.assets lands in a bucket of eu-west-1 encrypted by a key of eu-west-1: passed',
      'replica of secret data/aws_secretsmanager_secret.db in eu-west-1 is encrypted by a key of eu-west-1: passed',
      'replicas of ECR repository prod/app in eu-west-1 are encrypted by a key of eu-west-1: passed',
      'prod has an AWS Backup plan: passed',
      'backup plan data/aws_backup_plan.plan backs up at least every 6 hours with a copy to the secondary region (seed 002): passed',
      'backup plan data/aws_backup_plan.plan selects resources: passed',
      'backup vault data/aws_backup_vault.main is locked (production): passed',
      'backup vault data/aws_backup_vault.copy is locked (production): passed',
    ]);
    expect(result.notes).toEqual([
      'exempt replica bucket (holds the copy: a bucket of the secondary region that replication writes to): data/aws_s3_bucket.replica',
      'exempt cache (refilled from PostgreSQL after a failover; the secondary region runs its own, empty): data/aws_elasticache_replication_group.cache',
      'exempt queue (messages in flight are lost; the queues are recreated empty in the secondary region on failover): data/aws_sqs_queue.tasks, data/aws_sqs_queue.dead',
      'exempt backup vault (holds the recovery points themselves: the copy checks verify every rule copies them to the secondary region\'s vault): data/aws_backup_vault.main, data/aws_backup_vault.copy',
    ]);
  });

  it('does not apply without a recovery strategy; notes where the PostgreSQL replica of pilot-light and warm-standby is checked', () => {
    expect(evaluate({}, { ...ENVIRONMENT, recovery: { strategy: 'none' } } as Environment)).toEqual({
      id: 'disaster-recovery',
      title: contract.title,
      checks: [],
      notes: ["not applicable: prod has no disaster recovery (recovery.strategy: 'none')"],
    });
    const replicaNote = 'the cross-region PostgreSQL replica is checked in the model of prod-eu-west-1';
    for (const strategy of ['pilot-light', 'warm-standby']) {
      expect(evaluate(recoverable(), { ...ENVIRONMENT, recovery: { strategy, secondaryRegion: SECONDARY } } as Environment).notes).toContain(replicaNote);
    }
    expect(evaluate(recoverable()).notes).not.toContain(replicaNote);
  });

  describe('coverage', () => {
    it.each(
      [
        'aws_rds_cluster', 'aws_docdb_cluster', 'aws_neptune_cluster', 'aws_redshift_cluster', 'aws_redshiftserverless_namespace', 'aws_efs_file_system', 'aws_ebs_volume',
        'aws_fsx_lustre_file_system', 'aws_fsx_ontap_file_system', 'aws_fsx_openzfs_file_system', 'aws_fsx_windows_file_system', 'aws_elasticache_cluster',
        'aws_elasticache_serverless_cache', 'aws_memorydb_cluster', 'aws_elasticsearch_domain', 'aws_opensearchserverless_collection', 'aws_kinesis_stream', 'aws_msk_cluster',
        'aws_mq_broker', 'aws_keyspaces_table', 'aws_timestreamwrite_table', 'aws_qldb_ledger', 'aws_glacier_vault', 'aws_s3_directory_bucket', 'aws_s3tables_table_bucket',
        'kubernetes_persistent_volume_v1', 'kubernetes_persistent_volume_claim_v1',
      ].map((type) => [type]),
    )('%s holds data the contract has no rule for', (type) => {
      expect(broken({ [type]: { store: {} } })).toEqual([expect.stringMatching(new RegExp(`^${type} data/${type}.store is backed up or replicated: ${type}.store \\(data\\) holds data`))]);
    });

    it('a search domain and a topic are exempt with their reasons', () => {
      expect(evaluate(merge(recoverable(), { aws_opensearch_domain: { search: {} }, aws_sns_topic: { alarms: {} } })).notes).toEqual(
        expect.arrayContaining([
          'exempt search domain (the search index is rebuilt from PostgreSQL after a failover; OpenSearch Service keeps automated hourly snapshots in its own region): data/aws_opensearch_domain.search',
          'exempt topic (a topic stores no messages; the topics are recreated in the secondary region on failover): data/aws_sns_topic.alarms',
        ]),
      );
    });

    it('a store of a type the contract does not know fails', () => {
      expect(broken({ aws_efs_file_system: { shared: {} } })).toEqual([
        'aws_efs_file_system data/aws_efs_file_system.shared is backed up or replicated: aws_efs_file_system.shared (data) holds data, and the disaster-recovery contract has no coverage rule for aws_efs_file_system. Fix: back it up or replicate it into the secondary region and add aws_efs_file_system to the coverage table of libs/platform-contracts/src/disaster-recovery-contract.ts (or to its exemptions, with the reason)',
      ]);
    });

    describe('PostgreSQL and DynamoDB', () => {
      const unselected = (what: string, tag: string, selections = 'Backup=prod', fix = 'Backup=prod') =>
        `${what} is selected by no aws_backup_selection of a plan (its Backup tag: ${tag}; selections match ${selections}). Fix: tag it ${fix} or list its ARN in the selection's resources`;

      it('an instance tagged for a selection of a plan, or listed by its ARN, is selected', () => {
        const byArn = { plan_id: '${aws_backup_plan.plan.id}', resources: [`arn:aws:rds:${PRIMARY}:123456789012:db:prod`] };
        const untagged = { aws_db_instance: { db: { identifier: 'prod' } }, kubernetes_storage_class_v1: undefined };
        expect(broken({ ...untagged, aws_backup_selection: { byArn } })).toEqual([]);
        expect(broken({ ...untagged, aws_backup_selection: { byArn: { ...byArn, resources: [`arn:aws:rds:${SECONDARY}:123456789012:db:prod`] } } })).toEqual([
          `PostgreSQL data/aws_db_instance.db is selected by a backup plan: ${unselected('aws_db_instance.db (data)', 'none', 'nothing', 'Backup=<resource prefix>')}`,
        ]);
      });

      it('an instance or table without the tag, or tagged for a selection of no plan, is named', () => {
        expect(broken({ aws_db_instance: { db: { identifier: 'prod', tags: { Backup: 'staging' } } } })).toEqual([
          `PostgreSQL data/aws_db_instance.db is selected by a backup plan: ${unselected('aws_db_instance.db (data)', 'staging')}`,
        ]);
        expect(broken({ aws_dynamodb_table: { sessions: { name: 'sessions' } } })).toEqual([`DynamoDB table data/aws_dynamodb_table.sessions is selected by a backup plan: ${unselected('aws_dynamodb_table.sessions (data)', 'none')}`]);
        const orphan = { plan_id: 'plan-of-elsewhere', selection_tag: [{ type: 'STRINGEQUALS', key: 'Backup', value: 'prod' }] };
        expect(broken({ aws_backup_selection: { tagged: orphan } })).toEqual([
          `PostgreSQL data/aws_db_instance.db is selected by a backup plan: ${unselected('aws_db_instance.db (data)', 'prod')}`,
          "StorageClass data/kubernetes_storage_class_v1.gp3 tags its EBS volumes for a backup plan: the default StorageClass gp3 (kubernetes_storage_class_v1.gp3) tags its volumes Backup=prod, which no backup selection matches (Backup=prod). Fix: add the parameter tagSpecification_1: 'Backup=prod' so AWS Backup snapshots the volumes",
          'backup plan data/aws_backup_plan.plan selects resources: no aws_backup_selection names aws_backup_plan.plan. Fix: add a selection (selection_tag Backup=<resource prefix>)',
        ]);
      });
    });

    describe('buckets', () => {
      const notReplicated = (detail: string) =>
        `bucket data/aws_s3_bucket.assets replicates to eu-west-1: aws_s3_bucket.assets (assets) is not replicated as a whole to eu-west-1${detail}. Fix: replicate it into a replica bucket of eu-west-1 (BucketReplication of @platform/recovery), or, if it holds no data the applications need, add an exemption with the reason to the disaster-recovery contract`;
      const withRule = (change: Json) => broken({ aws_s3_bucket_replication_configuration: { assets: { bucket: '${aws_s3_bucket.assets.id}', rule: [replicationRule(change)] } } });
      const only = (state: string) => notReplicated(`: only rule all of data/aws_s3_bucket_replication_configuration.assets (${state})`);

      it('a bucket no replication names is named', () => {
        expect(broken({ aws_s3_bucket_replication_configuration: undefined })).toEqual([notReplicated(': no aws_s3_bucket_replication_configuration names it')]);
      });

      it('only an enabled rule for the whole bucket replicates it; an empty prefix is the whole bucket', () => {
        expect(withRule({ filter: [{ prefix: '' }], prefix: '' })).toEqual([]);
        expect(withRule({ filter: undefined })).toEqual([]);
        expect(withRule({ status: 'Disabled' })).toEqual([only('disabled, whole bucket')]);
        expect(withRule({ filter: [{ prefix: 'uploads/' }] })).toEqual([only('enabled, filtered')]);
        expect(withRule({ filter: [{ tag: [{ key: 'a', value: 'b' }] }] })).toEqual([only('enabled, filtered')]);
        expect(withRule({ filter: [{ and: [{ prefix: 'a' }] }] })).toEqual([only('enabled, filtered')]);
        expect(withRule({ filter: undefined, prefix: 'uploads/' })).toEqual([only('enabled, filtered')]);
      });

      it('a rule without an id is known by its position', () => {
        expect(withRule({ id: undefined, status: 'Disabled' })[0]).toContain('only rule 0 of data/aws_s3_bucket_replication_configuration.assets (disabled, whole bucket)');
      });

      it('access-log buckets (S3 logging targets, load balancer access and connection logs, the shared ALB’s) and state stores are exempt', () => {
        const logs = { aws_s3_bucket: { ...(recoverable().aws_s3_bucket as Json), logs: { bucket: 'logs' }, lb: { bucket: 'lb-logs' }, conn: { bucket: 'conn-logs' }, alb: { bucket: 'alb-logs' }, state: { bucket: 'prod-state' } } };
        const result = evaluate(
          merge(recoverable(), logs, {
            aws_s3_bucket_logging: { assets: { bucket: '${aws_s3_bucket.assets.id}', target_bucket: '${aws_s3_bucket.logs.id}' } },
            aws_lb: { public: { access_logs: [{ bucket: 'lb-logs', enabled: true }] } },
            aws_alb: { internal: { connection_logs: [{ bucket: '${aws_s3_bucket.conn.id}' }] } },
            helm_release: { lbc: { chart: 'aws-load-balancer-controller', values: [JSON.stringify({ ingressClassParams: { create: true, spec: { loadBalancerAttributes: [{ key: 'access_logs.s3.bucket', value: 'alb-logs' }] } } })] } },
            aws_dynamodb_table: { locks: { name: 'prod-locks' } },
          }),
          ENVIRONMENT,
          { bootstrap: { terraform: { backend: { s3: { bucket: 'prod-state', dynamodb_table: 'prod-locks' } } } } },
        );
        expect(failures(result)).toEqual([]);
        expect(result.notes).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^exempt access-log bucket \(an aws_s3_bucket_logging target .*\): data\/aws_s3_bucket.logs, data\/aws_s3_bucket.lb, data\/aws_s3_bucket.conn, data\/aws_s3_bucket.alb$/),
            'exempt Terraform state bucket (the state store of the bootstrap: the secondary region has its own, and its stacks read no state of the primary region): data/aws_s3_bucket.state',
            'exempt Terraform lock table (holds only state locks; the secondary region has its own state store): data/aws_dynamodb_table.locks',
          ]),
        );
      });

      it('a bucket of the primary region that is a replication destination is exempt as a replica (its rule fails the copy check)', () => {
        const result = broken({
          aws_s3_bucket: { assets: { bucket: 'assets' }, replica: { bucket: 'assets-replica' } },
        });
        expect(result).toEqual([
          'replication rule all of data/aws_s3_bucket_replication_configuration.assets lands in a bucket of eu-west-1 encrypted by a key of eu-west-1: aws_s3_bucket_replication_configuration.assets rule all replicates to data/aws_s3_bucket.replica in eu-central-1, not eu-west-1. Fix: replicate into a replica bucket of eu-west-1',
        ]);
      });
    });

    it('a secret without a replica in the secondary region is named with its replicas', () => {
      const fix = "Fix: add a replica block { region: 'eu-west-1', kms_key_id: <a key of eu-west-1> }";
      expect(broken({ aws_secretsmanager_secret: { db: { name: 'db' } } })).toEqual([`secret data/aws_secretsmanager_secret.db replicates to eu-west-1: aws_secretsmanager_secret.db (db) has no replica in eu-west-1 (replicas: none). ${fix}`]);
      expect(broken({ aws_secretsmanager_secret: { db: { name: 'db', replica: [{ region: 'us-east-1', kms_key_id: 'alias/aws/secretsmanager' }] } } })).toEqual([
        `secret data/aws_secretsmanager_secret.db replicates to eu-west-1: aws_secretsmanager_secret.db (db) has no replica in eu-west-1 (replicas: us-east-1). ${fix}`,
        'replica of secret data/aws_secretsmanager_secret.db in us-east-1 is encrypted by a key of us-east-1: aws_secretsmanager_secret.db (db) replica in us-east-1 kms_key_id names alias/aws/secretsmanager, not a KMS key the platform creates. Fix: set kms_key_id to a key of us-east-1',
      ]);
    });

    describe('ECR repositories', () => {
      const registry = (rule: Json) => ({ aws_ecr_replication_configuration: { registry: { replication_configuration: [{ rule: [{ destination: [{ region: SECONDARY }], ...rule }] }] } } });
      const unmatched = (filters: string) =>
        `ECR repository data/aws_ecr_repository.app replicates to eu-west-1: aws_ecr_repository.app (prod/app) matches no aws_ecr_replication_configuration rule to eu-west-1 (PREFIX_MATCH filters: ${filters}). Fix: replicate its prefix 'prod/' (RegistryReplication repositoryPrefixes)`;

      it('a rule without filters replicates every repository; a PREFIX_MATCH filter those that start with it', () => {
        expect(broken(registry({ repository_filter: [] }))).toEqual([]);
        expect(broken(registry({ repository_filter: [{ filter: 'other', filter_type: 'PREFIX_MATCH' }, { filter: 'prod/', filter_type: 'PREFIX_MATCH' }] }))).toEqual([]);
      });

      it('a repository no rule to the secondary region matches is named', () => {
        expect(broken(registry({ repository_filter: [{ filter: 'staging', filter_type: 'PREFIX_MATCH' }] }))).toEqual([unmatched('staging')]);
        expect(broken(registry({ repository_filter: [{ filter: 'prod', filter_type: 'OTHER' }] }))).toEqual([unmatched('prod')]);
        expect(broken(registry({ destination: [{ region: 'us-east-1' }], repository_filter: [{ filter: 'prod', filter_type: 'PREFIX_MATCH' }] }))).toEqual([unmatched('prod')]);
        expect(broken({ aws_ecr_replication_configuration: undefined })).toEqual([unmatched('none')]);
      });
    });

    describe('StorageClasses', () => {
      const storageClass = (change: Json, name = 'gp3', annotations: Json = {}) => ({
        kubernetes_storage_class_v1: { [name]: { metadata: [{ name, annotations }], storage_provisioner: 'ebs.csi.aws.com', parameters: { tagSpecification_1: 'Backup=prod' }, ...change } },
      });

      it('a class whose volume tags no selection of a plan matches is named', () => {
        expect(broken(storageClass({ parameters: { tagSpecification_1: 'Backup=staging', tagSpecification_x: 'Backup=prod', type: 'gp3' } }))).toEqual([
          "StorageClass data/kubernetes_storage_class_v1.gp3 tags its EBS volumes for a backup plan: StorageClass gp3 (kubernetes_storage_class_v1.gp3) tags its volumes Backup=staging, which no backup selection matches (Backup=prod). Fix: add the parameter tagSpecification_1: 'Backup=prod' so AWS Backup snapshots the volumes",
        ]);
        expect(broken({ ...storageClass({ parameters: {} }, 'gp3', { 'storageclass.kubernetes.io/is-default-class': 'true' }), aws_backup_selection: undefined, aws_db_instance: undefined })).toEqual([
          "StorageClass data/kubernetes_storage_class_v1.gp3 tags its EBS volumes for a backup plan: the default StorageClass gp3 (kubernetes_storage_class_v1.gp3) tags its volumes with nothing, which no backup selection matches (no selection). Fix: add the parameter tagSpecification_1: 'Backup=<resource prefix>' so AWS Backup snapshots the volumes",
          'backup plan data/aws_backup_plan.plan selects resources: no aws_backup_selection names aws_backup_plan.plan. Fix: add a selection (selection_tag Backup=<resource prefix>)',
        ]);
        expect(broken(storageClass({ parameters: { tagSpecification_12: 'Backup=prod' } }))).toEqual([]);
        for (const parameter of ['my_tagSpecification_1', 'tagSpecification_1x', 'tagSpecification_']) {
          expect(broken(storageClass({ parameters: { [parameter]: 'Backup=prod' } }))).toEqual([expect.stringContaining('tags its volumes with nothing, which no backup selection matches (Backup=prod)')]);
        }
      });

      it('a class of another provisioner is named', () => {
        expect(broken(storageClass({ storage_provisioner: 'efs.csi.aws.com' }))).toEqual([
          "StorageClass data/kubernetes_storage_class_v1.gp3 tags its EBS volumes for a backup plan: StorageClass gp3 provisions with efs.csi.aws.com, which the disaster-recovery contract has no coverage rule for. Fix: back its volumes up and add the provisioner to the contract's coverage table",
        ]);
      });
    });
  });

  describe('copies', () => {
    const copyCheck = 'backup rule six-hourly of data/aws_backup_plan.plan copies to a vault of eu-west-1 encrypted by a key of eu-west-1';

    it('a backup rule without a copy is named (and the plan has no frequent rule with a copy)', () => {
      expect(broken({ aws_backup_plan: { plan: { name: 'plan', rule: [backupRule({ copy_action: undefined })] } } })).toEqual([
        `${copyCheck}: aws_backup_plan.plan rule six-hourly has no copy_action. Fix: copy each recovery point to the vault of eu-west-1 (copy_action.destination_vault_arn)`,
        'backup plan data/aws_backup_plan.plan backs up at least every 6 hours with a copy to the secondary region (seed 002): aws_backup_plan.plan rules: six-hourly cron(0 */6 ? * * *) (no copy). Fix: add a rule with schedule cron(0 */6 ? * * *) and a copy_action to the secondary vault',
      ]);
    });

    it('a copy to a vault the platform does not create, of the primary region, or encrypted by a key of another region is named', () => {
      const copyTo = (arn: string) => broken({ aws_backup_plan: { plan: { name: 'plan', rule: [backupRule({ copy_action: [{ destination_vault_arn: arn }] })] } } });
      expect(copyTo('arn:aws:backup:eu-west-1:123456789012:backup-vault:elsewhere')).toEqual([
        `${copyCheck}: aws_backup_plan.plan rule six-hourly copy_action copies to arn:aws:backup:eu-west-1:123456789012:backup-vault:elsewhere, not a vault the platform creates. Fix: copy to the vault of the eu-west-1 recovery stack`,
      ]);
      expect(copyTo('${aws_kms_key.secondary.arn}')).toEqual([expect.stringMatching(/copy_action copies to arn:aws:kms:.*, not a vault the platform creates/)]);
      expect(copyTo('${aws_backup_vault.main.arn}')).toEqual([
        `${copyCheck}: aws_backup_plan.plan rule six-hourly copy_action copies to data/aws_backup_vault.main in eu-central-1, not eu-west-1. Fix: copy to the vault of the eu-west-1 recovery stack`,
      ]);
      expect(broken({ aws_backup_vault: { main: { name: 'main', kms_key_arn: PRIMARY_KEY }, copy: { ...IN_SECONDARY, name: 'copy', kms_key_arn: PRIMARY_KEY } } })).toEqual([
        `${copyCheck}: aws_backup_vault.copy (the copy vault) kms_key_arn names data/aws_kms_key.primary, a key of eu-central-1, not of eu-west-1. Fix: encrypt the copy vault with a key of eu-west-1`,
      ]);
    });

    it('a replication rule into a bucket the platform does not create, or with a replica key of another region or none, is named', () => {
      const subject = 'replication rule all of data/aws_s3_bucket_replication_configuration.assets lands in a bucket of eu-west-1 encrypted by a key of eu-west-1';
      const withDestination = (destination: Json) => broken({ aws_s3_bucket_replication_configuration: { assets: { bucket: '${aws_s3_bucket.assets.id}', rule: [replicationRule({}, destination)] } } });
      expect(withDestination({ bucket: 'arn:aws:s3:::somewhere' })).toEqual([
        `${subject}: aws_s3_bucket_replication_configuration.assets rule all replicates to arn:aws:s3:::somewhere, not a bucket the platform creates. Fix: replicate into the replica bucket of the eu-west-1 recovery stack`,
      ]);
      expect(withDestination({ bucket: 'arn:aws:s3:::assets-replica' })).toEqual([]);
      expect(withDestination({ encryption_configuration: [{ replica_kms_key_id: PRIMARY_KEY }] })).toEqual([
        `${subject}: aws_s3_bucket_replication_configuration.assets rule all replica_kms_key_id names data/aws_kms_key.primary, a key of eu-central-1, not of eu-west-1. Fix: encrypt the replicas with a key of eu-west-1 (destination.encryption_configuration.replica_kms_key_id)`,
      ]);
      expect(withDestination({ encryption_configuration: undefined })).toEqual([
        `${subject}: aws_s3_bucket_replication_configuration.assets rule all replica_kms_key_id names no key, not a KMS key the platform creates. Fix: encrypt the replicas with a key of eu-west-1 (destination.encryption_configuration.replica_kms_key_id)`,
      ]);
    });

    it('a secret replica without a key of its region is named', () => {
      const subject = 'replica of secret data/aws_secretsmanager_secret.db in eu-west-1 is encrypted by a key of eu-west-1';
      expect(broken({ aws_secretsmanager_secret: { db: { name: 'db', replica: [{ region: SECONDARY }] } } })).toEqual([
        `${subject}: aws_secretsmanager_secret.db (db) replica in eu-west-1 has no kms_key_id: it is encrypted by the AWS managed key aws/secretsmanager. Fix: set kms_key_id to a key of eu-west-1 (the secondary recovery stack's secrets key)`,
      ]);
      expect(broken({ aws_secretsmanager_secret: { db: { name: 'db', replica: [{ region: SECONDARY, kms_key_id: PRIMARY_KEY }] } } })).toEqual([
        `${subject}: aws_secretsmanager_secret.db (db) replica in eu-west-1 kms_key_id names data/aws_kms_key.primary, a key of eu-central-1, not of eu-west-1. Fix: set kms_key_id to a key of eu-west-1`,
      ]);
    });

    describe('replicated ECR repositories', () => {
      const subject = 'replicas of ECR repository prod/app in eu-west-1 are encrypted by a key of eu-west-1';
      const template = (change: Json) => broken({ aws_ecr_repository_creation_template: { replicas: { ...IN_SECONDARY, prefix: 'prod', applied_for: ['REPLICATION'], encryption_configuration: [{ encryption_type: 'KMS', kms_key: SECONDARY_KEY }], ...change } } });
      const noTemplate = `${subject}: no aws_ecr_repository_creation_template in eu-west-1 applies to replication of prod/app: its replica gets AES-256 encryption, not a key of eu-west-1. Fix: add a REPLICATION creation template for the prefix 'prod' with a KMS key of eu-west-1`;

      it('a REPLICATION template of the secondary region for its prefix, or ROOT, encrypts with a key of that region', () => {
        expect(template({ prefix: 'ROOT' })).toEqual([]);
        expect(template({ prefix: 'pro' })).toEqual([noTemplate]);
        expect(template({ applied_for: ['PULL_THROUGH_CACHE'] })).toEqual([noTemplate]);
        expect(template({ provider: undefined })).toEqual([noTemplate]);
      });

      it('a template without KMS, or with a key of another region, is named', () => {
        expect(template({ encryption_configuration: [{ encryption_type: 'AES256' }] })).toEqual([`${subject}: data/aws_ecr_repository_creation_template.replicas encrypts with AES256. Fix: encryption_type KMS with a key of eu-west-1`]);
        expect(template({ encryption_configuration: undefined })).toEqual([`${subject}: data/aws_ecr_repository_creation_template.replicas encrypts with AES256. Fix: encryption_type KMS with a key of eu-west-1`]);
        expect(template({ encryption_configuration: [{ encryption_type: 'KMS', kms_key: PRIMARY_KEY }] })).toEqual([
          `${subject}: aws_ecr_repository_creation_template.replicas kms_key names data/aws_kms_key.primary, a key of eu-central-1, not of eu-west-1. Fix: encrypt the replicated repositories with a key of eu-west-1`,
        ]);
      });
    });
  });

  describe('backups', () => {
    const plan = (...rules: Json[]) => ({ aws_backup_plan: { plan: { name: 'plan', rule: rules } } });
    const infrequent = (rules: string) =>
      `backup plan data/aws_backup_plan.plan backs up at least every 6 hours with a copy to the secondary region (seed 002): aws_backup_plan.plan rules: ${rules}. Fix: add a rule with schedule cron(0 */6 ? * * *) and a copy_action to the secondary vault`;

    it('a plan backs up at least every 6 hours: 6 passes, 7 and an unreadable schedule fail', () => {
      expect(broken(plan(backupRule({ schedule: 'rate(6 hours)' })))).toEqual([]);
      expect(broken(plan(backupRule({ schedule: 'rate(361 minutes)' })))).toEqual([infrequent('six-hourly rate(361 minutes)')]);
      expect(broken(plan(backupRule({ schedule: 'cron(0 */7 ? * * *)' })))).toEqual([infrequent('six-hourly cron(0 */7 ? * * *)')]);
      expect(broken(plan(backupRule({ schedule: undefined })))).toEqual([infrequent('six-hourly undefined')]);
      expect(broken(plan(backupRule({ rule_name: 'daily', schedule: 'cron(0 3 ? * * *)' }), backupRule()))).toEqual([]);
    });

    it('without a plan, the environment is named', () => {
      expect(broken({ aws_backup_plan: undefined, aws_backup_selection: undefined, aws_db_instance: undefined, kubernetes_storage_class_v1: undefined })).toEqual([
        "prod has an AWS Backup plan: no aws_backup_plan in the stacks. Fix: build the recovery stack's BackupPlan (recovery.strategy backup-restore needs it)",
      ]);
    });

    it('a plan of the secondary region is not held to the copy rules', () => {
      expect(
        evaluate(merge(recoverable(), { aws_backup_plan: { standby: { ...IN_SECONDARY, name: 'standby', rule: [{ rule_name: 'daily', schedule: 'cron(0 3 ? * * *)' }] } } }))
          .checks.map((item) => item.subject)
          .filter((subject) => subject.includes('standby')),
      ).toEqual([]);
    });

    it('production vaults are locked, by a lock of the same name in the same region; other environments need no lock', () => {
      const lockless = 'backup vault data/aws_backup_vault.copy is locked (production): aws_backup_vault.copy (copy) has no aws_backup_vault_lock_configuration. Fix: lock it (BackupVault lock: productionVaultLock())';
      expect(broken({ aws_backup_vault_lock_configuration: { main: { backup_vault_name: 'main' }, copy: { backup_vault_name: 'copy' } } })).toEqual([lockless]);
      expect(broken({ aws_backup_vault_lock_configuration: { main: { backup_vault_name: 'main' }, copy: { ...IN_SECONDARY, backup_vault_name: 'main' } } })).toEqual([lockless]);
      const staging = evaluate({ ...recoverable(), aws_backup_vault_lock_configuration: {} }, { ...ENVIRONMENT, production: false } as Environment);
      expect(failures(staging)).toEqual([]);
      expect(staging.checks.map((item) => item.subject).filter((subject) => subject.includes('locked'))).toEqual([]);
    });
  });

  describe('failover records', () => {
    const record = (name: string, role: string, target: string, change: Json = {}) => ({
      [name]: { name: 'app.example.com', type: 'CNAME', records: [target], set_identifier: name, failover_routing_policy: [{ type: role }], health_check_id: `\${aws_route53_health_check.${name}.id}`, ...change },
    });
    const healthChecks = { aws_route53_health_check: { primary: { fqdn: 'ingress.eu-central-1.example.com' }, secondary: { fqdn: 'ingress.eu-west-1.example.com' } } };
    const records = (...blocks: Json[]) => broken({ ...healthChecks, aws_route53_record: Object.assign({ plain: { name: 'www.example.com', type: 'A' } }, ...blocks) });
    const pair = [record('primary', 'PRIMARY', 'ingress.eu-central-1.example.com'), record('secondary', 'SECONDARY', 'ingress.eu-west-1.example.com')];

    it('a PRIMARY and a SECONDARY record, each health-checked at its target, pass; an alias target counts', () => {
      expect(records(...pair)).toEqual([]);
      expect(records(record('primary', 'PRIMARY', 'unused', { records: undefined, alias: [{ name: 'ingress.eu-central-1.example.com' }] }))).toEqual([]);
    });

    it('a record without a health check of the platform, or whose check probes another name, is named', () => {
      expect(records(record('primary', 'PRIMARY', 'ingress.eu-central-1.example.com', { health_check_id: 'abc', set_identifier: undefined }))).toEqual([
        'failover record app.example.com CNAME (PRIMARY) is health-checked at its target: aws_route53_record.primary (app.example.com CNAME, PRIMARY) has no health check of the platform (health_check_id: "abc"): Route 53 cannot tell when to fail over. Fix: set health_check_id to an aws_route53_health_check on ingress.eu-central-1.example.com',
      ]);
      expect(records(record('primary', 'PRIMARY', 'ingress.eu-central-1.example.com', { health_check_id: '${aws_kms_key.primary.id}' }))).toEqual([expect.stringContaining('has no health check of the platform')]);
      expect(records(record('primary', 'PRIMARY', 'ingress.eu-west-1.example.com'))).toEqual([
        'failover record app.example.com CNAME (PRIMARY) is health-checked at its target: aws_route53_record.primary (app.example.com CNAME, PRIMARY primary) points at ingress.eu-west-1.example.com but its health check data/aws_route53_health_check.primary probes ingress.eu-central-1.example.com. Fix: health-check the record\'s own target',
      ]);
    });

    it('a name needs one PRIMARY and at most one SECONDARY; after a failover only the SECONDARY', () => {
      const roles = 'failover records of app.example.com CNAME: one PRIMARY, at most one SECONDARY: app.example.com CNAME has';
      const fix = 'Fix: one PRIMARY (the primary region) and one SECONDARY (the secondary region)';
      expect(records(pair[1])).toEqual([`${roles} 0 PRIMARY and 1 SECONDARY records. ${fix}`]);
      expect(records(...pair, record('tertiary', 'SECONDARY', 'ingress.eu-west-1.example.com', { health_check_id: '${aws_route53_health_check.secondary.id}' }))).toEqual([`${roles} 1 PRIMARY and 2 SECONDARY records. ${fix}`]);
      expect(records(...pair, record('again', 'PRIMARY', 'ingress.eu-central-1.example.com', { health_check_id: '${aws_route53_health_check.primary.id}' }))).toEqual([`${roles} 2 PRIMARY and 1 SECONDARY records. ${fix}`]);

      const failedOver = { ...ENVIRONMENT, recovery: { strategy: 'backup-restore', secondaryRegion: SECONDARY, activeRegion: 'secondary' } } as Environment;
      const after = (...blocks: Json[]) => broken({ ...healthChecks, aws_route53_record: Object.assign({}, ...blocks) }, failedOver);
      const afterRoles = 'failover records of app.example.com CNAME: no PRIMARY (the failed primary region’s record is removed) and one SECONDARY: app.example.com CNAME has';
      expect(after(pair[1])).toEqual([]);
      expect(after(...pair)).toEqual([`${afterRoles} 1 PRIMARY and 1 SECONDARY records. Fix: keep only the secondary region’s SECONDARY record`]);
      expect(after(record('primary', 'PRIMARY', 'ingress.eu-central-1.example.com'))).toEqual([`${afterRoles} 1 PRIMARY and 0 SECONDARY records. Fix: keep only the secondary region’s SECONDARY record`]);
    });

    describe('on EKS, the regional ingress name', () => {
      const EKS = { ...ENVIRONMENT, compute: 'eks', dnsZoneName: 'example.com' } as Environment;
      const ingress = (host: string) => ({ kubernetes_ingress_v1: { health: { metadata: [{ name: 'health' }], spec: [{ ingress_class_name: 'alb', rule: [{ host }] }] } } });
      const eks = (change: Json, environment = EKS) => broken({ ...healthChecks, aws_route53_record: Object.assign({}, ...pair), ...change }, environment);

      it('is published by an alb Ingress of the site when a failover record points at it', () => {
        expect(eks(ingress('ingress.eu-central-1.example.com'))).toEqual([]);
        expect(eks(ingress('ingress.eu-west-1.example.com'))).toEqual([
          'the eu-central-1 ingress publishes ingress.eu-central-1.example.com, where the failover records point: no alb Ingress of the site serves ingress.eu-central-1.example.com (found ["ingress.eu-west-1.example.com"]). Fix: pass regionalIngressName to ClusterAddons in the site\'s cluster-addons stack (IngressHealthEndpoint)',
        ]);
        const annotated = { kubernetes_ingress_v1: { health: { metadata: [{ name: 'health', annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'ingress.eu-central-1.example.com' } }], spec: [{ ingress_class_name: 'alb' }] } } };
        expect(eks(annotated)).toEqual([]);
      });

      it('is not needed when no failover record points at it, without a zone, or on ECS', () => {
        const elsewhere = broken({ ...healthChecks, aws_route53_record: Object.assign({}, pair[1]) }, EKS);
        expect(elsewhere.filter((failure) => failure.includes('ingress publishes'))).toEqual([]);
        expect(eks({}, { ...EKS, dnsZoneName: undefined } as Environment).filter((failure) => failure.includes('ingress publishes'))).toEqual([]);
        expect(eks({}, { ...EKS, compute: 'ecs' } as Environment).filter((failure) => failure.includes('ingress publishes'))).toEqual([]);
        expect(eks({}).filter((failure) => failure.includes('ingress publishes'))).toHaveLength(1);
      });
    });
  });

  describe('on a secondary site', () => {
    const site = (change: Json = {}) =>
      ({
        ...ENVIRONMENT,
        region: SECONDARY,
        state: { bucket: 'prod-state-west', region: SECONDARY },
        site: { primaryRegion: PRIMARY, primaryResourcePrefix: 'prod', active: false, runsCompute: false, ...change },
      }) as unknown as Environment;
    const PRIMARY_DB = `arn:aws:rds:${PRIMARY}:123456789012:db:prod`;
    const backend = (bucket = 'prod-state-west', region = SECONDARY) => ({ backend: { s3: { bucket, key: 'data', region } } });
    const standby = (resources: Json, environment = site(), json: Json = { terraform: backend() }) => {
      const model = new PlatformModel({ 'prod-data-eu-west-1': { provider: { aws: [{ region: SECONDARY }] }, resource: resources, ...json } } as ConstructorParameters<typeof PlatformModel>[0]);
      return contract.evaluate({ model, environment }) as ContractResult;
    };
    const replica = (change: Json = {}) => ({ aws_kms_key: { west: {} }, aws_db_instance: { replica: { replicate_source_db: PRIMARY_DB, kms_key_id: '${aws_kms_key.west.arn}', ...change } } });

    it('a replica of the primary’s instance, encrypted by a key of the site, whose stacks keep their state in the site, passes', () => {
      const result = standby(merge(replica(), { aws_backup_vault: { copy: { kms_key_arn: '${aws_kms_key.west.arn}' } } }));
      expect(result.checks.map((item) => `${item.subject}: ${item.problems.join('; ') || 'passed'}`)).toEqual([
        'the eu-west-1 site of prod holds a PostgreSQL replica of the primary in eu-central-1: passed',
        "PostgreSQL prod-data-eu-west-1/aws_db_instance.replica replicates the primary's instance in eu-central-1: passed",
        'PostgreSQL prod-data-eu-west-1/aws_db_instance.replica is encrypted by a key of eu-west-1: passed',
        'backup vault prod-data-eu-west-1/aws_backup_vault.copy is encrypted by a key of eu-west-1: passed',
        'prod-data-eu-west-1 plans and applies without the primary region: its state and every state it reads are in eu-west-1: passed',
      ]);
      expect(result.notes).toEqual([
        'the eu-west-1 site of prod stands by for eu-central-1: it holds the copies (replica buckets, copy vault, the PostgreSQL replica); whether every store of the primary is copied is checked in the primary\'s model',
      ]);
      expect(standby(replica(), site({ active: true })).notes).toEqual([expect.stringMatching(/^the eu-west-1 site of prod serves for eu-central-1:/)]);
    });

    it('no replica, a replica of another region’s instance or of a name, or a key of another region is named', () => {
      expect(failures(standby({ aws_sqs_queue: { tasks: {} }, aws_efs_file_system: { shared: {} } }))).toEqual([
        expect.stringMatching(/^aws_efs_file_system prod-data-eu-west-1\/aws_efs_file_system.shared is backed up or replicated: /),
        "the eu-west-1 site of prod holds a PostgreSQL replica of the primary in eu-central-1: no aws_db_instance in the site's stacks. Fix: build the standby data stack's PostgresReadReplica of the primary (pilot-light and warm-standby need it)",
      ]);
      const notReplica = (source: string) =>
        `PostgreSQL prod-data-eu-west-1/aws_db_instance.replica replicates the primary's instance in eu-central-1: aws_db_instance.replica replicate_source_db is ${source}, not the ARN of an instance in eu-central-1. Fix: replicate the primary by its ARN (arn:aws:rds:eu-central-1:<account>:db:prod)`;
      expect(failures(standby(replica({ replicate_source_db: `arn:aws:rds:${SECONDARY}:123456789012:db:prod` })))).toEqual([notReplica(`"arn:aws:rds:${SECONDARY}:123456789012:db:prod"`)]);
      expect(failures(standby(replica({ replicate_source_db: `${PRIMARY}:prod` })))).toEqual([notReplica(`"${PRIMARY}:prod"`)]);
      expect(failures(standby(replica({ replicate_source_db: undefined })))).toEqual([notReplica('undefined')]);
      expect(failures(standby(replica({ replicate_source_db: undefined }), site({ active: true })))).toEqual([]);
      expect(failures(standby(replica({ kms_key_id: 'alias/aws/rds' })))).toEqual([
        'PostgreSQL prod-data-eu-west-1/aws_db_instance.replica is encrypted by a key of eu-west-1: aws_db_instance.replica kms_key_id names alias/aws/rds, not a KMS key the platform creates. Fix: encrypt it with a key created in eu-west-1 (a cross-region replica cannot use the primary\'s key)',
      ]);
    });

    it('a vault of the site is encrypted by a key of the site; vaults of other regions are not its to check', () => {
      const vaults = (provider: Json) => standby(merge(replica(), { aws_backup_vault: { copy: { ...provider, kms_key_arn: 'alias/aws/backup' } } }));
      expect(failures(vaults({}))).toEqual([
        'backup vault prod-data-eu-west-1/aws_backup_vault.copy is encrypted by a key of eu-west-1: aws_backup_vault.copy kms_key_arn names alias/aws/backup, not a KMS key the platform creates. Fix: encrypt the vault with a key of eu-west-1',
      ]);
      expect(failures(vaults({ provider: 'aws.nowhere' }))).toEqual([]);
    });

    it('a stack that keeps its state in, or reads state from, another store is named; other regions’ stacks and bootstrap are not its', () => {
      const subject = 'prod-data-eu-west-1 plans and applies without the primary region: its state and every state it reads are in eu-west-1';
      expect(failures(standby(replica(), site(), { terraform: backend('prod-state', PRIMARY) }))).toEqual([
        `${subject}: keeps its state in "prod-state" (eu-central-1), not the site's store prod-state-west (eu-west-1). Fix: build it from secondarySite(environment), whose state is in eu-west-1`,
      ]);
      expect(failures(standby(replica(), site(), { terraform: backend('prod-state-west', PRIMARY) }))).toHaveLength(1);
      expect(failures(standby(replica(), site(), { terraform: backend('prod-state', SECONDARY) }))).toHaveLength(1);
      expect(failures(standby(replica(), site(), {}))).toEqual([
        `${subject}: keeps its state in undefined (undefined), not the site's store prod-state-west (eu-west-1). Fix: build it from secondarySite(environment), whose state is in eu-west-1`,
      ]);
      const reads = (config: Json) => ({ terraform: backend(), data: { terraform_remote_state: { primary: { config } } } });
      expect(failures(standby(replica(), site(), reads({ bucket: 'prod-state-west', key: 'network', region: SECONDARY })))).toEqual([]);
      expect(failures(standby(replica(), site(), reads({ bucket: 'prod-state', key: 'data', region: PRIMARY })))).toEqual([
        `${subject}: reads the state of another region's stack (data.terraform_remote_state.primary: "data" in "prod-state"), so its failover plan fails while that region is down. Fix: derive the value from config (e.g. an ARN from the primary's names) instead of a cross-stack reference`,
      ]);
      const others = new PlatformModel({
        'prod-data-eu-west-1': { provider: { aws: [{ region: SECONDARY }] }, resource: replica(), terraform: backend() },
        'prod-data': { terraform: backend('prod-state', PRIMARY) },
        'bootstrap-eu-west-1': { terraform: backend('bootstrap', SECONDARY) },
      } as ConstructorParameters<typeof PlatformModel>[0]);
      expect(failures(contract.evaluate({ model: others, environment: site() }) as ContractResult)).toEqual([]);
    });

    it('a site that runs the cluster publishes its own regional ingress name', () => {
      const eksSite = (runsCompute: boolean) => ({ ...site({ runsCompute }), compute: 'eks', dnsZoneName: 'example.com' }) as unknown as Environment;
      expect(failures(standby(replica(), eksSite(true)))).toEqual([expect.stringMatching(/^the eu-west-1 ingress publishes ingress.eu-west-1.example.com, where the failover records point: no alb Ingress/)]);
      expect(failures(standby(replica(), eksSite(false)))).toEqual([]);
    });
  });
});
