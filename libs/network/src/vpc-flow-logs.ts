import { ConstructValidationError, LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

export interface VpcFlowLogsOptions {
  /**
   * Days CloudWatch keeps flow log records; one of {@link LOG_RETENTION_DAYS}.
   * @default 365
   */
  readonly retentionInDays?: number;
  /**
   * Which traffic to record.
   * @default 'ALL'
   */
  readonly trafficType?: 'ACCEPT' | 'REJECT' | 'ALL';
  /**
   * Seconds over which records are aggregated: 60 or 600. 60 keeps detection under the seeds' one-minute goal.
   * @default 60
   */
  readonly maxAggregationInterval?: 60 | 600;
}

export interface VpcFlowLogsProps extends VpcFlowLogsOptions {
  /** Prefix of resource names, e.g. `platform-production`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * VPC flow logs into a KMS-encrypted CloudWatch log group, written by a role that may only write to that group
 * and only be assumed by the flow logs service of this account.
 */
export class VpcFlowLogs extends Construct {
  static readonly DEFAULT_RETENTION_IN_DAYS = 365;

  readonly logGroup: CloudwatchLogGroup;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const retentionInDays = props.retentionInDays ?? VpcFlowLogs.DEFAULT_RETENTION_IN_DAYS;
    ConstructValidationError.require(
      this,
      (LOG_RETENTION_DAYS as readonly number[]).includes(retentionInDays),
      'retentionInDays',
      `${retentionInDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
    const partition = partitionOf(props.region);
    const logGroupName = `/aws/vpc-flow-logs/${props.namePrefix}`;
    const logGroupArn = `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;

    this.key = new KmsKey(this, 'Key', {
      description: `Encrypts the VPC flow logs of ${props.namePrefix}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'CloudWatchLogsEncryptsThisLogGroupOnly',
            Effect: 'Allow',
            Principal: { Service: `logs.${props.region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
          },
        ],
      }),
    });
    new KmsAlias(this, 'KeyAlias', { name: `alias/${props.namePrefix}-flow-logs`, targetKeyId: this.key.keyId });

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: logGroupName,
      retentionInDays,
      kmsKeyId: this.key.arn,
    });

    const role = new IamRole(this, 'Role', {
      name: `${props.namePrefix}-vpc-flow-logs`,
      description: `Lets VPC flow logs of ${props.namePrefix} write to ${logGroupName}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Confused-deputy guard: only flow logs of this account may assume the role.
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
            },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'RolePolicy', {
      name: 'write-flow-logs',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [logGroupArn, `${logGroupArn}:log-stream:*`],
          },
        ],
      }),
    });

    new FlowLog(this, 'Resource', {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? 'ALL',
      maxAggregationInterval: props.maxAggregationInterval ?? 60,
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      tags: { Name: `${props.namePrefix}-flow-logs` },
    });
  }
}
