import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';

/** One statement of a key, topic or trust policy. */
export type PolicyStatement = Readonly<Record<string, unknown>>;

export interface MonitoringKeyOptions {
  /** What the key encrypts, for its description. */
  readonly description: string;
  /** Alias without `alias/`. */
  readonly alias: string;
  readonly accountId: string;
  readonly region: string;
  /** Statements after the account's own administration: the AWS services that encrypt with the key. */
  readonly statements: readonly PolicyStatement[];
}

/** Days a scheduled key deletion waits: the longest AWS allows, so a mistaken destroy can still be cancelled. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * A customer managed key with yearly rotation and an alias. The account administers it (IAM policies decide who in
 * the account uses it, as with AWS's default key policy); `statements` let AWS service principals use it.
 */
export function monitoringKey(scope: Construct, id: string, options: MonitoringKeyOptions): KmsKey {
  const key = new KmsKey(scope, id, {
    description: options.description,
    enableKeyRotation: true,
    deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
    policy: policyDocument([
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partitionOf(options.region)}:iam::${options.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      ...options.statements,
    ]),
  });
  new KmsAlias(scope, `${id}Alias`, { name: `alias/${options.alias}`, targetKeyId: key.keyId });
  return key;
}

/** A policy document of `statements`, as the JSON string resources take. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
