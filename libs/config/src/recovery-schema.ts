import { cidrsOverlap, parseIpv4Cidr } from '@platform/core';
import { estimatedRto, RECOVERY_STRATEGIES, recoveryObjectiveProblems, RecoveryStrategy, supportedStrategies } from '@platform/recovery';
import { z } from 'zod';
import { ComputePlatform } from './ecs-schema';
import { awsRegion, checkZones, iamRoleArn, listedOnce } from './schema-fields';

/** Where the environment serves from: failover flips this to `secondary` and deploys. */
export const ACTIVE_REGIONS = ['primary', 'secondary'] as const;

/** Strategies that keep a cross-region PostgreSQL replica, the only thing a failover can promote. */
const REPLICA_STRATEGIES: readonly RecoveryStrategy[] = ['pilot-light', 'warm-standby'];

/**
 * Disaster recovery of an environment (issue 16): the objectives it states and the strategy meant to meet them.
 * Config refuses objectives the strategy cannot meet (see `recoveryObjectiveProblems` in `@platform/recovery`).
 */
export const recoverySchema = z.strictObject({
  /**
   * What runs in the secondary region: `none` (nothing leaves the region; refused in production), `backup-restore`
   * (AWS Backup copies, restored on failover), `pilot-light` (replicated data, compute created on failover) or
   * `warm-standby` (replicated data and a scaled-down EKS cluster).
   * @default 'backup-restore'
   */
  strategy: z.enum(RECOVERY_STRATEGIES, { error: `is not a recovery strategy. Fix: write one of ${RECOVERY_STRATEGIES.join(', ')}` }).default('backup-restore'),
  /**
   * Recovery point objective: most minutes of data the environment may lose.
   * @default 360 (what backup-restore achieves)
   */
  rpoMinutes: z.number().int().min(1).default(360),
  /**
   * Recovery time objective: most minutes the environment may be down while it fails over.
   * @default 240 (seed 003 and 004: 4 hours)
   */
  rtoMinutes: z.number().int().min(1).default(240),
  /**
   * Region recovered into.
   * @default 'eu-west-1' (seed 003's backup region)
   */
  secondaryRegion: awsRegion().default('eu-west-1'),
  /**
   * Availability zones of the secondary network, at least 2.
   * @default - the primary zones' letters in the secondary region (eu-central-1a → eu-west-1a)
   */
  secondaryAvailabilityZones: z.array(z.string()).min(2, "needs at least 2 zones, as the primary's network. Fix: list two or more, or remove the field to mirror the primary zones").optional(),
  /**
   * IPv4 CIDR of the secondary region's VPC, /16–/20; must not overlap `network.vpcCidr`. Required by `pilot-light`
   * and `warm-standby`; `backup-restore` may prepare it.
   * @default - none: no secondary network
   */
  secondaryVpcCidr: z.string().optional(),
  /**
   * The region serving: set `secondary` (and deploy) to fail over, which promotes the replica; needs a replica strategy.
   * @default 'primary'
   */
  activeRegion: z.enum(ACTIVE_REGIONS).default('primary'),
  /**
   * IAM roles that alone may delete recovery points or change a vault's access policy (break-glass).
   * @default [] - nobody
   */
  breakGlassRoleArns: z.array(iamRoleArn()).superRefine(listedOnce('role')).default([]),
});

export type RecoveryInput = z.input<typeof recoverySchema>;

/** Resolved recovery settings: every default filled in, the secondary zones derived when not written. */
export type RecoveryConfig = Omit<z.output<typeof recoverySchema>, 'secondaryAvailabilityZones'> & { readonly secondaryAvailabilityZones: string[] };

type AddIssue = (path: (string | number)[], message: string) => void;

interface RecoveryEnvironment {
  readonly production: boolean;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly compute: ComputePlatform;
  readonly network: { readonly vpcCidr: string };
  readonly recovery: z.output<typeof recoverySchema>;
}

/** The secondary region's zones: those written, or the primary zones' letters in the secondary region. */
export function secondaryZones(env: Pick<RecoveryEnvironment, 'region' | 'availabilityZones' | 'recovery'>): string[] {
  return env.recovery.secondaryAvailabilityZones ?? env.availabilityZones.map((az) => `${env.recovery.secondaryRegion}${az.slice(env.region.length)}`);
}

