import { EnvironmentConfig, StateSettings } from '@platform/config';
import { PlatformError } from '@platform/core';
import { DataTerraformRemoteStateS3, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Object key of a stack's state: `<keyPrefix>/<stack kind>.tfstate`, e.g. `production/network.tfstate`
 * (keyPrefix defaults to the environment name).
 */
export function stateKey(environment: Pick<EnvironmentConfig, 'state'>, stackKind: string): string {
  return `${environment.state.keyPrefix}/${stackKind}.tfstate`;
}

/**
 * The S3 backend of a stack, derived from its environment's state settings and never written by hand: encrypted
 * with the environment's KMS key, locked in its DynamoDB table (and with an S3 lock file when `useLockfile` is on).
 * cdktf cross-stack references read the same settings, so consumers find a producer's state at exactly this place.
 */
export function addStateBackend(stack: TerraformStack, environment: Pick<EnvironmentConfig, 'state'>, stackKind: string): S3Backend {
  return addS3Backend(stack, environment.state, stateKey(environment, stackKind));
}

/**
 * The S3 backend, except that cross-stack references read the producer's state without the lock table: reading takes
 * no lock, and Terraform 1.11 warns that `dynamodb_table` is deprecated wherever it appears.
 */
class PlatformS3Backend extends S3Backend {
  override getRemoteStateDataSource(scope: Construct, name: string, fromStack: string): DataTerraformRemoteStateS3 {
    const source = super.getRemoteStateDataSource(scope, name, fromStack);
    source.addOverride('config.dynamodb_table', undefined);
    return source;
  }
}

/** An S3 backend at `key` in the bucket of `state`. */
export function addS3Backend(stack: TerraformStack, state: StateSettings, key: string): S3Backend {
  const backend = new PlatformS3Backend(stack, {
    bucket: state.bucket,
    key,
    region: state.region,
    encrypt: true,
    kmsKeyId: state.kmsKeyArn,
    dynamodbTable: state.lockTable,
  });
  if (state.useLockfile) {
    // cdktf 0.21's S3BackendConfig predates use_lockfile (Terraform 1.10).
    backend.addOverride('use_lockfile', true);
  }
  return backend;
}

/** A stack about to be synthesized, with where its environment came from (for messages). */
export interface PlannedStack {
  readonly environment: EnvironmentConfig;
  /** Stack kind, e.g. `network`. */
  readonly kind: string;
  readonly source: string;
}

/**
 * Checks, across every environment synthesized together, that no two stacks write the same state object, that a
 * bucket never holds the state of two accounts (production state never in the development bucket), and that
 * environments sharing a bucket agree on its region.
 */
export function assertStateLocationsDistinct(stacks: readonly PlannedStack[]): void {
  const buckets = new Map<string, PlannedStack>();
  const keys = new Map<string, PlannedStack>();
  for (const planned of stacks) {
    const { environment: env, kind, source } = planned;
    const { bucket, region } = env.state;
    const first = buckets.get(bucket);
    if (first && first.environment.accountId !== env.accountId) {
      throw new PlatformError(
        `${source}: state.bucket: bucket '${bucket}' would hold the state of account ${first.environment.accountId} ('${first.environment.name}') and of account ${env.accountId} ('${env.name}'). ` +
          `Fix: give each account its own state bucket (remove state.bucket to use the per-account default).`,
      );
    }
    if (first && first.environment.state.region !== region) {
      throw new PlatformError(
        `${source}: state.region: '${env.name}' expects bucket '${bucket}' in ${region}, but '${first.environment.name}' expects it in ${first.environment.state.region}; a bucket lives in one region. ` +
          `Fix: use the same state.region for both, or separate buckets.`,
      );
    }
    buckets.set(bucket, first ?? planned);

    const location = `s3://${bucket}/${stateKey(env, kind)}`;
    const owner = keys.get(location);
    if (owner) {
      throw new PlatformError(
        `${source}: state.keyPrefix: the ${kind} stacks of '${env.name}' and '${owner.environment.name}' would both keep their state at ${location}. ` +
          `Fix: give each environment sharing a bucket its own state.keyPrefix.`,
      );
    }
    keys.set(location, planned);
  }
}
