import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { ConstructValidationError, LOG_RETENTION_DAYS, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { encryptionKey, policyDocument } from './private/msg-kms-key';

/** Log types the domain publishes to CloudWatch Logs, with the log group name suffix of each. */
export const SEARCH_DOMAIN_LOG_TYPES = {
  INDEX_SLOW_LOGS: 'index-slow',
  SEARCH_SLOW_LOGS: 'search-slow',
  ES_APPLICATION_LOGS: 'application',
} as const;

export interface SearchDomainProps {
  /** Domain name: 3–28 characters, lower-case letters, digits and hyphens, starting with a letter. */
  readonly domainName: string;
  readonly accountId: string;
  readonly region: string;
  /** Private subnets, one per Availability Zone the domain spans (2 or 3 when multi-AZ, else 1). */
  readonly subnetIds: readonly string[];
  /** Security groups of the domain's network interfaces. */
  readonly securityGroupIds: readonly string[];
  /** IAM role that is the fine-grained access control master user (no internal user database). */
  readonly masterUserRoleArn: string;
  /**
   * Engine version.
   * @default 'OpenSearch_2.17'
   */
  readonly engineVersion?: string;
  /**
   * Data node instance type.
   * @default 'r6g.large.search'
   */
  readonly instanceType?: string;
  /**
   * Number of data nodes.
   * @default 2
   */
  readonly instanceCount?: number;
  /**
   * Spread the data nodes over the subnets' Availability Zones (zone awareness); needs at least 2 nodes.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * gp3 EBS volume size per data node, GiB.
   * @default 100
   */
  readonly volumeSizeGiB?: number;
  /**
   * Days CloudWatch keeps the slow and application logs; one of {@link LOG_RETENTION_DAYS}.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Refuse `terraform destroy` of the domain and its KMS key (`prevent_destroy`); `false` for non-production environments only.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * An OpenSearch domain inside the VPC: encrypted at rest with its own KMS key and between nodes, HTTPS only with
 * TLS 1.2+ (`Policy-Min-TLS-1-2-PFS-2023-10`), fine-grained access control with an IAM master role and no
 * internal users, slow and application logs in KMS-encrypted CloudWatch log groups, and an access policy that
 * admits principals of this account only (fine-grained access control then decides per index).
 */
export class SearchDomain extends Construct {
  static readonly DEFAULT_ENGINE_VERSION = 'OpenSearch_2.17';
  static readonly DEFAULT_INSTANCE_TYPE = 'r6g.large.search';
  static readonly DEFAULT_INSTANCE_COUNT = 2;
  static readonly DEFAULT_VOLUME_SIZE_GIB = 100;
  static readonly DEFAULT_LOG_RETENTION_DAYS = 365;
  static readonly TLS_SECURITY_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';

  readonly domain: OpensearchDomain;
  readonly key: KmsKey;
  /** Log group per published log type. */
  readonly logGroups: Readonly<Record<keyof typeof SEARCH_DOMAIN_LOG_TYPES, CloudwatchLogGroup>>;
  /** `arn:<partition>:es:<region>:<account>:domain/<name>`, known at synth time. */
  readonly domainArn: string;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? SearchDomain.DEFAULT_ENGINE_VERSION;
    const instanceCount = props.instanceCount ?? SearchDomain.DEFAULT_INSTANCE_COUNT;
    const multiAz = props.multiAz ?? true;
    const volumeSize = props.volumeSizeGiB ?? SearchDomain.DEFAULT_VOLUME_SIZE_GIB;
    const retentionInDays = props.logRetentionDays ?? SearchDomain.DEFAULT_LOG_RETENTION_DAYS;
    const preventDestroy = props.preventDestroy ?? true;
    ConstructValidationError.require(
      this,
      /^[a-z][a-z0-9-]{2,27}$/.test(props.domainName),
      'domainName',
      `'${props.domainName}' is not a valid OpenSearch domain name`,
      'use 3-28 lower-case letters, digits and hyphens, starting with a letter',
    );
    ConstructValidationError.require(this, /^OpenSearch_\d+\.\d+$/.test(engineVersion), 'engineVersion', `'${engineVersion}' is not an OpenSearch version`, `use e.g. '${SearchDomain.DEFAULT_ENGINE_VERSION}'`);
    ConstructValidationError.require(this, Number.isInteger(instanceCount) && instanceCount >= 1, 'instanceCount', `${instanceCount} is not a positive whole number`, 'run at least 1 data node');
    ConstructValidationError.require(
      this,
      !multiAz || instanceCount >= 2,
      'instanceCount',
      `multi-AZ needs at least 2 data nodes, got ${instanceCount}`,
      'set instanceCount to 2 or more, or multiAz: false for a single-AZ domain',
    );
    const zoneCount = multiAz ? props.subnetIds.length : 1;
    ConstructValidationError.require(
      this,
      multiAz ? zoneCount === 2 || zoneCount === 3 : props.subnetIds.length === 1,
      'subnetIds',
      `${props.subnetIds.length} subnet(s) given for a ${multiAz ? 'multi-AZ' : 'single-AZ'} domain`,
      multiAz ? 'give one private subnet in each of 2 or 3 Availability Zones' : 'give exactly one private subnet',
    );
    ConstructValidationError.require(
      this,
      !multiAz || instanceCount % zoneCount === 0,
      'instanceCount',
      `${instanceCount} data nodes cannot be spread evenly over ${zoneCount} Availability Zones`,
      `use a multiple of ${zoneCount}`,
    );
    ConstructValidationError.require(this, props.securityGroupIds.length > 0, 'securityGroupIds', 'the list is empty', 'give the security group that admits the application on 443');
    ConstructValidationError.require(
      this,
      /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/.+$/.test(props.masterUserRoleArn),
      'masterUserRoleArn',
      `'${props.masterUserRoleArn}' is not an IAM role ARN`,
      'give arn:<partition>:iam::<account>:role/<name>',
    );
    ConstructValidationError.require(this, Number.isInteger(volumeSize) && volumeSize >= 10, 'volumeSizeGiB', `${volumeSize} is below the 10 GiB gp3 minimum`, 'use at least 10 GiB');
    ConstructValidationError.require(
      this,
      (LOG_RETENTION_DAYS as readonly number[]).includes(retentionInDays),
      'logRetentionDays',
      `${retentionInDays} is not a retention CloudWatch Logs accepts`,
      `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );

    const partition = partitionOf(props.region);
    this.domainArn = `arn:${partition}:es:${props.region}:${props.accountId}:domain/${props.domainName}`;
    const logGroupPrefix = `/aws/opensearch/${props.domainName}`;
    const logGroupArn = (name: string) => `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${name}`;

    this.key = encryptionKey(this, 'Key', {
      description: `Encrypts the OpenSearch domain ${props.domainName} and its logs`,
      alias: `${props.domainName}-opensearch`,
      accountId: props.accountId,
      region: props.region,
      statements: [
        {
          Sid: 'CloudWatchLogsEncryptsTheDomainLogs',
          Effect: 'Allow',
          Principal: { Service: `logs.${props.region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn(`${logGroupPrefix}/*`) } },
        },
      ],
      preventDestroy,
    });

    const logGroups = Object.fromEntries(
      Object.entries(SEARCH_DOMAIN_LOG_TYPES).map(([logType, suffix]) => [
        logType,
        new CloudwatchLogGroup(this, `LogGroup-${suffix}`, { name: `${logGroupPrefix}/${suffix}`, retentionInDays, kmsKeyId: this.key.arn }),
      ]),
    ) as Record<keyof typeof SEARCH_DOMAIN_LOG_TYPES, CloudwatchLogGroup>;
    this.logGroups = logGroups;

    const logPolicy = new CloudwatchLogResourcePolicy(this, 'LogResourcePolicy', {
      policyName: `${props.domainName}-opensearch-logs`,
      policyDocument: policyDocument([
        {
          Sid: 'OpenSearchWritesTheDomainLogs',
          Effect: 'Allow',
          Principal: { Service: 'es.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: Object.values(SEARCH_DOMAIN_LOG_TYPES).map((suffix) => `${logGroupArn(`${logGroupPrefix}/${suffix}`)}:*`),
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': this.domainArn } },
        },
      ]),
    });

    this.domain = new OpensearchDomain(this, 'Resource', {
      domainName: props.domainName,
      engineVersion,
      clusterConfig: {
        instanceType: props.instanceType ?? SearchDomain.DEFAULT_INSTANCE_TYPE,
        instanceCount,
        zoneAwarenessEnabled: multiAz,
        zoneAwarenessConfig: multiAz ? { availabilityZoneCount: zoneCount } : undefined,
      },
      ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize },
      vpcOptions: { subnetIds: [...props.subnetIds], securityGroupIds: [...props.securityGroupIds] },
      encryptAtRest: { enabled: true, kmsKeyId: this.key.arn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: SearchDomain.TLS_SECURITY_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        internalUserDatabaseEnabled: false,
        anonymousAuthEnabled: false,
        masterUserOptions: { masterUserArn: props.masterUserRoleArn },
      },
      logPublishingOptions: Object.entries(logGroups).map(([logType, group]) => ({ logType, cloudwatchLogGroupArn: group.arn, enabled: true })),
      accessPolicies: policyDocument([
        {
          Sid: 'PrincipalsOfThisAccount',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
          Action: 'es:ESHttp*',
          Resource: `${this.domainArn}/*`,
        },
      ]),
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      tags: { Name: props.domainName },
      dependsOn: [logPolicy],
      lifecycle: { preventDestroy },
    });
  }
}
