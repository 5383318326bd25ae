import type { NodeGroupOptions } from '../managed-node-group';
import { isLateBound, KMS_KEY_ARN, quoted, Requirement } from './validation';

/** `t3.medium`, `c5.large`, `m7g.xlarge`, `c7i-flex.large`: a family with a generation digit, a dot, a size. */
export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\d[a-z0-9-]*\.[a-z0-9]+$/;
/** Taint effects in the EKS API's spelling (Kubernetes spells them NoSchedule, NoExecute, PreferNoSchedule). */
export const TAINT_EFFECTS = ['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'] as const;
export const CAPACITY_TYPES = ['ON_DEMAND', 'SPOT'] as const;
/**
 * AMI types whose root volume is `/dev/xvda` (what the launch template sizes and encrypts). Bottlerocket keeps
 * containers on a second volume (`/dev/xvdb`) and AL2 has no AMIs for Kubernetes 1.33 and later, so neither is offered.
 */
export const AMI_TYPES = ['AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD', 'AL2023_x86_64_NVIDIA', 'AL2023_ARM_64_NVIDIA', 'AL2023_x86_64_NEURON'] as const;
/** Smallest root volume: the AL2023 EKS AMIs' snapshot is 20 GiB. */
export const MIN_DISK_SIZE_GIB = 20;
/** Largest gp3 volume. */
export const MAX_DISK_SIZE_GIB = 16_384;
/** EKS allows at most 100 nodes (or 100 %) to be unavailable during an update. */
export const MAX_UNAVAILABLE_LIMIT = 100;
/** EKS allows at most 50 taints per node group. */
export const MAX_TAINTS = 50;

/** A Kubernetes label or taint key: optional DNS-subdomain prefix and `/`, then a name of up to 63 characters. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A Kubernetes label or taint value: empty, or up to 63 letters, digits, `-_.`, starting and ending alphanumeric. */
export const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Graviton (arm64) instance families: a1 and every family with a `g` right after its generation (m7g, c6gn, x2gd). */
export function isGravitonInstanceType(instanceType: string): boolean {
  const family = instanceType.split('.')[0];
  return family === 'a1' || /^[a-z]+\d+g[a-z]*$/.test(family);
}

/** The AL2023 AMI type matching the instance types' architecture, or undefined when they mix architectures. */
export function defaultAmiType(instanceTypes: readonly string[]): (typeof AMI_TYPES)[number] | undefined {
  const graviton = instanceTypes.filter(isGravitonInstanceType).length;
  if (graviton === instanceTypes.length) return 'AL2023_ARM_64_STANDARD';
  if (graviton === 0) return 'AL2023_x86_64_STANDARD';
  return undefined;
}

/**
 * Checks a node group's options; `field` prefixes every field name (e.g. `nodeGroups.general.`), so the cluster
 * can validate its node groups before it creates anything and name them in the message.
 */
