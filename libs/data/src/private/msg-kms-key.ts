import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';

/** One statement of an IAM, key, bucket, queue or topic policy. */
export type PolicyStatement = Readonly<Record<string, unknown>>;

export interface EncryptionKeyOptions {
  readonly description: string;
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  readonly accountId: string;
  readonly region: string;
  /** Statements after the account's own administration, e.g. services that encrypt with the key. */
  readonly statements?: readonly PolicyStatement[];
  /** Refuse `terraform destroy` of the key (`prevent_destroy`): data encrypted with a deleted key is lost. */
  readonly preventDestroy: boolean;
}

/** Days a scheduled key deletion waits: the longest AWS allows, so a mistaken destroy can still be cancelled. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * A customer managed KMS key with yearly rotation and an alias. The account administers the key (IAM policies
 * grant its use); `statements` let AWS services use it.
 */
export function encryptionKey(scope: Construct, id: string, options: EncryptionKeyOptions): KmsKey {
  const key = new KmsKey(scope, id, {
    description: options.description,
    enableKeyRotation: true,
    deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountAdministers',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partitionOf(options.region)}:iam::${options.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        ...(options.statements ?? []),
      ],
    }),
    lifecycle: { preventDestroy: options.preventDestroy },
  });
  new KmsAlias(scope, `${id}Alias`, { name: `alias/${options.alias}`, targetKeyId: key.keyId });
  return key;
}

/** Denies every action on `resource` over plain HTTP (`aws:SecureTransport` false). */
export function denyInsecureTransport(action: string, resource: string | readonly string[]): PolicyStatement {
  return { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: action, Resource: resource, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

/** A policy document of `statements`, as the JSON string resources take. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
