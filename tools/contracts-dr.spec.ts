import { contractPassed, DisasterRecoveryContract, NetworkReachabilityContract, type PlatformContract, PlatformModel } from '@platform/platform-contracts';
import type { PlatformSite, SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, failures, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

const contract = new DisasterRecoveryContract();

/** The block of `type` in `stack` whose construct path contains `path`. */
function blockAt(stacks: Record<string, Json>, stack: string, type: string, path: string): Json {
  const blocks = Object.values(resourcesOf(stacks, stack, type)).filter((block) => String(block['//'].metadata.path).includes(path));
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

/** The failures of the contract on `site`'s stacks changed by `mutate` (as evaluateBroken, for a secondary site). */
async function siteFailures(platform: SynthesizedPlatform, site: PlatformSite, mutate: (stacks: Record<string, Json>) => void, evaluated: PlatformContract = contract): Promise<string[]> {
  const stacks = structuredClone(site.stacks) as Record<string, Json>;
  mutate(stacks);
  const result = await evaluated.evaluate({ model: new PlatformModel(stacks, { dependencies: platform.dependencies, preexisting: site.model.preexisting }), environment: site.environment });
  expect(contractPassed(result)).toBe(false);
  return failures(result);
}

/**
 * The disaster-recovery contract fails when one thing that makes an environment recoverable is taken out of
 * production's synthesized stacks, and names the resource.
 */
describe('disaster recovery (production)', () => {
  let platform: SynthesizedPlatform;
  /** Failures of the unchanged stacks, left out of each broken case so it shows only what its change broke. */
  let baseline: string[];
  beforeAll(async () => {
    platform = synthesizeForContracts('production');
    baseline = failures(await contract.evaluate({ model: platform.model, environment: platform.environment }));
  }, SYNTH_TIMEOUT_MS);

  const broken = async (mutate: (stacks: Record<string, Json>) => void) => (await evaluateBroken(platform, contract, mutate)).filter((failure) => !baseline.includes(failure));
  const secondary = () => platform.sites[1];

  it('holds on both sites: every store covered or exempt with its reason, copies in eu-west-1, failover records health-checked', async () => {
    expect(platform.sites.map((site) => site.name)).toEqual(['production', 'production-eu-west-1']);
    for (const site of platform.sites) {
      const result = await contract.evaluate({ model: site.model, environment: site.environment });
      expect(failures(result)).toEqual([]);
      expect(result.checks.length).toBeGreaterThan(0);
    }
    const primary = await contract.evaluate({ model: platform.model, environment: platform.environment });
    expect(primary.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^exempt cache \(refilled from PostgreSQL after a failover.*\): production-data\/redis\/Resource$/),
        expect.stringMatching(/^exempt search domain \(the search index is rebuilt from PostgreSQL.*\): production-data\/search\/Resource$/),
        expect.stringMatching(/^exempt queue \(messages in flight are lost.*\): .*production-data\/queues\/Queue-tasks/),
        expect.stringMatching(/^exempt access-log bucket \(.*\): production-cluster\/ingress-edge\/AccessLogs\/Resource, production-data\/storage\/LogBucket$/),
        expect.stringMatching(/^exempt replica bucket \(.*\): production-recovery-eu-west-1\/storage-replica\/Resource\/Bucket, production-recovery-eu-west-1\/velero-replica\/Resource\/Bucket$/),
        expect.stringMatching(/^exempt Terraform state bucket \(.*\): bootstrap-100000000004-eu-central-1\/state\/StateBucket\/Bucket$/),
      ]),
    );
  });

  it('is not applicable to an environment without a recovery strategy', async () => {
    const environment = { ...platform.environment, recovery: { ...platform.environment.recovery, strategy: 'none' as const } };
    const result = await contract.evaluate({ model: platform.model, environment });
    expect(result.checks).toEqual([]);
    expect(result.notes).toEqual(["not applicable: production has no disaster recovery (recovery.strategy: 'none')"]);
  });

  describe('coverage', () => {
    it('without the storage bucket’s replication, the bucket is named', async () => {
      const failed = await broken((stacks) => {
        const replications = resourcesOf(stacks, 'production-recovery', 'aws_s3_bucket_replication_configuration');
        for (const name of Object.keys(replications).filter((key) => key.startsWith('storage-replication'))) delete replications[name];
      });
      expect(failed).toEqual([
        expect.stringMatching(
          /^bucket production-data\/storage\/Storage\/Bucket replicates to eu-west-1: aws_s3_bucket\.storage_Storage_Bucket_\w+ \(platform-production-storage-100000000004\) is not replicated as a whole to eu-west-1: no aws_s3_bucket_replication_configuration names it\. Fix: replicate it/,
        ),
      ]);
    });

    it('a replication that copies only a prefix does not cover the bucket', async () => {
      const failed = await broken((stacks) => {
        blockAt(stacks, 'production-recovery', 'aws_s3_bucket_replication_configuration', 'storage-replication').rule[0].filter = { prefix: 'uploads/' };
      });
      expect(failed).toEqual([expect.stringMatching(/^bucket production-data\/storage\/Storage\/Bucket replicates to eu-west-1: .* only rule platform-production-storage of .* \(enabled, filtered\)/)]);
    });

    it('the access-log bucket is exempt only while it receives access logs', async () => {
      const failed = await broken((stacks) => {
        delete stacks['production-data'].resource.aws_s3_bucket_logging;
      });
      expect(failed).toEqual([expect.stringMatching(/^bucket production-data\/storage\/LogBucket replicates to eu-west-1: .*platform-production-access-logs-100000000004/)]);
    });

    it('PostgreSQL without its Backup tag is named', async () => {
      const failed = await broken((stacks) => {
        delete blockAt(stacks, 'production-data', 'aws_db_instance', 'postgres').tags.Backup;
      });
      expect(failed).toEqual([
        expect.stringMatching(
          /^PostgreSQL production-data\/postgres\/Resource is selected by a backup plan: aws_db_instance\.postgres_\w+ \(production-data\) is selected by no aws_backup_selection of a plan \(its Backup tag: none; selections match Backup=platform-production\)\. Fix: tag it Backup=platform-production/,
        ),
      ]);
    });

    it('PostgreSQL listed by ARN in a selection’s resources is covered without the tag', async () => {
      const stacks = structuredClone(platform.stacks) as Record<string, Json>;
      delete blockAt(stacks, 'production-data', 'aws_db_instance', 'postgres').tags.Backup;
      blockAt(stacks, 'production-recovery', 'aws_backup_selection', 'plan').resources = ['arn:aws:rds:eu-central-1:100000000004:db:platform-production'];
      const result = await contract.evaluate({ model: new PlatformModel(stacks, { dependencies: platform.dependencies }), environment: platform.environment });
      expect(failures(result).filter((failure) => !baseline.includes(failure))).toEqual([]);
    });

    it('a default StorageClass that does not tag its volumes for the backup plan is named', async () => {
      const failed = await broken((stacks) => {
        delete blockAt(stacks, 'production-cluster-addons', 'kubernetes_storage_class_v1', 'StorageClass').parameters.tagSpecification_1;
      });
      expect(failed).toEqual([
        expect.stringMatching(/^StorageClass production-cluster-addons\/addons\/StorageClass\/Resource tags its EBS volumes for a backup plan: the default StorageClass gp3 .* tags its volumes with nothing, which no backup selection matches \(Backup=platform-production\)\. Fix: add the parameter tagSpecification_1: 'Backup=platform-production'/),
      ]);
    });

    it('a secret without a replica in eu-west-1 (or with one in another region) is named', async () => {
      const failed = await broken((stacks) => {
        delete blockAt(stacks, 'production-data', 'aws_secretsmanager_secret', 'Secret-microservices-jwt-secret').replica;
        blockAt(stacks, 'production-data', 'aws_secretsmanager_secret', 'Secret-kgas-database-url').replica[0].region = 'us-east-1';
      });
      expect(failed).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^secret production-data\/secrets\/Secret-kgas-database-url replicates to eu-west-1: .*\(platform\/production\/kgas\/database-url\) has no replica in eu-west-1 \(replicas: us-east-1\)\. Fix: add a replica block/),
          expect.stringMatching(/^secret production-data\/secrets\/Secret-microservices-jwt-secret replicates to eu-west-1: .* has no replica in eu-west-1 \(replicas: none\)/),
        ]),
      );
    });

    it('a data store of a type the contract does not know fails until it is added to the coverage table', async () => {
      const failed = await broken((stacks) => {
        stacks['production-data'].resource.aws_efs_file_system = { shared_files: { '//': { metadata: { path: 'production-data/shared-files/Resource' } }, encrypted: true } };
      });
      expect(failed).toEqual([
        expect.stringMatching(
          /^aws_efs_file_system production-data\/shared-files\/Resource is backed up or replicated: aws_efs_file_system\.shared_files \(production-data\) holds data, and the disaster-recovery contract has no coverage rule for aws_efs_file_system\. Fix: .*add aws_efs_file_system to the coverage table/,
        ),
      ]);
    });
  });

  describe('copies land in eu-west-1 with a key of eu-west-1', () => {
    /** The ARN of a key of the primary region, as the model resolves it. */
    const primaryKeyArn = (path: string) => String(platform.model.attribute(platform.model.resources('aws_kms_key').find((key) => key.constructPath.includes(path)) as never, 'arn'));

    it('a copy action to the primary region’s own vault is named', async () => {
      const failed = await broken((stacks) => {
        for (const rule of blockAt(stacks, 'production-recovery', 'aws_backup_plan', 'plan').rule) {
          if (rule.rule_name === 'daily') rule.copy_action[0].destination_vault_arn = '${aws_backup_vault.vault_AEB7ADF6.arn}';
        }
      });
      expect(failed).toEqual([
        expect.stringMatching(/^backup rule daily of production-recovery\/plan\/Resource copies to a vault of eu-west-1 .*: aws_backup_plan\.plan_\w+ rule daily copy_action copies to production-recovery\/vault\/Resource in eu-central-1, not eu-west-1\. Fix:/),
      ]);
    });

    it('a copy vault encrypted by a key of the primary region is named', async () => {
      expect(primaryKeyArn('production-data/postgres')).toMatch(/^arn:aws:kms:eu-central-1:/);
      const failed = await broken((stacks) => {
        blockAt(stacks, 'production-recovery-eu-west-1', 'aws_backup_vault', 'vault').kms_key_arn = primaryKeyArn('production-data/postgres');
      });
      expect(failed).toEqual(
        expect.arrayContaining([expect.stringMatching(/^backup rule every-6-hours of .*: aws_backup_vault\.vault_\w+ \(the copy vault\) kms_key_arn names production-data\/postgres\/Key, a key of eu-central-1, not of eu-west-1\. Fix:/)]),
      );
    });

    it('a bucket replica encrypted by a key of the primary region is named', async () => {
      const failed = await broken((stacks) => {
        blockAt(stacks, 'production-recovery', 'aws_s3_bucket_replication_configuration', 'storage-replication').rule[0].destination.encryption_configuration.replica_kms_key_id = primaryKeyArn('production-data/storage');
      });
      expect(failed).toEqual([expect.stringMatching(/^replication rule platform-production-storage of .*: .* replica_kms_key_id names production-data\/storage\/Key, a key of eu-central-1, not of eu-west-1/)]);
    });

    it('a replication into a bucket of the primary region is named', async () => {
      const failed = await broken((stacks) => {
        blockAt(stacks, 'production-recovery', 'aws_s3_bucket_replication_configuration', 'velero-replication').rule[0].destination.bucket = 'arn:aws:s3:::platform-production-storage-100000000004';
      });
      expect(failed).toEqual(
        expect.arrayContaining([expect.stringMatching(/^replication rule platform-production-velero of .*: .* replicates to production-data\/storage\/Storage\/Bucket in eu-central-1, not eu-west-1/)]),
      );
    });

    it('a secret replica without a key of its own, or with a key of another region, is named', async () => {
      const failed = await broken((stacks) => {
        delete blockAt(stacks, 'production-data', 'aws_secretsmanager_secret', 'Secret-microservices-jwt-secret').replica[0].kms_key_id;
        blockAt(stacks, 'production-data', 'aws_secretsmanager_secret', 'Secret-kgas-database-url').replica[0].kms_key_id = '${aws_kms_key.secrets_Key_C8CF9929.arn}';
      });
      expect(failed).toEqual([
        expect.stringMatching(/^replica of secret production-data\/secrets\/Secret-kgas-database-url in eu-west-1 .*: .* kms_key_id names production-data\/secrets\/Key, a key of eu-central-1, not of eu-west-1/),
        expect.stringMatching(/^replica of secret production-data\/secrets\/Secret-microservices-jwt-secret in eu-west-1 .*: .* has no kms_key_id: it is encrypted by the AWS managed key aws\/secretsmanager/),
      ]);
    });

    it('the PostgreSQL replica of the secondary site encrypted by a key of the primary region, or replicating nothing, is named', async () => {
      const failed = await siteFailures(platform, secondary(), (stacks) => {
        const replica = blockAt(stacks, 'production-data-eu-west-1', 'aws_db_instance', 'postgres');
        replica.kms_key_id = primaryKeyArn('production-data/postgres');
        delete replica.replicate_source_db;
      });
      expect(failed).toEqual([
        expect.stringMatching(/^PostgreSQL production-data-eu-west-1\/postgres\/Resource replicates the primary's instance in eu-central-1: .* replicate_source_db is undefined/),
        expect.stringMatching(/^PostgreSQL production-data-eu-west-1\/postgres\/Resource is encrypted by a key of eu-west-1: .* kms_key_id names arn:aws:kms:eu-central-1:.*, not a KMS key the platform creates/),
      ]);
    });

    it('a secondary site without the PostgreSQL replica is named', async () => {
      const failed = await siteFailures(platform, secondary(), (stacks) => {
        delete stacks['production-data-eu-west-1'].resource.aws_db_instance;
      });
      expect(failed).toEqual([expect.stringMatching(/^the eu-west-1 site of production holds a PostgreSQL replica of the primary in eu-central-1: no aws_db_instance/)]);
    });

    it('a secondary stack that reads a primary stack’s state (or keeps its own in the primary region) is named', async () => {
      const failed = await siteFailures(platform, secondary(), (stacks) => {
        const data = stacks['production-data-eu-west-1'];
        data.data.terraform_remote_state['cross-stack-reference-input-production-data'] = {
          backend: 's3',
          config: { bucket: 'platform-tfstate-100000000004-eu-central-1', key: 'production/data.tfstate', region: 'eu-central-1' },
        };
        stacks['production-network-eu-west-1'].terraform.backend.s3.bucket = 'platform-tfstate-100000000004-eu-central-1';
      });
      expect(failed).toEqual([
        expect.stringMatching(/^production-network-eu-west-1 plans and applies without the primary region: .* keeps its state in "platform-tfstate-100000000004-eu-central-1"/),
        expect.stringMatching(/^production-data-eu-west-1 plans and applies without the primary region: .*reads the state of another region's stack \(data\.terraform_remote_state\.cross-stack-reference-input-production-data: "production\/data\.tfstate"/),
      ]);
    });
  });

  describe('the standby network is ready for the failover, which applies none', () => {
    const reachability = new NetworkReachabilityContract();

    it('the standby ALB reaches the pods on every port the workloads route to (auth-service 3001, user-service 3002)', async () => {
      const site = secondary();
      expect(site.environment.workloads.enabled).toBe(false);
      const result = await reachability.evaluate({ model: site.model, environment: site.environment });
      expect(failures(result)).toEqual([]);
      const subjects = result.checks.map((item) => item.subject);
      for (const port of [3001, 3002]) {
        expect(subjects).toContainEqual(`the shared ALB → workload pods (node group general) once the site serves (a routed port of the workloads) TCP ${port} must be allowed`);
      }
    });

    it('without the load-balancer group’s egress to 3001 on the standby site, the failed-over ALB could not reach auth-service', async () => {
      const failed = await siteFailures(
        platform,
        secondary(),
        (stacks) => {
          const rules = resourcesOf(stacks, 'production-network-eu-west-1', 'aws_vpc_security_group_egress_rule');
          const names = Object.keys(rules).filter((name) => String(rules[name]['//'].metadata.path).includes('SecurityGroups/LoadBalancer/EgressToApplication3001'));
          expect(names).toHaveLength(1);
          delete rules[names[0]];
        },
        reachability,
      );
      expect(failed).toContainEqual(expect.stringMatching(/^the shared ALB → workload pods \(node group general\) once the site serves .* TCP 3001 must be allowed: no egress rule of production-network-eu-west-1\/network\/SecurityGroups\/LoadBalancer/));
    });
  });

  describe('backups', () => {
    it('a plan whose most frequent rule runs every 12 hours is named (seed 002: every 6)', async () => {
      const failed = await broken((stacks) => {
        for (const rule of blockAt(stacks, 'production-recovery', 'aws_backup_plan', 'plan').rule) if (rule.rule_name === 'every-6-hours') rule.schedule = 'cron(0 */12 ? * * *)';
      });
      expect(failed).toEqual([expect.stringMatching(/^backup plan production-recovery\/plan\/Resource backs up at least every 6 hours .*: .*every-6-hours cron\(0 \*\/12 \? \* \* \*\).*\. Fix:/)]);
    });

    it('a production vault without its lock is named', async () => {
      const failed = await broken((stacks) => {
        delete stacks['production-recovery-eu-west-1'].resource.aws_backup_vault_lock_configuration;
      });
      expect(failed).toEqual([expect.stringMatching(/^backup vault production-recovery-eu-west-1\/vault\/Resource is locked \(production\): .*\(platform-production-euw1\) has no aws_backup_vault_lock_configuration/)]);
    });

    it('a plan no selection names is named', async () => {
      const failed = await broken((stacks) => {
        delete stacks['production-recovery'].resource.aws_backup_selection;
      });
      expect(failed).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^backup plan production-recovery\/plan\/Resource selects resources: no aws_backup_selection names/),
          expect.stringMatching(/^PostgreSQL production-data\/postgres\/Resource is selected by a backup plan/),
          expect.stringMatching(/^StorageClass .* tags its EBS volumes for a backup plan/),
        ]),
      );
    });
  });

  describe('failover records', () => {
    const record = (stacks: Record<string, Json>, host: string, region: string) => blockAt(stacks, 'production-recovery', 'aws_route53_record', `failover-${host}-${region}/`);

    it('an ingress that does not publish the regional name its failover records point at is named, in each region', async () => {
      const unpublish = (stacks: Record<string, Json>, stack: string) => {
        expect(Object.keys(stacks[stack].resource.kubernetes_ingress_v1 ?? {})).not.toEqual([]);
        delete stacks[stack].resource.kubernetes_ingress_v1;
      };
      expect(await broken((stacks) => unpublish(stacks, 'production-cluster-addons'))).toEqual([
        expect.stringMatching(/^the eu-central-1 ingress publishes ingress\.eu-central-1\.platform\.example\.com, where the failover records point: no alb Ingress of the site serves .*Fix: pass regionalIngressName to ClusterAddons/),
      ]);
      expect(await siteFailures(platform, secondary(), (stacks) => unpublish(stacks, 'production-cluster-addons-eu-west-1'))).toEqual([
        expect.stringMatching(/^the eu-west-1 ingress publishes ingress\.eu-west-1\.platform\.example\.com/),
      ]);
    });

    it('a failover record without a health check is named', async () => {
      const failed = await broken((stacks) => {
        delete record(stacks, 'api', 'eu-west-1').health_check_id;
      });
      expect(failed).toEqual([expect.stringMatching(/^failover record api\.platform\.example\.com CNAME \(SECONDARY\) is health-checked at its target: .* has no health check of the platform .*Fix: set health_check_id/)]);
    });

    it('a record whose health check probes another name is named', async () => {
      const failed = await broken((stacks) => {
        record(stacks, 'web', 'eu-central-1').health_check_id = '${aws_route53_health_check.ingress-health-eu-west-1_C55BE66E.id}';
      });
      expect(failed).toEqual([
        expect.stringMatching(/^failover record app\.platform\.example\.com CNAME \(PRIMARY\) .*: .* points at ingress\.eu-central-1\.platform\.example\.com but its health check production-recovery\/ingress-health-eu-west-1\/Resource probes ingress\.eu-west-1\.platform\.example\.com/),
      ]);
    });

    it('two PRIMARY records for one name are named', async () => {
      const failed = await broken((stacks) => {
        record(stacks, 'kgas', 'eu-west-1').failover_routing_policy.type = 'PRIMARY';
      });
      expect(failed).toEqual([expect.stringMatching(/^failover records of kgas\.platform\.example\.com CNAME: one PRIMARY, at most one SECONDARY: .* has 2 PRIMARY and 0 SECONDARY records/)]);
    });
  });
});

