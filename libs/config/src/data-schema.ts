import { ISO_3166_ALPHA2_CODES } from '@platform/data';
import { z } from 'zod';
import { listedOnce } from './schema-fields';

const NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const SECRET_NAME = /^[a-z0-9][a-z0-9/_+=.@-]*$/;

/**
 * Application secrets every environment has unless it lists its own: seed 000 API keys, what observability reads
 * (StoryMagic's, seed 003, live in its own environments).
 * No database or Redis URL: applications connect with IAM authentication, without a password (see the workloads
 * library's dataTierEnvironment).
 */
export const DEFAULT_APPLICATION_SECRETS = [
  'novel-engine/gemini-api-key',
  'novel-engine/jwt-secret-key',
  'observability/grafana-admin',
  'observability/postgres-exporter',
  'observability/ses-smtp-password',
] as const;

const postgresSchema = z
  .strictObject({
    /**
     * PostgreSQL major version ('15', '16'); a full minor version ('16.8') only with autoMinorVersionUpgrade off, since
     * RDS upgrades the minor version and a pinned one would then show as a change in every plan.
     */
    engineVersion: z
      .string()
      .regex(/^1[56](\.\d+)?$/, "is not PostgreSQL 15 or 16. Fix: write a major version such as '16' (or '16.8' with autoMinorVersionUpgrade: false)")
      .default('16'),
    /** RDS applies minor version upgrades in the maintenance window. */
    autoMinorVersionUpgrade: z.boolean().default(true),
    /** RDS instance class. */
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "is not an RDS instance class. Fix: write one such as 'db.t3.medium'").default('db.t3.medium'),
    /** Storage allocated at creation (gp3), GiB. */
    allocatedStorageGiB: z.number().int().min(20).max(65536).default(100),
    /** Storage autoscaling limit, GiB; at least allocatedStorageGiB. */
    maxAllocatedStorageGiB: z.number().int().min(20).max(65536).default(1000),
    /** A standby in another Availability Zone (refused off in production). */
    multiAz: z.boolean().default(true),
    /** Days automated backups are kept; 0 turns them off (refused in production). */
    backupRetentionDays: z
      .number()
      .int()
      .min(0, 'is outside 0–35 days, the RDS limits. Fix: write a number of days from 0 to 35')
      .max(35, 'is outside 0–35 days, the RDS limits. Fix: write a number of days from 0 to 35')
      .default(30),
    /** Read replicas in the region. */
    readReplicas: z.number().int().min(0).max(5).default(0),
    /** Days between rotations of the RDS-managed master password (seed 003: 30); applications do not hold it. */
    masterPasswordRotationDays: z
      .number()
      .int()
      .min(1, 'is outside 1–365 days. Fix: write a number of days from 1 to 365, such as 30')
      .max(365, 'is outside 1–365 days. Fix: write a number of days from 1 to 365, such as 30')
      .default(30),
    /**
     * Database user the applications log in as with IAM authentication (`rds-db:connect`); created once with
     * `CREATE USER app; GRANT rds_iam TO app;` (docs/runbook.md).
     */
    applicationUsername: z
      .string()
      .regex(/^[a-zA-Z]\w{0,62}$/, "is not a PostgreSQL user name. Fix: write a letter, then up to 62 letters, digits or underscores, such as 'app'")
      .refine((name) => name !== 'postgres', { message: "is the RDS master user, which applications must not use. Fix: use a user of its own, e.g. 'app'" })
      .default('app'),
  })
  .superRefine((db, ctx) => {
    if (db.autoMinorVersionUpgrade && db.engineVersion.includes('.')) {
      const major = db.engineVersion.split('.')[0];
      ctx.addIssue({
        code: 'custom',
        path: ['engineVersion'],
        message: `'${db.engineVersion}' pins a minor version while autoMinorVersionUpgrade is on, so every plan after RDS upgrades the minor version wants to change it back. Fix: write engineVersion: '${major}', or set autoMinorVersionUpgrade: false to keep ${db.engineVersion}`,
      });
    }
    if (db.maxAllocatedStorageGiB < db.allocatedStorageGiB) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxAllocatedStorageGiB'],
        message: `${db.maxAllocatedStorageGiB} is below allocatedStorageGiB ${db.allocatedStorageGiB}. Fix: make the autoscaling limit at least the allocated storage`,
      });
    }
  });

const redisSchema = z
  .strictObject({
    /** Redis 7 engine version. */
    engineVersion: z.string().regex(/^7\.\d+$/, "is not a Redis 7 version. Fix: write one such as '7.1'").default('7.1'),
    /** ElastiCache node type. */
    nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "is not an ElastiCache node type. Fix: write one such as 'cache.t3.medium'").default('cache.t3.medium'),
    /** Primary plus replicas. */
    nodes: z.number().int().min(1).max(6).default(2),
    /** Replicas in other Availability Zones with automatic failover; needs nodes >= 2. */
    multiAz: z.boolean().default(true),
  })
  .superRefine((redis, ctx) => {
    if (redis.multiAz && redis.nodes < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['multiAz'],
        message: `needs at least 2 nodes for automatic failover, but nodes is ${redis.nodes}. Fix: set nodes: 2 or more, or multiAz: false`,
      });
    }
  });

