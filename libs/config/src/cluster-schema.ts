import {
  CAPACITY_TYPES,
  DEFAULT_NODE_GROUPS,
  defaultAmiType,
  EksCluster,
  GithubActionsRunner,
  INSTANCE_TYPE,
  LABEL_KEY,
  LABEL_VALUE,
  MAX_DISK_SIZE_GIB,
  MAX_TAINTS,
  MAX_UNAVAILABLE_LIMIT,
  MIN_DISK_SIZE_GIB,
  SUPPORTED_EKS_VERSIONS,
  TAINT_EFFECTS,
} from '@platform/cluster';
import { parseIpv4Cidr } from '@platform/core';
import { z } from 'zod';
import { iamRoleArn, listedOnce, logRetentionDays } from './schema-fields';

// Environment files read the cluster defaults through this library.
export { DEFAULT_NODE_GROUPS, SUPPORTED_EKS_VERSIONS } from '@platform/cluster';

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ECR_REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

const nodeGroupSchema = z
  .strictObject({
    /** ON_DEMAND or SPOT. */
    capacityType: z.enum(CAPACITY_TYPES).default('ON_DEMAND'),
    /** Instance types, e.g. ['t3.medium']; several spread spot capacity over pools. */
    instanceTypes: z
      .array(z.string().regex(INSTANCE_TYPE, "is not an EC2 instance type. Fix: write family and size such as 't3.medium' or 'c5.large'"))
      .min(1, "is empty. Fix: list at least one instance type such as 't3.medium'")
      .superRefine(listedOnce('instance type'))
      .readonly(),
    /** Fewest nodes the cluster autoscaler keeps. */
    minSize: z.number().int().min(0),
    /** Nodes at creation; the cluster autoscaler moves it within minSize..maxSize afterwards. */
    desiredSize: z.number().int().min(0),
    /** Most nodes the cluster autoscaler may add. */
    maxSize: z.number().int().min(1),
    /** Kubernetes labels of the nodes. */
    labels: z
      .record(
        z.string().regex(LABEL_KEY, "is not a Kubernetes label key. Fix: write a key such as 'role' or 'example.com/team'"),
        z.string().regex(LABEL_VALUE, 'is not a Kubernetes label value. Fix: write up to 63 letters, digits, - _ . starting and ending with a letter or digit'),
      )
      .default({}),
    /** Taints, with the EKS API's effect names. */
    taints: z
      .array(
        z.strictObject({
          /** Taint key, such as `workload`. */
          key: z.string().regex(LABEL_KEY, "is not a Kubernetes taint key. Fix: write a key such as 'workload' or 'example.com/dedicated'"),
          /** Taint value; pods tolerating it are scheduled there. */
          value: z.string().regex(LABEL_VALUE, 'is not a Kubernetes taint value. Fix: write up to 63 letters, digits, - _ . starting and ending with a letter or digit').optional(),
          /** `NO_SCHEDULE`, `NO_EXECUTE` or `PREFER_NO_SCHEDULE`. */
          effect: z.enum(TAINT_EFFECTS, { error: `is not a taint effect of the EKS API. Fix: write one of ${TAINT_EFFECTS.join(', ')}` }),
        }),
      )
      .max(MAX_TAINTS, `has more than ${MAX_TAINTS} taints, the EKS limit. Fix: keep at most ${MAX_TAINTS}`)
      .readonly()
      .default([]),
    /** Nodes replaced at once during a rolling update. */
    maxUnavailable: z.number().int().min(1).max(MAX_UNAVAILABLE_LIMIT).default(1),
    /** Root volume size (gp3, encrypted). */
    diskSizeGiB: z.number().int().min(MIN_DISK_SIZE_GIB).max(MAX_DISK_SIZE_GIB).default(50),
  })
  .superRefine((group, ctx) => {
    if (group.instanceTypes.every((type) => INSTANCE_TYPE.test(type)) && defaultAmiType(group.instanceTypes) === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['instanceTypes'],
        message: `[${group.instanceTypes.join(', ')}] mixes Graviton (arm64) and x86_64 types, and one AMI cannot boot both. Fix: split them into two node groups, or list one architecture`,
      });
    }
    if (group.minSize > group.maxSize) {
      ctx.addIssue({ code: 'custom', path: ['minSize'], message: `${group.minSize} is greater than maxSize ${group.maxSize}. Fix: make minSize <= maxSize` });
    } else if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
      ctx.addIssue({
        code: 'custom',
        path: ['desiredSize'],
        message: `${group.desiredSize} is outside minSize..maxSize (${group.minSize}..${group.maxSize}). Fix: choose a desiredSize in that range`,
      });
    }
  });

