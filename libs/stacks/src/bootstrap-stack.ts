import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { deliveryResourcePrefix, EnvironmentConfig, StateSettings } from '@platform/config';
import { partitionOf, PlatformAwsProvider, PlatformError, tagComponent } from '@platform/core';
import { GithubDeployRoles, GithubDeployRolesProps, GithubImagePushRole, GithubOidcProvider, TerraformStateStore } from '@platform/state';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { imageRepositoryNames } from './image-repositories';
import { secondarySite } from './secondary-site';
import { addS3Backend } from './state-backend';

/** Environments whose state lives in one account and region, and so in one bucket, lock table and key. */
export interface StateGroup {
  readonly accountId: string;
  readonly region: string;
  /**
   * The environments, and the secondary sites ({@link secondarySite}, marked by `site`) of environments with a
   * disaster-recovery strategy whose secondary region is this region: a site keeps its state here but gets no
   * GitHub roles of its own (the environment's roles, made by its primary region's group, reach this store).
   */
  readonly environments: readonly EnvironmentConfig[];
  /**
   * Where the group's bootstrap stack keeps its own state once `bootstrapBackend` is `'s3'`: the group's store; for a
   * group of secondary sites only, the store of their environment's state region, so a secondary store added to an
   * account whose bootstrap state already moved to S3 needs no local first apply (apply the primary store first).
   */
  readonly bootstrapState: StateSettings;
  /**
   * Whether this group's stack creates the account's GitHub OIDC provider. IAM is global, so an account has one:
   * the first group of the account with an environment delivered from GitHub creates it, the others refer to it
   * by ARN (apply the creating stack first).
   */
  readonly createsGithubOidcProvider: boolean;
}

/** ARNs of the roles GitHub Actions plans, applies and pushes images of an environment with. */
export interface GithubRoleArns {
  /** Plans of the main branch's workflows (deploy, drift), which may read the Kubernetes API. */
  readonly plan: string;
  /** Plans of pull requests: AWS-only stacks, never the Kubernetes API. */
  readonly review: string;
  readonly apply: string;
  /** The image push role ({@link GithubImagePushRole}); undefined for an environment without image repositories. */
  readonly images?: string;
}

/**
 * Groups environments, and the secondary sites of those with a disaster-recovery strategy, by the account and
 * region of their state. Members of one group must agree on bucket, lock table and KMS key alias: the bootstrap
 * creates exactly one of each per account and region. A secondary region that is another environment's state
 * region of the same account joins that group. Groups of environments come first, in their order, then groups of
 * secondary sites only. Also picks the group that creates each account's GitHub OIDC provider.
 */
export function stateGroups(environments: readonly EnvironmentConfig[]): StateGroup[] {
  const withSecondary = environments.filter(({ recovery }) => recovery.strategy !== 'none');
  const sites = withSecondary.map(secondarySite);
  const groups = new Map<string, EnvironmentConfig[]>();
  for (const environment of [...environments, ...sites]) {
    const id = `${environment.accountId}-${environment.state.region}`;
    const members = groups.get(id) ?? [];
    const [first] = members;
    // A site's bootstrapBackend is its environment's: where its group's own state goes is decided by the group's environments.
    const fields = first?.site === undefined && environment.site === undefined ? STATE_STORE_FIELDS : STATE_STORE_FIELDS.filter((field) => field !== 'bootstrapBackend');
    for (const field of fields) {
      if (first && first.state[field] !== environment.state[field]) {
        throw new PlatformError(
          `state.${field}: ${describeMember(environment)} uses '${environment.state[field]}' but ${describeMember(first)}, in the same account ${environment.accountId} and region ${environment.state.region}, uses '${first.state[field]}'. ` +
            `Fix: use one ${field} per account and region (remove state.${field} from both to use the default${environment.site || first.site ? ', which a secondary region uses' : ''}).`,
        );
      }
    }
    groups.set(id, [...members, environment]);
  }
  const accountsWithProvider = new Set<string>();
  return [...groups.values()].map((members) => {
    const [first] = members;
    const createsGithubOidcProvider = !accountsWithProvider.has(first.accountId) && members.some((member) => deliveredFromGithub(member));
    if (createsGithubOidcProvider) accountsWithProvider.add(first.accountId);
    // Groups with an environment come first: a group without one is a secondary site's, of an environment listed before.
    const bootstrapState = first.site === undefined ? first.state : withSecondary[sites.indexOf(first)].state;
    return { accountId: first.accountId, region: first.state.region, environments: members, bootstrapState, createsGithubOidcProvider };
  });
}

