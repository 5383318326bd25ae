import { GUARDDUTY_FARGATE_AGENT_ACCOUNTS, guardDutyFargateAgentRepositoryArn } from './guardduty-agent-repository';

describe('guardDutyFargateAgentRepositoryArn', () => {
  it.each([
    ['eu-central-1', 'arn:aws:ecr:eu-central-1:323658145986:repository/aws-guardduty-agent-fargate'],
    ['eu-west-1', 'arn:aws:ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate'],
  ])("names GuardDuty's repository in %s", (region, arn) => {
    expect(guardDutyFargateAgentRepositoryArn(region)).toBe(arn);
  });

  it('knows no repository in a region the table lacks, nor for a name that is no region', () => {
    expect(guardDutyFargateAgentRepositoryArn('us-east-1')).toBeUndefined();
    expect(guardDutyFargateAgentRepositoryArn('constructor')).toBeUndefined();
  });

  it('lists 12-digit accounts only', () => {
    expect(Object.values(GUARDDUTY_FARGATE_AGENT_ACCOUNTS).every((account) => /^\d{12}$/.test(account))).toBe(true);
  });
});
