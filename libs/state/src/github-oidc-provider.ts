import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';

/**
 * The account's IAM OIDC identity provider for GitHub Actions, so workflows get short-lived credentials of a role
 * (`sts:AssumeRoleWithWebIdentity`) instead of stored access keys. IAM is global: an account has it once.
 *
 * No thumbprints: AWS validates this issuer's certificate against its library of trusted root CAs and ignores
 * configured thumbprints, and hashicorp/aws 5.100 no longer requires `thumbprint_list`.
 */
export class GithubOidcProvider extends Construct {
  /** The token issuer, the prefix of the condition keys (`token.actions.githubusercontent.com:sub`) in trust policies. */
  static readonly ISSUER = 'token.actions.githubusercontent.com';
  /** The audience `aws-actions/configure-aws-credentials` requests by default. */
  static readonly AUDIENCE = 'sts.amazonaws.com';

  /** ARN of the provider in an account, e.g. for roles in a stack other than the one that creates it. */
  static arnIn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:oidc-provider/${GithubOidcProvider.ISSUER}`;
  }

  readonly provider: IamOpenidConnectProvider;
  readonly arn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'Resource', {
      url: `https://${GithubOidcProvider.ISSUER}`,
      clientIdList: [GithubOidcProvider.AUDIENCE],
      tags: { Name: 'github-actions' },
    });
    this.arn = this.provider.arn;
  }
}
