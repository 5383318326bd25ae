import { synthJson } from '@platform/terraform-testing';
import { GithubSourceConnection } from './github-source-connection';

describe('GithubSourceConnection', () => {
  it('connects CodeBuild of the account to GitHub through a CodeConnections connection', () => {
    const json = synthJson((scope) => new GithubSourceConnection(scope, 'github', { name: 'platform-github' }));
    const connection = json.resource('aws_codeconnections_connection', 'Connection');
    expect(connection).toMatchObject({ name: 'platform-github', provider_type: 'GitHub' });
    expect(json.resource('aws_codebuild_source_credential', 'SourceCredential')).toEqual(
      expect.objectContaining({ auth_type: 'CODECONNECTIONS', server_type: 'GITHUB', token: json.ref(connection, 'arn') }),
    );
  });

  it('refuses a name CodeConnections would refuse, with the fix', () => {
    expect(() => synthJson((scope) => new GithubSourceConnection(scope, 'github', { name: 'a-project-name-far-too-long-for-it-github' }))).toThrow(/github: name: .*Fix: /);
  });
});
