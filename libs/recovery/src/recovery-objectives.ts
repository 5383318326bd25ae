/**
 * What each disaster recovery strategy can achieve: the data it may lose (RPO) and the failover steps, with the
 * minutes each consumes (RTO). Config checks an environment's stated objectives against these figures; the failover
 * runbook and the README print the steps. Pure functions: nothing here builds a resource.
 */

/** Disaster recovery strategies, from cheapest to fastest. */
export const RECOVERY_STRATEGIES = ['none', 'backup-restore', 'pilot-light', 'warm-standby'] as const;
export type RecoveryStrategy = (typeof RECOVERY_STRATEGIES)[number];

/** Where the services run: an EKS cluster or ECS Fargate services. */
export type RecoveryCompute = 'eks' | 'ecs';

/**
 * Minutes between two recovery points copied to the secondary region: seed 002's every-6-hours rule
 * (`seed002PostgresRules`) is the most frequent rule copied cross-region.
 */
export const BACKUP_COPY_INTERVAL_MINUTES = 360;

/** Minutes of data a cross-region replica may lag: S3 Replication Time Control's 15-minute objective. */
export const REPLICATION_LAG_MINUTES = 15;

/** The most data a strategy may lose, and what bounds it. */
export interface AchievableRpo {
  /** Minutes of data lost at worst; `Infinity` when nothing leaves the region. */
  readonly minutes: number;
  /** The mechanism that bounds it, as a phrase. */
  readonly limitedBy: string;
}

/** One step of a failover to the secondary region. */
export interface FailoverStep {
  /** Stable id, e.g. `promote-replica`. */
  readonly id: string;
  readonly title: string;
  /** Minutes of the RTO budget the step consumes. */
  readonly minutes: number;
  /** What the operator or the automation does, in one line. */
  readonly how: string;
}

export interface FailoverOptions {
  readonly strategy: RecoveryStrategy;
  readonly compute: RecoveryCompute;
}

/** An environment's stated objectives with the strategy meant to meet them. */
export interface RecoveryObjectives extends FailoverOptions {
  /** Most minutes of data the environment may lose. */
  readonly rpoMinutes: number;
  /** Most minutes the environment may be down. */
  readonly rtoMinutes: number;
}

/** An objective the strategy cannot meet: the field, why, and what to write instead. */
export interface RecoveryObjectiveProblem {
  readonly field: 'rpoMinutes' | 'rtoMinutes';
  readonly problem: string;
  readonly fix: string;
}

/** The strategies each compute platform supports; ECS has no warm standby yet (no standby services stack). */
const SUPPORTED_STRATEGIES: Readonly<Record<RecoveryCompute, readonly RecoveryStrategy[]>> = {
  eks: RECOVERY_STRATEGIES,
  ecs: ['none', 'backup-restore', 'pilot-light'],
};

/** The strategies `compute` supports, cheapest first. */
export function supportedStrategies(compute: RecoveryCompute): readonly RecoveryStrategy[] {
  return SUPPORTED_STRATEGIES[compute];
}

/** The most data `strategy` may lose and what bounds it. */
export function achievableRpo(strategy: RecoveryStrategy): AchievableRpo {
  switch (strategy) {
    case 'none':
      return { minutes: Infinity, limitedBy: 'nothing is copied out of the region' };
    case 'backup-restore':
      return { minutes: BACKUP_COPY_INTERVAL_MINUTES, limitedBy: `AWS Backup copies to the secondary region every ${BACKUP_COPY_INTERVAL_MINUTES / 60} hours` };
    case 'pilot-light':
    case 'warm-standby':
      return {
        minutes: REPLICATION_LAG_MINUTES,
        limitedBy: `S3 Replication Time Control replicates 99.99 % of objects within ${REPLICATION_LAG_MINUTES} minutes; the PostgreSQL replica lags seconds`,
      };
  }
}

const step = (id: string, title: string, minutes: number, how: string): FailoverStep => ({ id, title, minutes, how });

/**
 * The steps of a failover to the secondary region under `strategy`, in order. The budgets add up as if each step
 * waited for the one before (some could overlap), so the sum errs on the long side. `none` has no failover: the
 * data never left the region, so the list is empty.
 */
