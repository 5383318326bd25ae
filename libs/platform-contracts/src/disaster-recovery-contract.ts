import { type EnvironmentConfig, regionalIngressName } from '@platform/config';
import { blockOf, blocksOf, stringsOf } from '@platform/guardrails';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';
import { albAccessLogBuckets, albIngresses } from './alb-ingresses';
import {
  arnRegion,
  type BackupSelection,
  backupSelections,
  bucketNamed,
  keyInRegionProblems,
  referencedResource,
  regionOf,
  resourceTags,
  scheduleGapHours,
  selects,
} from './private/recovery-model';

/** Seed 002: PostgreSQL is backed up every 6 hours. */
const MAX_BACKUP_GAP_HOURS = 6;

/** What the contract knows of the primary site, read once. */
interface RecoveryContext {
  readonly model: PlatformModel;
  readonly environment: EnvironmentConfig;
  readonly secondaryRegion: string;
  readonly selections: readonly BackupSelection[];
  readonly replications: readonly BucketReplicationRule[];
  /** Buckets that receive access logs (S3 server access logging, load balancer access logs). */
  readonly logBuckets: ReadonlySet<ModelResource>;
  /** Names of the Terraform state buckets and lock tables the stacks' S3 backends use. */
  readonly stateStores: ReadonlySet<string>;
}

/** One rule of an `aws_s3_bucket_replication_configuration`. */
interface BucketReplicationRule {
  readonly configuration: ModelResource;
  readonly id: string;
  readonly enabled: boolean;
  /** Whether it replicates every object (no prefix or tag filter). */
  readonly wholeBucket: boolean;
  readonly source?: ModelResource;
  readonly destination?: ModelResource;
  /** The destination bucket's ARN as resolved. */
  readonly destinationArn: string;
  readonly replicaKmsKeyId: unknown;
}

/** A stateful resource the platform does not back up or replicate, and why that is right. */
interface Exemption {
  readonly type: string;
  readonly what: string;
  readonly reason: string;
  /** Which resources of the type it exempts. @default - every resource of the type */
  readonly applies?: (resource: ModelResource, context: RecoveryContext) => boolean;
}

/** How a stateful type is covered: the check's wording and what is missing when it is not. */
interface CoverageRule {
  readonly what: string;
  /** The rest of the check's subject, e.g. `replicates to eu-west-1`. */
  readonly covered: (context: RecoveryContext) => string;
  readonly problems: (resource: ModelResource, context: RecoveryContext) => string[];
}

/**
 * Stores whose data a failover does not carry over, each with the platform's reason. Every exemption that applies is
 * shown as a note, so the report lists what a failover loses.
 */
const EXEMPTIONS: readonly Exemption[] = [
  { type: 'aws_elasticache_replication_group', what: 'cache', reason: 'refilled from PostgreSQL after a failover; the secondary region runs its own, empty' },
  {
    type: 'aws_opensearch_domain',
    what: 'search domain',
    reason: 'the search index is rebuilt from PostgreSQL after a failover; OpenSearch Service keeps automated hourly snapshots in its own region',
  },
  { type: 'aws_sqs_queue', what: 'queue', reason: 'messages in flight are lost; the queues are recreated empty in the secondary region on failover' },
  { type: 'aws_sns_topic', what: 'topic', reason: 'a topic stores no messages; the topics are recreated in the secondary region on failover' },
  {
    type: 'aws_backup_vault',
    what: 'backup vault',
    reason: "holds the recovery points themselves: the copy checks verify every rule copies them to the secondary region's vault",
  },
  {
    type: 'aws_s3_bucket',
    what: 'access-log bucket',
    reason: "an aws_s3_bucket_logging target or a load balancer's access_logs bucket: the primary region's audit trail, not data the applications need after a failover",
    applies: (bucket, context) => context.logBuckets.has(bucket),
  },
  {
    type: 'aws_s3_bucket',
    what: 'replica bucket',
    reason: 'holds the copy: a bucket of the secondary region that replication writes to',
    applies: (bucket, context) => regionOf(context.model, bucket) === context.secondaryRegion || context.replications.some((rule) => rule.destination === bucket),
  },
  {
    type: 'aws_s3_bucket',
    what: 'Terraform state bucket',
    reason: 'the state store of the bootstrap: the secondary region has its own, and its stacks read no state of the primary region',
    applies: (bucket, context) => context.stateStores.has(String(bucket.values.bucket)),
  },
  {
    type: 'aws_dynamodb_table',
    what: 'Terraform lock table',
    reason: 'holds only state locks; the secondary region has its own state store',
    applies: (table, context) => context.stateStores.has(String(table.values.name)),
  },
];

