import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { ConstructValidationError, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { denyInsecureTransport, encryptionKey, policyDocument } from './private/msg-kms-key';

/** AWS services that publish to the topics: CloudWatch alarms, AWS Budgets, EventBridge rules. */
export const PUBLISHING_SERVICES = ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com', 'events.amazonaws.com'] as const;

export interface TopicSubscription {
  /** `email` (the recipient confirms by mail) or `https` (the endpoint confirms). */
  readonly protocol: 'email' | 'https';
  /** Mail address or `https://` URL. */
  readonly endpoint: string;
}

export interface TopicOptions {
  /**
   * Display name (sender name of email notifications).
   * @default - the topic name
   */
  readonly displayName?: string;
  /**
   * Subscriptions, keyed by endpoint: adding one never replaces another.
   * @default []
   */
  readonly subscriptions?: readonly TopicSubscription[];
}

export interface NotificationTopicsProps {
  /** Prefix of topic names, e.g. `platform-production`; a topic is `<namePrefix>-<name>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Topics by name (letters, digits, hyphens, underscores). */
  readonly topics: Readonly<Record<string, TopicOptions>>;
  /**
   * Refuse `terraform destroy` of the KMS key (`prevent_destroy`): the topics cannot deliver without it; `false` for
   * non-production environments only.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * SNS topics encrypted with one customer managed KMS key that CloudWatch alarms, AWS Budgets and EventBridge may
 * use, a topic policy letting exactly those services of this account publish and refusing plain HTTP, and
 * email/HTTPS subscriptions keyed by endpoint.
 *
 * The key policy grants the publishing services without a source condition: not all of them send
 * `aws:SourceAccount` to KMS, and the topic policy (which does check it) already decides who may publish.
 */
export class NotificationTopics extends Construct {
  readonly key: KmsKey;
  /** Topic per name. */
  readonly topics: Readonly<Record<string, SnsTopic>>;

  constructor(scope: Construct, id: string, props: NotificationTopicsProps) {
    super(scope, id);
    ConstructValidationError.require(this, Object.keys(props.topics).length > 0, 'topics', 'no topic is defined', 'name at least one topic');
    for (const [name, options] of Object.entries(props.topics)) {
      const field = `topics.${name}`;
      const topicName = `${props.namePrefix}-${name}`;
      ConstructValidationError.require(
        this,
        /^[A-Za-z0-9_-]+$/.test(name) && topicName.length <= 256,
        field,
        `'${topicName}' is not a valid SNS topic name`,
        'use letters, digits, hyphens and underscores, at most 256 characters including the prefix',
      );
      const subscriptions = options.subscriptions ?? [];
      for (const { protocol, endpoint } of subscriptions) {
        const valid = protocol === 'email' ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint) : /^https:\/\/[^\s/]+(\/\S*)?$/.test(endpoint);
        ConstructValidationError.require(
          this,
          valid,
          `${field}.subscriptions`,
          `'${endpoint}' is not a valid ${protocol} endpoint`,
          protocol === 'email' ? 'give a mail address' : 'give an https:// URL (plain http is refused)',
        );
      }
      const endpoints = subscriptions.map((s) => s.endpoint);
      ConstructValidationError.require(this, new Set(endpoints).size === endpoints.length, `${field}.subscriptions`, 'lists an endpoint twice', 'subscribe each endpoint once');
    }

    const partition = partitionOf(props.region);
    this.key = encryptionKey(this, 'Key', {
      description: `Encrypts the SNS topics of ${props.namePrefix}`,
      alias: `${props.namePrefix}-topics`,
      accountId: props.accountId,
      region: props.region,
      statements: [
        {
          Sid: 'PublishingServicesEncrypt',
          Effect: 'Allow',
          Principal: { Service: [...PUBLISHING_SERVICES] },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
        },
      ],
      preventDestroy: props.preventDestroy ?? true,
    });

    const topics: Record<string, SnsTopic> = {};
    for (const [name, options] of Object.entries(props.topics)) {
      const topicName = `${props.namePrefix}-${name}`;
      const topicArn = `arn:${partition}:sns:${props.region}:${props.accountId}:${topicName}`;
      const topic = new SnsTopic(this, `Topic-${name}`, {
        name: topicName,
        displayName: options.displayName ?? topicName,
        kmsMasterKeyId: this.key.arn,
        tags: { Name: topicName },
      });
      new SnsTopicPolicy(this, `TopicPolicy-${name}`, {
        arn: topic.arn,
        policy: policyDocument([
          {
            Sid: 'AccountManages',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
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
            Sid: 'ServicesOfThisAccountPublish',
            Effect: 'Allow',
            Principal: { Service: [...PUBLISHING_SERVICES] },
            Action: 'sns:Publish',
            Resource: topicArn,
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
          },
          denyInsecureTransport('sns:*', topicArn),
        ]),
      });
      for (const { protocol, endpoint } of options.subscriptions ?? []) {
        new SnsTopicSubscription(this, `Subscription-${name}-${endpoint}`, { topicArn: topic.arn, protocol, endpoint });
      }
      topics[name] = topic;
    }
    this.topics = topics;
  }
}