export function failoverSteps({ strategy, compute }: FailoverOptions): FailoverStep[] {
  if (strategy === 'none') return [];
  const steps = [step('detect-and-decide', 'Detect and decide', 10, 'Alarms and the Route 53 health checks show the primary region down; the on-call engineer declares the failover')];
  if (strategy === 'backup-restore') {
    steps.push(
      step('secondary-network', 'Create the secondary network', 10, 'Apply <env>-network-<secondary region>: VPC, subnets, NAT gateways and endpoints'),
      step('restore-postgres', 'Restore PostgreSQL', 60, 'Restore the newest recovery point copied to the secondary vault into the secondary network'),
    );
  } else {
    // A pilot light's network stands by without NAT gateways; the same deploy gives it the primary's egress.
    const network = strategy === 'pilot-light' ? '<env>-network-<secondary region> (its NAT gateway) and ' : '';
    // A warm standby's cluster gains the workloads' IAM roles first: the data stack grants them their database access.
    if (strategy === 'warm-standby' && compute === 'eks') {
      steps.push(step('prepare-standby-cluster', 'Prepare the standby cluster', 5, "Set recovery.activeRegion: 'secondary' and apply <env>-cluster-<secondary region>: the workloads' IAM roles (IRSA)"));
    }
    const first = strategy === 'warm-standby' && compute === 'eks' ? 'Apply' : "Set recovery.activeRegion: 'secondary' and apply";
    steps.push(
      step('promote-replica', 'Promote the PostgreSQL replica', 10, `${first} ${network}<env>-data-<secondary region>: the cross-region read replica becomes a standalone instance in place`),
    );
  }
  // A warm standby's data stack keeps an (empty) cache running; the other strategies create one. A cache holds no
  // data that must survive, so the applications refill it either way.
  if (strategy !== 'warm-standby') {
    steps.push(step('create-cache', 'Create the cache', 15, 'The same apply of <env>-data-<secondary region> creates the Redis cache; it starts empty and the applications refill it'));
  }
  if (compute === 'eks') {
    steps.push(
      ...(strategy === 'warm-standby' ? [] : [step('create-cluster', 'Create the EKS cluster', 35, 'Apply <env>-cluster-<secondary region>: cluster, node groups, add-ons and cluster config')]),
      step(
        'apply-workloads',
        'Deploy the workloads',
        strategy === 'warm-standby' ? 15 : 10,
        strategy === 'warm-standby'
          ? 'Apply <env>-workloads-<secondary region> at the released image tag (ECR replicated the images); the cluster autoscaler adds nodes as the pods wait, cert-manager obtains certificates once DNS points there'
          : 'Apply <env>-workloads-<secondary region> at the released image tag (ECR replicated the images; cert-manager obtains certificates once DNS points there)',
      ),
    );
  } else {
    steps.push(step('apply-services', 'Deploy the ECS services', 15, 'Apply <env>-services-<secondary region> at the released image tag (ECR replicated the images)'));
  }
  steps.push(
    step('dns-failover', 'Fail DNS over', 5, 'Route 53 health checks fail after 3 × 30 s and the failover records answer with the secondary region; resolvers follow within the 60 s TTL'),
  );
  return steps;
}

/** Minutes a failover under `strategy` takes, the sum of its steps; `Infinity` for `none`. */
export function estimatedRto(options: FailoverOptions): number {
  if (options.strategy === 'none') return Infinity;
  return failoverSteps(options).reduce((sum, { minutes }) => sum + minutes, 0);
}

/**
 * The objectives `strategy` cannot meet, each with a fix naming the cheapest strategy that meets it, or the value
 * the current strategy achieves. `none` meets no objective and raises nothing here: whether an environment may go
 * without recovery is for the caller to decide (config refuses it in production).
 */
export function recoveryObjectiveProblems(objectives: RecoveryObjectives): RecoveryObjectiveProblem[] {
  const { strategy, compute, rpoMinutes, rtoMinutes } = objectives;
  if (strategy === 'none') return [];
  const problems: RecoveryObjectiveProblem[] = [];
  const rpo = achievableRpo(strategy);
  if (rpoMinutes < rpo.minutes) {
    const better = supportedStrategies(compute).filter((candidate) => achievableRpo(candidate).minutes <= rpoMinutes);
    const raise = `rpoMinutes: ${rpo.minutes} or more`;
    problems.push({
      field: 'rpoMinutes',
      problem: `${rpoMinutes} minutes cannot be met by ${strategy}: ${rpo.limitedBy}, so up to ${rpo.minutes} minutes of data are lost`,
      fix: better.length > 0 ? `set strategy: ${quoted(better)} (a cross-region replica, RPO ${REPLICATION_LAG_MINUTES}), or ${raise}` : `set ${raise}: no strategy loses less`,
    });
  }
  const rto = estimatedRto(objectives);
  if (rtoMinutes < rto) {
    const largest = [...failoverSteps(objectives)].sort((a, b) => b.minutes - a.minutes).slice(0, 2);
    const faster = supportedStrategies(compute).find((candidate) => estimatedRto({ strategy: candidate, compute }) <= rtoMinutes);
    const raise = `rtoMinutes: ${rto} or more`;
    problems.push({
      field: 'rtoMinutes',
      problem: `${rtoMinutes} minutes cannot be met by ${strategy} on ${compute.toUpperCase()}: its failover takes an estimated ${rto} minutes, most of them ${largest.map(({ id, minutes }) => `${id} (${minutes})`).join(' and ')}`,
      fix: faster !== undefined ? `set strategy: '${faster}' (estimated RTO ${estimatedRto({ strategy: faster, compute })}), or ${raise}` : rtoOutOfReach(objectives, raise),
    });
  }
  return problems;
}

/** The fix when no strategy fails over within `rtoMinutes`: raise it, or move to the fastest strategy and raise it less. */
function rtoOutOfReach({ strategy, compute }: FailoverOptions, raise: string): string {
  const strategies = supportedStrategies(compute);
  const fastest = strategies[strategies.length - 1];
  const fastestRto = estimatedRto({ strategy: fastest, compute });
  const noneFaster = `no strategy on ${compute.toUpperCase()} fails over in under ${fastestRto} minutes`;
  return fastest === strategy ? `set ${raise}: ${noneFaster}` : `set ${raise}, or strategy: '${fastest}' with rtoMinutes: ${fastestRto} or more: ${noneFaster}`;
}

function quoted(strategies: readonly RecoveryStrategy[]): string {
  return strategies.map((strategy) => `'${strategy}'`).join(' or ');
}
