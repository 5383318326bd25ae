import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { duplicates, idFor, isLateBound, KMS_KEY_ARN, quoted, requirement } from './private/validation';

/** An ECR repository name: lower-case path components separated by `/`, e.g. `novel-engine/backend`. */
export const ECR_REPOSITORY_NAME = /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

export interface EcrRepositoriesProps {
  /** Prefix of the KMS key alias (`alias/<namePrefix>-ecr`), e.g. `platform-production`. */
  readonly namePrefix: string;
  /** Repository names, e.g. `['novel-engine/backend', 'novel-engine/frontend']`; each becomes one repository. */
  readonly repositoryNames: readonly string[];
  /**
   * Days an untagged image (a superseded build, a dangling layer set) is kept after its push.
   * @default 14
   */
  readonly untaggedImageExpiryDays?: number;
  /**
   * Count-based expiry of tagged images: only the newest `taggedImagesKept` tagged images of a repository stay. The
   * image a running release uses can be among the expired ones (a burst of builds, a long-lived release, a rollback
   * target), so set it only where releases are disposable (non-production environments).
   * @default - tagged images never expire; only untagged images do
   */
  readonly taggedImagesKept?: number;
  /**
   * Refuse `terraform destroy` of the repositories' KMS key (`prevent_destroy`); `false` only for environments that
   * may be torn down.
   * @default true
   */
  readonly preventKeyDestroy?: boolean;
  /**
   * KMS key encrypting the images. The encryption of a repository cannot change after creation.
   * @default - a key created here, with rotation, shared by the repositories
   */
  readonly kmsKeyArn?: string;
  /**
   * Tags of the repositories and the key.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Private ECR repositories for the application images, one per name (keyed by the name, so adding or removing one
 * never touches the others): image scan on push (repository-level basic scanning; a registry-level enhanced scanning
 * configuration, if the account has one, takes precedence), IMMUTABLE tags (a tag always names the same image, so
 * a deployment cannot change under a running release), KMS encryption, and a lifecycle policy that expires untagged
 * images after {@link EcrRepositoriesProps.untaggedImageExpiryDays} days; tagged images are never expired unless
 * {@link EcrRepositoriesProps.taggedImagesKept} asks for count-based expiry. `force_delete` is off: Terraform cannot
 * delete a repository that still holds images.
 */
export class EcrRepositories extends Construct {
  static readonly DEFAULT_UNTAGGED_IMAGE_EXPIRY_DAYS = 14;
  /** Tag prefix of cosign's signatures (legacy format: `sha256-<digest>.sig`). */
  static readonly SIGNATURE_TAG_PREFIX = 'sha256-';
  /** Days a signature tag is kept in a repository that expires tagged images by count: longer than any image is. */
  static readonly SIGNATURE_RETENTION_DAYS = 3650;

