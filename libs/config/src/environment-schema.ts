import {
  BaselineSecurityGroups,
  INTERFACE_ENDPOINT_SERVICES,
  NAT_GATEWAY_MODES,
  planSubnetLayout,
  VpcFlowLogs,
} from '@platform/network';
import { parseIpv4Cidr } from '@platform/core';
import { fargateMemoryOptions } from '@platform/ecs';
import { z } from 'zod';
import { isAwsRegion } from './aws-regions';
import { awsRegion, checkZones, listedOnce, logRetentionDays } from './schema-fields';
import { checkCluster, clusterSchema } from './cluster-schema';
import { dataSchema } from './data-schema';
import { deliverySchema } from './delivery-schema';
import { checkEcs, COMPUTE_PLATFORMS, ecsSchema } from './ecs-schema';
import { checkObservability, observabilitySchema } from './observability-schema';
import { checkRecovery, RecoveryConfig, recoverySchema } from './recovery-schema';
import { checkSecurity, securitySchema } from './security-schema';
import { checkWorkloads, workloadsSchema } from './workloads-schema';

const NAME = /^[a-z][a-z0-9-]{1,30}$/;
const S3_BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const nameField = (what: string) =>
  z.string().regex(NAME, `is not 2–31 lower-case letters, digits or hyphens starting with a letter (it prefixes ${what}). Fix: write a name such as 'staging'`);
const tagValue = z
  .string()
  .min(1, 'is empty. Fix: write the value the tag should carry')
  .max(256, 'is longer than 256 characters, the AWS tag value limit. Fix: shorten it');
const subnetCidrMap = z.record(z.string(), z.string());

/**
 * Network settings of an environment. Every field but `vpcCidr` has a default, and every default is the choice
 * for production; development and testing state what they give up.
 */
const networkSchema = z.strictObject({
  /** IPv4 CIDR of the VPC, /16–/28. Unique per environment so environments can be peered later. No default. */
  vpcCidr: z.string(),
  /** NAT gateway mode; `perAz` survives the loss of an AZ. */
  natGateways: z.enum(NAT_GATEWAY_MODES).default('perAz'),
  /** Explicit subnet CIDRs per tier, keyed by AZ; tiers left out are computed from `vpcCidr`. */
  subnetCidrs: z
    .strictObject({
      /** CIDR of each public subnet, keyed by availability zone. */
      public: subnetCidrMap.optional(),
      /** CIDR of each private subnet, keyed by availability zone. */
      private: subnetCidrMap.optional(),
      /** CIDR of each database subnet, keyed by availability zone. */
      database: subnetCidrMap.optional(),
    })
    .optional(),
  /** Interface VPC endpoints, so nodes pull images and read secrets without crossing NAT. */
  interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).superRefine(listedOnce('service')).default([...INTERFACE_ENDPOINT_SERVICES]),
  /** Days VPC flow logs are kept. */
  flowLogRetentionDays: logRetentionDays(VpcFlowLogs.DEFAULT_RETENTION_IN_DAYS),
  /** Container ports the load balancer may reach in the application security group. */
  applicationPorts: z
    .array(z.number().int().min(1).max(65535))
    .min(1, 'is empty. Fix: list at least one container port, such as 8000')
    .superRefine(listedOnce('port'))
    .default([...BaselineSecurityGroups.DEFAULT_APPLICATION_PORTS]),
});

/**
 * Where the environment's Terraform state lives. Defaults give every account and region its own bucket, lock table
 * and KMS key (created by the bootstrap app), so production state never shares a bucket with development.
 */
