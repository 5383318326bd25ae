import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';

export interface DataKeyProps {
  /** What the key encrypts, for its description. */
  readonly description: string;
  /** Alias without `alias/`, e.g. `platform-production-postgres`. */
  readonly alias: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * ARNs of CloudWatch log groups this key may encrypt; adds a statement for the regional CloudWatch Logs service,
   * limited to those log groups by encryption context.
   * @default - no CloudWatch Logs statement
   */
  readonly logGroupArns?: readonly string[];
  /** Refuse `terraform destroy` of the key (`prevent_destroy`): data encrypted with a deleted key is lost. */
  readonly preventDestroy: boolean;
}

/**
 * A customer managed key of the data tier: yearly rotation, 30-day deletion window, administered by the account
 * (IAM policies decide who uses it; AWS services such as RDS, ElastiCache and Secrets Manager use it on the caller's
 * behalf through grants), plus CloudWatch Logs for the listed log groups only.
 */
export function createDataKey(scope: Construct, id: string, props: DataKeyProps): KmsKey {
  const partition = partitionOf(props.region);
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'AccountAdministers',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ];
  if (props.logGroupArns !== undefined && props.logGroupArns.length > 0) {
    statements.push({
      Sid: 'CloudWatchLogsEncryptsTheseLogGroupsOnly',
      Effect: 'Allow',
      Principal: { Service: `logs.${props.region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [...props.logGroupArns] } },
    });
  }
  const key = new KmsKey(scope, id, {
    description: props.description,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    lifecycle: { preventDestroy: props.preventDestroy },
  });
  new KmsAlias(scope, `${id}Alias`, { name: `alias/${props.alias}`, targetKeyId: key.keyId });
  return key;
}
