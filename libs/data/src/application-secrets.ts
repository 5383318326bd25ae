import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import { createDataKey } from './private/db-kms-key';
import { ACCOUNT_ID, AWS_REGION, duplicates, idFor, isIntegerBetween, isLateBound, KMS_KEY_ARN, quoted, requirement } from './private/db-validation';

/** A region every secret is replicated to, with the key that encrypts the replicas there. */
export interface SecretReplicaRegion {
  /** e.g. `eu-west-1`; not the secrets' own region. */
  readonly region: string;
  /** ARN of a KMS key in `region` (Secrets Manager encrypts a replica with a key of the replica's region). */
  readonly kmsKeyArn: string;
}

export interface ApplicationSecretsProps {
  /** Project part of the name prefix, e.g. `platform`. */
  readonly project: string;
  /** Environment part of the name prefix, e.g. `production`. */
  readonly environment: string;
  /** AWS account id, for the key policy (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the secrets, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * Secret names under `<project>/<environment>/`, e.g. `novel-engine/gemini-api-key`: lower-case letters, digits and
   * `/_+=.@-`, each once.
   */
  readonly secretNames: readonly string[];
  /**
   * Days a deleted secret can still be restored, 7 to 30.
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * Refuse `terraform destroy` of the KMS key (`prevent_destroy`), without which the secret values cannot be read; `false` for
   * non-production environments only.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Regions Secrets Manager keeps a read-only replica of every secret in (the `replica` blocks), so the applications
   * of a secondary region read the same values, with the same name, after a regional failover; a replica can be
   * promoted to a standalone secret there.
   * @default - no replicas
   */
  readonly replicaRegions?: readonly SecretReplicaRegion[];
}

/**
 * Secrets Manager secrets of the applications, named `<project>/<environment>/<name>`, encrypted with their own
 * rotating KMS key and restorable for 30 days after deletion.
 *
 * Terraform creates the **containers only**: no value is ever in code, plan or state (no `aws_secretsmanager_secret_version`).
 * An operator puts each value once, reading it from a file so it stays out of the shell history:
 *
 * ```bash
 * aws secretsmanager put-secret-value \
 *   --secret-id platform/production/novel-engine/jwt-secret-key \
 *   --secret-string file://jwt-secret-key.txt
 * ```
 *
 * Database and cache connections are no secrets: applications authenticate with IAM (PostgresDatabase and RedisCache
 * `connectPolicyJson`, granted by DataAccessPolicy), so no URL with credentials is stored here.
 *
 * Applications read them through external-secrets with their IRSA role; {@link ApplicationSecrets.secretArns} lists the
 * ARNs to grant `secretsmanager:GetSecretValue` on, plus `kms:Decrypt` on {@link ApplicationSecrets.key}.
 */
export class ApplicationSecrets extends Construct {
  static readonly DEFAULT_RECOVERY_WINDOW_IN_DAYS = 30;
  static readonly SECRET_NAME = /^[a-z0-9][a-z0-9/_+=.@-]*$/;

  /** Secrets by their name without the prefix, e.g. `novel-engine/jwt-secret-key`. */
  readonly secrets: Readonly<Record<string, SecretsmanagerSecret>>;
  /** Secret ARNs by name without the prefix. */
  readonly secretArns: Readonly<Record<string, string>>;
  /** `<project>/<environment>/`. */
  readonly prefix: string;
  /** Encrypts every secret. */
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    const recoveryWindowInDays = props.recoveryWindowInDays ?? ApplicationSecrets.DEFAULT_RECOVERY_WINDOW_IN_DAYS;
    const names = props.secretNames;
    this.validate(props, names, recoveryWindowInDays);
    this.prefix = `${props.project}/${props.environment}/`;

    this.key = createDataKey(this, 'Key', {
      description: `Encrypts the application secrets under ${this.prefix}`,
      alias: `${props.project}-${props.environment}-application-secrets`,
      accountId: props.accountId,
      region: props.region,
      preventDestroy: props.preventDestroy ?? true,
    });

    // Sorted by region: the provider's replica set does not care, but the synthesized JSON stays stable.
    const replica = [...(props.replicaRegions ?? [])].sort((a, b) => a.region.localeCompare(b.region)).map(({ region, kmsKeyArn }) => ({ region, kmsKeyId: kmsKeyArn }));
    const secrets: Record<string, SecretsmanagerSecret> = {};
    const secretArns: Record<string, string> = {};
    for (const name of names) {
      const secret = new SecretsmanagerSecret(this, idFor('Secret', name), {
        name: `${this.prefix}${name}`,
        description: `Application secret ${this.prefix}${name}; the value is put by an operator (aws secretsmanager put-secret-value), never by Terraform`,
        kmsKeyId: this.key.arn,
        recoveryWindowInDays,
        ...(replica.length > 0 ? { replica } : {}),
      });
      secrets[name] = secret;
      secretArns[name] = secret.arn;
    }
    this.secrets = secrets;
    this.secretArns = secretArns;
  }

  private validate(props: ApplicationSecretsProps, names: readonly string[], recoveryWindowInDays: number): void {
    const require = requirement(this);
    for (const [field, value] of [
      ['project', props.project],
      ['environment', props.environment],
    ] as const) {
      require(/^[a-z][a-z0-9-]*$/.test(value), field, `'${value}' is not a name part`, 'use lower-case letters, digits and hyphens, starting with a letter');
    }
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    for (const name of props.secretNames) {
      require(
        ApplicationSecrets.SECRET_NAME.test(name) && !name.endsWith('/'),
        'secretNames',
        `'${name}' is not a secret name`,
        'use lower-case letters, digits and /_+=.@-, starting with a letter or digit, e.g. novel-engine/jwt-secret-key',
      );
    }
    const repeated = duplicates(names);
    require(
      repeated.length === 0,
      'secretNames',
      `lists ${quoted(repeated)} more than once`,
      'list each secret once',
    );
    require(
      isIntegerBetween(recoveryWindowInDays, 7, 30),
      'recoveryWindowInDays',
      `${recoveryWindowInDays} is outside 7 to 30 days`,
      'keep deleted secrets restorable for 7 to 30 days',
    );
    const replicaRegions = (props.replicaRegions ?? []).map(({ region }) => region);
    for (const { region, kmsKeyArn } of props.replicaRegions ?? []) {
      require(
        AWS_REGION.test(region) && region !== props.region,
        'replicaRegions',
        `'${region}' is not a region other than ${props.region}`,
        'name a second region, e.g. eu-west-1',
      );
      if (!isLateBound(kmsKeyArn)) {
        require(
          KMS_KEY_ARN.exec(kmsKeyArn)?.[1] === region,
          'replicaRegions',
          `the key of ${region}, '${kmsKeyArn}', is not a KMS key ARN in ${region}`,
          `pass the ARN of a key in ${region} (Secrets Manager encrypts a replica with a key of the replica's region)`,
        );
      }
    }
    const repeatedRegions = duplicates(replicaRegions);
    require(repeatedRegions.length === 0, 'replicaRegions', `lists ${quoted(repeatedRegions)} more than once`, 'list each region once');
  }
}
