import { partitionOf } from '@platform/core';
import { IamTrustPolicy, serviceTrustPolicy } from './iam-documents';

/** The service principal ECS tasks assume their task and execution roles as. */
export const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';

/**
 * Trust policy of a task or execution role: ECS tasks of this account in this region only. ECS sets `aws:SourceArn` to
 * the task (or cluster) ARN, hence the `arn:<partition>:ecs:<region>:<account>:*` pattern.
 */
export function ecsTasksTrustPolicy(accountId: string, region: string): IamTrustPolicy {
  return serviceTrustPolicy(ECS_TASKS_PRINCIPAL, accountId, `arn:${partitionOf(region)}:ecs:${region}:${accountId}:*`);
}