/**
 * Stores the platform backs up or replicates into the secondary region, by Terraform type. A type listed in
 * {@link DATA_STORE_TYPES} with neither a rule here nor an exemption fails the contract.
 */
const COVERAGE: Readonly<Record<string, CoverageRule>> = {
  aws_db_instance: {
    what: 'PostgreSQL',
    covered: () => 'is selected by a backup plan',
    problems: (db, context) => selectionProblems(db, context, [`arn:aws:rds:${regionOf(context.model, db)}:${context.environment.accountId}:db:${String(db.values.identifier)}`]),
  },
  aws_dynamodb_table: {
    what: 'DynamoDB table',
    covered: () => 'is selected by a backup plan',
    problems: (table, context) => selectionProblems(table, context, []),
  },
  aws_s3_bucket: {
    what: 'bucket',
    covered: (context) => `replicates to ${context.secondaryRegion}`,
    problems: bucketCoverageProblems,
  },
  aws_secretsmanager_secret: {
    what: 'secret',
    covered: (context) => `replicates to ${context.secondaryRegion}`,
    problems: (secret, context) =>
      blocksOf(secret.values.replica).some((replica) => replica.region === context.secondaryRegion)
        ? []
        : [
            `${secret.address} (${String(secret.values.name)}) has no replica in ${context.secondaryRegion} (replicas: ${blocksOf(secret.values.replica).map((replica) => String(replica.region)).join(', ') || 'none'}). Fix: add a replica block { region: '${context.secondaryRegion}', kms_key_id: <a key of ${context.secondaryRegion}> }`,
          ],
  },
  aws_ecr_repository: {
    what: 'ECR repository',
    covered: (context) => `replicates to ${context.secondaryRegion}`,
    problems: (repository, context) =>
      replicatingRules(context, String(repository.values.name)).length > 0
        ? []
        : [
            `${repository.address} (${String(repository.values.name)}) matches no aws_ecr_replication_configuration rule to ${context.secondaryRegion} (PREFIX_MATCH filters: ${ecrFilters(context.model).join(', ') || 'none'}). Fix: replicate its prefix '${String(repository.values.name).split('/')[0]}/' (RegistryReplication repositoryPrefixes)`,
          ],
  },
  kubernetes_storage_class_v1: {
    what: 'StorageClass',
    covered: () => 'tags its EBS volumes for a backup plan',
    problems: storageClassProblems,
  },
};

/**
 * Terraform types that hold data. Each has a coverage rule or an exemption; one that has neither (a store added
 * without thinking about its recovery) fails the contract until it is added to one of the two tables.
 */
const DATA_STORE_TYPES: readonly string[] = [
  ...new Set([
    ...Object.keys(COVERAGE),
    ...EXEMPTIONS.map((exemption) => exemption.type),
    'aws_rds_cluster',
    'aws_docdb_cluster',
    'aws_neptune_cluster',
    'aws_redshift_cluster',
    'aws_redshiftserverless_namespace',
    'aws_efs_file_system',
    'aws_ebs_volume',
    'aws_fsx_lustre_file_system',
    'aws_fsx_ontap_file_system',
    'aws_fsx_openzfs_file_system',
    'aws_fsx_windows_file_system',
    'aws_elasticache_cluster',
    'aws_elasticache_serverless_cache',
    'aws_memorydb_cluster',
    'aws_elasticsearch_domain',
    'aws_opensearchserverless_collection',
    'aws_kinesis_stream',
    'aws_msk_cluster',
    'aws_mq_broker',
    'aws_keyspaces_table',
    'aws_timestreamwrite_table',
    'aws_qldb_ledger',
    'aws_glacier_vault',
    'aws_s3_directory_bucket',
    'aws_s3tables_table_bucket',
    'kubernetes_persistent_volume_v1',
    'kubernetes_persistent_volume_claim_v1',
  ]),
];

/**
 * Disaster recovery (issue 16): an environment with a recovery strategy can lose its primary region and keep its
 * data. Checked on the primary site:
 * - coverage: every store of data is backed up by AWS Backup (PostgreSQL and, through the default StorageClass's
 *   volume tags, EBS volumes) or replicated into the secondary region (buckets, secrets, ECR repositories), or is
 *   exempt with a stated reason (caches, search, queues, topics, access logs, replicas, the state store); a type of
 *   store the contract does not know fails, so a new one cannot slip through;
 * - copies: every backup copy, bucket replica, secret replica and replicated image lands in the secondary region,
 *   encrypted with a key of that region (a key of the lost region would leave the copy unreadable);
 * - backups: a plan backs up at least every 6 hours (seed 002) and every vault is locked in production;
 * - failover: every Route 53 failover record has a health check on the name it points at, and each name has one
 *   PRIMARY and at most one SECONDARY.
 * On a secondary site (its own model): the PostgreSQL replica replicates the primary's instance and is encrypted with
 * a key of the site's region, and the site adds no unknown store.
 */
