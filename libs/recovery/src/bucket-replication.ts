import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import {
  S3BucketReplicationConfigurationA as S3BucketReplicationConfiguration,
  S3BucketReplicationConfigurationRuleDestination,
} from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { requireBucketName } from './private/names';
import { partitionOf, Requirement, requireAccountAndRegion, requirement } from './private/validation';
import { ReplicaBucket, type ReplicationDestination } from './replica-bucket';

export interface BucketReplicationProps {
  /**
   * Name of the rule and of the role (`<name>-replication`): 1 to 52 letters, digits, `+=,.@_-`, e.g.
   * `production-storage`. The rule is keyed by it, so renaming replaces the rule.
   */
  readonly name: string;
  /** Name of the existing source bucket; it must be versioned. */
  readonly sourceBucketName: string;
  /** ARN of the source bucket, `arn:<partition>:s3:::<sourceBucketName>`. */
  readonly sourceBucketArn: string;
  /** ARN of the key the source's objects are encrypted with (SSE-KMS); the role may decrypt with it only through S3. */
  readonly sourceKmsKeyArn: string;
  /** Where replicas go: a {@link ReplicaBucket}, or a bucket ARN, its region and the key of that region to encrypt with. */
  readonly destination: ReplicationDestination;
  readonly accountId: string;
  /** Region of the source bucket; the same as the provider's. */
  readonly region: string;
  /**
   * Provider of the source bucket's region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * S3 Replication Time Control: 99.99 % of objects replicated within 15 minutes, with replication metrics and
   * events when an object is late; needed for an RPO of 15 minutes, at extra cost per GB.
   * @default true
   */
  readonly replicationTimeControl?: boolean;
  /**
   * Replicate delete markers, so an object deleted in the source is also hidden in the replica (its versions stay, and
   * expire by the replica's noncurrent version rule). Off keeps deleted objects visible in the replica.
   * @default true
   */
  readonly deleteMarkerReplication?: boolean;
}

/** S3 actions the role performs: reading replication input in the source, writing replicas in the destination. */
export const REPLICATION_ACTIONS = {
  sourceBucket: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
  sourceObjects: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
  destinationObjects: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
} as const;

const BUCKET_ARN = /^arn:aws[\w-]*:s3:::([a-z0-9.-]+)$/;
const KMS_KEY_ARN = /^arn:aws[\w-]*:kms:([a-z0-9-]+):\d{12}:key\/[\w-]+$/;
/** IAM role names take 64 characters; `-replication` takes 12. */
const NAME = /^[\w+=,.@-]{1,52}$/;

/**
 * Replication of an existing versioned, SSE-KMS encrypted bucket into a bucket of another region: a role S3 assumes
 * for this bucket only, with just the permissions replication needs (source read, destination replicate, decrypt and
 * encrypt only through S3 for these buckets), and one rule replicating every object encrypted with SSE-KMS, re-encrypted
 * with the destination's key, to STANDARD storage, with Replication Time Control and delete marker replication by
 * default. A bucket has one replication configuration: this construct must be the only one for the source bucket.
 * Objects written before the configuration exists are not replicated: copy them once with S3 Batch Replication.
 */
export class BucketReplication extends Construct {
  readonly role: IamRole;
  readonly configuration: S3BucketReplicationConfiguration;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    validate(requirement(this), props);
    const replicationTimeControl = props.replicationTimeControl ?? true;
    const source = props.sourceBucketArn;
    const destination = props.destination;

