import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { EnvironmentConfig } from '@platform/config';
import { partitionOf, PlatformAwsProvider, PlatformError, tagComponent } from '@platform/core';
import { GithubDeployRoles, GithubOidcProvider, TerraformStateStore } from '@platform/state';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { addS3Backend } from './state-backend';

/** Environments whose state lives in one account and region, and so in one bucket, lock table and key. */
export interface StateGroup {
  readonly accountId: string;
  readonly region: string;
  readonly environments: readonly EnvironmentConfig[];
  /**
   * Whether this group's stack creates the account's GitHub OIDC provider. IAM is global, so an account has one:
   * the first group of the account with an environment delivered from GitHub creates it, the others refer to it
   * by ARN (apply the creating stack first).
   */
  readonly createsGithubOidcProvider: boolean;
}

/** ARNs of the roles GitHub Actions plans and applies an environment with. */
export interface GithubRoleArns {
  readonly plan: string;
  readonly apply: string;
}

/**
 * Groups environments by the account and region of their state. Environments of one group must agree on bucket,
 * lock table and KMS key alias: the bootstrap creates exactly one of each per account and region. Also picks the
 * group that creates each account's GitHub OIDC provider.
 */
export function stateGroups(environments: readonly EnvironmentConfig[]): StateGroup[] {
  const groups = new Map<string, EnvironmentConfig[]>();
  for (const environment of environments) {
    const id = `${environment.accountId}-${environment.state.region}`;
    const members = groups.get(id) ?? [];
    const [first] = members;
    for (const field of ['bucket', 'lockTable', 'kmsKeyAlias', 'bootstrapBackend'] as const) {
      if (first && first.state[field] !== environment.state[field]) {
        throw new PlatformError(
          `state.${field}: '${environment.name}' uses '${environment.state[field]}' but '${first.name}', in the same account ${environment.accountId} and region ${environment.state.region}, uses '${first.state[field]}'. ` +
            `Fix: use one ${field} per account and region (remove state.${field} from both to use the default).`,
        );
      }
    }
    groups.set(id, [...members, environment]);
  }
  const accountsWithProvider = new Set<string>();
  return [...groups.values()].map((members) => {
    const { accountId } = members[0];
    const createsGithubOidcProvider = !accountsWithProvider.has(accountId) && members.some(({ delivery }) => delivery !== undefined);
    if (createsGithubOidcProvider) accountsWithProvider.add(accountId);
    return { accountId, region: members[0].state.region, environments: members, createsGithubOidcProvider };
  });
}

/**
 * `bootstrap-<account>-<region>`: the state bucket, lock table and KMS key every other stack of those environments
 * keeps its state in, and for each environment with `delivery` settings the GitHub Actions plan and apply roles
 * ({@link GithubDeployRoles}) with the account's GitHub OIDC provider. Applied once per account and region with
 * local state (it creates the bucket remote state needs); with `state.bootstrapBackend: 's3'` its own state then
 * moves into that bucket (README, "Bootstrap").
 */
/** The service whose service-linked role VPC OpenSearch domains need. */
export const OPENSEARCH_SERVICE = 'opensearchservice.amazonaws.com';

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
    if (first.state.bootstrapBackend === 's3') {
      addS3Backend(this, first.state, `bootstrap/${group.accountId}-${group.region}.tfstate`);
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
    if (group.environments.some((environment) => environment.data.search.enabled)) {
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
    const names = GithubDeployRoles.roleNames(environment.site?.primaryResourcePrefix ?? environment.resourcePrefix);
    const role = (name: string) => `arn:${partitionOf(environment.region)}:iam::${environment.accountId}:role/${name}`;
    return { plan: role(names.plan), apply: role(names.apply) };
  }

  static nameOf(group: Pick<StateGroup, 'accountId' | 'region'>): string {
    return `bootstrap-${group.accountId}-${group.region}`;
  }

  private addGithubDeployRoles(group: StateGroup): void {
    const delivered = group.environments.flatMap((environment) => (environment.delivery ? [{ environment, delivery: environment.delivery }] : []));
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
      });
      new TerraformOutput(this, `${environment.name}_github_plan_role_arn`, { value: roles.planRole.arn, description: `Role GitHub Actions plans ${environment.name} with` });
      new TerraformOutput(this, `${environment.name}_github_apply_role_arn`, { value: roles.applyRole.arn, description: `Role GitHub Actions applies ${environment.name} with` });
    }
  }
}