export class DisasterRecoveryContract implements PlatformContract {
  readonly id = 'disaster-recovery';
  readonly title = 'Disaster recovery: every data store is backed up or replicated to the secondary region with its keys; failover records are health-checked';

  evaluate({ model, environment }: ContractInput): ContractResult {
    if (environment.recovery.strategy === 'none') {
      return { id: this.id, title: this.title, checks: [], notes: [`not applicable: ${environment.name} has no disaster recovery (recovery.strategy: 'none')`] };
    }
    return environment.site === undefined ? this.primarySite(model, environment) : this.secondarySite(model, environment);
  }

  private primarySite(model: PlatformModel, environment: EnvironmentConfig): ContractResult {
    const context = recoveryContext(model, environment);
    const { checks, notes } = coverage(context);
    checks.push(...copyChecks(context), ...backupChecks(context), ...failoverChecks(model, environment), ...regionalIngressChecks(model, environment));
    if (environment.recovery.strategy === 'pilot-light' || environment.recovery.strategy === 'warm-standby') {
      notes.push(`the cross-region PostgreSQL replica is checked in the model of ${environment.name}-${context.secondaryRegion}`);
    }
    return { id: this.id, title: this.title, checks, notes };
  }

  private secondarySite(model: PlatformModel, environment: EnvironmentConfig): ContractResult {
    const site = environment.site as NonNullable<EnvironmentConfig['site']>;
    const checks: ContractCheck[] = unknownStoreChecks(model);
    const databases = model.resources('aws_db_instance');
    checks.push(
      check(
        `the ${environment.region} site of ${environment.name} holds a PostgreSQL replica of the primary in ${site.primaryRegion}`,
        databases.length > 0 ? [] : [`no aws_db_instance in the site's stacks. Fix: build the standby data stack's PostgresReadReplica of the primary (pilot-light and warm-standby need it)`],
      ),
    );
    for (const db of databases) {
      const source = db.values.replicate_source_db;
      if (!site.active) {
        checks.push(
          check(
            `PostgreSQL ${db.constructPath} replicates the primary's instance in ${site.primaryRegion}`,
            typeof source === 'string' && source.startsWith('arn:') && arnRegion(source) === site.primaryRegion
              ? []
              : [`${db.address} replicate_source_db is ${JSON.stringify(source)}, not the ARN of an instance in ${site.primaryRegion}. Fix: replicate the primary by its ARN (arn:aws:rds:${site.primaryRegion}:<account>:db:${site.primaryResourcePrefix})`],
          ),
        );
      }
      checks.push(
        check(
          `PostgreSQL ${db.constructPath} is encrypted by a key of ${environment.region}`,
          keyInRegionProblems(model, `${db.address} kms_key_id`, db.values.kms_key_id, environment.region, `encrypt it with a key created in ${environment.region} (a cross-region replica cannot use the primary's key)`),
        ),
      );
    }
    for (const vault of model.resources('aws_backup_vault').filter((candidate) => regionOf(model, candidate) === environment.region)) {
      checks.push(vaultKeyCheck(model, vault, environment.region));
    }
    checks.push(...independenceChecks(model, environment), ...regionalIngressChecks(model, environment));
    const notes = [
      `the ${environment.region} site of ${environment.name} ${site.active ? 'serves' : 'stands by'} for ${site.primaryRegion}: it holds the copies (replica buckets, copy vault, the PostgreSQL replica); whether every store of the primary is copied is checked in the primary's model`,
    ];
    return { id: this.id, title: this.title, checks, notes };
  }
}

