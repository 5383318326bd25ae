import type { ContractInput, ContractResult } from './contract';
import { PlatformModel } from './platform-model';
import { StatefulResourcesContract } from './stateful-resources-contract';

type Json = Record<string, unknown>;

const contract = new StatefulResourcesContract();
const PRODUCTION = { name: 'production', production: true } as ContractInput['environment'];
const PROTECTED = { lifecycle: { prevent_destroy: true } };

/** The contract's checks on stacks of `resource` blocks (`stack` → type → name → arguments), as `subject: problems`. */
function verdicts(stacks: Record<string, Record<string, Record<string, Json>>>, environment = PRODUCTION): string[] {
  const model = new PlatformModel(Object.fromEntries(Object.entries(stacks).map(([stack, resource]) => [stack, { resource }])));
  const { checks } = contract.evaluate({ model, environment }) as ContractResult;
  return checks.map((item) => `${item.subject}: ${item.passed ? 'ok' : item.problems.join('; ')}`);
}

describe('stateful resources contract', () => {
  it('is titled for the report, and holds only production to it', () => {
    // Constructed in the test: a field set at module load is not covered by this test.
    expect(new StatefulResourcesContract().title).toBe('Stateful resources: production data stores and their keys cannot be destroyed by a plan');
    const model = new PlatformModel({ data: { resource: { aws_db_instance: { db: {} } } } });
    expect(contract.evaluate({ model, environment: { name: 'staging', production: false } as ContractInput['environment'] })).toEqual({
      id: 'stateful-resources',
      title: contract.title,
      checks: [],
      notes: ['staging is not production: deletion protection is not required'],
    });
  });

  it('a database needs deletion protection; prevent_destroy alone does not count', () => {
    expect(verdicts({ data: { aws_db_instance: { on: { deletion_protection: true }, off: { deletion_protection: false, ...PROTECTED } } } })).toEqual([
      'database data/aws_db_instance.on is protected from deletion: ok',
      'database data/aws_db_instance.off is protected from deletion: aws_db_instance.off has neither deletion protection nor lifecycle.prevent_destroy',
    ]);
  });

  it.each([
    ['aws_elasticache_replication_group', 'cache'],
    ['aws_opensearch_domain', 'search domain'],
    ['aws_s3_bucket', 'bucket'],
  ])('a %s needs prevent_destroy', (type, what) => {
    expect(verdicts({ data: { [type]: { kept: PROTECTED, loose: { lifecycle: { prevent_destroy: false } } } } })).toEqual([
      `${what} data/${type}.kept is protected from deletion: ok`,
      `${what} data/${type}.loose is protected from deletion: ${type}.loose has neither deletion protection nor lifecycle.prevent_destroy`,
    ]);
  });

  it('a table is protected by its deletion protection or prevent_destroy', () => {
    expect(verdicts({ state: { aws_dynamodb_table: { flag: { deletion_protection_enabled: true }, lifecycle: PROTECTED, neither: {} } } })).toEqual([
      'table state/aws_dynamodb_table.flag is protected from deletion: ok',
      'table state/aws_dynamodb_table.lifecycle is protected from deletion: ok',
      'table state/aws_dynamodb_table.neither is protected from deletion: aws_dynamodb_table.neither has neither deletion protection nor lifecycle.prevent_destroy',
    ]);
  });

  describe('KMS keys that encrypt stored data need prevent_destroy', () => {
    const key = (name: string) => `\${aws_kms_key.${name}.arn}`;
    const keys = (...names: string[]) => ({ aws_kms_key: Object.fromEntries(names.map((name) => [name, {}])) });
    const keyVerdict = (stack: string, name: string) => `KMS key ${stack}/aws_kms_key.${name} (encrypts stored data) is protected from deletion: aws_kms_key.${name} has no lifecycle.prevent_destroy`;

    it.each<[string, Json]>([
      ['a database (storage)', { aws_db_instance: { db: { deletion_protection: true, kms_key_id: key('used') } } }],
      ['a database (its master secret)', { aws_db_instance: { db: { deletion_protection: true, master_user_secret_kms_key_id: key('used') } } }],
      ['a cache', { aws_elasticache_replication_group: { cache: { ...PROTECTED, kms_key_id: key('used') } } }],
      ['a search domain', { aws_opensearch_domain: { search: { ...PROTECTED, encrypt_at_rest: [{ enabled: true, kms_key_id: key('used') }] } } }],
      ['a table', { aws_dynamodb_table: { lock: { ...PROTECTED, server_side_encryption: [{ enabled: true, kms_key_arn: key('used') }] } } }],
      // A second configuration without a provider names no key.
      ['the cluster’s secrets', { aws_eks_cluster: { cluster: { encryption_config: [{ provider: [{ key_arn: key('used') }], resources: ['secrets'] }, { resources: [] }] } } }],
      ['a container registry', { aws_ecr_repository: { images: { encryption_configuration: [{ encryption_type: 'KMS', kms_key: key('used') }] } } }],
    ])('a key of %s is checked; a key that encrypts nothing, or a block that names none, is not', (_case, resources) => {
      expect(verdicts({ data: { ...keys('used', 'unused'), ...resources } }).filter((verdict) => verdict.startsWith('KMS key'))).toEqual([keyVerdict('data', 'used')]);
    });

    it('a protected key passes', () => {
      expect(verdicts({ data: { aws_kms_key: { used: PROTECTED }, aws_elasticache_replication_group: { cache: { ...PROTECTED, kms_key_id: key('used') } } } })).toContain(
        'KMS key data/aws_kms_key.used (encrypts stored data) is protected from deletion: ok',
      );
    });

    it('a bucket’s key is the one its encryption configuration names, by reference to its id or name in its stack, or by its literal name', () => {
      // Each configuration also has a rule without a default encryption (only the bucket key): it names no key.
      const encryption = (bucket: string, keyName: string) => ({ bucket, rule: [{ bucket_key_enabled: true }, { apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: key(keyName) }] }] });
      const stacks = {
        logs: {
          ...keys('by_id', 'by_name', 'other_bucket'),
          aws_s3_bucket: { logs: { ...PROTECTED, bucket: 'platform-logs' }, other: { ...PROTECTED, bucket: 'platform-other' } },
          aws_s3_bucket_server_side_encryption_configuration: {
            by_id: encryption('${aws_s3_bucket.logs.id}', 'by_id'),
            by_name: encryption('${aws_s3_bucket.logs.bucket}', 'by_name'),
            // Names another bucket whose name starts the same: not this bucket's key.
            other_bucket: encryption('${aws_s3_bucket.logs_archive.id}', 'other_bucket'),
          },
        },
        // Another stack names the bucket by its literal name; a reference there would be to that stack's own bucket.
        audit: {
          ...keys('by_literal', 'same_address', 'own_bucket'),
          aws_s3_bucket_server_side_encryption_configuration: {
            literal: encryption('platform-logs', 'by_literal'),
            same_address: encryption('${aws_s3_bucket.logs.arn}', 'same_address'),
            own_bucket: encryption('${aws_s3_bucket.logs.id}', 'own_bucket'),
          },
        },
      };
      expect(verdicts(stacks).filter((verdict) => verdict.startsWith('KMS key'))).toEqual([keyVerdict('logs', 'by_id'), keyVerdict('logs', 'by_name'), keyVerdict('audit', 'by_literal')]);
    });
  });

  it('an ECR lifecycle rule may expire untagged images only', () => {
    const policy = (rules: unknown) => JSON.stringify(rules === undefined ? {} : { rules });
    const lifecycle = (repository: string, rules: unknown) => ({ repository, policy: policy(rules) });
    expect(
      verdicts({
        images: {
          aws_ecr_lifecycle_policy: {
            untagged: lifecycle('api', [{ rulePriority: 1, selection: { tagStatus: 'untagged' } }]),
            tagged: lifecycle('web', [
              { rulePriority: 1, selection: { tagStatus: 'untagged' } },
              { rulePriority: 2, selection: { tagStatus: 'any' } },
              { rulePriority: 3 },
            ]),
            none: lifecycle('jobs', undefined),
          },
        },
      }),
    ).toEqual([
      'ECR repository api never expires a tagged image (the one production runs, or rolls back to): ok',
      'ECR repository web never expires a tagged image (the one production runs, or rolls back to): lifecycle rule 2 expires any images; lifecycle rule 3 expires undefined images',
      'ECR repository jobs never expires a tagged image (the one production runs, or rolls back to): ok',
    ]);
  });
});