const stateSchema = z.strictObject({
  /** State bucket. @default `<project>-tfstate-<accountId>-<region>` */
  bucket: z
    .string()
    .regex(S3_BUCKET, 'is not a valid S3 bucket name. Fix: write 3–63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit, or remove it to use the default')
    .optional(),
  /** DynamoDB table holding state locks. @default `<project>-terraform-locks` */
  lockTable: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'is not a DynamoDB table name. Fix: write 3–255 letters, digits, _ . or -, such as platform-terraform-locks, or remove it to use the default')
    .optional(),
  /** KMS key (alias name) encrypting state objects and lock items. @default `alias/<project>-terraform-state` */
  kmsKeyAlias: z
    .string()
    .regex(/^alias\/[a-zA-Z0-9/_-]+$/, "is not a KMS alias name. Fix: write one such as 'alias/platform-terraform-state', or remove it to use the default")
    .optional(),
  /** Region of the state bucket, lock table and key. @default - the environment's region */
  region: awsRegion().optional(),
  /** First part of every state object key (`<keyPrefix>/<stack>.tfstate`). @default - the environment name */
  keyPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, "is not a state key prefix. Fix: write lower-case letters, digits, /, _ or -, with no leading or trailing /, such as 'staging'")
    .optional(),
  /**
   * Also lock with an S3 lock file next to the state (`use_lockfile`, Terraform >= 1.10). The DynamoDB table keeps
   * locking too, so the switch can be turned on while older Terraform versions still run.
   */
  useLockfile: z.boolean().default(false),
  /**
   * Where the bootstrap stack of this account and region keeps its own state: `local` for the first apply (the
   * bucket does not exist yet), then `s3` (under `bootstrap/<account>-<region>.tfstate`) once the state has been
   * migrated into the bucket it created. See docs/operations.md, "Bootstrap (once per account and region)".
   */
  bootstrapBackend: z.enum(['local', 's3']).default('local'),
});

