import { synthJson } from '@platform/terraform-testing';
import { TerraformStack, Testing } from 'cdktf';
import { simulate } from './private/iam-simulation';
import { ACCOUNT, REGION } from './private/test-fixtures';
import { TaskPolicyStatement, TaskRole, TaskRoleProps } from './task-role';

const ASSETS: TaskPolicyStatement = { Sid: 'ReadWriteStoryAssets', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::storymagic-assets/*' };
const PROPS: TaskRoleProps = { roleName: 'storymagic-api-task', accountId: ACCOUNT, region: REGION, statements: [ASSETS] };
const build = (props: Partial<TaskRoleProps> = {}) => new TaskRole(new TerraformStack(Testing.app(), 'stack'), 'task', { ...PROPS, ...props });

describe('TaskRole', () => {
  it('is assumed only by ECS tasks of this account and region', () => {
    const role = synthJson((scope) => new TaskRole(scope, 'task', PROPS)).resources('aws_iam_role')[0];
    expect(JSON.parse(role.assume_role_policy as string).Statement[0]).toMatchObject({
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${REGION}:${ACCOUNT}:*` } },
    });
  });

  it('grants exactly what the service declares', async () => {
    const policy = build().policy;
    expect(policy?.Statement).toEqual([ASSETS]);
    expect(await simulate(policy!, 's3:PutObject', 'arn:aws:s3:::storymagic-assets/story.png')).toBe('Allowed');
    expect(await simulate(policy!, 's3:DeleteObject', 'arn:aws:s3:::storymagic-assets/story.png')).toBe('ImplicitlyDenied');
    expect(await simulate(policy!, 'xray:PutTraceSegments', '*')).toBe('ImplicitlyDenied');
  });

  it('lets the X-Ray daemon send traces and read sampling rules when tracing is on', async () => {
    const policy = build({ tracing: true }).policy!;
    for (const action of TaskRole.XRAY_ACTIONS) expect(await simulate(policy, action, '*')).toBe('Allowed');
  });

  it('opens the ECS Exec channels only when asked', async () => {
    expect(await simulate(build().policy!, 'ssmmessages:CreateControlChannel', '*')).toBe('ImplicitlyDenied');
    const exec = build({ executeCommand: true });
    expect(exec.allowsExecuteCommand).toBe(true);
    for (const action of TaskRole.EXECUTE_COMMAND_ACTIONS) expect(await simulate(exec.policy!, action, '*')).toBe('Allowed');
  });

  it('has no policy at all when nothing is declared', () => {
    const json = synthJson((scope) => new TaskRole(scope, 'task', { ...PROPS, statements: [] }));
    expect(json.resources('aws_iam_role')).toHaveLength(1);
    expect(json.resources('aws_iam_role_policy')).toHaveLength(0);
  });

  describe('validation', () => {
    it.each<[string, TaskPolicyStatement[], RegExp]>([
      ['every action', [{ ...ASSETS, Action: ['*'] }], /task: statements: ReadWriteStoryAssets grants \*\. Fix: list the actions/],
      ['a whole service', [{ ...ASSETS, Action: ['s3:*'] }], /statements: ReadWriteStoryAssets grants s3:\*/],
      ['no action', [{ ...ASSETS, Action: [] }], /statements: ReadWriteStoryAssets grants no action/],
      ['no resource', [{ ...ASSETS, Resource: [] }], /statements: ReadWriteStoryAssets has no resource/],
      ['a repeated Sid', [ASSETS, ASSETS], /statements: Sid 'ReadWriteStoryAssets' is not letters and digits, or is used twice/],
      ['a reserved Sid', [{ ...ASSETS, Sid: 'SendTracesToXRay' }], /Sid 'SendTracesToXRay' .* reserved/],
    ])('rejects %s', (_case, statements, message) => {
      expect(() => build({ statements })).toThrow(message);
    });
  });
});
