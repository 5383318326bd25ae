import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { GUARDDUTY_FARGATE_AGENT_ACCOUNTS, GUARDDUTY_FARGATE_AGENT_REPOSITORY, guardDutyFargateAgentRepositoryArn } from './guardduty-agent-repository';
import { isLateBound, requirement, requireRoleBasics, SECRET_ARN } from './private/compute-validation';
import { IamPolicyDocument, IamPolicyStatement, policyDocument } from './private/iam-documents';
import { ecsTasksTrustPolicy } from './private/task-trust';

export interface TaskExecutionRoleProps {
  /** IAM role name, e.g. `storymagic-api-execution`; at most 64 characters. */
  readonly roleName: string;
  /** AWS account id (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the tasks, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * ARN of the one ECR repository the task pulls its image from.
   * @default - none: the image is public (ECR Public), which needs no permission
   */
  readonly repositoryArn?: string;
  /** ARN of the log group the containers write to (without `:*`). */
  readonly logGroupArn: string;
  /**
   * Full ARNs (with Secrets Manager's 6-character suffix, e.g. `ApplicationSecrets.secretArns`) of the secrets ECS
   * injects into the containers at start.
   * @default - none
   */
  readonly secretArns?: readonly string[];
  /**
   * ARNs of the customer-managed KMS keys encrypting those secrets; decryption is allowed only through Secrets Manager.
   * @default - none: the secrets use the AWS-managed key
   */
  readonly secretsKmsKeyArns?: readonly string[];
  /**
   * Also pull GuardDuty's Runtime Monitoring sidecar from its repository in GuardDuty's account of the region
   * ({@link GUARDDUTY_FARGATE_AGENT_ACCOUNTS}): needed wherever GuardDuty manages the Fargate agent
   * (`ECS_FARGATE_AGENT_MANAGEMENT`), which adds the sidecar to every task of the account and region.
   * @default false
   */
  readonly guardDutyAgent?: boolean;
}

/**
 * The role ECS itself uses to start a task (not the application's role): pull the image from exactly one ECR
 * repository (with `guardDutyAgent`, also GuardDuty's runtime monitoring sidecar from exactly its repository), create
 * log streams and write events in exactly one log group, and read exactly the secrets injected into the containers
 * (and decrypt them through Secrets Manager). Inline policy only, no managed policy: `AmazonECSTaskExecutionRolePolicy`
 * would allow every repository and log group of the account.
 */
export class TaskExecutionRole extends Construct {
  /** What pulling an image from an ECR repository takes. */
  static readonly PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;

  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /** The inline policy, as an object (for simulation and review). */
  readonly policy: IamPolicyDocument;

  constructor(scope: Construct, id: string, props: TaskExecutionRoleProps) {
    super(scope, id);
    const secretArns = props.secretArns ?? [];
    const keyArns = props.secretsKmsKeyArns ?? [];
    this.validate(props, secretArns, keyArns);
    const agentRepositoryArn = props.guardDutyAgent === true ? guardDutyFargateAgentRepositoryArn(props.region) : undefined;

    const pull = (Sid: string, Resource: string): IamPolicyStatement => ({ Sid, Effect: 'Allow', Action: [...TaskExecutionRole.PULL_ACTIONS], Resource });
    const statements: IamPolicyStatement[] = [
      // A public image (ECR Public) needs no permission; a private one is pulled from exactly its repository.
      // GetAuthorizationToken has no resource type: '*' is the only resource IAM accepts for it.
      ...(props.repositoryArn === undefined && agentRepositoryArn === undefined ? [] : [{ Sid: 'EcrLogin', Effect: 'Allow' as const, Action: ['ecr:GetAuthorizationToken'], Resource: '*' }]),
      ...(props.repositoryArn === undefined ? [] : [pull('PullImageFromItsRepository', props.repositoryArn)]),
      // Exactly GuardDuty's repository of the region (another account's; its repository policy lets every account pull).
      ...(agentRepositoryArn === undefined ? [] : [pull('PullGuardDutyAgent', agentRepositoryArn)]),
      { Sid: 'WriteItsLogGroup', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${props.logGroupArn}:log-stream:*` },
    ];
    if (secretArns.length > 0) {
      statements.push({ Sid: 'ReadInjectedSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [...secretArns] });
    }
    if (keyArns.length > 0) {
      statements.push({
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [...keyArns],
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
      });
    }
    this.policy = policyDocument(statements);

    this.role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: 'Lets ECS pull the image, write the log group and read the injected secrets of one task family',
      assumeRolePolicy: JSON.stringify(ecsTasksTrustPolicy(props.accountId, props.region)),
    });
    new IamRolePolicy(this, 'Policy', { name: 'start-task', role: this.role.id, policy: JSON.stringify(this.policy) });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
  }

  private validate(props: TaskExecutionRoleProps, secretArns: readonly string[], keyArns: readonly string[]): void {
    const require = requirement(this);
    requireRoleBasics(require, props);
    const literal = (arn: string, pattern: RegExp) => isLateBound(arn) || pattern.test(arn);
    require(
      props.repositoryArn === undefined || literal(props.repositoryArn, /^arn:aws[\w-]*:ecr:[a-z0-9-]+:\d{12}:repository\/[a-z0-9._\/-]+$/),
      'repositoryArn',
      `'${props.repositoryArn}' is not the ARN of one ECR repository`,
      'pass the repository ARN, e.g. arn:aws:ecr:eu-central-1:123456789012:repository/storymagic-api (no wildcard)',
    );
    require(
      props.guardDutyAgent !== true || guardDutyFargateAgentRepositoryArn(props.region) !== undefined,
      'guardDutyAgent',
      `GuardDuty's Fargate agent repository of ${props.region} is unknown (GUARDDUTY_FARGATE_AGENT_ACCOUNTS lists ${Object.keys(GUARDDUTY_FARGATE_AGENT_ACCOUNTS).join(', ')})`,
      `add ${props.region} with its account from the GuardDuty User Guide's table "ECR Repository for GuardDuty agent on AWS Fargate (Amazon ECS only)" to GUARDDUTY_FARGATE_AGENT_ACCOUNTS (libs/ecs/src/guardduty-agent-repository.ts, repository ${GUARDDUTY_FARGATE_AGENT_REPOSITORY}), or turn security.guardDuty.runtimeMonitoring off for the environment`,
    );
    for (const arn of secretArns) {
      require(
        literal(arn, SECRET_ARN),
        'secretArns',
        `'${arn}' is not the ARN of one secret`,
        'pass full secret ARNs, e.g. ApplicationSecrets.secretArns (no wildcard)',
      );
    }
    for (const arn of keyArns) {
      require(
        literal(arn, /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/),
        'secretsKmsKeyArns',
        `'${arn}' is not the ARN of one KMS key`,
        'pass key ARNs (key/<id>), e.g. ApplicationSecrets.key.arn',
      );
    }
  }
}
