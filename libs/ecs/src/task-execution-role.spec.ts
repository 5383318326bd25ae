import { synthJson } from '@platform/terraform-testing';
import { TerraformStack, Testing } from 'cdktf';
import { simulate } from './private/iam-simulation';
import { ACCOUNT, DATABASE_SECRET, OPENAI_SECRET, REGION, REPOSITORY_ARN, SECRETS_KEY } from './private/test-fixtures';
import { TaskExecutionRole, TaskExecutionRoleProps } from './task-execution-role';

const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/storymagic-api`;
const PROPS: TaskExecutionRoleProps = {
  roleName: 'storymagic-api-execution',
  accountId: ACCOUNT,
  region: REGION,
  repositoryArn: REPOSITORY_ARN,
  logGroupArn: LOG_GROUP_ARN,
  secretArns: [OPENAI_SECRET, DATABASE_SECRET],
  secretsKmsKeyArns: [SECRETS_KEY],
};

const build = (props: Partial<TaskExecutionRoleProps> = {}) => new TaskExecutionRole(new TerraformStack(Testing.app(), 'stack'), 'execution', { ...PROPS, ...props });

describe('TaskExecutionRole', () => {
  const json = synthJson((scope) => new TaskExecutionRole(scope, 'execution', PROPS));
  const role = json.resources('aws_iam_role')[0];

  it('is assumed only by ECS tasks of this account and region', () => {
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      {
        Sid: 'AssumedByServiceForThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${REGION}:${ACCOUNT}:*` } },
      },
    ]);
  });

  it('has one inline policy and no managed policy', () => {
    expect(json.resources('aws_iam_role_policy')).toHaveLength(1);
    expect(json.resources('aws_iam_role_policy_attachment')).toHaveLength(0);
    expect(role).not.toHaveProperty('managed_policy_arns');
  });

  describe('evaluated by IAM', () => {
    const policy = build().policy;
    const OTHER_REPOSITORY = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/other-service`;
    const OTHER_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:storymagic/production/stripe-key-MnOpQr`;
    const STREAM = `${LOG_GROUP_ARN}:log-stream:ecs/app/0123456789abcdef`;
    const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` };

    it.each<[string, string, string, Record<string, string>?]>([
      ['log in to ECR', 'ecr:GetAuthorizationToken', '*'],
      ['pull layers from its repository', 'ecr:GetDownloadUrlForLayer', REPOSITORY_ARN],
      ['read the manifest in its repository', 'ecr:BatchGetImage', REPOSITORY_ARN],
      ['check layers in its repository', 'ecr:BatchCheckLayerAvailability', REPOSITORY_ARN],
      ['create a stream in its log group', 'logs:CreateLogStream', STREAM],
      ['write events to its log group', 'logs:PutLogEvents', STREAM],
      ['read an injected secret', 'secretsmanager:GetSecretValue', OPENAI_SECRET],
      ['read the other injected secret', 'secretsmanager:GetSecretValue', DATABASE_SECRET],
      ['decrypt the secrets through Secrets Manager', 'kms:Decrypt', SECRETS_KEY, viaSecretsManager],
    ])('allows it to %s', async (_case, action, resource, context = {}) => {
      expect(await simulate(policy, action, resource, context)).toBe('Allowed');
    });

    it.each<[string, string, string, Record<string, string>?]>([
      ['pull from another repository', 'ecr:BatchGetImage', OTHER_REPOSITORY],
      ['push to its repository', 'ecr:PutImage', REPOSITORY_ARN],
      ['read a secret it does not inject', 'secretsmanager:GetSecretValue', OTHER_SECRET],
      ['write another log group', 'logs:PutLogEvents', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/other:log-stream:x`],
      ['create log groups', 'logs:CreateLogGroup', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/storymagic-api`],
      ['decrypt with the key outside Secrets Manager', 'kms:Decrypt', SECRETS_KEY, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` }],
    ])('denies it to %s', async (_case, action, resource, context = {}) => {
      expect(await simulate(policy, action, resource, context)).toBe('ImplicitlyDenied');
    });
  });

  describe("with GuardDuty's Fargate agent", () => {
    const AGENT_REPOSITORY = 'arn:aws:ecr:eu-central-1:323658145986:repository/aws-guardduty-agent-fargate';
    const policy = build({ guardDutyAgent: true }).policy;

    it.each(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'])("allows %s on GuardDuty's repository of the region", async (action) => {
      expect(await simulate(policy, action, AGENT_REPOSITORY)).toBe('Allowed');
    });

    it.each<[string, string, string]>([
      ["the agent's name in another account", 'ecr:BatchGetImage', 'arn:aws:ecr:eu-central-1:111122223333:repository/aws-guardduty-agent-fargate'],
      ["GuardDuty's repository of another region", 'ecr:BatchGetImage', 'arn:aws:ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate'],
      ["another repository of GuardDuty's account", 'ecr:BatchGetImage', 'arn:aws:ecr:eu-central-1:323658145986:repository/other'],
      ["push to GuardDuty's repository", 'ecr:PutImage', AGENT_REPOSITORY],
    ])('denies %s', async (_case, action, resource) => {
      expect(await simulate(policy, action, resource)).toBe('ImplicitlyDenied');
    });

    it('is denied without it', async () => {
      expect(await simulate(build().policy, 'ecr:BatchGetImage', AGENT_REPOSITORY)).toBe('ImplicitlyDenied');
    });

    it('logs in to ECR for a public application image too', () => {
      const sids = build({ repositoryArn: undefined, guardDutyAgent: true, secretArns: [], secretsKmsKeyArns: [] }).policy.Statement.map((statement) => statement.Sid);
      expect(sids).toEqual(['EcrLogin', 'PullGuardDutyAgent', 'WriteItsLogGroup']);
    });
  });

  it('grants no secret or key statement when nothing is injected', () => {
    const sids = build({ secretArns: [], secretsKmsKeyArns: [] }).policy.Statement.map((statement) => statement.Sid);
    expect(sids).toEqual(['EcrLogin', 'PullImageFromItsRepository', 'WriteItsLogGroup']);
  });

  describe('validation', () => {
    it.each<[string, Partial<TaskExecutionRoleProps>, RegExp]>([
      ['a repository wildcard', { repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/*` }, /execution: repositoryArn: .* is not the ARN of one ECR repository/],
      ['a secret wildcard', { secretArns: [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:storymagic/*`] }, /secretArns: .* is not the ARN of one secret/],
      ['a key alias', { secretsKmsKeyArns: [`arn:aws:kms:${REGION}:${ACCOUNT}:alias/secrets`] }, /secretsKmsKeyArns: .* is not the ARN of one KMS key/],
      ['a role name over 64 characters', { roleName: 'r'.repeat(65) }, /roleName: 'r+' is not an IAM role name/],
      ['a short account id', { accountId: '1234' }, /accountId: '1234' is not a 12-digit account id/],
      [
        "GuardDuty's agent in a region of no known repository",
        { region: 'us-east-1', guardDutyAgent: true },
        /execution: guardDutyAgent: GuardDuty's Fargate agent repository of us-east-1 is unknown .*Fix: add us-east-1 with its account .* to GUARDDUTY_FARGATE_AGENT_ACCOUNTS/,
      ],
    ])('rejects %s', (_case, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