function recoveryContext(model: PlatformModel, environment: EnvironmentConfig): RecoveryContext {
  const replications = model.resources('aws_s3_bucket_replication_configuration').flatMap((configuration) =>
    blocksOf(configuration.values.rule).map((rule, index): BucketReplicationRule => {
      const rawRule = blocksOf(configuration.raw.rule)[index] ?? {};
      const destination = blockOf(rule.destination) ?? {};
      const filter = blockOf(rule.filter) ?? {};
      return {
        configuration,
        id: String(rule.id ?? index),
        enabled: rule.status === 'Enabled',
        wholeBucket: (filter.prefix === undefined || filter.prefix === '') && filter.tag === undefined && filter.and === undefined && (rule.prefix === undefined || rule.prefix === ''),
        source: bucketNamed(model, configuration, 'bucket'),
        destination: bucketNamed(model, configuration, 'bucket', { raw: blockOf(rawRule.destination), values: destination }),
        destinationArn: String(destination.bucket),
        replicaKmsKeyId: blockOf(destination.encryption_configuration)?.replica_kms_key_id,
      };
    }),
  );
  const logBuckets = new Set<ModelResource>();
  for (const logging of model.resources('aws_s3_bucket_logging')) {
    const target = bucketNamed(model, logging, 'target_bucket');
    if (target) logBuckets.add(target);
  }
  for (const balancer of [...model.resources('aws_lb'), ...model.resources('aws_alb')]) {
    for (const logs of ['access_logs', 'connection_logs']) {
      const target = bucketNamed(model, balancer, 'bucket', { raw: blockOf(balancer.raw[logs]), values: blockOf(balancer.values[logs]) });
      if (target) logBuckets.add(target);
    }
  }
  // The shared ALB of the alb Ingresses logs into a bucket the controller is told by name.
  for (const name of albAccessLogBuckets(model)) {
    const target = model.resources('aws_s3_bucket').find((bucket) => bucket.values.bucket === name);
    if (target) logBuckets.add(target);
  }
  const stateStores = new Set<string>();
  for (const json of Object.values(model.stacks)) {
    const backend = blockOf(blockOf((json as { terraform?: { backend?: unknown } }).terraform?.backend)?.s3);
    for (const name of [backend?.bucket, backend?.dynamodb_table]) if (typeof name === 'string') stateStores.add(name);
  }
  return { model, environment, secondaryRegion: environment.recovery.secondaryRegion, selections: backupSelections(model), replications, logBuckets, stateStores };
}

/** One check per store of data (or a note when an exemption applies), and one per store of a type no table knows. */
function coverage(context: RecoveryContext): { checks: ContractCheck[]; notes: string[] } {
  const { model } = context;
  const checks: ContractCheck[] = [];
  const exempted = new Map<Exemption, string[]>();
  for (const type of DATA_STORE_TYPES) {
    for (const resource of model.resources(type)) {
      const exemption = EXEMPTIONS.find((candidate) => candidate.type === type && (candidate.applies?.(resource, context) ?? true));
      const rule = COVERAGE[type];
      if (exemption !== undefined) exempted.set(exemption, [...(exempted.get(exemption) ?? []), resource.constructPath]);
      else if (rule !== undefined) checks.push(check(`${rule.what} ${resource.constructPath} ${rule.covered(context)}`, rule.problems(resource, context)));
    }
  }
  checks.push(...unknownStoreChecks(model));
  const notes = [...exempted].map(([exemption, paths]) => `exempt ${exemption.what} (${exemption.reason}): ${paths.join(', ')}`);
  return { checks, notes };
}

/** Failing checks for stores of a type with neither a coverage rule nor an exemption. */
function unknownStoreChecks(model: PlatformModel): ContractCheck[] {
  const known = new Set([...Object.keys(COVERAGE), ...EXEMPTIONS.map((exemption) => exemption.type)]);
  return DATA_STORE_TYPES.filter((type) => !known.has(type)).flatMap((type) =>
    model
      .resources(type)
      .map((resource) =>
        check(`${type} ${resource.constructPath} is backed up or replicated`, [
          `${resource.address} (${resource.stack}) holds data, and the disaster-recovery contract has no coverage rule for ${type}. Fix: back it up or replicate it into the secondary region and add ${type} to the coverage table of libs/platform-contracts/src/disaster-recovery-contract.ts (or to its exemptions, with the reason)`,
        ]),
      ),
  );
}

/** Why no backup selection (of a plan) picks a resource; empty when one does. */
function selectionProblems(resource: ModelResource, context: RecoveryContext, extraArns: readonly string[]): string[] {
  const tags = resourceTags(context.model, resource);
  const arns = [String(context.model.attribute(resource, 'arn')), ...extraArns];
  if (context.selections.some((selection) => selection.plan !== undefined && selects(selection, tags, arns))) return [];
  const wanted = context.selections.flatMap((selection) => selection.tags.map((tag) => `${tag.key}=${tag.value}`));
  return [
    `${resource.address} (${resource.stack}) is selected by no aws_backup_selection of a plan (its Backup tag: ${tags.Backup ?? 'none'}; selections match ${wanted.join(', ') || 'nothing'}). Fix: tag it ${wanted[0] ?? 'Backup=<resource prefix>'} or list its ARN in the selection's resources`,
  ];
}