/** Schema of `environments/<name>/environment.ts`. Parse with {@link loadEnvironment}, which adds cross-field checks. */
export const environmentSchema = z
  .strictObject({
    /** Environment name; must equal its folder under `environments/` and its app under `apps/`. */
    name: nameField('every stack and resource name'),
    /** Project name, the `Project` tag and the first part of resource names. */
    project: nameField('every resource name'),
    /** Team answerable for the environment: the `Owner` tag. */
    owner: tagValue,
    /** Cost allocation: the `CostCenter` tag. */
    costCenter: tagValue,
    /** The owning team's email: Let's Encrypt expiry notices, and later alerts and budgets. */
    contactEmail: z.email("is not an email address. Fix: write the owning team's address such as platform-team@example.com"),
    /** Route 53 zone of the environment's public names, e.g. `staging.example.com` (external-dns, certificates). */
    dnsZoneName: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'is not a DNS zone name. Fix: write the zone in lower case without a trailing dot, such as staging.example.com')
      .optional(),
    /**
     * Id of the Route 53 hosted zone `dnsZoneName`, e.g. `Z0123456789ABCDEFGHIJ`: external-dns may change records in
     * this zone only (its IAM policy and `--zone-id-filter`). Written here because offline plans cannot look it up.
     */
    dnsZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]+$/, "is not a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ. Fix: write the zone's Id without the /hostedzone/ prefix (aws route53 list-hosted-zones-by-name --dns-name <dnsZoneName>)")
      .optional(),
    /** The only AWS account this environment may be deployed to. */
    accountId: z.string().regex(/^\d{12}$/, "is not a 12-digit AWS account id. Fix: write the account's id as a string with all 12 digits, such as '123456789012'"),
    /** AWS region. */
    region: awsRegion(),
    /** Availability zones, listed explicitly so plans are deterministic and need no AWS API call. */
    availabilityZones: z
      .array(z.string())
      .min(2, 'needs at least 2 zones: RDS subnet groups and a highly available cluster require them. Fix: list two or more zones of region, such as eu-central-1a and eu-central-1b'),
    /** Extra tags for every resource, on top of Environment, Project, Owner, CostCenter and ManagedBy. */
    additionalTags: z.record(z.string(), tagValue).default({}),
    /**
     * Production guardrails: an open public API endpoint is refused, and later data stores get deletion protection.
     * Every environment is production unless it says otherwise.
     */
    production: z.boolean().default(true),
    /**
     * Where the services run: `eks` (network, cluster, add-ons, data, monitoring, observability and workloads stacks)
     * or `ecs` (seed 003: network, data, an ECS Fargate services stack and monitoring; no cluster). An ECS
     * environment may not write EKS settings (cluster, workloads, in-cluster observability).
     */
    compute: z.enum(COMPUTE_PLATFORMS).default('eks'),
    /** ECS Fargate services; required when compute is `ecs`, refused otherwise. */
    ecs: ecsSchema.optional(),
    network: networkSchema,
    state: stateSchema.prefault({}),
    cluster: clusterSchema.prefault({}),
    data: dataSchema.prefault({}),
    observability: observabilitySchema.prefault({}),
    workloads: workloadsSchema.prefault({}),
    delivery: deliverySchema.optional(),
    recovery: recoverySchema.prefault({}),
    /** Account security baseline (audit trail, GuardDuty, Security Hub, Config, account defaults); every switch on by default. */
    security: securitySchema.prefault({}),
  })
  .superRefine((env, ctx) => {
    const addIssue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkZones(env.availabilityZones, { region: env.region, regionField: 'region', path: ['availabilityZones'] }, addIssue);
    const { problems } = planSubnetLayout({
      vpcCidr: env.network.vpcCidr,
      availabilityZones: env.availabilityZones,
      overrides: env.network.subnetCidrs,
    });
    // A computed subnet's slot is the letter after the region in its zone's name: with a region that is no region,
    // every zone of every computed tier would be reported again for the one mistake reported at region.
    const followsFromRegion = (field: string) => {
      const [, tier] = field.split('.');
      return !isAwsRegion(env.region) && field.startsWith('subnetCidrs.') && env.network.subnetCidrs?.[tier as keyof typeof env.network.subnetCidrs] === undefined;
    };
    for (const { field, problem, fix } of problems.filter(({ field }) => !followsFromRegion(field))) {
      ctx.addIssue({ code: 'custom', path: ['network', ...field.split('.')], message: `${problem}. Fix: ${fix}` });
    }
    // The network construct refuses this too, but only while building stacks; the mistake is in this field.
    const vpc = parseIpv4Cidr(env.network.vpcCidr);
    if (!('error' in vpc) && (vpc.prefixLength < 16 || vpc.prefixLength > 28)) {
      addIssue(['network', 'vpcCidr'], `${env.network.vpcCidr} is outside the /16 to /28 range AWS allows for a VPC. Fix: use a prefix between /16 and /28, such as 10.20.0.0/16`);
    }
    const stateRegion = env.state.region ?? env.region;
    const defaultBucket = `${env.project}-tfstate-${env.accountId}-${stateRegion}`;
    // The default name ends in the region: a region that is no region is reported at its own field, once.
    if (env.state.bucket === undefined && isAwsRegion(stateRegion) && !S3_BUCKET.test(defaultBucket)) {
      ctx.addIssue({
        code: 'custom',
        path: ['state', 'bucket'],
        message: `the default bucket name '${defaultBucket}' is not a valid S3 bucket name (longer than 63 characters?). Fix: set state.bucket`,
      });
    }
    if (env.data.cdn.hostname !== undefined && (env.dnsZoneName === undefined || env.dnsZoneId === undefined)) {
      addIssue(['data', 'cdn', 'hostname'], 'needs dnsZoneName and dnsZoneId: the certificate is validated and the name published in that zone. Fix: set both, or remove hostname');
    }
    const { search } = env.data;
    // The data stack spreads the nodes over 3 zones when their count is a multiple of 3, else over 2 (addSearch).
    if (search.enabled && search.instanceCount % 2 !== 0 && search.instanceCount % 3 !== 0) {
      addIssue(['data', 'search', 'instanceCount'], `${search.instanceCount} data nodes cannot be spread evenly over the Availability Zones. Fix: use a multiple of 2 or 3, such as ${search.instanceCount + 1}`);
    } else if (search.enabled && search.instanceCount % 2 !== 0 && env.availabilityZones.length < 3) {
      addIssue(['data', 'search', 'instanceCount'], `${search.instanceCount} data nodes need 3 Availability Zones, and the environment lists ${env.availabilityZones.length}. Fix: use a multiple of 2, or list a third zone in availabilityZones`);
    }
    if (env.recovery.strategy !== 'none') {
      // ECR replication to the secondary region matches repositories by namespace (the data stack's addRegistryReplication).
      const repositories: [(string | number)[], string][] =
        env.compute === 'ecs'
          ? Object.entries(env.ecs?.services ?? {}).map(([name, service]) => [['ecs', 'services', name, 'repository'], service.repository])
          : env.cluster.ecrRepositories.map((repository, index) => [['cluster', 'ecrRepositories', index], repository]);
      for (const [path, repository] of repositories.filter(([, repository]) => !repository.includes('/'))) {
        addIssue(path, `'${repository}' has no namespace, which ECR replication to the secondary region matches repositories by. Fix: write <namespace>/<image>, such as '${env.project}/${repository}'`);
      }
    }
    checkEcs(env, fargateMemoryOptions, addIssue);
    if (env.compute === 'eks') {
      checkCluster(env, addIssue);
      checkWorkloads(env, addIssue);
    }
    checkObservability(env, addIssue);
    checkRecovery(env, addIssue);
    checkSecurity(env, addIssue);
    if (env.production && !env.data.postgres.multiAz) {
      ctx.addIssue({ code: 'custom', path: ['data', 'postgres', 'multiAz'], message: 'must be true in production: a single-AZ database goes down with its zone. Fix: remove multiAz: false, or set production: false' });
    }
    if (env.production && env.data.postgres.backupRetentionDays < 7) {
      ctx.addIssue({
        code: 'custom',
        path: ['data', 'postgres', 'backupRetentionDays'],
        message: `${env.data.postgres.backupRetentionDays} days is too short for production. Fix: keep backups at least 7 days (default 30)`,
      });
    }
    for (const key of Object.keys(env.additionalTags)) {
      if (key in TAGS_SET_BY_PLATFORM || key.toLowerCase().startsWith('aws:')) {
        ctx.addIssue({ code: 'custom', path: ['additionalTags', key], message: `'${key}' is set by the platform or reserved by AWS. Fix: remove it` });
      }
    }
  });

