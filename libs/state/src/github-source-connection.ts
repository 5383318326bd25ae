import { CodebuildSourceCredential } from '@cdktf/provider-aws/lib/codebuild-source-credential';
import { CodeconnectionsConnection } from '@cdktf/provider-aws/lib/codeconnections-connection';
import { ConstructValidationError } from '@platform/core';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';

/** CodeConnections limits connection names to 32 characters. */
const CONNECTION_NAME = /^[A-Za-z0-9.@_-]{1,32}$/;

export interface GithubSourceConnectionProps {
  /** Name of the connection, at most 32 characters, e.g. `platform-github`. */
  readonly name: string;
}

/**
 * The account's (and region's) access to GitHub for AWS CodeBuild: a CodeConnections connection to GitHub and the
 * CodeBuild source credential that makes every project without credentials of its own use it — the GitHub Actions
 * runners in the VPCs (GithubActionsRunner) create their webhooks and receive the jobs through it.
 *
 * A connection is created PENDING: an administrator of the GitHub organization completes it once in the console
 * (Developer Tools → Connections → Update pending connection, installing the AWS Connector app on the repository).
 * Until then the cluster stack cannot create a runner's webhook ("Could not find access token for server type
 * github"), so the bootstrap, which an administrator applies anyway, creates it.
 */
export class GithubSourceConnection extends Construct {
  readonly connection: CodeconnectionsConnection;

  constructor(scope: Construct, id: string, props: GithubSourceConnectionProps) {
    super(scope, id);
    ConstructValidationError.require(this, CONNECTION_NAME.test(props.name), 'name', `'${props.name}' is not a connection name of at most 32 characters`, 'use a shorter project name or give the name, e.g. platform-github');
    this.connection = new CodeconnectionsConnection(this, 'Connection', { name: props.name, providerType: 'GitHub' });
    new CodebuildSourceCredential(this, 'SourceCredential', { authType: 'CODECONNECTIONS', serverType: 'GITHUB', token: this.connection.arn });
    new TerraformOutput(this, 'github_connection_arn', {
      value: this.connection.arn,
      description: 'CodeConnections connection to GitHub: complete it once in the console (it starts PENDING)',
    });
  }
}
