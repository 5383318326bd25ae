import { EnvironmentConfig, stackNameOf } from '@platform/config';
import { PlatformAwsProvider, tagComponent } from '@platform/core';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { addStateBackend } from './state-backend';

export interface PlatformStackOptions {
  /**
   * Configure the AWS provider; stacks with only Kubernetes/Helm resources leave it out.
   * @default true
   */
  readonly awsProvider?: boolean;
}

/**
 * A stack of one environment, named `<environment>-<kind>`: the AWS provider set up from the environment's config,
 * and the state in the environment's S3 bucket under `<keyPrefix>/<kind>.tfstate`. Its AWS resources carry the
 * environment's tags (the provider's default tags) and `Component: <kind>` (see `tagComponent`). A stack of the
 * environment's secondary region (`environment.site`, see secondarySite) is `<environment>-<kind>-<region>`, its
 * state `<keyPrefix>/<kind>-<region>.tfstate` in the same bucket.
 */
export class PlatformStack extends TerraformStack {
  constructor(
    scope: Construct,
    readonly environment: EnvironmentConfig,
    readonly kind: string,
    options: PlatformStackOptions = {},
  ) {
    super(scope, stackNameOf(environment, kind));
    const stackKind = siteStackKind(environment, kind);
    if (options.awsProvider ?? true) {
      new PlatformAwsProvider(this, 'aws', {
        region: environment.region,
        accountId: environment.accountId,
        tags: environment.tags,
      });
    }
    addStateBackend(this, environment, stackKind);
    tagComponent(this, kind);
  }
}

/** `kind`, or `<kind>-<region>` for a stack of the environment's secondary region. */
export function siteStackKind(environment: Pick<EnvironmentConfig, 'site' | 'region'>, kind: string): string {
  return environment.site === undefined ? kind : `${kind}-${environment.region}`;
}
