import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';

/** One statement of a key, bucket, topic or trust policy. */
export type PolicyStatement = Readonly<Record<string, unknown>>;

/** A policy document of `statements`, as the JSON string resources take. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export interface AccountKeyOptions {
  readonly description: string;
  /** Alias without `alias/`. */
  readonly alias: string;
  readonly accountId: string;
  readonly region: string;
  /** Statements after the account's own administration: who else uses the key, under which conditions. */
  readonly statements: readonly PolicyStatement[];
  readonly preventDestroy: boolean;
}

/**
 * A customer managed key with yearly rotation, a 30-day deletion window and an alias. The account administers it (IAM
 * policies decide who, as with AWS's default key policy); `statements` admit the services that use it.
 */
export function accountKey(scope: Construct, id: string, options: AccountKeyOptions): KmsKey {
  const key = new KmsKey(scope, id, {
    description: options.description,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policyDocument([
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:${partitionOf(options.region)}:iam::${options.accountId}:root` }, Action: 'kms:*', Resource: '*' },
      ...options.statements,
    ]),
    // Without the key nothing it encrypted can be read again.
    lifecycle: { preventDestroy: options.preventDestroy },
  });
  new KmsAlias(scope, `${id}Alias`, { name: `alias/${options.alias}`, targetKeyId: key.keyId });
  return key;
}
