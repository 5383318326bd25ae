import { synthJson } from '@platform/terraform-testing';
import { GithubOidcProvider } from './github-oidc-provider';

describe('GithubOidcProvider', () => {
  it('trusts GitHub Actions tokens for STS, without thumbprints', () => {
    const json = synthJson((scope) => new GithubOidcProvider(scope, 'github'));
    const [provider, ...others] = json.resources('aws_iam_openid_connect_provider');
    expect(others).toEqual([]);
    expect(provider).toMatchObject({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] });
    expect(provider).not.toHaveProperty('thumbprint_list');
  });

  it('names the provider ARN IAM gives it in any partition', () => {
    expect(GithubOidcProvider.arnIn('aws', '123456789012')).toBe('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    expect(GithubOidcProvider.arnIn('aws-cn', '123456789012')).toBe('arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
  });
});