  /**
   * The lifecycle policy document: untagged images expire after `untaggedDays`; with `taggedKept`, only the newest
   * `taggedKept` tagged images stay (signature tags not counted), without it no tagged image ever expires.
   */
  static lifecyclePolicyDocument(untaggedDays: number, taggedKept?: number): string {
    const rules: Record<string, unknown>[] = [
      {
        rulePriority: 1,
        description: `Expire untagged images ${untaggedDays} days after their push`,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedDays },
        action: { type: 'expire' },
      },
    ];
    if (taggedKept !== undefined) {
      rules.push(
        {
          // cosign's signatures are tags too (`sha256-<digest>.sig`, one per release): matched here, they are left out
          // of the count below (a lower-priority rule cannot expire what a higher one matches), so keeping N tagged
          // images keeps N releases, each with its signature.
          rulePriority: 2,
          description: `Keep image signatures (${EcrRepositories.SIGNATURE_TAG_PREFIX}<digest>.sig) for ${EcrRepositories.SIGNATURE_RETENTION_DAYS} days, outside the count of tagged images`,
          selection: { tagStatus: 'tagged', tagPrefixList: [EcrRepositories.SIGNATURE_TAG_PREFIX], countType: 'sinceImagePushed', countUnit: 'days', countNumber: EcrRepositories.SIGNATURE_RETENTION_DAYS },
          action: { type: 'expire' },
        },
        {
          rulePriority: 3,
          description: `Keep the newest ${taggedKept} tagged images`,
          selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: taggedKept },
          action: { type: 'expire' },
        },
      );
    }
    return JSON.stringify({ rules });
  }

  /** Repositories by name. */
  readonly repositories: Readonly<Record<string, EcrRepository>>;
  /** The key created here; undefined when `kmsKeyArn` was given. */
  readonly key?: KmsKey;
  /** ARN of the key encrypting the images. */
  readonly kmsKeyArn: string;
  /** The lifecycle policy document every repository gets (JSON). */
  readonly lifecyclePolicy: string;

  constructor(scope: Construct, id: string, props: EcrRepositoriesProps) {
    super(scope, id);
    const untaggedDays = props.untaggedImageExpiryDays ?? EcrRepositories.DEFAULT_UNTAGGED_IMAGE_EXPIRY_DAYS;
    const taggedKept = props.taggedImagesKept;
    this.validate(props, untaggedDays, taggedKept);
    const tags = { ...props.tags };

    if (props.kmsKeyArn === undefined) {
      this.key = new KmsKey(this, 'Key', {
        description: `Encrypts the container images of ${props.namePrefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
        // Without the key no image of the repositories can be pulled, the running release's included.
        lifecycle: { preventDestroy: props.preventKeyDestroy ?? true },
      });
      new KmsAlias(this, 'KeyAlias', { name: `alias/${props.namePrefix}-ecr`, targetKeyId: this.key.keyId });
    }
    this.kmsKeyArn = props.kmsKeyArn ?? (this.key as KmsKey).arn;
    this.lifecyclePolicy = EcrRepositories.lifecyclePolicyDocument(untaggedDays, taggedKept);

    const repositories: Record<string, EcrRepository> = {};
    for (const name of props.repositoryNames) {
      const repository = new EcrRepository(this, idFor('Repository', name), {
        name,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: this.kmsKeyArn }],
        forceDelete: false,
        tags,
      });
      new EcrLifecyclePolicy(this, idFor('LifecyclePolicy', name), { repository: repository.name, policy: this.lifecyclePolicy });
      repositories[name] = repository;
    }
    this.repositories = repositories;
  }

  private validate(props: EcrRepositoriesProps, untaggedDays: number, taggedKept: number | undefined): void {
    const require = requirement(this);
    const names = props.repositoryNames;
    require(/^[A-Za-z0-9/_-]{1,200}$/.test(props.namePrefix), 'namePrefix', `'${props.namePrefix}' cannot be part of a KMS alias`, 'use letters, digits, /, _ and -');
    for (const name of names) {
      require(ECR_REPOSITORY_NAME.test(name), 'repositoryNames', `'${name}' is not an ECR repository name`, 'use lower-case path components such as novel-engine/backend');
    }
    const repeated = duplicates(names);
    require(repeated.length === 0, 'repositoryNames', `lists ${quoted(repeated)} more than once`, 'list each repository once');
    // Construct ids replace '.', '_' and '/' with '-': two names differing only there would share an id.
    const clashing = duplicates(names.map((name) => idFor('Repository', name)));
    require(clashing.length === 0, 'repositoryNames', `has names that differ only in '.', '_' or '/' (${quoted(clashing)})`, 'rename one of them');
    require(
      Number.isInteger(untaggedDays) && untaggedDays >= 1,
      'untaggedImageExpiryDays',
      `${untaggedDays} is not a positive whole number of days`,
      `keep untagged images at least 1 day (default ${EcrRepositories.DEFAULT_UNTAGGED_IMAGE_EXPIRY_DAYS})`,
    );
    if (taggedKept !== undefined) {
      require(
        Number.isInteger(taggedKept) && taggedKept >= 1,
        'taggedImagesKept',
        `${taggedKept} is not a positive whole number of images`,
        'keep at least 1 tagged image, or leave taggedImagesKept unset so tagged images never expire',
      );
    }
    if (props.kmsKeyArn !== undefined && !isLateBound(props.kmsKeyArn)) {
      require(KMS_KEY_ARN.test(props.kmsKeyArn), 'kmsKeyArn', `'${props.kmsKeyArn}' is not a KMS key ARN`, 'pass a key ARN such as arn:aws:kms:eu-central-1:123456789012:key/<id>');
    }
  }
}
