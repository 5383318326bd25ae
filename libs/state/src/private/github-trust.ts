import { GithubOidcProvider } from '../github-oidc-provider';

export type PolicyStatement = Readonly<Record<string, unknown>>;

/** A repository as GitHub names it in subject claims: `owner/name`, or `owner@<id>/name@<id>` with immutable subject claims. */
export const GITHUB_REPOSITORY = /^[\w.-]+(?:@\d+)?\/[\w.-]+(?:@\d+)?$/;

/** Trust of GitHub Actions jobs through the account's OIDC provider: the STS audience and exactly these subjects. */
export function githubTrustPolicy(oidcProviderArn: string, subjects: readonly string[]): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Federated: oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${GithubOidcProvider.ISSUER}:aud`]: GithubOidcProvider.AUDIENCE,
          [`${GithubOidcProvider.ISSUER}:sub`]: subjects,
        },
      },
    },
  ]);
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