    this.role = new IamRole(this, 'Role', {
      provider: props.provider,
      name: `${props.name}-replication`,
      description: `Assumed by S3 to replicate ${props.sourceBucketName} to ${destination.region}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Only S3 replicating this bucket of this account may assume it (confused deputy).
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': source } },
          },
        ],
      }),
    });
    const policy = new IamRolePolicy(this, 'Policy', {
      provider: props.provider,
      name: 'replicate',
      role: this.role.name,
      policy: JSON.stringify(replicationPolicy(props)),
    });

    const destinationBlock: S3BucketReplicationConfigurationRuleDestination = {
      bucket: destination.bucketArn,
      storageClass: 'STANDARD',
      encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
      ...(replicationTimeControl
        ? { replicationTime: { status: 'Enabled', time: { minutes: 15 } }, metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } } }
        : {}),
    };
    this.configuration = new S3BucketReplicationConfiguration(this, 'Resource', {
      provider: props.provider,
      bucket: props.sourceBucketName,
      role: this.role.arn,
      // S3 checks that the destination is versioned; replication should not start before the role may replicate.
      // The replica's versioning must be on first; in another stack (the usual case, another region), that stack's
      // dependency orders it, and depends_on cannot name a resource of another stack.
      dependsOn: destination instanceof ReplicaBucket && TerraformStack.of(destination) === TerraformStack.of(this) ? [policy, destination.versioning] : [policy],
      rule: [
        {
          id: props.name,
          status: 'Enabled',
          // An empty filter selects every object and makes this a V2 rule (delete marker replication, RTC).
          filter: {},
          deleteMarkerReplication: { status: (props.deleteMarkerReplication ?? true) ? 'Enabled' : 'Disabled' },
          // Objects of the source are SSE-KMS; without this S3 skips them.
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: destinationBlock,
        },
      ],
    });
  }
}

function validate(require: Requirement, props: BucketReplicationProps): void {
  requireAccountAndRegion(require, props);
  require(NAME.test(props.name), 'name', `'${props.name}' is not 1 to 52 letters, digits or +=,.@_-`, 'use a name such as production-storage');
  requireBucketName(require, props.sourceBucketName, 'sourceBucketName');
  const partition = partitionOf(props.region);
  const expectedArn = `arn:${partition}:s3:::${props.sourceBucketName}`;
  require(props.sourceBucketArn === expectedArn, 'sourceBucketArn', `'${props.sourceBucketArn}' is not the ARN of ${props.sourceBucketName}`, `write ${expectedArn}`);
  requireKeyOfRegion(require, props.sourceKmsKeyArn, 'sourceKmsKeyArn', props.region);
  const destination = props.destination;
  require(BUCKET_ARN.test(destination.bucketArn), 'destination.bucketArn', `'${destination.bucketArn}' is not a bucket ARN`, 'write arn:aws:s3:::<bucket name>');
  require(destination.bucketArn !== props.sourceBucketArn, 'destination.bucketArn', 'is the source bucket', 'replicate into a bucket of the secondary region');
  require(
    destination.region !== props.region,
    'destination.region',
    `is the source's region ${props.region}; a replica in the same region does not survive the loss of the region`,
    'replicate into a bucket of the secondary region, e.g. eu-west-1',
  );
  requireKeyOfRegion(require, destination.kmsKeyArn, 'destination.kmsKeyArn', destination.region);
}

/** Requires a key ARN of `region` (S3 encrypts with a key of the bucket's region only), unless it is a reference. */
function requireKeyOfRegion(require: Requirement, arn: string, field: string, region: string): void {
  if (Token.isUnresolved(arn)) return;
  const keyRegion = KMS_KEY_ARN.exec(arn)?.[1];
  require(keyRegion !== undefined, field, `'${arn}' is not a KMS key ARN`, 'write arn:aws:kms:<region>:<account>:key/<key id>, not an alias');
  require(keyRegion === region, field, `'${arn}' is a key of ${keyRegion}, not of the bucket's region ${region}`, `use a key of ${region}`);
}

/**
 * Least privilege for replication: read replication input of the source, write replicas into the destination,
 * decrypt with the source's key and encrypt with the destination's only through S3 of each region and only for
 * these buckets (the S3 encryption context is the object ARN, or the bucket ARN when the bucket uses an S3 bucket key).
 */
function replicationPolicy(props: BucketReplicationProps): object {
  const source = props.sourceBucketArn;
  const destination = props.destination;
  const viaS3 = (region: string) => `s3.${region}.amazonaws.com`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadSourceReplicationConfiguration', Effect: 'Allow', Action: [...REPLICATION_ACTIONS.sourceBucket], Resource: source },
      { Sid: 'ReadSourceVersions', Effect: 'Allow', Action: [...REPLICATION_ACTIONS.sourceObjects], Resource: `${source}/*` },
      { Sid: 'WriteReplicas', Effect: 'Allow', Action: [...REPLICATION_ACTIONS.destinationObjects], Resource: `${destination.bucketArn}/*` },
      {
        Sid: 'DecryptSource',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: props.sourceKmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': viaS3(props.region) }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [source, `${source}/*`] } },
      },
      {
        Sid: 'EncryptReplicas',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: destination.kmsKeyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': viaS3(destination.region) },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [destination.bucketArn, `${destination.bucketArn}/*`] },
        },
      },
    ],
  };
}
