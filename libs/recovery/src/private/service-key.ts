import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { partitionOf } from './validation';

/** A customer managed key used by one AWS service of one region on behalf of the account's principals. */
export interface ServiceKeyOptions {
  readonly provider?: TerraformProvider;
  readonly accountId: string;
  /** Region of the key and of the service that uses it. */
  readonly region: string;
  /** Service endpoint prefix, e.g. `s3` or `ecr`: only `<service>.<region>.amazonaws.com` may use the key. */
  readonly service: string;
  readonly description: string;
  /** Alias name without `alias/`. */
  readonly alias: string;
  /** Whether the service creates grants on the key (ECR does for each repository; S3 does not). */
  readonly grants: boolean;
  readonly preventDestroy: boolean;
  /** Further statements of the key policy, e.g. a service principal that reads what the key encrypted. */
  readonly statements?: readonly object[];
}

/**
 * A key with yearly rotation and a 30-day deletion window whose policy lets the account administer it (IAM policies
 * decide who) and lets `options.service` of the key's region use it for the account's principals, through
 * `kms:ViaService`, so a principal allowed to use the service never needs direct KMS permissions.
 */
export function serviceKey(scope: Construct, options: ServiceKeyOptions): KmsKey {
  const key = new KmsKey(scope, 'Key', {
    provider: options.provider,
    description: options.description,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: JSON.stringify(serviceKeyPolicy(options)),
    // Without the key nothing it encrypted can be read again.
    lifecycle: { preventDestroy: options.preventDestroy },
  });
  new KmsAlias(scope, 'KeyAlias', { provider: options.provider, name: `alias/${options.alias}`, targetKeyId: key.keyId });
  return key;
}

function serviceKeyPolicy(options: ServiceKeyOptions): object {
  const partition = partitionOf(options.region);
  const viaService = { 'kms:ViaService': `${options.service}.${options.region}.amazonaws.com`, 'kms:CallerAccount': options.accountId };
  const statements: object[] = [
    { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${options.accountId}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'ServiceUsesTheKey',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: viaService },
    },
  ];
  if (options.grants) {
    statements.push({
      Sid: 'ServiceGrantsForItsResources',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: viaService, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  }
  return { Version: '2012-10-17', Statement: [...statements, ...(options.statements ?? [])] };
}
