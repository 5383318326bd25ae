import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { ConstructValidationError, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { denyInsecureTransport, encryptionKey, policyDocument } from './private/msg-kms-key';

export interface QueueOptions {
  /**
   * Seconds a received message stays invisible to other consumers (0–43200); longer than the slowest handler.
   * @default 30
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Receives before a message moves to the dead-letter queue (1–1000).
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Seconds the queue keeps a message (60–1209600); the dead-letter queue always keeps 14 days.
   * @default 345600 - 4 days
   */
  readonly messageRetentionSeconds?: number;
}

export interface MessageQueuesProps {
  /** Prefix of queue names, e.g. `platform-production`; a queue is `<namePrefix>-<name>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Queues by name (letters, digits, hyphens, underscores). */
  readonly queues: Readonly<Record<string, QueueOptions>>;
  /**
   * Refuse `terraform destroy` of the KMS key (`prevent_destroy`), without which messages in the queues cannot be read; `false` for
   * non-production environments only.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** One queue and its dead-letter queue. */
export interface QueueWithDeadLetterQueue {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
}

/**
 * SQS queues, each with a dead-letter queue `<queue>-dlq` (14 days retention) that only its own queue may redrive
 * into. All are encrypted with one customer managed KMS key (rotating; data keys reused for 5 minutes) and refuse
 * requests over plain HTTP. Resources are keyed by queue name: adding a queue only adds resources.
 */
export class MessageQueues extends Construct {
  static readonly DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
  static readonly DEFAULT_MAX_RECEIVE_COUNT = 5;
  static readonly DEFAULT_MESSAGE_RETENTION_SECONDS = 345_600;
  static readonly DEAD_LETTER_RETENTION_SECONDS = 1_209_600;
  static readonly KMS_DATA_KEY_REUSE_PERIOD_SECONDS = 300;

  readonly key: KmsKey;
  /** Queue and dead-letter queue per name. */
  readonly queues: Readonly<Record<string, QueueWithDeadLetterQueue>>;

  constructor(scope: Construct, id: string, props: MessageQueuesProps) {
    super(scope, id);
    const names = Object.keys(props.queues);
    ConstructValidationError.require(this, names.length > 0, 'queues', 'no queue is defined', 'name at least one queue');
    for (const [name, options] of Object.entries(props.queues)) {
      const field = `queues.${name}`;
      const fullName = `${props.namePrefix}-${name}-dlq`;
      ConstructValidationError.require(
        this,
        /^[A-Za-z0-9_-]+$/.test(name) && fullName.length <= 80,
        field,
        `'${fullName}' is not a valid SQS queue name`,
        'use letters, digits, hyphens and underscores, at most 80 characters including prefix and -dlq',
      );
      const maxReceiveCount = options.maxReceiveCount ?? MessageQueues.DEFAULT_MAX_RECEIVE_COUNT;
      ConstructValidationError.require(
        this,
        Number.isInteger(maxReceiveCount) && maxReceiveCount >= 1 && maxReceiveCount <= 1000,
        `${field}.maxReceiveCount`,
        `${maxReceiveCount} is outside 1-1000`,
        `allow between 1 and 1000 receives (default ${MessageQueues.DEFAULT_MAX_RECEIVE_COUNT})`,
      );
      const visibility = options.visibilityTimeoutSeconds ?? MessageQueues.DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
      ConstructValidationError.require(
        this,
        Number.isInteger(visibility) && visibility >= 0 && visibility <= 43_200,
        `${field}.visibilityTimeoutSeconds`,
        `${visibility} is outside 0-43200`,
        'use at most 12 hours',
      );
      const retention = options.messageRetentionSeconds ?? MessageQueues.DEFAULT_MESSAGE_RETENTION_SECONDS;
      ConstructValidationError.require(
        this,
        Number.isInteger(retention) && retention >= 60 && retention <= MessageQueues.DEAD_LETTER_RETENTION_SECONDS,
        `${field}.messageRetentionSeconds`,
        `${retention} is outside 60-1209600`,
        'keep messages between 1 minute and 14 days',
      );
    }

    const partition = partitionOf(props.region);
    const queueArn = (queueName: string) => `arn:${partition}:sqs:${props.region}:${props.accountId}:${queueName}`;
    this.key = encryptionKey(this, 'Key', {
      description: `Encrypts the SQS queues of ${props.namePrefix}`,
      alias: `${props.namePrefix}-queues`,
      accountId: props.accountId,
      region: props.region,
      statements: [
        {
          // SNS subscriptions and EventBridge rules need the key to send to an encrypted queue.
          Sid: 'ServicesOfThisAccountSendMessages',
          Effect: 'Allow',
          Principal: { Service: ['sns.amazonaws.com', 'events.amazonaws.com'] },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        },
      ],
      preventDestroy: props.preventDestroy ?? true,
    });

    const encryption = { kmsMasterKeyId: this.key.arn, kmsDataKeyReusePeriodSeconds: MessageQueues.KMS_DATA_KEY_REUSE_PERIOD_SECONDS };
    const queues: Record<string, QueueWithDeadLetterQueue> = {};
    for (const [name, options] of Object.entries(props.queues)) {
      const queueName = `${props.namePrefix}-${name}`;
      const deadLetterQueueName = `${queueName}-dlq`;
      // The source queue's ARN is computed, not referenced: the queue already references the dead-letter queue.
      const deadLetterQueue = new SqsQueue(this, `DeadLetterQueue-${name}`, {
        name: deadLetterQueueName,
        messageRetentionSeconds: MessageQueues.DEAD_LETTER_RETENTION_SECONDS,
        redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [queueArn(queueName)] }),
        ...encryption,
        tags: { Name: deadLetterQueueName },
      });
      const queue = new SqsQueue(this, `Queue-${name}`, {
        name: queueName,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? MessageQueues.DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
        messageRetentionSeconds: options.messageRetentionSeconds ?? MessageQueues.DEFAULT_MESSAGE_RETENTION_SECONDS,
        redrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadLetterQueue.arn,
          maxReceiveCount: options.maxReceiveCount ?? MessageQueues.DEFAULT_MAX_RECEIVE_COUNT,
        }),
        ...encryption,
        tags: { Name: queueName },
      });
      for (const [policyId, target] of [
        [`QueuePolicy-${name}`, queue],
        [`DeadLetterQueuePolicy-${name}`, deadLetterQueue],
      ] as const) {
        new SqsQueuePolicy(this, policyId, { queueUrl: target.url, policy: policyDocument([denyInsecureTransport('sqs:*', target.arn)]) });
      }
      queues[name] = { queue, deadLetterQueue };
    }
    this.queues = queues;
  }
}
