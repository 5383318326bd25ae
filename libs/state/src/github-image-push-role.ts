import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ConstructValidationError, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { GITHUB_REPOSITORY, githubTrustPolicy, policyDocument } from './private/github-trust';

/** An ECR repository name, without wildcards: the policy must name repositories, never patterns. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

export interface GithubImagePushRoleProps {
  /** The environment, e.g. `development`: the role trusts jobs of the GitHub environment `<environment>-images`. */
  readonly environment: string;
  /** Prefix of the environment's resource names, `<project>-<environment>`: the role is `<namePrefix>-github-images`. */
  readonly namePrefix: string;
  /** `owner/name` (or `owner@<id>/name@<id>` with immutable subject claims) of the repository whose workflows push. */
  readonly githubRepository: string;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** The environment's account, which holds its image repositories. */
  readonly accountId: string;
  /** The region of the environment's image repositories. */
  readonly region: string;
  /**
   * The repositories the environment's stacks create (`imageRepositoryNames` in @platform/stacks), e.g.
   * `['novel-engine/backend']`: the role may push to and read exactly these.
   */
  readonly repositoryNames: readonly string[];
  /**
   * The GitHub environment whose jobs may assume the role. Limit it to the main branch (Settings → Environments →
   * Deployment branches): AWS cannot match GitHub's `job_workflow_ref` claim, so the environment is the boundary.
   * @default `<environment>-images`
   */
  readonly githubEnvironment?: string;
}

/**
 * `<namePrefix>-github-images`: the role the image workflows push and promote an environment's application images
 * with (build-image.yml, promote.yml). Assumable only through the account's GitHub OIDC provider, with audience
 * `sts.amazonaws.com` and subject `repo:<repository>:environment:<environment>-images`: IAM's web identity conditions
 * see the standard claims only (not `job_workflow_ref`), so no trust can name a workflow, and the GitHub environment
 * — limited to the main branch, with reviewers where wanted — is what keeps other workflows and branches out.
 *
 * It may get a registry token (`ecr:GetAuthorizationToken`, which has no resource), and on the environment's own
 * repositories, by ARN, push layers and manifests (cosign's signatures are `sha256-<digest>.sig` tags in the same
 * repository) and read images and their details (resolving a tag to its digest, verifying and promoting). Nothing
 * else: no deletion of images or repositories, no repository policy, lifecycle or scanning changes, no other
 * repository. The apply role may not change this role (GithubDeployRoles denies IAM on it).
 */
export class GithubImagePushRole extends Construct {
  /** What pushing an image (its layers, then its manifest under a tag or a digest) takes. */
  static readonly PUSH_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'] as const;
  /** What reading an image, its digest and its signatures takes. */
  static readonly READ_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages', 'ecr:ListImages'] as const;

  static roleName(namePrefix: string): string {
    return `${namePrefix}-github-images`;
  }

  /** The GitHub environment the role trusts by default. */
  static githubEnvironmentOf(environment: string): string {
    return `${environment}-images`;
  }

  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GithubImagePushRoleProps) {
    super(scope, id);
    const githubEnvironment = props.githubEnvironment ?? GithubImagePushRole.githubEnvironmentOf(props.environment);
    const name = GithubImagePushRole.roleName(props.namePrefix);
    this.validate(props, githubEnvironment, name);

    const partition = partitionOf(props.region);
    const repositories = props.repositoryNames.map((repository) => `arn:${partition}:ecr:${props.region}:${props.accountId}:repository/${repository}`);
    this.role = new IamRole(this, 'Role', {
      name,
      description: `Pushes and promotes the application images of ${props.environment} from the GitHub environment ${githubEnvironment} of ${props.githubRepository}`,
      assumeRolePolicy: githubTrustPolicy(props.oidcProviderArn, [`repo:${props.githubRepository}:environment:${githubEnvironment}`]),
    });
    new IamRolePolicy(this, 'Policy', {
      name: 'image-repositories',
      role: this.role.id,
      policy: policyDocument([
        // The registry token has no resource-level permissions; the token alone reaches no repository.
        { Sid: 'AuthenticateToTheRegistry', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        { Sid: 'PushAndReadTheEnvironmentsImages', Effect: 'Allow', Action: [...GithubImagePushRole.PUSH_ACTIONS, ...GithubImagePushRole.READ_ACTIONS], Resource: repositories },
      ]),
    });
  }

  private validate(props: GithubImagePushRoleProps, githubEnvironment: string, name: string): void {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(GITHUB_REPOSITORY.test(props.githubRepository), 'githubRepository', `'${props.githubRepository}' is not a GitHub repository`, "give 'owner/name' (or 'owner@<id>/name@<id>'), without wildcards");
    require(/^[\w.-]+$/.test(githubEnvironment), 'githubEnvironment', `'${githubEnvironment}' cannot be matched in a subject claim`, 'use letters, digits, ., _ and -');
    require(/^[\w+=,.@-]+$/.test(props.namePrefix) && name.length <= 64, 'namePrefix', `'${name}' is not an IAM role name (at most 64 letters, digits and +=,.@_-)`, 'shorten the project or environment name');
    require(props.repositoryNames.length > 0, 'repositoryNames', 'is empty, so the role could push nowhere', 'create the role only for an environment with image repositories');
    const invalid = props.repositoryNames.filter((repository) => !REPOSITORY_NAME.test(repository));
    require(invalid.length === 0, 'repositoryNames', `${invalid.map((repository) => `'${repository}'`).join(', ')} is not an ECR repository name`, 'name each repository exactly, e.g. novel-engine/backend, without wildcards');
  }
}
