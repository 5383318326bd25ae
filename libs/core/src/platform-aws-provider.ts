import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

export interface PlatformAwsProviderProps {
  /** Region every resource of the stack is created in, e.g. `eu-central-1`. */
  readonly region: string;
  /** The only AWS account the provider may act on; a plan with other credentials fails before touching anything. */
  readonly accountId: string;
  /** Tags applied to every taggable resource (the provider's `default_tags`). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Alias for a second provider of the stack, e.g. `us-east-1` for CloudFront certificates and WAF.
   * @default - the stack's default provider
   */
  readonly alias?: string;
}

/** The AWS provider every platform stack uses: pinned region, allowed account, mandatory default tags. */
export class PlatformAwsProvider extends AwsProvider {
  constructor(scope: Construct, id: string, props: PlatformAwsProviderProps) {
    super(scope, id, {
      region: props.region,
      allowedAccountIds: [props.accountId],
      defaultTags: [{ tags: { ...props.tags } }],
      alias: props.alias,
    });
  }
}