/**
 * What the environment's roles need in its secondary region: to work there and to reach the state store there, which
 * that region's bootstrap stack creates, by name (GithubDeployRoles: no reference across bootstrap stacks).
 */
function secondaryStateAccess(environment: EnvironmentConfig): Pick<GithubDeployRolesProps, 'additionalRegions' | 'additionalStateStores'> {
  if (environment.recovery.strategy === 'none') return {};
  const { region, state } = secondarySite(environment);
  return {
    additionalRegions: [region],
    additionalStateStores: [{ bucketName: state.bucket, lockTableName: state.lockTable, kmsKeyAlias: state.kmsKeyAlias, region: state.region }],
  };
}

/** State settings the members of one group must share. */
const STATE_STORE_FIELDS = ['bucket', 'lockTable', 'kmsKeyAlias', 'bootstrapBackend'] as const;

/** `'production'`, or `'production' (its secondary region eu-west-1)` for a site. */
function describeMember(environment: EnvironmentConfig): string {
  return environment.site === undefined ? `'${environment.name}'` : `'${environment.name}' (its secondary region ${environment.region})`;
}

/** Whether the bootstrap makes GitHub roles for the member: an environment with `delivery`, never a secondary site. */
function deliveredFromGithub(environment: EnvironmentConfig): boolean {
  return environment.delivery !== undefined && environment.site === undefined;
}

/** The service whose service-linked role VPC OpenSearch domains need. */
export const OPENSEARCH_SERVICE = 'opensearchservice.amazonaws.com';

/**
 * `bootstrap-<account>-<region>`: the state bucket, lock table and KMS key every other stack of those environments
 * (and of the secondary sites whose region it is) keeps its state in, and for each environment with `delivery`
 * settings the GitHub Actions plan, review and apply roles ({@link GithubDeployRoles}) and, where it has image
 * repositories, the image push role ({@link GithubImagePushRole}), with the account's GitHub OIDC provider; the plan,
 * review and apply roles also reach the environment's secondary region and its store there. Applied once per account
 * and region with local state (it creates the bucket remote state needs); with `state.bootstrapBackend: 's3'` its
 * own state then moves into that bucket, or for a secondary region's store into the primary's (docs/operations.md, "Bootstrap (once per account and region)").
 */

export class BootstrapStack extends TerraformStack {
  readonly store: TerraformStateStore;

  constructor(scope: Construct, group: StateGroup) {
    super(scope, BootstrapStack.nameOf(group));
    tagComponent(this, 'state');
    const [first] = group.environments;
    const environmentNames = group.environments.map(({ name }) => name).join('+');
    new PlatformAwsProvider(this, 'aws', {
      region: group.region,
      accountId: group.accountId,
      tags: { ...first.tags, Environment: environmentNames },
    });
    if (group.bootstrapState.bootstrapBackend === 's3') {
      addS3Backend(this, group.bootstrapState, `bootstrap/${group.accountId}-${group.region}.tfstate`);
    }
    this.store = new TerraformStateStore(this, 'state', {
      bucketName: first.state.bucket,
      lockTableName: first.state.lockTable,
      kmsKeyAlias: first.state.kmsKeyAlias,
      accountId: group.accountId,
      region: group.region,
    });
    new TerraformOutput(this, 'state_bucket', { value: this.store.bucket.bucket, description: `State bucket of ${environmentNames}` });
    new TerraformOutput(this, 'lock_table', { value: this.store.lockTable.name, description: 'DynamoDB table of state locks' });
    new TerraformOutput(this, 'state_key_arn', { value: this.store.key.arn, description: 'KMS key of state objects and locks' });
    this.addGithubDeployRoles(group);
    // A secondary site's account is its environment's, whose own group already creates the role.
    if (group.environments.some((environment) => environment.site === undefined && environment.data.search.enabled)) {
      // A VPC OpenSearch domain cannot be created until the account has OpenSearch's service-linked role, which the
      // console creates on first use but the API does not; it is one per account, so it lives here.
      new IamServiceLinkedRole(this, 'opensearch-service-linked-role', {
        awsServiceName: OPENSEARCH_SERVICE,
        description: 'Lets OpenSearch Service place VPC domains in the account (created by the bootstrap)',
      });
    }
  }

