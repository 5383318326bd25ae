import { EnvironmentConfig } from '@platform/config';
import { PlatformAwsProvider, PlatformError } from '@platform/core';
import { TerraformStateStore } from '@platform/state';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { addS3Backend } from './state-backend';

/** Environments whose state lives in one account and region, and so in one bucket, lock table and key. */
export interface StateGroup {
  readonly accountId: string;
  readonly region: string;
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Groups environments by the account and region of their state. Environments of one group must agree on bucket,
 * lock table and KMS key alias: the bootstrap creates exactly one of each per account and region.
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
  return [...groups.values()].map((members) => ({ accountId: members[0].accountId, region: members[0].state.region, environments: members }));
}

/**
 * `bootstrap-<account>-<region>`: the state bucket, lock table and KMS key every other stack of those environments
 * keeps its state in. Applied once per account and region with local state (it creates the bucket remote state
 * needs); with `state.bootstrapBackend: 's3'` its own state then moves into that bucket (README, "Bootstrap").
 */
export class BootstrapStack extends TerraformStack {
  readonly store: TerraformStateStore;

  constructor(scope: Construct, group: StateGroup) {
    super(scope, BootstrapStack.nameOf(group));
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
  }

  static nameOf(group: Pick<StateGroup, 'accountId' | 'region'>): string {
    return `bootstrap-${group.accountId}-${group.region}`;
  }
}
