import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { monitoringKey } from './private/monitoring-key';
import { ACCOUNT_ID, AWS_REGION, idFor, isLogRetention, NAME_PREFIX, requirement } from './private/validation';

/** Settings of one log group. */
export interface LogGroupOptions {
  /**
   * Days CloudWatch keeps the events; one of {@link LOG_RETENTION_DAYS}.
   * @default 30 - seed 003 (application logs)
   */
  readonly retentionDays?: number;
}

export interface ApplicationLogGroupsProps {
  /** Prefix of the key alias, e.g. `platform-production`: the alias is `alias/<namePrefix>-log-groups`. */
  readonly namePrefix: string;
  /** AWS account id, for the log group ARNs in the key policy (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the log groups; the key policy names the regional CloudWatch Logs service. */
  readonly region: string;
  /**
   * Log groups by full name, e.g. `{ '/platform/production/application': { retentionDays: 30 } }`; the name keys
   * the resource, so adding a group only adds one. See {@link ApplicationLogGroups.forEnvironment} for the seed's
   * layout.
   */
  readonly logGroups: Readonly<Record<string, LogGroupOptions>>;
}

/** A CloudWatch Logs group name: up to 512 of letters, digits and `._-/#`. */
const LOG_GROUP_NAME = /^[\w./#-]{1,512}$/;

/**
 * CloudWatch log groups with a retention (CloudWatch keeps events forever otherwise), encrypted with their own
 * customer managed key (yearly rotation). The key policy lets the regional CloudWatch Logs service
 * (`logs.<region>.amazonaws.com`) use the key only for these groups, through the `kms:EncryptionContext:aws:logs:arn`
 * condition CloudWatch Logs documents for customer managed keys.
 *
 * Create groups that AWS services or agents would otherwise create on first write (Lambda, Container Insights) here,
 * before the writer starts: a group created by its writer has no retention and no key.
 */
export class ApplicationLogGroups extends Construct {
  /** Days an application log group keeps events unless told otherwise (seed 003). */
  static readonly DEFAULT_RETENTION_DAYS = 30;

  readonly key: KmsKey;
  /** Log groups by name. */
  readonly logGroups: Readonly<Record<string, CloudwatchLogGroup>>;

  /**
   * Seed 003's layout for an environment: `/<project>/<environment>/application`, kept 30 days. Seed 003 keeps the
   * PostgreSQL logs 7 days; those groups (`/aws/rds/instance/<id>/postgresql`) belong to `PostgresDatabase`, whose
   * `logRetentionDays` sets it.
   */
  static forEnvironment(project: string, environment: string): Record<string, LogGroupOptions> {
    return { [`/${project}/${environment}/application`]: { retentionDays: ApplicationLogGroups.DEFAULT_RETENTION_DAYS } };
  }

  constructor(scope: Construct, id: string, props: ApplicationLogGroupsProps) {
    super(scope, id);
    this.validate(props);
    const { accountId, region } = props;
    const partition = partitionOf(region);
    const names = Object.keys(props.logGroups);

    this.key = monitoringKey(this, 'Key', {
      description: `Encrypts the CloudWatch log groups of ${props.namePrefix}`,
      alias: `${props.namePrefix}-log-groups`,
      accountId,
      region,
      statements: [
        {
          Sid: 'CloudWatchLogsEncryptsTheseLogGroupsOnly',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': names.map((name) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`) },
          },
        },
      ],
    });

    this.logGroups = Object.fromEntries(
      Object.entries(props.logGroups).map(([name, options]) => [
        name,
        new CloudwatchLogGroup(this, idFor('LogGroup', name.replace(/^\//, '')), {
          name,
          retentionInDays: options.retentionDays ?? ApplicationLogGroups.DEFAULT_RETENTION_DAYS,
          kmsKeyId: this.key.arn,
        }),
      ]),
    );
  }

  private validate(props: ApplicationLogGroupsProps): void {
    const require = requirement(this);
    require(
      NAME_PREFIX.test(props.namePrefix),
      'namePrefix',
      `'${props.namePrefix}' is not a name prefix`,
      'use letters, digits and hyphens, starting with a letter, e.g. platform-production',
    );
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    require(Object.keys(props.logGroups).length > 0, 'logGroups', 'no log group is defined', 'name at least one log group');
    for (const [name, options] of Object.entries(props.logGroups)) {
      const field = `logGroups.${name}`;
      require(
        LOG_GROUP_NAME.test(name) && !name.startsWith('aws/'),
        field,
        `'${name}' is not a CloudWatch Logs group name`,
        'use up to 512 letters, digits and ._-/# characters, e.g. /platform/production/application',
      );
      const retention = options.retentionDays ?? ApplicationLogGroups.DEFAULT_RETENTION_DAYS;
      require(isLogRetention(retention), `${field}.retentionDays`, `${retention} is not a retention CloudWatch Logs accepts`, `use one of ${LOG_RETENTION_DAYS.join(', ')}`);
    }
  }
}
