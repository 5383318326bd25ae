import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_SERVICE_ACCOUNTS, IRSA_ROLE_ANNOTATION } from './addon-catalog';
import { addonRelease } from './private/addon-release';
import { veleroScheduleProblem } from './private/velero-cron';
import { AWS_REGION, DNS_LABEL, IAM_ROLE_ARN, requireFormat, S3_BUCKET } from './private/validation';

/** A recurring backup. */
export interface VeleroSchedule {
  /**
   * When to back up, in UTC, as Velero's cron reads it (robfig/cron): five fields such as `0 2 * * *`, or a descriptor
   * such as `@daily` or `@every 6h`.
   */
  readonly schedule: string;
  /** How long each backup is kept, as a Go duration, e.g. `72h0m0s`. */
  readonly ttl: string;
  /**
   * Namespaces to back up.
   * @default ['*'] - every namespace
   */
  readonly includedNamespaces?: readonly string[];
  /**
   * Namespaces to leave out.
   * @default - none
   */
  readonly excludedNamespaces?: readonly string[];
}

/** Seed 002: a daily backup at 02:00 UTC of every namespace, kept for 72 hours. */
export const SEED_002_BACKUP_SCHEDULE: VeleroSchedule = { schedule: '0 2 * * *', ttl: '72h0m0s' };

/** What to tune on Velero; the composite passes these through. */
export interface VeleroOptions {
  /**
   * Backup schedules by name (a DNS label; the Schedule object is `velero-<name>`).
   * @default { daily: SEED_002_BACKUP_SCHEDULE }
   */
  readonly schedules?: Readonly<Record<string, VeleroSchedule>>;
  /**
   * Image of the AWS object store and EBS snapshot plugin, pinned to the line matching Velero 1.18 (plugin v1.14).
   * @default Velero.DEFAULT_AWS_PLUGIN_IMAGE
   */
  readonly awsPluginImage?: string;
  /**
   * Folder of this cluster's backups in the bucket.
   * @default - the cluster name, so clusters sharing a bucket never see each other's backups
   */
  readonly prefix?: string;
}

export interface VeleroProps extends VeleroOptions {
  /** S3 bucket the backups are written to (created elsewhere, versioned and encrypted there). */
  readonly bucket: string;
  readonly region: string;
  /** Cluster whose backups these are; the default prefix in the bucket. */
  readonly clusterName: string;
  /** IAM role of the `velero/velero` service account (IRSA): the bucket's objects and EBS snapshots. */
  readonly roleArn: string;
  /** Resources the release waits for (the AWS Load Balancer Controller, whose webhook admits Services). */
  readonly dependsOn?: ITerraformDependable[];
}

const GO_DURATION = /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/;

/**
 * Velero backing up cluster resources to S3 and volumes as EBS snapshots, with the IRSA role of its service
 * account (no static credentials: `credentials.useSecret: false`), on the seed 002 schedule by default.
 *
 * Values keys verified against vmware-tanzu/helm-charts charts/velero/values.yaml of chart 12.1.0 (Velero 1.18.1):
 * `initContainers`, `configuration.backupStorageLocation[]`, `configuration.volumeSnapshotLocation[]`,
 * `credentials.useSecret`, `serviceAccount.server.{create,name,annotations}`, `podSecurityContext.fsGroup`,
 * `snapshotsEnabled`, `deployNodeAgent`, `metrics.enabled`, `schedules.<name>.{disabled,schedule,template}`.
 */
export class Velero extends Construct {
  /** The AWS plugin release for Velero 1.18 (plugin compatibility table: v1.14.x ↔ Velero v1.18.x). */
  static readonly DEFAULT_AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.14.2';
  static readonly STORAGE_LOCATION = 'default';

  readonly release: Release;

  constructor(scope: Construct, id: string, props: VeleroProps) {
    super(scope, id);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    requireFormat(this, props.bucket, 'bucket', S3_BUCKET, 'an S3 bucket name', 'pass the name of the backup bucket');
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use a region name such as eu-central-1');
    require(props.clusterName !== '', 'clusterName', 'is empty', 'pass the name of the EKS cluster');
    requireFormat(this, props.roleArn, 'roleArn', IAM_ROLE_ARN, 'an IAM role ARN', 'pass the ARN of the IRSA role of velero/velero');
    const awsPluginImage = props.awsPluginImage ?? Velero.DEFAULT_AWS_PLUGIN_IMAGE;
    require(isPinnedImage(awsPluginImage), 'awsPluginImage', `'${awsPluginImage}' is not pinned to a version tag or digest`, 'use an image such as velero/velero-plugin-for-aws:v1.14.2');
    const schedules = props.schedules ?? { daily: SEED_002_BACKUP_SCHEDULE };
    for (const [name, schedule] of Object.entries(schedules)) {
      require(DNS_LABEL.test(name), `schedules.${name}`, `'${name}' is not a DNS label`, 'name schedules with lowercase letters, digits and dashes');
      const cronProblem = veleroScheduleProblem(schedule.schedule);
      require(cronProblem === undefined, `schedules.${name}.schedule`, `'${schedule.schedule}' ${cronProblem}`, "write five cron fields such as '0 2 * * *' (02:00 UTC daily), or a descriptor such as @daily or @every 6h");
      require(GO_DURATION.test(schedule.ttl), `schedules.${name}.ttl`, `'${schedule.ttl}' is not a Go duration`, "use hours, minutes and seconds such as '72h0m0s'");
    }

    const serviceAccount = ADDON_SERVICE_ACCOUNTS.velero;
    this.release = addonRelease(this, {
      addon: 'velero',
      createNamespace: true,
      dependsOn: props.dependsOn,
      values: {
        initContainers: [
          {
            name: 'velero-plugin-for-aws',
            image: awsPluginImage,
            imagePullPolicy: 'IfNotPresent',
            volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          },
        ],
        configuration: {
          backupStorageLocation: [
            {
              name: Velero.STORAGE_LOCATION,
              provider: 'aws',
              bucket: props.bucket,
              prefix: props.prefix ?? props.clusterName,
              default: true,
              config: { region: props.region },
            },
          ],
          volumeSnapshotLocation: [{ name: Velero.STORAGE_LOCATION, provider: 'aws', config: { region: props.region } }],
        },
        credentials: { useSecret: false },
        serviceAccount: { server: { create: true, name: serviceAccount.name, annotations: { [IRSA_ROLE_ANNOTATION]: props.roleArn } } },
        podSecurityContext: { fsGroup: 65534 },
        snapshotsEnabled: true,
        deployNodeAgent: false,
        metrics: { enabled: true },
        schedules: Object.fromEntries(
          Object.entries(schedules).map(([name, schedule]) => [
            name,
            {
              disabled: false,
              schedule: schedule.schedule,
              useOwnerReferencesInBackup: false,
              template: {
                ttl: schedule.ttl,
                storageLocation: Velero.STORAGE_LOCATION,
                includedNamespaces: [...(schedule.includedNamespaces ?? ['*'])],
                ...(schedule.excludedNamespaces === undefined ? {} : { excludedNamespaces: [...schedule.excludedNamespaces] }),
              },
            },
          ]),
        ),
      },
    });
  }
}

/** True for an image reference with a digest, or a tag other than `latest`. */
function isPinnedImage(image: string): boolean {
  if (/\s/.test(image)) return false;
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([\w][\w.-]{0,127})$/.exec(image.split('/').pop() ?? '')?.[1];
  return tag !== undefined && tag !== 'latest';
}