/** The EU member states (ISO 3166-1 alpha-2): seed 003's GDPR allow-list of the CDN. */
export const EU_COUNTRY_CODES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'] as const;
/** Where the GDPR applies: the EU and the other EEA states (Iceland, Liechtenstein, Norway). */
const EEA_COUNTRY_CODES: readonly string[] = [...EU_COUNTRY_CODES, 'IS', 'LI', 'NO'];

/** Databases, caches, storage, CDN, secrets, search and messaging of an environment (`<env>-data` stack). */
export const dataSchema = z.strictObject({
  /** PostgreSQL on RDS, IAM authentication for applications. */
  postgres: postgresSchema.prefault({}),
  /** Redis on ElastiCache, IAM authentication. */
  redis: redisSchema.prefault({}),
  /** Application secrets (containers; values are put by operators), under `<project>/<env>/`. */
  secrets: z
    .array(z.string().regex(SECRET_NAME, 'is not a secret name. Fix: write one such as novel-engine/jwt-secret-key'))
    .superRefine(listedOnce('secret'))
    .default([...DEFAULT_APPLICATION_SECRETS]),
  /** CloudFront in front of the storage bucket and the API, behind WAF. */
  cdn: z
    .strictObject({
      /** Countries (ISO 3166-1 alpha-2) allowed to reach the CDN; empty allows everyone. */
      allowedCountries: z
        .array(
          z.string().refine((code) => ISO_3166_ALPHA2_CODES.includes(code), {
            message: "is not an ISO 3166-1 alpha-2 country code. Fix: use upper-case codes such as 'DE', 'FR', 'NL'",
          }),
        )
        .superRefine(listedOnce('country'))
        .default([]),
      /**
       * GDPR (seed 003): only visitors from the EU may reach the CDN. allowedCountries default to the EU member states,
       * and a country outside the EU/EEA is refused.
       */
      gdpr: z.boolean().default(false),
      /**
       * First label of the CDN's own name, `<hostname>.<dnsZoneName>` (e.g. `app`): a DNS-validated certificate in
       * us-east-1 and an alias record, so viewers get TLSv1.2_2021 at least (seed 003); needs dnsZoneName and dnsZoneId.
       * @default - the `*.cloudfront.net` name with CloudFront's default certificate
       */
      hostname: z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'is not one DNS label. Fix: write the first label of the name only, such as app').optional(),
      /** Requests per 5 minutes per IP before WAF blocks. */
      rateLimitPer5Minutes: z.number().int().min(100, 'is below 100, the WAF minimum. Fix: write 100 or more, such as 2000').default(2000),
    })
    .superRefine((cdn, ctx) => {
      if (!cdn.gdpr) return;
      cdn.allowedCountries.forEach((code, index) => {
        if (!EEA_COUNTRY_CODES.includes(code)) {
          ctx.addIssue({
            code: 'custom',
            path: ['allowedCountries', index],
            message: `'${code}' is outside the EU/EEA, and gdpr: true limits the CDN to visitors from there. Fix: remove '${code}', or set gdpr: false if the data may be served outside the EU`,
          });
        }
      });
    })
    .transform((cdn) => (cdn.gdpr && cdn.allowedCountries.length === 0 ? { ...cdn, allowedCountries: [...EU_COUNTRY_CODES] } : cdn))
    .prefault({}),
  /** OpenSearch (seed 002); off by default. */
  search: z
    .strictObject({
      /** Whether the data stack creates the OpenSearch domain. */
      enabled: z.boolean().default(false),
      /** OpenSearch instance type of the data nodes. */
      instanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, "is not an OpenSearch instance type. Fix: write one such as 'r6g.large.search'").default('r6g.large.search'),
      /** Data nodes, spread evenly over 2 Availability Zones (3 when the count is a multiple of 3, not of 2). */
      instanceCount: z.number().int().min(2, 'is below 2, and the domain spans Availability Zones. Fix: run 2 data nodes or more, such as 2').default(2),
    })
    .prefault({}),
  /** SQS queues (each with a dead-letter queue). */
  queues: z
    .array(z.string().regex(NAME, 'is not a queue name. Fix: use lower-case letters, digits and hyphens, such as tasks'))
    .superRefine(listedOnce('queue'))
    .default([]),
  /** SNS topics. */
  topics: z
    .array(z.string().regex(NAME, 'is not a topic name. Fix: use lower-case letters, digits and hyphens, such as events'))
    .superRefine(listedOnce('topic'))
    .default([]),
});