/** Cross-field rules of `recovery`: a strategy production may use, a secondary region and network it can build, objectives it meets. */
export function checkRecovery(env: RecoveryEnvironment, addIssue: AddIssue): void {
  const { recovery, compute } = env;
  const issue = (field: keyof RecoveryConfig, message: string, path: (string | number)[] = []) => addIssue(['recovery', field, ...path], message);
  if (recovery.strategy === 'none') {
    if (env.production) {
      issue('strategy', `is 'none' in production: losing the region would lose its data. Fix: set strategy: 'backup-restore' (RPO 360, RTO ${estimatedRto({ strategy: 'backup-restore', compute })}) or stronger, or production: false`);
    }
  } else if (recovery.secondaryRegion === env.region) {
    issue('secondaryRegion', `'${recovery.secondaryRegion}' is the primary region, so a regional outage takes both. Fix: name another region, such as ${env.region === 'eu-west-1' ? 'eu-central-1' : 'eu-west-1'}`);
  }
  checkZones(recovery.secondaryAvailabilityZones ?? [], { region: recovery.secondaryRegion, regionField: 'secondaryRegion', path: ['recovery', 'secondaryAvailabilityZones'] }, addIssue);
  checkSecondaryVpcCidr(env, issue);
  if (REPLICA_STRATEGIES.includes(recovery.strategy) && !supportedStrategies(compute).includes(recovery.strategy)) {
    const supported = supportedStrategies(compute).filter((strategy) => REPLICA_STRATEGIES.includes(strategy));
    const alternative = supported[supported.length - 1];
    issue(
      'strategy',
      `'${recovery.strategy}' is not supported on ${compute.toUpperCase()} yet: there is no standby services stack. Fix: set strategy: '${alternative}', which meets RTO ${estimatedRto({ strategy: alternative, compute })}`,
    );
    return;
  }
  if (recovery.activeRegion === 'secondary' && !REPLICA_STRATEGIES.includes(recovery.strategy)) {
    issue(
      'activeRegion',
      `'secondary' needs a cross-region replica to promote, and strategy '${recovery.strategy}' keeps none. Fix: set activeRegion: 'primary' (restore with the runbook, docs/disaster-recovery.md "Failover (runbook as code)"), or strategy: 'pilot-light'`,
    );
  }
  for (const { field, problem, fix } of recoveryObjectiveProblems({ ...recovery, compute })) issue(field, `${problem}. Fix: ${fix}`);
}

/** The secondary VPC: required by replica strategies, a valid /16–/20 that does not overlap the primary's. */
function checkSecondaryVpcCidr(env: RecoveryEnvironment, issue: (field: keyof RecoveryConfig, message: string) => void): void {
  const { secondaryVpcCidr: cidr, strategy } = env.recovery;
  const suggestion = `'${suggestSecondaryVpcCidr(env.network.vpcCidr)}'`;
  if (cidr === undefined) {
    if (REPLICA_STRATEGIES.includes(strategy)) {
      issue('secondaryVpcCidr', `is required by strategy '${strategy}': the replica runs in a network of the secondary region. Fix: set secondaryVpcCidr: ${suggestion} (apart from network.vpcCidr; keep it unique across environments)`);
    }
    return;
  }
  const parsed = parseIpv4Cidr(cidr);
  if ('error' in parsed) {
    issue('secondaryVpcCidr', `${parsed.error}. Fix: write a private range such as ${suggestion}`);
  } else if (parsed.prefixLength < 16 || parsed.prefixLength > 20) {
    issue('secondaryVpcCidr', `${cidr} is not /16–/20: AWS allows /16 at most and the computed subnet layout needs /20 at least. Fix: write a /16 such as ${suggestion}`);
  } else if (!('error' in parseIpv4Cidr(env.network.vpcCidr)) && cidrsOverlap(cidr, env.network.vpcCidr)) {
    issue('secondaryVpcCidr', `${cidr} overlaps network.vpcCidr (${env.network.vpcCidr}), so the two networks could never be peered or routed to each other. Fix: write a range apart from it, such as ${suggestion}`);
  }
}

/** A /16 of 10.0.0.0/8 apart from `vpcCidr`: 100 above its second octet (10.40.0.0/16 → 10.140.0.0/16), the next free one if that overlaps. */
function suggestSecondaryVpcCidr(vpcCidr: string): string {
  const primary = parseIpv4Cidr(vpcCidr);
  const secondOctet = 'error' in primary ? 0 : Number(vpcCidr.split('.')[1]);
  for (let offset = 100; offset < 356; offset++) {
    const candidate = `10.${(secondOctet + offset) % 256}.0.0/16`;
    if ('error' in primary || !cidrsOverlap(candidate, vpcCidr)) return candidate;
  }
  // Only a primary network covering all of 10.0.0.0/8 gets here.
  return '172.16.0.0/16';
}