function bucketCoverageProblems(bucket: ModelResource, context: RecoveryContext): string[] {
  const rules = context.replications.filter((rule) => rule.source === bucket);
  if (rules.some((rule) => rule.enabled && rule.wholeBucket)) return [];
  const found = rules.map((rule) => `rule ${rule.id} of ${rule.configuration.constructPath} (${rule.enabled ? 'enabled' : 'disabled'}, ${rule.wholeBucket ? 'whole bucket' : 'filtered'})`);
  return [
    `${bucket.address} (${String(bucket.values.bucket)}) is not replicated as a whole to ${context.secondaryRegion}${found.length > 0 ? `: only ${found.join(', ')}` : ': no aws_s3_bucket_replication_configuration names it'}. Fix: replicate it into a replica bucket of ${context.secondaryRegion} (BucketReplication of @platform/recovery), or, if it holds no data the applications need, add an exemption with the reason to the disaster-recovery contract`,
  ];
}

/** The PREFIX_MATCH filters of the model's registry replication rules. */
function ecrFilters(model: PlatformModel): string[] {
  return model
    .resources('aws_ecr_replication_configuration')
    .flatMap((configuration) => blocksOf(blockOf(configuration.values.replication_configuration)?.rule))
    .flatMap((rule) => blocksOf(rule.repository_filter).map((filter) => String(filter.filter)));
}

/** The registry replication rules that copy a repository into the secondary region. */
function replicatingRules(context: RecoveryContext, repository: string): Record<string, unknown>[] {
  return context.model
    .resources('aws_ecr_replication_configuration')
    .flatMap((configuration) => blocksOf(blockOf(configuration.values.replication_configuration)?.rule))
    .filter((rule) => blocksOf(rule.destination).some((destination) => destination.region === context.secondaryRegion))
    .filter((rule) => {
      const filters = blocksOf(rule.repository_filter);
      return filters.length === 0 || filters.some((filter) => filter.filter_type === 'PREFIX_MATCH' && repository.startsWith(String(filter.filter)));
    });
}

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

function storageClassProblems(storageClass: ModelResource, context: RecoveryContext): string[] {
  const metadata = blockOf(storageClass.values.metadata) ?? {};
  const name = String(metadata.name);
  const isDefault = String((blockOf(metadata.annotations) ?? {})[DEFAULT_CLASS_ANNOTATION]) === 'true';
  if (storageClass.values.storage_provisioner !== 'ebs.csi.aws.com') {
    return [`StorageClass ${name} provisions with ${String(storageClass.values.storage_provisioner)}, which the disaster-recovery contract has no coverage rule for. Fix: back its volumes up and add the provisioner to the contract's coverage table`];
  }
  // The EBS CSI driver tags each volume with every `tagSpecification_<n>: key=value` parameter.
  const tags = Object.fromEntries(
    Object.entries(blockOf(storageClass.values.parameters) ?? {})
      .filter(([parameter]) => /^tagSpecification_\d+$/.test(parameter))
      .map(([, value]) => String(value).split('=', 2) as [string, string]),
  );
  if (context.selections.some((selection) => selection.plan !== undefined && selection.tags.some((tag) => tags[tag.key] === tag.value))) return [];
  const wanted = context.selections.flatMap((selection) => selection.tags.map((tag) => `${tag.key}=${tag.value}`));
  return [
    `${isDefault ? 'the default ' : ''}StorageClass ${name} (${storageClass.address}) tags its volumes ${Object.entries(tags).map(([key, value]) => `${key}=${value}`).join(', ') || 'with nothing'}, which no backup selection matches (${wanted.join(', ') || 'no selection'}). Fix: add the parameter tagSpecification_1: '${wanted[0] ?? 'Backup=<resource prefix>'}' so AWS Backup snapshots the volumes`,
  ];
}

