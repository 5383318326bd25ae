import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { SEVERITIES, Severity } from '../alerting/alert-types';
import type { AlarmTopicArns } from './alarm-types';
import { monitoringKey, policyDocument } from './private/monitoring-key';
import { ACCOUNT_ID, AWS_REGION, duplicates, EMAIL, HTTPS_URL, idFor, isLateBound, NAME_PREFIX, quoted, requirement } from './private/validation';

/** Who receives a topic's notifications. */
export interface AlarmSubscription {
  /**
   * `email` (the recipient confirms by mail), `https` (the endpoint confirms), `sqs` or `lambda`. An SQS queue's
   * policy must let `sns.amazonaws.com` send from the topic, and a Lambda function needs an `aws_lambda_permission`
   * for it; both belong to the subscriber's own stack.
   */
  readonly protocol: 'email' | 'https' | 'sqs' | 'lambda';
  /**
   * Mail address, `https://` URL, SQS queue ARN or Lambda function ARN. It keys the subscription, so it must be a
   * literal string, not a token (an ARN from another stack can be written out: `arn:aws:sqs:<region>:<account>:<name>`).
   */
  readonly endpoint: string;
}

export interface AlarmTopicsProps {
  /** Prefix of topic names, e.g. `platform-production`: a topic is `<namePrefix>-alarms-<severity>`. */
  readonly namePrefix: string;
  /** AWS account id, for the ARNs in the key and topic policies (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the topics, e.g. `eu-central-1`; CloudWatch alarms notify topics of their own region only. */
  readonly region: string;
  /**
   * Subscriptions per severity, each keyed by its endpoint: adding one never replaces another.
   * @default {} - no subscriptions (Alertmanager's receivers, or subscriptions made elsewhere, read the topics)
   */
  readonly subscriptions?: Partial<Readonly<Record<Severity, readonly AlarmSubscription[]>>>;
  /**
   * Lets EventBridge rules of this account and region whose names start with this prefix publish to the topics (e.g.
   * GuardDuty findings routed by severity): the topic policies admit `events.amazonaws.com` for those rules only
   * (`aws:SourceArn`), and the key lets EventBridge encrypt for this account.
   * @default - EventBridge may not publish
   */
  readonly eventRuleNamePrefix?: string;
}

/** The service principals that publish to the topics, each limited to this account by the policies. */
const PUBLISHERS = { cloudWatch: 'cloudwatch.amazonaws.com', budgets: 'budgets.amazonaws.com', eventBridge: 'events.amazonaws.com' } as const;

/**
 * One SNS topic per alert severity (`critical`, `warning`, `info`) for CloudWatch alarms and AWS Budgets:
 *
 * - encrypted with its own customer managed key (yearly rotation). An AWS service can publish to an encrypted topic
 *   only when the key policy lets it use the key (SNS developer guide, "Enable compatibility between event sources
 *   from AWS services and encrypted topics"; AWS Budgets user guide, "Protecting your Amazon SNS budget alerts data
 *   with SSE"): the policy grants CloudWatch and Budgets `kms:GenerateDataKey*` and `kms:Decrypt`, limited to
 *   requests on behalf of this account (`aws:SourceAccount`);
 * - topic policy: the account manages the topics; CloudWatch alarms and budgets of this account (`aws:SourceAccount`
 *   and `aws:SourceArn`, as the CloudWatch and Budgets guides recommend against the confused deputy problem) may
 *   publish; plain HTTP is refused;
 * - subscriptions per severity, validated at synth and keyed by endpoint (adding one never replaces another).
 */
export class AlarmTopics extends Construct {
  /** Encrypts the messages of every topic. */
  readonly key: KmsKey;
  /** Topic per severity. */
  readonly topics: Readonly<Record<Severity, SnsTopic>>;
  /** Topic ARN per severity: the `topicArns` of the alarm constructs. */
  readonly topicArns: AlarmTopicArns;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    const subscriptions = props.subscriptions ?? {};
    this.validate(props, subscriptions);
    const { accountId, region, namePrefix } = props;
    const partition = partitionOf(region);
    const onlyThisAccount = { StringEquals: { 'aws:SourceAccount': accountId } };