export function validateNodeGroupOptions(require: Requirement, field: string, options: NodeGroupOptions): void {
  const { instanceTypes, minSize, desiredSize, maxSize } = options;
  const capacityType = options.capacityType ?? 'ON_DEMAND';
  require(
    (CAPACITY_TYPES as readonly string[]).includes(capacityType),
    `${field}capacityType`,
    `'${capacityType}' is not a capacity type`,
    `use one of ${CAPACITY_TYPES.join(', ')}`,
  );
  require(instanceTypes.length > 0, `${field}instanceTypes`, 'is empty', "list at least one instance type, e.g. ['t3.medium']");
  for (const instanceType of instanceTypes) {
    require(
      INSTANCE_TYPE.test(instanceType),
      `${field}instanceTypes`,
      `'${instanceType}' is not an EC2 instance type`,
      "write family and size such as 't3.medium', 'c5.large' or 'm7g.xlarge'",
    );
  }
  require(new Set(instanceTypes).size === instanceTypes.length, `${field}instanceTypes`, `[${instanceTypes.join(', ')}] lists a type twice`, 'list each instance type once');

  for (const [name, value] of Object.entries({ minSize, desiredSize, maxSize })) {
    require(Number.isInteger(value) && value >= 0, `${field}${name}`, `${value} is not a whole number of nodes`, 'use 0 or more');
  }
  require(maxSize >= 1, `${field}maxSize`, `${maxSize} leaves the node group without nodes`, 'allow at least 1 node');
  require(minSize <= maxSize, `${field}minSize`, `${minSize} is greater than maxSize ${maxSize}`, 'make minSize <= maxSize');
  require(
    desiredSize >= minSize && desiredSize <= maxSize,
    `${field}desiredSize`,
    `${desiredSize} is outside minSize..maxSize (${minSize}..${maxSize})`,
    'choose a desiredSize in that range',
  );

  for (const [key, value] of Object.entries(options.labels ?? {})) {
    require(LABEL_KEY.test(key), `${field}labels`, `'${key}' is not a Kubernetes label key`, 'use a key such as role or example.com/team');
    require(LABEL_VALUE.test(value), `${field}labels.${key}`, `'${value}' is not a Kubernetes label value`, 'use up to 63 letters, digits, - _ . starting and ending alphanumeric');
  }
  const taints = options.taints ?? [];
  require(taints.length <= MAX_TAINTS, `${field}taints`, `${taints.length} taints given; EKS allows ${MAX_TAINTS}`, `keep at most ${MAX_TAINTS} taints`);
  taints.forEach((taint, index) => {
    const at = `${field}taints[${index}]`;
    require(LABEL_KEY.test(taint.key), `${at}.key`, `'${taint.key}' is not a Kubernetes taint key`, 'use a key such as workload or example.com/dedicated');
    require(LABEL_VALUE.test(taint.value ?? ''), `${at}.value`, `'${taint.value}' is not a Kubernetes taint value`, 'use up to 63 letters, digits, - _ . starting and ending alphanumeric');
    require(
      (TAINT_EFFECTS as readonly string[]).includes(taint.effect),
      `${at}.effect`,
      `'${taint.effect}' is not a taint effect of the EKS API`,
      `use one of ${TAINT_EFFECTS.join(', ')} (EKS's names for NoSchedule, NoExecute, PreferNoSchedule)`,
    );
  });

  require(
    options.maxUnavailable === undefined || options.maxUnavailablePercentage === undefined,
    `${field}maxUnavailable`,
    'is set together with maxUnavailablePercentage',
    'set one of maxUnavailable and maxUnavailablePercentage',
  );
  for (const [name, value] of Object.entries({ maxUnavailable: options.maxUnavailable, maxUnavailablePercentage: options.maxUnavailablePercentage })) {
    if (value !== undefined) {
      require(
        Number.isInteger(value) && value >= 1 && value <= MAX_UNAVAILABLE_LIMIT,
        `${field}${name}`,
        `${value} is not a whole number from 1 to ${MAX_UNAVAILABLE_LIMIT}`,
        `use 1..${MAX_UNAVAILABLE_LIMIT}`,
      );
    }
  }

  const diskSizeGiB = options.diskSizeGiB ?? 50;
  require(
    Number.isInteger(diskSizeGiB) && diskSizeGiB >= MIN_DISK_SIZE_GIB && diskSizeGiB <= MAX_DISK_SIZE_GIB,
    `${field}diskSizeGiB`,
    `${diskSizeGiB} is not a whole number of GiB from ${MIN_DISK_SIZE_GIB} (the AMI's size) to ${MAX_DISK_SIZE_GIB}`,
    `use ${MIN_DISK_SIZE_GIB}..${MAX_DISK_SIZE_GIB} (default 50)`,
  );
  const hopLimit = options.metadataHopLimit ?? 2;
  require(hopLimit === 1 || hopLimit === 2, `${field}metadataHopLimit`, `${hopLimit} is not 1 or 2`, 'use 2 (pods may reach IMDS) or 1 (only host-network pods may)');
  if (options.volumeKmsKeyArn !== undefined && !isLateBound(options.volumeKmsKeyArn)) {
    require(KMS_KEY_ARN.test(options.volumeKmsKeyArn), `${field}volumeKmsKeyArn`, `'${options.volumeKmsKeyArn}' is not a KMS key ARN`, 'pass a key ARN such as arn:aws:kms:eu-central-1:123456789012:key/<id>');
  }

  if (options.amiType === undefined) {
    require(
      defaultAmiType(instanceTypes) !== undefined,
      `${field}instanceTypes`,
      `[${instanceTypes.join(', ')}] mixes Graviton (arm64) and x86_64 types; one AMI cannot boot both`,
      'split them into two node groups, or list one architecture',
    );
  } else {
    require((AMI_TYPES as readonly string[]).includes(options.amiType), `${field}amiType`, `'${options.amiType}' is not a supported AMI type`, `use one of ${quoted(AMI_TYPES)}`);
    const arm = options.amiType.includes('ARM_64');
    const mismatched = instanceTypes.filter((type) => isGravitonInstanceType(type) !== arm);
    require(
      mismatched.length === 0,
      `${field}amiType`,
      `${options.amiType} cannot boot ${mismatched.join(', ')} (${arm ? 'x86_64' : 'arm64'})`,
      `choose instance types of the AMI's architecture, or an ${arm ? 'x86_64' : 'ARM_64'} AMI type`,
    );
  }
}