/** Every copy lands in the secondary region, encrypted with a key of that region. */
function copyChecks(context: RecoveryContext): ContractCheck[] {
  const { model, secondaryRegion: region } = context;
  const checks: ContractCheck[] = [];
  for (const plan of primaryPlans(context)) {
    for (const rule of blocksOf(plan.values.rule)) {
      const copies = blocksOf(rule.copy_action);
      const problems = copies.length === 0 ? [`${plan.address} rule ${String(rule.rule_name)} has no copy_action. Fix: copy each recovery point to the vault of ${region} (copy_action.destination_vault_arn)`] : [];
      for (const copy of copies) problems.push(...copyTargetProblems(model, plan, rule, copy.destination_vault_arn, region));
      checks.push(check(`backup rule ${String(rule.rule_name)} of ${plan.constructPath} copies to a vault of ${region} encrypted by a key of ${region}`, problems));
    }
  }
  for (const rule of context.replications) {
    const what = `${rule.configuration.address} rule ${rule.id}`;
    const destinationRegion = rule.destination === undefined ? undefined : regionOf(model, rule.destination);
    const problems =
      rule.destination === undefined
        ? [`${what} replicates to ${rule.destinationArn}, not a bucket the platform creates. Fix: replicate into the replica bucket of the ${region} recovery stack`]
        : destinationRegion !== region
          ? [`${what} replicates to ${rule.destination.constructPath} in ${String(destinationRegion)}, not ${region}. Fix: replicate into a replica bucket of ${region}`]
          : [];
    problems.push(...keyInRegionProblems(model, `${what} replica_kms_key_id`, rule.replicaKmsKeyId, region, `encrypt the replicas with a key of ${region} (destination.encryption_configuration.replica_kms_key_id)`));
    checks.push(check(`replication rule ${rule.id} of ${rule.configuration.constructPath} lands in a bucket of ${region} encrypted by a key of ${region}`, problems));
  }
  for (const secret of model.resources('aws_secretsmanager_secret')) {
    for (const replica of blocksOf(secret.values.replica)) {
      const replicaRegion = String(replica.region);
      const what = `${secret.address} (${String(secret.values.name)}) replica in ${replicaRegion}`;
      const problems =
        replica.kms_key_id === undefined
          ? [`${what} has no kms_key_id: it is encrypted by the AWS managed key aws/secretsmanager. Fix: set kms_key_id to a key of ${replicaRegion} (the secondary recovery stack's secrets key)`]
          : keyInRegionProblems(model, `${what} kms_key_id`, replica.kms_key_id, replicaRegion, `set kms_key_id to a key of ${replicaRegion}`);
      checks.push(check(`replica of secret ${secret.constructPath} in ${replicaRegion} is encrypted by a key of ${replicaRegion}`, problems));
    }
  }
  for (const repository of model.resources('aws_ecr_repository')) {
    const name = String(repository.values.name);
    if (replicatingRules(context, name).length === 0) continue;
    checks.push(check(`replicas of ECR repository ${name} in ${region} are encrypted by a key of ${region}`, registryReplicaProblems(model, name, region)));
  }
  return checks;
}

function copyTargetProblems(model: PlatformModel, plan: ModelResource, rule: Record<string, unknown>, arn: unknown, region: string): string[] {
  const what = `${plan.address} rule ${String(rule.rule_name)} copy_action`;
  const vault = typeof arn === 'string' ? model.resourceWithId(arn) : undefined;
  if (vault?.type !== 'aws_backup_vault') return [`${what} copies to ${String(arn)}, not a vault the platform creates. Fix: copy to the vault of the ${region} recovery stack`];
  const vaultRegion = regionOf(model, vault);
  if (vaultRegion !== region) return [`${what} copies to ${vault.constructPath} in ${String(vaultRegion)}, not ${region}. Fix: copy to the vault of the ${region} recovery stack`];
  return keyInRegionProblems(model, `${vault.address} (the copy vault) kms_key_arn`, vault.values.kms_key_arn, region, `encrypt the copy vault with a key of ${region}`);
}

/** The creation template of a replicated repository in `region` encrypts with a key of that region. */
function registryReplicaProblems(model: PlatformModel, repository: string, region: string): string[] {
  const template = model
    .resources('aws_ecr_repository_creation_template')
    .filter((candidate) => stringsOf(candidate.values.applied_for).includes('REPLICATION') && regionOf(model, candidate) === region)
    .find((candidate) => candidate.values.prefix === 'ROOT' || repository.startsWith(`${String(candidate.values.prefix)}/`));
  if (template === undefined) {
    return [`no aws_ecr_repository_creation_template in ${region} applies to replication of ${repository}: its replica gets AES-256 encryption, not a key of ${region}. Fix: add a REPLICATION creation template for the prefix '${repository.split('/')[0]}' with a KMS key of ${region}`];
  }
  const encryption = blockOf(template.values.encryption_configuration);
  if (encryption?.encryption_type !== 'KMS') return [`${template.constructPath} encrypts with ${String(encryption?.encryption_type ?? 'AES256')}. Fix: encryption_type KMS with a key of ${region}`];
  return keyInRegionProblems(model, `${template.address} kms_key`, encryption.kms_key, region, `encrypt the replicated repositories with a key of ${region}`);
}

