/** ARN of an AWS managed IAM policy, e.g. `arn:aws:iam::aws:policy/AmazonEKSClusterPolicy`. */
export function awsManagedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/** Trust policy letting one AWS service principal (e.g. `eks.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * KMS key policy: the account administers the key through IAM (as AWS's default key policy does), plus `extra`
 * statements for service principals that cannot be granted access through IAM.
 */
export function accountKeyPolicy(partition: string, accountId: string, extra: readonly Record<string, unknown>[] = []): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      ...extra,
    ],
  });
}

/**
 * Key policy statement letting CloudWatch Logs use the key for one log group only (the encryption context names the
 * group), so the key encrypts nothing else.
 */
export function logGroupKeyStatement(region: string, logGroupArn: string): Record<string, unknown> {
  return {
    Sid: 'CloudWatchLogsEncryptsThisLogGroupOnly',
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
  };
}
