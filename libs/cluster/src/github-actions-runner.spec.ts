import { synthJson } from '@platform/terraform-testing';
import { decide, SIMULATED_ACCOUNT } from '@platform/terraform-testing/iam';
import { GithubActionsRunner, GithubActionsRunnerProps } from './github-actions-runner';

const REGION = 'eu-central-1';
const PROPS: GithubActionsRunnerProps = {
  name: 'platform-production-github-runner',
  githubRepository: 'example-org/platform-infrastructure',
  accountId: SIMULATED_ACCOUNT,
  region: REGION,
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b'],
};
const synthRunner = (props: Partial<GithubActionsRunnerProps> = {}) => synthJson((scope) => new GithubActionsRunner(scope, 'runner', { ...PROPS, ...props }));
const PROJECT_ARN = `arn:aws:codebuild:${REGION}:${SIMULATED_ACCOUNT}:project/${PROPS.name}`;
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${SIMULATED_ACCOUNT}:log-group:/aws/codebuild/${PROPS.name}`;

describe('GithubActionsRunner', () => {
  const json = synthRunner();
  const project = json.resource('aws_codebuild_project', 'Project');
  const policy = GithubActionsRunner.rolePolicy({ partition: 'aws', accountId: SIMULATED_ACCOUNT, region: REGION, logGroupArn: LOG_GROUP_ARN, subnetIds: PROPS.subnetIds, securityGroupId: 'sg-runner' });
  const trust = GithubActionsRunner.trustPolicy(SIMULATED_ACCOUNT, PROJECT_ARN);

  it('sets no concurrent build limit unless asked: CodeBuild refuses builds over it rather than queueing them', () => {
    expect(project.concurrent_build_limit).toBeUndefined();
    expect(synthRunner({ concurrentJobs: 8 }).resource('aws_codebuild_project', 'Project').concurrent_build_limit).toBe(8);
  });

  it('runs the jobs of the repository in the private subnets, unprivileged, with its logs in its own encrypted group', () => {
    expect(project).toMatchObject({
      name: PROPS.name,
      source: { type: 'GITHUB', location: 'https://github.com/example-org/platform-infrastructure.git' },
      environment: { type: 'LINUX_CONTAINER', compute_type: 'BUILD_GENERAL1_MEDIUM', privileged_mode: false },
      vpc_config: { vpc_id: 'vpc-0123', subnets: ['subnet-a', 'subnet-b'], security_group_ids: [json.ref(json.resource('aws_security_group', 'SecurityGroup'), 'id')] },
      logs_config: { cloudwatch_logs: { status: 'ENABLED', group_name: `/aws/codebuild/${PROPS.name}` } },
      artifacts: { type: 'NO_ARTIFACTS' },
    });
    const group = json.resource('aws_cloudwatch_log_group', 'LogGroup');
    expect(group).toMatchObject({ name: `/aws/codebuild/${PROPS.name}`, retention_in_days: 365, kms_key_id: json.ref(json.resource('aws_kms_key', 'LogsKey'), 'arn') });
  });

  it('takes workflow jobs (not pushes or pull requests) through the webhook', () => {
    expect(json.resource('aws_codebuild_webhook', 'Webhook')).toMatchObject({
      build_type: 'BUILD',
      filter_group: [{ filter: [{ type: 'EVENT', pattern: 'WORKFLOW_JOB_QUEUED' }] }],
    });
  });

  it('may connect out on HTTPS only, and nothing may connect to it', () => {
    const egress = json.resources('aws_vpc_security_group_egress_rule');
    expect(egress).toEqual([expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' })]);
    expect(json.resources('aws_vpc_security_group_ingress_rule')).toHaveLength(0);
    expect(json.resource('aws_security_group', 'SecurityGroup').ingress).toBeUndefined();
  });

  it('names the jobs label after the project', () => {
    const runner = (() => {
      let built: GithubActionsRunner | undefined;
      synthJson((scope) => (built = new GithubActionsRunner(scope, 'runner', PROPS)));
      return built as GithubActionsRunner;
    })();
    expect(runner.runsOnLabel).toBe('codebuild-platform-production-github-runner');
  });

  it('lets only CodeBuild assume the role, for this project of this account', async () => {
    expect(JSON.parse(String(json.resource('aws_iam_role', 'Role').assume_role_policy))).toEqual(trust);
    const assume = (sourceArn: string, sourceAccount = SIMULATED_ACCOUNT) =>
      decide(
        { role: 'codebuild.amazonaws.com', service: true, action: 'sts:AssumeRole', resource: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/${PROPS.name}`, resourcePolicy: trust, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount } },
        'nothing',
      );
    expect(await assume(PROJECT_ARN)).toBe('Allowed');
    expect(await assume(`arn:aws:codebuild:${REGION}:${SIMULATED_ACCOUNT}:project/other`)).not.toBe('Allowed');
    expect(await assume(PROJECT_ARN.replace(SIMULATED_ACCOUNT, '210987654321'), '210987654321')).not.toBe('Allowed');
  });

  it('gives its role only logs and network interfaces in its subnets (simulated): every job can read its credentials', async () => {
    const synthesized = JSON.parse(String(json.resource('aws_iam_role_policy', 'RolePolicy').policy));
    expect(JSON.stringify(synthesized)).toContain(`:security-group/${json.ref(json.resource('aws_security_group', 'SecurityGroup'), 'id')}`);
    const may = (action: string, resource: string, context: Record<string, string> = {}) => decide({ role: PROPS.name, action, resource, context }, policy);
    expect(await may('logs:PutLogEvents', `${LOG_GROUP_ARN}:log-stream:job-1`)).toBe('Allowed');
    expect(await may('logs:PutLogEvents', `arn:aws:logs:${REGION}:${SIMULATED_ACCOUNT}:log-group:/aws/eks/other/cluster:log-stream:x`)).not.toBe('Allowed');
    const eni = `arn:aws:ec2:${REGION}:${SIMULATED_ACCOUNT}:network-interface/eni-1`;
    const subnet = (id: string) => `arn:aws:ec2:${REGION}:${SIMULATED_ACCOUNT}:subnet/${id}`;
    expect(await may('ec2:CreateNetworkInterfacePermission', eni, { 'ec2:AuthorizedService': 'codebuild.amazonaws.com', 'ec2:Subnet': subnet('subnet-a') })).toBe('Allowed');
    expect(await may('ec2:CreateNetworkInterfacePermission', eni, { 'ec2:AuthorizedService': 'codebuild.amazonaws.com', 'ec2:Subnet': subnet('subnet-public') })).not.toBe('Allowed');
    expect(await may('ec2:CreateNetworkInterfacePermission', eni, { 'ec2:AuthorizedService': 'lambda.amazonaws.com', 'ec2:Subnet': subnet('subnet-a') })).not.toBe('Allowed');
    // Interfaces only in its subnets, with its group: a job holding these credentials cannot fill other subnets.
    expect(await may('ec2:CreateNetworkInterface', subnet('subnet-b'))).toBe('Allowed');
    expect(await may('ec2:CreateNetworkInterface', `arn:aws:ec2:${REGION}:${SIMULATED_ACCOUNT}:security-group/sg-runner`)).toBe('Allowed');
    expect(await may('ec2:CreateNetworkInterface', subnet('subnet-database'))).not.toBe('Allowed');
    expect(await may('ec2:CreateNetworkInterface', `arn:aws:ec2:${REGION}:${SIMULATED_ACCOUNT}:security-group/sg-database`)).not.toBe('Allowed');
    expect(await may('ec2:DeleteNetworkInterface', eni, { 'ec2:Subnet': subnet('subnet-a') })).toBe('Allowed');
    expect(await may('ec2:DeleteNetworkInterface', eni, { 'ec2:Subnet': subnet('subnet-database') })).not.toBe('Allowed');
    for (const [action, resource] of [
      ['sts:AssumeRole', `arn:aws:iam::${SIMULATED_ACCOUNT}:role/platform-production-github-apply`],
      ['eks:DescribeCluster', `arn:aws:eks:${REGION}:${SIMULATED_ACCOUNT}:cluster/platform-production`],
      ['s3:GetObject', 'arn:aws:s3:::platform-tfstate/production/x'],
      ['codeconnections:GetConnectionToken', `arn:aws:codeconnections:${REGION}:${SIMULATED_ACCOUNT}:connection/abc`],
      ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${SIMULATED_ACCOUNT}:secret:github-token`],
    ]) {
      expect(await may(action, resource)).not.toBe('Allowed');
    }
  });

  it.each([
    [{ name: 'bad name!' }, 'name'],
    [{ githubRepository: 'no-owner' }, 'githubRepository'],
    [{ subnetIds: [] }, 'subnetIds'],
    [{ logRetentionDays: 42 }, 'logRetentionDays'],
    [{ timeoutMinutes: 3 }, 'timeoutMinutes'],
    [{ concurrentJobs: 0 }, 'concurrentJobs'],
  ] as [Partial<GithubActionsRunnerProps>, string][])('refuses %j, naming %s and the fix', (props, field) => {
    expect(() => synthRunner(props)).toThrow(new RegExp(`runner: ${field}: .*Fix: `));
  });
});