  /** The roles of an environment delivered from GitHub, as the bootstrap names them; undefined without `delivery`. */
  static githubRoleArns(environment: EnvironmentConfig): GithubRoleArns | undefined {
    if (environment.delivery === undefined) return undefined;
    // A secondary region's stacks are delivered by the environment's own roles (its site has no roles of its own).
    const names = GithubDeployRoles.roleNames(deliveryResourcePrefix(environment));
    const role = (name: string) => `arn:${partitionOf(environment.region)}:iam::${environment.accountId}:role/${name}`;
    // Images are pushed to the primary region only: ECR replication copies them to a secondary site's region.
    const pushesImages = environment.site === undefined && imageRepositoryNames(environment).length > 0;
    return { plan: role(names.plan), review: role(names.review), apply: role(names.apply), ...(pushesImages ? { images: role(names.images) } : {}) };
  }

  static nameOf(group: Pick<StateGroup, 'accountId' | 'region'>): string {
    return `bootstrap-${group.accountId}-${group.region}`;
  }

  private addGithubDeployRoles(group: StateGroup): void {
    const delivered = group.environments.flatMap((environment) => (environment.site === undefined && environment.delivery ? [{ environment, delivery: environment.delivery }] : []));
    if (delivered.length === 0) return;
    const oidcProviderArn = group.createsGithubOidcProvider
      ? new GithubOidcProvider(this, 'github-oidc').arn
      : GithubOidcProvider.arnIn(partitionOf(group.region), group.accountId);
    for (const { environment, delivery } of delivered) {
      const { githubRepository, mainBranch } = delivery;
      const roles = new GithubDeployRoles(this, `github-${environment.name}`, {
        environment: environment.name,
        namePrefix: environment.resourcePrefix,
        githubRepository,
        mainBranch,
        oidcProviderArn,
        accountId: environment.accountId,
        region: environment.region,
        stateStore: this.store,
        stateRegion: group.region,
        stateKeyPrefix: environment.state.keyPrefix,
        ...secondaryStateAccess(environment),
      });
      new TerraformOutput(this, `${environment.name}_github_plan_role_arn`, { value: roles.planRole.arn, description: `Role GitHub Actions plans ${environment.name} with` });
      new TerraformOutput(this, `${environment.name}_github_review_role_arn`, {
        value: roles.reviewRole.arn,
        description: `Role GitHub Actions plans ${environment.name} with in pull requests`,
      });
      new TerraformOutput(this, `${environment.name}_github_apply_role_arn`, { value: roles.applyRole.arn, description: `Role GitHub Actions applies ${environment.name} with` });
      const repositoryNames = imageRepositoryNames(environment);
      if (repositoryNames.length === 0) continue;
      const images = new GithubImagePushRole(this, `github-${environment.name}-images`, {
        environment: environment.name,
        namePrefix: environment.resourcePrefix,
        githubRepository,
        oidcProviderArn,
        accountId: environment.accountId,
        region: environment.region,
        repositoryNames,
      });
      new TerraformOutput(this, `${environment.name}_github_images_role_arn`, { value: images.role.arn, description: `Role GitHub Actions pushes and promotes ${environment.name}'s images with` });
    }
  }
}