/** StoryMagic (ECS, pilot light): its one repository replicates, and its replicas are encrypted in eu-west-1. */
describe('disaster recovery (storymagic-production)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('storymagic-production');
  }, SYNTH_TIMEOUT_MS);

  it('holds on both sites, the load balancer’s log bucket exempt', async () => {
    for (const site of platform.sites) expect(failures(await contract.evaluate({ model: site.model, environment: site.environment }))).toEqual([]);
    const primary = await contract.evaluate({ model: platform.model, environment: platform.environment });
    expect(primary.notes).toContainEqual(expect.stringMatching(/^exempt access-log bucket .*storymagic-production-services\/api\/load-balancer\/AccessLogBucket\/Resource/));
    expect(primary.checks.map((item) => item.subject)).toContainEqual('replicas of ECR repository storymagic/api in eu-west-1 are encrypted by a key of eu-west-1');
  });

  it('a repository outside the replicated prefixes is named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      blockAt(stacks, 'storymagic-production-services', 'aws_ecr_replication_configuration', 'registry-replication').replication_configuration.rule[0].repository_filter[0].filter = 'other/';
    });
    expect(failed).toEqual([
      expect.stringMatching(/^ECR repository .*Repository-storymagic-api replicates to eu-west-1: .*\(storymagic\/api\) matches no aws_ecr_replication_configuration rule to eu-west-1 \(PREFIX_MATCH filters: other\/\)\. Fix: replicate its prefix 'storymagic\/'/),
    ]);
  });

  it('replicated repositories without a creation template of eu-west-1 (AES-256 replicas) are named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      delete stacks['storymagic-production-services'].resource.aws_ecr_repository_creation_template;
    });
    expect(failed).toEqual([expect.stringMatching(/^replicas of ECR repository storymagic\/api in eu-west-1 .*: no aws_ecr_repository_creation_template in eu-west-1 applies to replication of storymagic\/api/)]);
  });
});