const TAGS_SET_BY_PLATFORM = { Environment: true, Project: true, Owner: true, CostCenter: true, ManagedBy: true, Component: true };

/** What an environment file writes: defaults may be left out. */
export type EnvironmentInput = z.input<typeof environmentSchema>;

/** Resolved state settings of an environment: every default filled in. */
export interface StateSettings {
  readonly bucket: string;
  readonly lockTable: string;
  readonly kmsKeyAlias: string;
  /** ARN of the KMS alias, computed offline: `arn:<partition>:kms:<region>:<account>:alias/...`. */
  readonly kmsKeyArn: string;
  readonly region: string;
  readonly keyPrefix: string;
  readonly useLockfile: boolean;
  readonly bootstrapBackend: 'local' | 's3';
}

/** A validated environment with every default filled in, plus derived values. */
export type EnvironmentConfig = Omit<z.output<typeof environmentSchema>, 'state' | 'recovery'> & {
  readonly state: StateSettings;
  readonly recovery: RecoveryConfig;
  /** Tags every resource carries (provider default tags). */
  readonly tags: Readonly<Record<string, string>>;
  /** `<project>-<name>` (just `<name>` when it starts with `<project>-`): prefix of resource names. */
  readonly resourcePrefix: string;
  /**
   * Set only on the derived config of the environment's secondary region (disaster recovery, see the stacks'
   * secondarySite): its stacks are named `<name>-<kind>-<region>`. Absent for the environment as written.
   */
  readonly site?: SecondarySite;
};

/** What marks the derived config of an environment's secondary region. */
export interface SecondarySite {
  /** Region of the environment as written: the one this site stands in for. */
  readonly primaryRegion: string;
  /** Resource prefix of the environment as written (the secondary's adds a region code). */
  readonly primaryResourcePrefix: string;
  /** Whether the secondary region serves (after a failover, `recovery.activeRegion: 'secondary'`) or stands by. */
  readonly active: boolean;
  /** Whether the site runs a (for now empty) Redis cache: while it serves, and in a warm standby. */
  readonly runsCache: boolean;
  /**
   * Whether the site runs its compute: an EKS cluster (warm standby, and once serving), or the ECS services (once
   * serving). The applications themselves run there only once it serves.
   */
  readonly runsCompute: boolean;
}

