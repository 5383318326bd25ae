import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { requireAccountAndRegion, requirement } from './private/compute-validation';

export interface ServiceLogsKeyProps {
  /** Alias without `alias/`, e.g. `storymagic-production-service-logs`. */
  readonly alias: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * Names of the log groups CloudWatch Logs may encrypt with the key (the services' `/ecs/<family>`, their WAF's
   * `aws-waf-logs-<name>`); a trailing `*` matches a prefix.
   */
  readonly logGroupNames: readonly string[];
  /**
   * Keep the key when a plan would destroy it (production): its loss makes the logs unreadable.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * A customer managed key (yearly rotation, 30-day deletion window) that encrypts the log groups of an environment's
 * ECS services and their web ACLs. The account administers it; CloudWatch Logs of this region may use it only for
 * the named log groups (encryption context `aws:logs:arn`), so no other log group can borrow it.
 */
export class ServiceLogsKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ServiceLogsKeyProps) {
    super(scope, id);
    const require = requirement(this);
    requireAccountAndRegion(require, props);
    require(props.logGroupNames.length > 0, 'logGroupNames', 'is empty', 'name the log groups the key encrypts, e.g. /ecs/storymagic-api');
    const partition = partitionOf(props.region);
    this.key = new KmsKey(this, 'Key', {
      description: `Encrypts the ECS service and WAF log groups of ${props.alias}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'CloudWatchLogsEncryptsTheServiceLogs',
            Effect: 'Allow',
            Principal: { Service: `logs.${props.region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: { 'kms:EncryptionContext:aws:logs:arn': props.logGroupNames.map((name) => `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${name}`) },
            },
          },
        ],
      }),
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }
}