/** Cluster add-ons, each switchable; every one is on by default. */
const addonsSchema = z.strictObject({
  /** Cluster Autoscaler: scales the node groups to the pods. */
  clusterAutoscaler: z.boolean().default(true),
  /** AWS Load Balancer Controller: the shared ALB of the Ingresses. */
  awsLoadBalancerController: z.boolean().default(true),
  /** cert-manager with Let's Encrypt issuers. */
  certManager: z.boolean().default(true),
  /** metrics-server: the resource metrics HPAs scale on. */
  metricsServer: z.boolean().default(true),
  /** Vertical Pod Autoscaler (recommendations and opt-in updates). */
  verticalPodAutoscaler: z.boolean().default(true),
  /** External Secrets Operator: Secrets Manager secrets into Kubernetes Secrets. */
  externalSecrets: z.boolean().default(true),
  /** external-dns: records of the Ingress hosts in dnsZoneName (needs dnsZoneName and dnsZoneId). */
  externalDns: z.boolean().default(true),
  /** Velero: backups of the cluster's objects and volumes. */
  velero: z.boolean().default(true),
});
export type ClusterAddonName = keyof z.output<typeof addonsSchema>;

/** The EKS cluster of an environment and what runs in it from the start. */
export const clusterSchema = z.strictObject({
  /** Kubernetes version. */
  version: z.enum(SUPPORTED_EKS_VERSIONS).default('1.34'),
  /** CIDRs allowed to reach the public API endpoint; empty keeps the endpoint private. */
  publicAccessCidrs: z.array(z.string()).superRefine(listedOnce('CIDR')).default([]),
  /**
   * Networks that may reach the private API endpoint (TCP 443): the deploy runners' and VPN pools' CIDRs. Omitted:
   * the environment's VPC (runners in its private subnets).
   */
  privateAccessCidrs: z.array(z.string()).superRefine(listedOnce('CIDR')).optional(),
  /**
   * The GitHub Actions runner inside the VPC (AWS CodeBuild, see GithubActionsRunner) that the workflows send the jobs
   * of this environment to, since its Kubernetes and Helm stacks need the private API endpoint. Created in the
   * cluster stack when the environment has delivery settings. `enabled: false` only when another runner in the VPC
   * (or a VPN) is set up by hand: the workflows then run on GitHub-hosted runners and cannot plan those stacks.
   */
  githubRunner: z
    .strictObject({
      /** Whether the cluster stack creates the runner. */
      enabled: z.boolean().default(true),
      /** CodeBuild compute type of a job's container. */
      computeType: z.enum(['BUILD_GENERAL1_SMALL', 'BUILD_GENERAL1_MEDIUM', 'BUILD_GENERAL1_LARGE']).default(GithubActionsRunner.DEFAULT_COMPUTE_TYPE as 'BUILD_GENERAL1_MEDIUM'),
      /** Most jobs running at once; CodeBuild refuses builds over it (they do not queue). Omitted: the account's quota. */
      concurrentJobs: z.number().int().min(1).optional(),
    })
    .prefault({}),
  /** IAM roles given cluster-admin through EKS access entries; at least one (the deploying role). */
  adminRoleArns: z
    .array(iamRoleArn())
    .superRefine((arns, ctx) => {
      const firstIndex = new Map<string, number>();
      arns.forEach((arn, index) => {
        const role = arn.slice(arn.lastIndexOf('/') + 1);
        const first = firstIndex.get(role);
        if (first === undefined) firstIndex.set(role, index);
        else {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `names the role '${role}' as cluster.adminRoleArns.${first} does, and the cluster's access entries tell roles apart by name. Fix: list each admin role once; roles of different accounts need different names`,
          });
        }
      });
    })
    .default([]),
  /** Days control-plane logs are kept. */
  logRetentionDays: logRetentionDays(EksCluster.DEFAULT_LOG_RETENTION_DAYS),
  /** Managed node groups by name. */
  nodeGroups: z
    .record(z.string().regex(K8S_NAME, 'is not a node group name. Fix: use lower-case letters, digits and hyphens, such as general'), nodeGroupSchema)
    .prefault(DEFAULT_NODE_GROUPS as Record<string, z.input<typeof nodeGroupSchema>>)
    .refine((groups) => Object.keys(groups).length > 0, 'is empty. Fix: declare at least one node group, or remove nodeGroups for the default one'),
  /** ECR repositories for the application images. */
  ecrRepositories: z
    .array(z.string().regex(ECR_REPOSITORY, 'is not an ECR repository name. Fix: write one such as novel-engine/backend'))
    .superRefine(listedOnce('repository'))
    .default([]),
  /** Add-ons to install. */
  addons: addonsSchema.prefault({}),
  /**
   * Namespaces for workloads, each with default-deny network policies, quotas and limits. `monitoring` belongs to
   * the observability stack.
   */
  namespaces: z
    .array(z.string().regex(K8S_NAME, 'is not a Kubernetes namespace name. Fix: use lower-case letters, digits and hyphens, such as novel-engine'))
    .superRefine(listedOnce('namespace'))
    .default([]),
});

