import { EnvironmentConfig } from '@platform/config';
import { PlatformAwsProvider } from '@platform/core';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** A stack of one environment, with the AWS provider set up from that environment's config. */
export class PlatformStack extends TerraformStack {
  constructor(
    scope: Construct,
    id: string,
    readonly environment: EnvironmentConfig,
  ) {
    super(scope, id);
    new PlatformAwsProvider(this, 'aws', {
      region: environment.region,
      accountId: environment.accountId,
      tags: environment.tags,
    });
  }
}
