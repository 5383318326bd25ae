import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { requirement, requireRoleBasics } from './private/compute-validation';
import { IamPolicyDocument, IamPolicyStatement, policyDocument } from './private/iam-documents';
import { ecsTasksTrustPolicy } from './private/task-trust';

/** One statement of the application's own permissions (IAM JSON field names). */
export interface TaskPolicyStatement {
  /** Statement id: letters and digits, unique in the role, e.g. `ReadWriteStoryAssets`. */
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  /** Actions; neither `*` nor a whole service (`s3:*`). */
  readonly Action: readonly string[];
  /** Resource ARNs the actions apply to. */
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface TaskRoleProps {
  /** IAM role name, e.g. `storymagic-api-task`; at most 64 characters. */
  readonly roleName: string;
  /** AWS account id (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the tasks, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * What the application itself may do (e.g. read and write its S3 bucket); nothing else is granted.
   * @default - none
   */
  readonly statements?: readonly TaskPolicyStatement[];
  /**
   * Let the application (through the X-Ray daemon sidecar, which uses the task role) send traces and read sampling rules.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Let ECS Exec open its SSM session channels into the containers; only with `FargateService.enableExecuteCommand`.
   * @default false
   */
  readonly executeCommand?: boolean;
}

/**
 * The role the application's code runs as: exactly the statements the service declares, plus X-Ray writes when tracing
 * is on and the SSM channels when ECS Exec is allowed. Inline policy only, no managed policy.
 */
export class TaskRole extends Construct {
  /** X-Ray actions of the daemon sidecar; X-Ray has no resource types for them, so they apply to `*`. */
  static readonly XRAY_ACTIONS: readonly string[] = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];
  /** SSM Session Manager channel actions ECS Exec needs in the task role; they have no resource types either. */
  static readonly EXECUTE_COMMAND_ACTIONS: readonly string[] = [
    'ssmmessages:CreateControlChannel',
    'ssmmessages:CreateDataChannel',
    'ssmmessages:OpenControlChannel',
    'ssmmessages:OpenDataChannel',
  ];

  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /** The inline policy, as an object; undefined when the role has no permission at all. */
  readonly policy?: IamPolicyDocument;
  /** Whether the role allows ECS Exec's channels. */
  readonly allowsExecuteCommand: boolean;

  constructor(scope: Construct, id: string, props: TaskRoleProps) {
    super(scope, id);
    const declared: readonly IamPolicyStatement[] = props.statements ?? [];
    this.validate(props, declared);
    this.allowsExecuteCommand = props.executeCommand === true;

    const statements = [...declared];
    if (props.tracing === true) {
      statements.push({ Sid: 'SendTracesToXRay', Effect: 'Allow', Action: [...TaskRole.XRAY_ACTIONS], Resource: '*' });
    }
    if (this.allowsExecuteCommand) {
      statements.push({ Sid: 'EcsExecSessionChannels', Effect: 'Allow', Action: [...TaskRole.EXECUTE_COMMAND_ACTIONS], Resource: '*' });
    }

    this.role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: 'Permissions of the application code of one task family',
      assumeRolePolicy: JSON.stringify(ecsTasksTrustPolicy(props.accountId, props.region)),
    });
    if (statements.length > 0) {
      this.policy = policyDocument(statements);
      new IamRolePolicy(this, 'Policy', { name: 'application', role: this.role.id, policy: JSON.stringify(this.policy) });
    }
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
  }

  private validate(props: TaskRoleProps, statements: readonly IamPolicyStatement[]): void {
    const require = requirement(this);
    requireRoleBasics(require, props);
    const sids = new Set<string>(['SendTracesToXRay', 'EcsExecSessionChannels']);
    for (const statement of statements) {
      require(
        /^[A-Za-z0-9]+$/.test(statement.Sid) && !sids.has(statement.Sid),
        'statements',
        `Sid '${statement.Sid}' is not letters and digits, or is used twice (SendTracesToXRay and EcsExecSessionChannels are reserved)`,
        'give every statement its own Sid of letters and digits, e.g. ReadWriteStoryAssets',
      );
      sids.add(statement.Sid);
      const wildcards = statement.Action.filter((action) => action === '*' || /^[\w-]+:\*$/.test(action));
      require(
        statement.Action.length > 0 && wildcards.length === 0,
        'statements',
        `${statement.Sid} grants ${wildcards.length > 0 ? wildcards.join(', ') : 'no action'}`,
        "list the actions the application calls, e.g. ['s3:GetObject', 's3:PutObject']",
      );
      require(
        [statement.Resource].flat().length > 0,
        'statements',
        `${statement.Sid} has no resource`,
        'list the ARNs the actions apply to',
      );
    }
  }
}