function vaultKeyCheck(model: PlatformModel, vault: ModelResource, region: string): ContractCheck {
  return check(
    `backup vault ${vault.constructPath} is encrypted by a key of ${region}`,
    keyInRegionProblems(model, `${vault.address} kms_key_arn`, vault.values.kms_key_arn, region, `encrypt the vault with a key of ${region}`),
  );
}

/** A plan backs up at least every 6 hours; production vaults are locked. */
function backupChecks(context: RecoveryContext): ContractCheck[] {
  const { model, environment } = context;
  const plans = primaryPlans(context);
  const checks = [
    check(
      `${environment.name} has an AWS Backup plan`,
      plans.length > 0 ? [] : [`no aws_backup_plan in the stacks. Fix: build the recovery stack's BackupPlan (recovery.strategy ${environment.recovery.strategy} needs it)`],
    ),
  ];
  for (const plan of plans) {
    const rules = blocksOf(plan.values.rule);
    const frequent = rules.filter((rule) => (scheduleGapHours(rule.schedule) ?? Infinity) <= MAX_BACKUP_GAP_HOURS && blocksOf(rule.copy_action).length > 0);
    checks.push(
      check(
        `backup plan ${plan.constructPath} backs up at least every ${MAX_BACKUP_GAP_HOURS} hours with a copy to the secondary region (seed 002)`,
        frequent.length > 0
          ? []
          : [`${plan.address} rules: ${rules.map((rule) => `${String(rule.rule_name)} ${String(rule.schedule)}${blocksOf(rule.copy_action).length > 0 ? '' : ' (no copy)'}`).join(', ')}. Fix: add a rule with schedule cron(0 */6 ? * * *) and a copy_action to the secondary vault`],
      ),
    );
    const selected = context.selections.some((selection) => selection.plan === plan);
    checks.push(check(`backup plan ${plan.constructPath} selects resources`, selected ? [] : [`no aws_backup_selection names ${plan.address}. Fix: add a selection (selection_tag Backup=<resource prefix>)`]));
  }
  if (environment.production) {
    const locks = model.resources('aws_backup_vault_lock_configuration');
    for (const vault of model.resources('aws_backup_vault')) {
      const locked = locks.some((lock) => lock.values.backup_vault_name === vault.values.name && regionOf(model, lock) === regionOf(model, vault));
      checks.push(
        check(
          `backup vault ${vault.constructPath} is locked (production)`,
          locked ? [] : [`${vault.address} (${String(vault.values.name)}) has no aws_backup_vault_lock_configuration. Fix: lock it (BackupVault lock: productionVaultLock())`],
        ),
      );
    }
  }
  return checks;
}

/** Every failover record is health-checked at its target; each name has one PRIMARY and at most one SECONDARY. */
function failoverChecks(model: PlatformModel, environment: EnvironmentConfig): ContractCheck[] {
  const records = model.resources('aws_route53_record').filter((record) => blockOf(record.values.failover_routing_policy) !== undefined);
  const checks: ContractCheck[] = [];
  const roles = new Map<string, string[]>();
  for (const record of records) {
    const role = String(blockOf(record.values.failover_routing_policy)?.type);
    const name = `${String(record.values.name)} ${String(record.values.type)}`;
    roles.set(name, [...(roles.get(name) ?? []), role]);
    const alias = blockOf(record.values.alias);
    const target = alias !== undefined ? String(alias.name) : stringsOf(record.values.records)[0];
    const healthCheck = referencedResource(model, record, record.raw.health_check_id);
    const what = `${record.address} (${name}, ${role}${record.values.set_identifier === undefined ? '' : ` ${String(record.values.set_identifier)}`})`;
    const problems =
      healthCheck?.type !== 'aws_route53_health_check'
        ? [`${what} has no health check of the platform (health_check_id: ${JSON.stringify(record.raw.health_check_id)}): Route 53 cannot tell when to fail over. Fix: set health_check_id to an aws_route53_health_check on ${String(target)}`]
        : healthCheck.values.fqdn !== target
          ? [`${what} points at ${String(target)} but its health check ${healthCheck.constructPath} probes ${String(healthCheck.values.fqdn)}. Fix: health-check the record's own target`]
          : [];
    checks.push(check(`failover record ${name} (${role}) is health-checked at its target`, problems));
  }
  // Roles are fixed by region (Route 53 refuses two PRIMARY records for a name): the primary region's record is the
  // PRIMARY until a failover, after which only the secondary's SECONDARY remains.
  const failedOver = environment.recovery.activeRegion === 'secondary';
  for (const [name, found] of roles) {
    const primaries = found.filter((role) => role === 'PRIMARY').length;
    const secondaries = found.filter((role) => role === 'SECONDARY').length;
    const expected = failedOver ? 'no PRIMARY (the failed primary region’s record is removed) and one SECONDARY' : 'one PRIMARY, at most one SECONDARY';
    const holds = failedOver ? primaries === 0 && secondaries === 1 : primaries === 1 && secondaries <= 1;
    checks.push(
      check(
        `failover records of ${name}: ${expected}`,
        holds ? [] : [`${name} has ${primaries} PRIMARY and ${secondaries} SECONDARY records. Fix: ${failedOver ? 'keep only the secondary region’s SECONDARY record' : 'one PRIMARY (the primary region) and one SECONDARY (the secondary region)'}`],
      ),
    );
  }
  return checks;
}

