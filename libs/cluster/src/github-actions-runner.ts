import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { CodebuildWebhook } from '@cdktf/provider-aws/lib/codebuild-webhook';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { ConstructValidationError, LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { accountKeyPolicy, logGroupKeyStatement } from './private/iam';

/** Pattern of a GitHub repository, `owner/name`. */
const GITHUB_REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
/** CodeBuild project names: letters, digits, `-` and `_`, starting with a letter or digit, at most 255. */
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;

export interface GithubActionsRunnerProps {
  /** CodeBuild project name; jobs reach it with `runs-on: codebuild-<name>-${{ github.run_id }}-${{ github.run_attempt }}`. */
  readonly name: string;
  /** The GitHub repository whose workflow jobs the runner takes, `owner/name`. */
  readonly githubRepository: string;
  readonly accountId: string;
  readonly region: string;
  /** VPC the runner works in: the one of the cluster whose private API endpoint the jobs use. */
  readonly vpcId: string;
  /**
   * Private subnets (with a NAT route) the runner's network interfaces are put in. Their CIDRs must be among the
   * cluster's `privateAccessCidrs` (by default the VPC's CIDR is).
   */
  readonly subnetIds: readonly string[];
  /**
   * CodeBuild compute type of a job's container: Terraform, Node and the providers of an environment's stacks need
   * the memory of a medium (7 GB).
   * @default 'BUILD_GENERAL1_MEDIUM'
   */
  readonly computeType?: string;
  /**
   * CodeBuild image of a job's container (Amazon Linux 2023 with Node.js, Docker CLI, AWS CLI).
   * @default 'aws/codebuild/amazonlinux-x86_64-standard:5.0'
   */
  readonly image?: string;
  /**
   * Minutes a job may run before CodeBuild stops it: longer than the longest job's own timeout, the deploy job's 225
   * minutes, so GitHub's timeout (which lets Terraform write its state) fires first.
   * @default 240
   */
  readonly timeoutMinutes?: number;
  /**
   * Most jobs running at once. CodeBuild refuses (does not queue) a build over a project's limit, and a refused
   * job waits in GitHub for a runner until it times out (24 hours), so set it only with room for every job the
   * workflows start at once (PR plans, drift, deploy).
   * @default - no project limit: the account's concurrent build quota applies and builds beyond it queue
   */
  readonly concurrentJobs?: number;
  /**
   * Days CloudWatch keeps the jobs' logs; a CloudWatch Logs retention value.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /** Tags of the runner's resources (the provider's default tags apply as well). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A self-hosted GitHub Actions runner inside the VPC, so that jobs can plan and apply the Kubernetes and Helm stacks
 * through the cluster's private API endpoint: an AWS CodeBuild project whose webhook takes the repository's
 * `workflow_job` events (`WORKFLOW_JOB_QUEUED`) and starts one ephemeral container per job whose `runs-on` label
 * names the project.
 *
 * - The container runs in the private subnets with a security group of its own that allows only HTTPS out (GitHub,
 *   the npm and Terraform registries, AWS APIs, the cluster's API endpoint); nothing may connect to it.
 * - Its service role may only write its own logs and create its network interfaces in the given subnets. Every job
 *   can read that role's credentials (the container's credentials endpoint), so it holds nothing else: jobs get AWS
 *   access the same way as on GitHub-hosted runners, by GitHub OIDC to the environment's plan or apply role.
 * - GitHub access: the account's CodeBuild source credential for GitHub, a token an administrator imports once per
 *   account and region (`aws codebuild import-source-credentials`, docs/delivery.md). CodeBuild keeps it; the service role
 *   needs no permission for it, unlike a CodeConnections connection, whose GitHub App token every job could fetch
 *   through the role. Without it creating the webhook fails with "Could not find access token for server type github".
 * - Logs go to `/aws/codebuild/<name>`, encrypted with a key of its own. Nothing else is stored (no artifacts, no cache).
 */
export class GithubActionsRunner extends Construct {
  static readonly DEFAULT_COMPUTE_TYPE = 'BUILD_GENERAL1_MEDIUM';
  static readonly DEFAULT_IMAGE = 'aws/codebuild/amazonlinux-x86_64-standard:5.0';
  static readonly DEFAULT_TIMEOUT_MINUTES = 240;
  static readonly DEFAULT_LOG_RETENTION_DAYS = 365;
  /** The port the runner may connect to: every endpoint it needs speaks HTTPS. */
  static readonly HTTPS_PORT = 443;

  readonly project: CodebuildProject;
  readonly securityGroup: SecurityGroup;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  /** The label prefix of jobs for this runner: `codebuild-<name>`. */
  readonly runsOnLabel: string;

  constructor(scope: Construct, id: string, props: GithubActionsRunnerProps) {
    super(scope, id);
    this.validate(props);
    const { name, accountId, region } = props;
    const partition = partitionOf(region);
    const tags = { ...props.tags };
    const projectArn = `arn:${partition}:codebuild:${region}:${accountId}:project/${name}`;
    const logGroupName = `/aws/codebuild/${name}`;
    const logGroupArn = `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`;
    this.runsOnLabel = `codebuild-${name}`;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${name}`,
      description: `GitHub Actions runner ${name}: HTTPS out only`,
      vpcId: props.vpcId,
      // Rules are separate resources below; no inline rule, so Terraform also removes AWS's default allow-all egress.
      tags: { ...tags, Name: name },
    });
    new VpcSecurityGroupEgressRule(this, 'EgressHttps', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to GitHub, the package registries, AWS APIs and the cluster API endpoint',
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: GithubActionsRunner.HTTPS_PORT,
      toPort: GithubActionsRunner.HTTPS_PORT,
    });

    const logsKey = new KmsKey(this, 'LogsKey', {
      description: `Encrypts the job logs of the GitHub Actions runner ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: accountKeyPolicy(partition, accountId, [logGroupKeyStatement(region, logGroupArn)]),
      tags,
    });
    new KmsAlias(this, 'LogsKeyAlias', { name: `alias/${name}-logs`, targetKeyId: logsKey.keyId });
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: logGroupName,
      retentionInDays: props.logRetentionDays ?? GithubActionsRunner.DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: logsKey.arn,
      tags,
    });

    this.role = new IamRole(this, 'Role', {
      name,
      description: `CodeBuild service role of the GitHub Actions runner ${name}: logs and network interfaces only`,
      assumeRolePolicy: JSON.stringify(GithubActionsRunner.trustPolicy(accountId, projectArn)),
      tags,
    });
    const policy = new IamRolePolicy(this, 'RolePolicy', {
      name: 'runner',
      role: this.role.name,
      policy: JSON.stringify(GithubActionsRunner.rolePolicy({ partition, accountId, region, logGroupArn, subnetIds: props.subnetIds, securityGroupId: this.securityGroup.id })),
    });

    this.project = new CodebuildProject(this, 'Project', {
      name,
      description: `GitHub Actions runner of ${props.githubRepository} in the VPC: jobs with runs-on ${this.runsOnLabel}-<run id>-<attempt>`,
      serviceRole: this.role.arn,
      source: { type: 'GITHUB', location: `https://github.com/${props.githubRepository}.git`, gitCloneDepth: 1 },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: {
        type: 'LINUX_CONTAINER',
        computeType: props.computeType ?? GithubActionsRunner.DEFAULT_COMPUTE_TYPE,
        image: props.image ?? GithubActionsRunner.DEFAULT_IMAGE,
        imagePullCredentialsType: 'CODEBUILD',
        privilegedMode: false,
      },
      vpcConfig: { vpcId: props.vpcId, subnets: [...props.subnetIds], securityGroupIds: [this.securityGroup.id] },
      logsConfig: { cloudwatchLogs: { status: 'ENABLED', groupName: logGroupName }, s3Logs: { status: 'DISABLED' } },
      buildTimeout: props.timeoutMinutes ?? GithubActionsRunner.DEFAULT_TIMEOUT_MINUTES,
      concurrentBuildLimit: props.concurrentJobs,
      tags,
      // The first job must find the role's permissions and the log group in place.
      dependsOn: [policy, this.logGroup],
    });
    new CodebuildWebhook(this, 'Webhook', {
      projectName: this.project.name,
      buildType: 'BUILD',
      filterGroup: [{ filter: [{ type: 'EVENT', pattern: 'WORKFLOW_JOB_QUEUED' }] }],
    });
  }

  /** Only CodeBuild, for this project of this account, may assume the role (no confused deputy). */
  static trustPolicy(accountId: string, projectArn: string): object {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'codebuild.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnEquals: { 'aws:SourceArn': projectArn } },
        },
      ],
    };
  }

  /** What CodeBuild does as the runner's role, and nothing else: the jobs bring their own (OIDC) credentials. */
  static rolePolicy(scope: { partition: string; accountId: string; region: string; logGroupArn: string; subnetIds: readonly string[]; securityGroupId: string }): object {
    const { partition, accountId, region, logGroupArn, subnetIds, securityGroupId } = scope;
    const ec2 = `arn:${partition}:ec2:${region}:${accountId}`;
    const subnetArns = subnetIds.map((id) => `${ec2}:subnet/${id}`);
    return {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:log-stream:*` },
        {
          // CodeBuild's VPC support: describe calls accept no resource-level restriction.
          Sid: 'DescribeNetwork',
          Effect: 'Allow',
          Action: ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'],
          Resource: '*',
        },
        {
          // Every job can read this role's credentials: interfaces only in the runner's subnets, with its group.
          Sid: 'CreateInterfacesInRunnerSubnetsOnly',
          Effect: 'Allow',
          Action: 'ec2:CreateNetworkInterface',
          Resource: [`${ec2}:network-interface/*`, ...subnetArns, `${ec2}:security-group/${securityGroupId}`],
        },
        {
          Sid: 'DeleteInterfacesInRunnerSubnetsOnly',
          Effect: 'Allow',
          Action: 'ec2:DeleteNetworkInterface',
          Resource: `${ec2}:network-interface/*`,
          Condition: { ArnEquals: { 'ec2:Subnet': subnetArns } },
        },
        {
          Sid: 'AttachInterfacesInRunnerSubnetsOnly',
          Effect: 'Allow',
          Action: 'ec2:CreateNetworkInterfacePermission',
          Resource: `${ec2}:network-interface/*`,
          Condition: { StringEquals: { 'ec2:AuthorizedService': 'codebuild.amazonaws.com' }, ArnEquals: { 'ec2:Subnet': subnetArns } },
        },
      ],
    };
  }

  private validate(props: GithubActionsRunnerProps): void {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(PROJECT_NAME.test(props.name), 'name', `'${props.name}' is not a CodeBuild project name`, 'use letters, digits, - and _, e.g. novel-engine-production-github-runner');
    require(GITHUB_REPOSITORY.test(props.githubRepository), 'githubRepository', `'${props.githubRepository}' is not owner/name`, "write the repository as 'owner/name'");
    require(props.subnetIds.length > 0, 'subnetIds', 'is empty: the runner would have no network', "give the VPC's private subnets");
    const retention = props.logRetentionDays ?? GithubActionsRunner.DEFAULT_LOG_RETENTION_DAYS;
    require((LOG_RETENTION_DAYS as readonly number[]).includes(retention), 'logRetentionDays', `${retention} is not a CloudWatch Logs retention`, `use one of ${LOG_RETENTION_DAYS.join(', ')}`);
    const timeout = props.timeoutMinutes ?? GithubActionsRunner.DEFAULT_TIMEOUT_MINUTES;
    require(Number.isInteger(timeout) && timeout >= 5 && timeout <= 2160, 'timeoutMinutes', `${timeout} is outside CodeBuild's 5..2160 minutes`, 'give whole minutes between 5 and 2160, e.g. 120');
    const jobs = props.concurrentJobs;
    require(jobs === undefined || (Number.isInteger(jobs) && jobs >= 1), 'concurrentJobs', `${jobs} is not a positive whole number`, 'give at least 1, or leave it unset for the account quota');
  }
}
