import { synthJson } from '@platform/terraform-testing';
import { VpcFlowLogs, VpcFlowLogsProps } from './vpc-flow-logs';

const PROPS: VpcFlowLogsProps = { namePrefix: 'platform-prod', vpcId: 'vpc-123', accountId: '123456789012', region: 'eu-central-1' };
const LOG_GROUP_ARN = 'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/vpc-flow-logs/platform-prod';

describe('VpcFlowLogs', () => {
  const json = synthJson((scope) => new VpcFlowLogs(scope, 'flow-logs', PROPS));

  it('records all traffic of the VPC every minute into the log group', () => {
    expect(json.resources('aws_flow_log')).toEqual([
      expect.objectContaining({
      vpc_id: 'vpc-123',
      traffic_type: 'ALL',
      max_aggregation_interval: 60,
      log_destination_type: 'cloud-watch-logs',
      log_destination: json.ref(json.resource('aws_cloudwatch_log_group', 'LogGroup'), 'arn'),
        iam_role_arn: json.ref(json.resource('aws_iam_role', 'Role'), 'arn'),
      }),
    ]);
  });

  it('keeps logs 365 days by default, encrypted with a rotating customer managed key', () => {
    expect(json.resource('aws_cloudwatch_log_group', 'LogGroup')).toMatchObject({
      name: '/aws/vpc-flow-logs/platform-prod',
      retention_in_days: 365,
      kms_key_id: json.ref(json.resource('aws_kms_key', 'Key'), 'arn'),
    });
    const key = json.resource('aws_kms_key', 'Key');
    expect(key.enable_key_rotation).toBe(true);
    const logsStatement = JSON.parse(key.policy as string).Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchLogsEncryptsThisLogGroupOnly');
    expect(logsStatement.Principal).toEqual({ Service: 'logs.eu-central-1.amazonaws.com' });
    expect(logsStatement.Condition).toEqual({ ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': LOG_GROUP_ARN } });
  });

  it('honours a shorter retention', () => {
    const short = synthJson((scope) => new VpcFlowLogs(scope, 'flow-logs', { ...PROPS, retentionInDays: 30 }));
    expect(short.resource('aws_cloudwatch_log_group', 'LogGroup').retention_in_days).toBe(30);
  });

  it('lets only this account’s flow logs assume the role, and the role only write to its log group', () => {
    const trust = JSON.parse(json.resource('aws_iam_role', 'Role').assume_role_policy as string).Statement[0];
    expect(trust).toMatchObject({
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-central-1:123456789012:vpc-flow-log/*' },
      },
    });
    const permissions = JSON.parse(json.resource('aws_iam_role_policy', 'RolePolicy').policy as string).Statement;
    expect(permissions).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [LOG_GROUP_ARN, `${LOG_GROUP_ARN}:log-stream:*`],
      },
    ]);
  });

  it('uses the partition of GovCloud and China regions in ARNs', () => {
    const gov = synthJson((scope) => new VpcFlowLogs(scope, 'flow-logs', { ...PROPS, region: 'us-gov-west-1' }));
    expect(gov.resource('aws_iam_role_policy', 'RolePolicy').policy).toContain('arn:aws-us-gov:logs:us-gov-west-1:');
  });
});