/**
 * A failover plans and applies the secondary region's stacks while the primary region, and the state store there, are
 * down: each of the site's stacks keeps its state in the site's own store and reads no other stack's state from
 * anywhere else (its cross-stack references stay within the region).
 */
function independenceChecks(model: PlatformModel, environment: EnvironmentConfig): ContractCheck[] {
  const { bucket, region } = environment.state;
  const own = (config: Record<string, unknown> | undefined) => config?.bucket === bucket && config.region === region;
  const stacks = Object.entries(model.stacks).filter(([name]) => name.endsWith(`-${environment.region}`) && !name.startsWith('bootstrap-'));
  return stacks.map(([name, json]) => {
    const problems: string[] = [];
    const backend = blockOf((json.terraform as Record<string, unknown> | undefined)?.backend);
    const s3 = blockOf(backend?.s3);
    if (!own(s3)) problems.push(`keeps its state in ${JSON.stringify(s3?.bucket)} (${String(s3?.region)}), not the site's store ${bucket} (${region}). Fix: build it from secondarySite(environment), whose state is in ${region}`);
    for (const [dataName, remote] of Object.entries(((json.data as Record<string, unknown> | undefined)?.terraform_remote_state ?? {}) as Record<string, Record<string, unknown>>)) {
      const config = blockOf(remote.config);
      if (!own(config)) {
        problems.push(`reads the state of another region's stack (data.terraform_remote_state.${dataName}: ${JSON.stringify(config?.key)} in ${JSON.stringify(config?.bucket)}), so its failover plan fails while that region is down. Fix: derive the value from config (e.g. an ARN from the primary's names) instead of a cross-stack reference`);
      }
    }
    return check(`${name} plans and applies without the primary region: its state and every state it reads are in ${region}`, problems);
  });
}

/**
 * The failover records point at `ingress.<region>.<zone>`, which only external-dns publishes (from the host of an `alb`
 * Ingress: the shared ALB's health endpoint): the primary's ingress must publish its region's name when records point
 * at it, and a secondary site that runs a cluster must publish its own, or the SECONDARY record resolves to nothing.
 */
function regionalIngressChecks(model: PlatformModel, environment: EnvironmentConfig): ContractCheck[] {
  const zone = environment.dnsZoneName;
  if (environment.compute !== 'eks' || zone === undefined) return [];
  const expected = regionalIngressName(zone, environment.region);
  const pointedAt = model
    .resources('aws_route53_record')
    .some((record) => blockOf(record.values.failover_routing_policy) !== undefined && stringsOf(record.values.records).includes(expected));
  const needed = environment.site === undefined ? pointedAt : environment.site.runsCompute;
  if (!needed) return [];
  const published = albIngresses(model).flatMap((ingress) => [...ingress.hosts, ...stringsOf(ingress.annotations[EXTERNAL_DNS_HOSTNAME])]);
  return [
    check(
      `the ${environment.region} ingress publishes ${expected}, where the failover records point`,
      published.includes(expected)
        ? []
        : [`no alb Ingress of the site serves ${expected} (found ${JSON.stringify(published)}). Fix: pass regionalIngressName to ClusterAddons in the site's cluster-addons stack (IngressHealthEndpoint)`],
    ),
  ];
}

const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

/**
 * The backup plans of the primary region. A secondary site that serves backs its own data up in its region, without
 * copies (they would go to the failed region): its plan is not held to the primary's copy rules.
 */
function primaryPlans({ model, environment }: RecoveryContext): ModelResource[] {
  return model.resources('aws_backup_plan').filter((plan) => regionOf(model, plan) === environment.region);
}
