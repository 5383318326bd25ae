import { blockOf, blocksOf, isTrue, stringsOf } from '@platform/guardrails';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';

/** How a stateful type is protected from deletion; `protectedBy` names what was found, or undefined. */
interface StatefulKind {
  readonly what: string;
  /** Arguments whose values are the ARNs of KMS keys encrypting the store. */
  readonly keyArguments: (resource: ModelResource, model: PlatformModel) => unknown[];
  readonly protectedBy: (resource: ModelResource) => string | undefined;
}

const preventDestroy = (resource: ModelResource) => (isTrue(blockOf(resource.raw.lifecycle)?.prevent_destroy) ? 'prevent_destroy' : undefined);
const either = (...checks: ((resource: ModelResource) => string | undefined)[]) => (resource: ModelResource) =>
  checks.map((protection) => protection(resource)).find((found) => found !== undefined);

/** The KMS key an S3 bucket's default encryption names. */
function bucketKeys(bucket: ModelResource, model: PlatformModel): unknown[] {
  // The configuration names its bucket by a reference to the bucket's id or name (same stack), or by the literal name.
  const reference = new RegExp(`^\\$\\{aws_s3_bucket\\.${bucket.name}\\.(id|bucket)\\}$`);
  return model
    .resources('aws_s3_bucket_server_side_encryption_configuration')
    .filter(
      (configuration) =>
        (configuration.stack === bucket.stack && reference.test(String(configuration.raw.bucket))) || configuration.values.bucket === bucket.values.bucket,
    )
    .flatMap((configuration) => blocksOf(configuration.values.rule).map((rule) => blockOf(rule.apply_server_side_encryption_by_default)?.kms_master_key_id));
}

const STATEFUL_KINDS: Readonly<Record<string, StatefulKind>> = {
  aws_db_instance: {
    what: 'database',
    keyArguments: (db) => [db.values.kms_key_id, db.values.master_user_secret_kms_key_id],
    protectedBy: (db) => (isTrue(db.values.deletion_protection) ? 'deletion_protection' : undefined),
  },
  aws_elasticache_replication_group: { what: 'cache', keyArguments: (cache) => [cache.values.kms_key_id], protectedBy: preventDestroy },
  aws_opensearch_domain: { what: 'search domain', keyArguments: (domain) => [blockOf(domain.values.encrypt_at_rest)?.kms_key_id], protectedBy: preventDestroy },
  aws_s3_bucket: { what: 'bucket', keyArguments: bucketKeys, protectedBy: preventDestroy },
  aws_dynamodb_table: {
    what: 'table',
    keyArguments: (table) => [blockOf(table.values.server_side_encryption)?.kms_key_arn],
    protectedBy: either((table) => (isTrue(table.values.deletion_protection_enabled) ? 'deletion_protection_enabled' : undefined), preventDestroy),
  },
};

/**
 * In production nothing that holds data can be deleted by a plan: databases carry deletion protection, caches, search
 * domains, buckets and lock tables `prevent_destroy`, and so does every KMS key that encrypts one of them (deleting
 * the key makes the data unreadable); and no ECR lifecycle rule expires tagged images (only untagged ones), so the
 * image a release runs stays pullable. Non-production environments are not held to it.
 */
export class StatefulResourcesContract implements PlatformContract {
  readonly id = 'stateful-resources';
  readonly title = 'Stateful resources: production data stores and their keys cannot be destroyed by a plan';

  evaluate({ model, environment }: ContractInput): ContractResult {
    if (!environment.production) {
      return { id: this.id, title: this.title, checks: [], notes: [`${environment.name} is not production: deletion protection is not required`] };
    }
    const checks: ContractCheck[] = [];
    const keyArns = new Set<string>();
    for (const [type, kind] of Object.entries(STATEFUL_KINDS)) {
      for (const resource of model.resources(type)) {
        const protection = kind.protectedBy(resource);
        checks.push(
          check(`${kind.what} ${resource.constructPath} is protected from deletion`, protection ? [] : [`${resource.address} has neither deletion protection nor lifecycle.prevent_destroy`]),
        );
        for (const arn of kind.keyArguments(resource, model).flatMap(stringsOf)) keyArns.add(arn);
      }
    }
    // Keys whose loss makes other state unreadable: the cluster's secrets, the container images.
    for (const cluster of model.resources('aws_eks_cluster')) {
      for (const config of blocksOf(cluster.values.encryption_config)) keyArns.add(String(blockOf(config.provider)?.key_arn));
    }
    for (const repository of model.resources('aws_ecr_repository')) {
      for (const config of blocksOf(repository.values.encryption_configuration)) keyArns.add(String(config.kms_key));
    }
    for (const key of model.resources('aws_kms_key')) {
      if (!keyArns.has(String(model.attribute(key, 'arn')))) continue;
      checks.push(check(`KMS key ${key.constructPath} (encrypts stored data) is protected from deletion`, preventDestroy(key) ? [] : [`${key.address} has no lifecycle.prevent_destroy`]));
    }
    for (const lifecycle of model.resources('aws_ecr_lifecycle_policy')) {
      const rules = (JSON.parse(String(lifecycle.values.policy)) as { rules?: { rulePriority?: number; selection?: { tagStatus?: string } }[] }).rules ?? [];
      const expiring = rules.filter((rule) => rule.selection?.tagStatus !== 'untagged');
      checks.push(
        check(
          `ECR repository ${String(lifecycle.values.repository)} never expires a tagged image (the one production runs, or rolls back to)`,
          expiring.map((rule) => `lifecycle rule ${String(rule.rulePriority)} expires ${String(rule.selection?.tagStatus)} images`),
        ),
      );
    }
    return { id: this.id, title: this.title, checks };
  }
}