    this.key = monitoringKey(this, 'Key', {
      description: `Encrypts the alarm topics of ${namePrefix}`,
      alias: `${namePrefix}-alarm-topics`,
      accountId,
      region,
      statements: [
        {
          Sid: 'CloudWatchAlarmsEncrypt',
          Effect: 'Allow',
          Principal: { Service: PUBLISHERS.cloudWatch },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: onlyThisAccount,
        },
        {
          Sid: 'BudgetsEncrypt',
          Effect: 'Allow',
          Principal: { Service: PUBLISHERS.budgets },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: onlyThisAccount,
        },
        ...(props.eventRuleNamePrefix === undefined
          ? []
          : [{ Sid: 'EventBridgeEncrypt', Effect: 'Allow', Principal: { Service: PUBLISHERS.eventBridge }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*', Condition: onlyThisAccount }]),
      ],
    });

    const topics: Partial<Record<Severity, SnsTopic>> = {};
    for (const severity of SEVERITIES) {
      const topicName = AlarmTopics.topicName(namePrefix, severity);
      const topicArn = `arn:${partition}:sns:${region}:${accountId}:${topicName}`;
      const topic = new SnsTopic(this, idFor('Topic', severity), {
        name: topicName,
        displayName: `${namePrefix} ${severity} alarms`,
        kmsMasterKeyId: this.key.arn,
        tags: { Name: topicName, Severity: severity },
      });
      new SnsTopicPolicy(this, idFor('TopicPolicy', severity), {
        arn: topic.arn,
        policy: policyDocument([
          {
            Sid: 'AccountManages',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: [
              'sns:GetTopicAttributes',
              'sns:SetTopicAttributes',
              'sns:AddPermission',
              'sns:RemovePermission',
              'sns:DeleteTopic',
              'sns:Subscribe',
              'sns:ListSubscriptionsByTopic',
              'sns:Publish',
            ],
            Resource: topicArn,
          },
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: PUBLISHERS.cloudWatch },
            Action: 'sns:Publish',
            Resource: topicArn,
            Condition: { ...onlyThisAccount, ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*` } },
          },
          {
            Sid: 'BudgetsPublish',
            Effect: 'Allow',
            Principal: { Service: PUBLISHERS.budgets },
            Action: 'sns:Publish',
            Resource: topicArn,
            // Budgets is a global service: its ARNs have no region.
            Condition: { ...onlyThisAccount, ArnLike: { 'aws:SourceArn': `arn:${partition}:budgets::${accountId}:*` } },
          },
          ...(props.eventRuleNamePrefix === undefined
            ? []
            : [
                {
                  Sid: 'EventBridgeRulesPublish',
                  Effect: 'Allow',
                  Principal: { Service: PUBLISHERS.eventBridge },
                  Action: 'sns:Publish',
                  Resource: topicArn,
                  Condition: { ...onlyThisAccount, ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${accountId}:rule/${props.eventRuleNamePrefix}*` } },
                },
              ]),
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:*',
            Resource: topicArn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      });
      for (const { protocol, endpoint } of subscriptions[severity] ?? []) {
        new SnsTopicSubscription(this, idFor(`Subscription-${severity}`, endpoint), { topicArn: topic.arn, protocol, endpoint });
      }
      topics[severity] = topic;
    }
    this.topics = topics as Record<Severity, SnsTopic>;
    this.topicArns = Object.fromEntries(SEVERITIES.map((severity) => [severity, this.topics[severity].arn])) as Record<Severity, string>;
  }

  /** Name of a severity's topic: `<namePrefix>-alarms-<severity>`. */
  static topicName(namePrefix: string, severity: Severity): string {
    return `${namePrefix}-alarms-${severity}`;
  }

  /** ARN of the topic of `severity`; throws for anything that is not one of {@link SEVERITIES}. */
  topicArn(severity: Severity): string {
    requirement(this)(
      (SEVERITIES as readonly string[]).includes(severity),
      'severity',
      `'${severity}' is not a severity`,
      `use one of ${quoted(SEVERITIES)}`,
    );
    return this.topicArns[severity];
  }

  private validate(props: AlarmTopicsProps, subscriptions: Partial<Record<string, readonly AlarmSubscription[]>>): void {
    const require = requirement(this);
    require(
      NAME_PREFIX.test(props.namePrefix),
      'namePrefix',
      `'${props.namePrefix}' is not a name prefix`,
      'use letters, digits and hyphens, starting with a letter, e.g. platform-production',
    );
    require(ACCOUNT_ID.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    require(
      props.eventRuleNamePrefix === undefined || /^[a-zA-Z0-9._-]{1,64}$/.test(props.eventRuleNamePrefix),
      'eventRuleNamePrefix',
      `'${props.eventRuleNamePrefix}' is not the start of an EventBridge rule name`,
      'use letters, digits, dots, hyphens or underscores, e.g. platform-production-guardduty-',
    );
    for (const [severity, list] of Object.entries(subscriptions)) {
      const field = `subscriptions.${severity}`;
      require((SEVERITIES as readonly string[]).includes(severity), field, `'${severity}' is not a severity`, `subscribe to one of ${quoted(SEVERITIES)}`);
      for (const { protocol, endpoint } of list ?? []) {
        const [valid, fix] = endpointCheck(protocol, endpoint);
        require(valid, field, `'${endpoint}' is not a valid ${protocol} endpoint`, fix);
      }
      const repeated = duplicates((list ?? []).map((subscription) => subscription.endpoint));
      require(repeated.length === 0, field, `lists ${quoted(repeated)} more than once`, 'subscribe each endpoint once per severity');
    }
  }
}

/** Whether `endpoint` suits `protocol`, and how to fix it. Tokens never suit: the endpoint keys the subscription. */
function endpointCheck(protocol: string, endpoint: string): [boolean, string] {
  if (isLateBound(endpoint)) {
    return [false, 'write the endpoint out: it keys the subscription, so it must be known at synth'];
  }
  switch (protocol) {
    case 'email':
      return [EMAIL.test(endpoint), 'give a mail address such as oncall@example.com'];
    case 'https':
      return [HTTPS_URL.test(endpoint), 'give an https:// URL (plain http is refused)'];
    case 'sqs':
      return [/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/.test(endpoint), 'give the ARN of a standard SQS queue (standard topics cannot deliver to FIFO queues)'];
    case 'lambda':
      return [/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/.test(endpoint), 'give the ARN of a Lambda function'];
    default:
      return [false, "use the protocol 'email', 'https', 'sqs' or 'lambda'"];
  }
}
