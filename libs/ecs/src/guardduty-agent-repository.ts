import { partitionOf } from '@platform/core';

/** Name of the ECR repository holding GuardDuty's Runtime Monitoring sidecar for ECS on Fargate, in every region. */
export const GUARDDUTY_FARGATE_AGENT_REPOSITORY = 'aws-guardduty-agent-fargate';

/**
 * Per region, the AWS account whose ECR repository {@link GUARDDUTY_FARGATE_AGENT_REPOSITORY} holds GuardDuty's
 * Runtime Monitoring sidecar for ECS on Fargate: the table "ECR Repository for GuardDuty agent on AWS Fargate (Amazon
 * ECS only)" of the Amazon GuardDuty User Guide. With GuardDuty managing the agent, ECS adds the sidecar to every task
 * and pulls it with the task's execution role, so that role must be allowed this repository. Only the regions the
 * platform runs ECS in are listed: add a region's row from that table before running ECS there with runtime
 * monitoring on.
 */
export const GUARDDUTY_FARGATE_AGENT_ACCOUNTS: Readonly<Record<string, string>> = {
  'eu-central-1': '323658145986',
  'eu-west-1': '694911143906',
};

/** ARN of GuardDuty's Fargate agent repository in `region`, or undefined where {@link GUARDDUTY_FARGATE_AGENT_ACCOUNTS} has no row. */
export function guardDutyFargateAgentRepositoryArn(region: string): string | undefined {
  if (!Object.hasOwn(GUARDDUTY_FARGATE_AGENT_ACCOUNTS, region)) return undefined;
  const account = GUARDDUTY_FARGATE_AGENT_ACCOUNTS[region];
  return `arn:${partitionOf(region)}:ecr:${region}:${account}:repository/${GUARDDUTY_FARGATE_AGENT_REPOSITORY}`;
}