/** Checks that need the whole environment. */
export function checkCluster(
  env: { readonly production: boolean; readonly dnsZoneName?: string; readonly dnsZoneId?: string; readonly cluster: z.output<typeof clusterSchema> },
  addIssue: (path: (string | number)[], message: string) => void,
): void {
  const { cluster } = env;
  cluster.publicAccessCidrs.forEach((cidr, index) => {
    const parsed = parseIpv4Cidr(cidr);
    if ('error' in parsed) {
      addIssue(['cluster', 'publicAccessCidrs', index], `${parsed.error}. Fix: list the office or VPN ranges that may reach the API`);
    } else if (env.production && parsed.prefixLength === 0) {
      addIssue(
        ['cluster', 'publicAccessCidrs', index],
        `${cidr} opens the production API endpoint to the whole internet. Fix: list the office or VPN ranges, or leave the list empty for a private endpoint`,
      );
    }
  });
  (cluster.privateAccessCidrs ?? []).forEach((cidr, index) => {
    const parsed = parseIpv4Cidr(cidr);
    if ('error' in parsed) {
      addIssue(['cluster', 'privateAccessCidrs', index], `${parsed.error}. Fix: list the deploy runners' or VPN's CIDR, e.g. 10.40.0.0/16`);
    } else if (parsed.prefixLength === 0) {
      addIssue(['cluster', 'privateAccessCidrs', index], `${cidr} admits every address. Fix: list the deploy runners' or VPN's CIDR, or omit the field for the VPC`);
    }
  });
  if (cluster.adminRoleArns.length === 0) {
    addIssue(
      ['cluster', 'adminRoleArns'],
      'lists no role (empty, or not written): nobody could administer the cluster (the creator gets no implicit access) and the cluster-addons stack could not deploy. Fix: list the IAM role that deploys and administers the cluster',
    );
  }
  if (cluster.addons.externalDns && env.dnsZoneName === undefined) {
    addIssue(['dnsZoneName'], 'is required by external-dns. Fix: set dnsZoneName, or set cluster.addons.externalDns: false');
  }
  if (cluster.addons.externalDns && env.dnsZoneId === undefined) {
    addIssue(
      ['dnsZoneId'],
      'is required by external-dns, whose IAM policy may change records only in that zone. Fix: set dnsZoneId to the id of the Route 53 zone dnsZoneName (e.g. Z0123456789ABCDEFGHIJ), or set cluster.addons.externalDns: false',
    );
  }
}
