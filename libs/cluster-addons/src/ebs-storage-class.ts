import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { DNS_LABEL, KMS_KEY_ARN, matchesOrToken, requireFormat } from './private/validation';

/** EBS volume types the class may provision. */
export const EBS_VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1'] as const;
export type EbsVolumeType = (typeof EBS_VOLUME_TYPES)[number];

/** Annotation that makes a StorageClass the cluster default (claims that name no class get it). */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** Provisioner of the EBS CSI driver (the EKS managed add-on `aws-ebs-csi-driver`). */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

export interface EbsStorageClassOptions {
  /**
   * Name of the StorageClass, which claims name in `storageClassName`.
   * @default 'gp3'
   */
  readonly name?: string;
  /**
   * EBS volume type.
   * @default 'gp3'
   */
  readonly volumeType?: EbsVolumeType;
  /**
   * Make it the cluster's default class, which claims without `storageClassName` get.
   * @default true
   */
  readonly default?: boolean;
  /**
   * KMS key (ARN) that encrypts the volumes; the EBS CSI driver's role must be allowed to use it.
   * @default - the account's default EBS encryption key (`aws/ebs` unless the account set another)
   */
  readonly kmsKeyArn?: string;
  /**
   * What happens to a volume when its claim is deleted.
   * @default 'Delete' - Velero backups, not orphaned volumes, keep data beyond its claim
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /**
   * Tags the EBS CSI driver puts on every volume of the class (`tagSpecification_<n>` parameters), e.g.
   * `{ Backup: 'platform-production' }` so an AWS Backup plan selecting by that tag snapshots the volumes.
   * @default - none beyond the driver's own
   */
  readonly volumeTags?: Readonly<Record<string, string>>;
}

export type EbsStorageClassProps = EbsStorageClassOptions;

/**
 * A StorageClass of encrypted EBS volumes provisioned by the EBS CSI driver (`ebs.csi.aws.com`), by default the
 * cluster's default class `gp3`: Prometheus, Alertmanager, Grafana, Loki, Tempo and workload volumes claim it.
 *
 * - `WaitForFirstConsumer`: an EBS volume lives in one Availability Zone, so it is created only once the pod that
 *   claims it is scheduled, in that pod's zone (immediate binding could place it where the pod cannot run);
 * - `allowVolumeExpansion`: a claim can grow in place (`storageGiB` raised in the config);
 * - `encrypted: "true"` always, with the account's EBS key or `kmsKeyArn`.
 *
 * EKS clusters from 1.30 on have no default class (the in-tree `gp2` class is no longer annotated), so without one
 * every claim that names none stays Pending.
 */
export class EbsStorageClass extends Construct {
  static readonly DEFAULT_NAME = 'gp3';

  readonly name: string;
  readonly resource: StorageClassV1;

  constructor(scope: Construct, id: string, props: EbsStorageClassProps = {}) {
    super(scope, id);
    const name = props.name ?? EbsStorageClass.DEFAULT_NAME;
    const volumeType = props.volumeType ?? 'gp3';
    requireFormat(this, name, 'name', DNS_LABEL, 'a StorageClass name', 'use lower-case letters, digits and hyphens, e.g. gp3');
    ConstructValidationError.require(
      this,
      (EBS_VOLUME_TYPES as readonly string[]).includes(volumeType),
      'volumeType',
      `'${volumeType}' is not an EBS volume type`,
      `use one of ${EBS_VOLUME_TYPES.join(', ')}`,
    );
    for (const key of Object.keys(props.volumeTags ?? {})) {
      // The driver splits `key=value` at the first `=`.
      ConstructValidationError.require(this, /^[\w .:/+@-]{1,128}$/.test(key), 'volumeTags', `'${key}' is not an EBS tag key`, 'use letters, digits, spaces and _ . : / + - @ (1–128 characters)');
    }
    if (props.kmsKeyArn !== undefined) {
      ConstructValidationError.require(this, matchesOrToken(props.kmsKeyArn, KMS_KEY_ARN), 'kmsKeyArn', `'${props.kmsKeyArn}' is not a KMS key ARN`, 'pass arn:aws:kms:<region>:<account>:key/<id>, or leave it out for the account default key');
    }

    this.name = name;
    this.resource = new StorageClassV1(this, 'Resource', {
      metadata: {
        name,
        annotations: { [DEFAULT_STORAGE_CLASS_ANNOTATION]: String(props.default ?? true) },
      },
      storageProvisioner: EBS_CSI_PROVISIONER,
      parameters: {
        type: volumeType,
        encrypted: 'true',
        ...(props.kmsKeyArn === undefined ? {} : { kmsKeyId: props.kmsKeyArn }),
        // Sorted by key, so adding a tag never renumbers the others' parameters beyond it.
        ...Object.fromEntries(
          Object.entries(props.volumeTags ?? {})
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, value], index) => [`tagSpecification_${index + 1}`, `${key}=${value}`]),
        ),
      },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: props.reclaimPolicy ?? 'Delete',
    });
  }
}
