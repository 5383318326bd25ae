import { seed002PostgresRules } from './backup-plan';
import {
  achievableRpo,
  BACKUP_COPY_INTERVAL_MINUTES,
  estimatedRto,
  failoverSteps,
  RecoveryCompute,
  recoveryObjectiveProblems,
  RecoveryStrategy,
  supportedStrategies,
} from './recovery-objectives';

/** Minutes between runs of an AWS cron schedule that runs every day at hours `*\/n` or one fixed hour. */
function dailyIntervalMinutes(schedule: string): number {
  const [, hours, dayOfMonth, month] = /^cron\((.*)\)$/.exec(schedule)?.[1].split(' ') ?? [];
  if (dayOfMonth !== '?' || month !== '*') return Infinity;
  const step = /^\*\/(\d+)$/.exec(hours);
  return step ? Number(step[1]) * 60 : 24 * 60;
}

describe('achievable RPO', () => {
  it("equals the interval of seed 002's most frequent rule copied to the secondary region", () => {
    const copied = Object.values(seed002PostgresRules('arn:aws:backup:eu-west-1:123456789012:backup-vault:copies')).filter((rule) => (rule.copyTo ?? []).length > 0);
    expect(Math.min(...copied.map((rule) => dailyIntervalMinutes(rule.schedule)))).toBe(BACKUP_COPY_INTERVAL_MINUTES);
    expect(achievableRpo('backup-restore')).toEqual({ minutes: 360, limitedBy: 'AWS Backup copies to the secondary region every 6 hours' });
  });

  it.each<[RecoveryStrategy, number]>([
    ['none', Infinity],
    ['backup-restore', 360],
    ['pilot-light', 15],
    ['warm-standby', 15],
  ])('for %s is %s minutes', (strategy, minutes) => {
    expect(achievableRpo(strategy).minutes).toBe(minutes);
  });
});

describe('failover steps', () => {
  it.each<[RecoveryStrategy, RecoveryCompute, number]>([
    ['warm-standby', 'eks', 45],
    ['pilot-light', 'eks', 85],
    ['backup-restore', 'eks', 145],
    ['pilot-light', 'ecs', 55],
    ['backup-restore', 'ecs', 115],
  ])('take %s on %s an estimated %s minutes', (strategy, compute, minutes) => {
    expect(estimatedRto({ strategy, compute })).toBe(minutes);
  });

  it('prepare the standby cluster, promote the replica, deploy the workloads (the autoscaler adds nodes) and switch DNS in a warm standby on EKS, with no new cache', () => {
    expect(failoverSteps({ strategy: 'warm-standby', compute: 'eks' }).map(({ id, minutes }) => [id, minutes])).toEqual([
      ['detect-and-decide', 10],
      ['prepare-standby-cluster', 5],
      ['promote-replica', 10],
      ['apply-workloads', 15],
      ['dns-failover', 5],
    ]);
  });

  it('restore PostgreSQL into a new secondary network and create cache and cluster in backup-restore on EKS', () => {
    expect(failoverSteps({ strategy: 'backup-restore', compute: 'eks' }).map(({ id, minutes }) => [id, minutes])).toEqual([
      ['detect-and-decide', 10],
      ['secondary-network', 10],
      ['restore-postgres', 60],
      ['create-cache', 15],
      ['create-cluster', 35],
      ['apply-workloads', 10],
      ['dns-failover', 5],
    ]);
  });

  it('apply the ECS services instead of a cluster and workloads on ECS', () => {
    expect(failoverSteps({ strategy: 'pilot-light', compute: 'ecs' }).map(({ id }) => id)).toEqual(['detect-and-decide', 'promote-replica', 'create-cache', 'apply-services', 'dns-failover']);
  });

  it('are none, and the RTO unbounded, without a strategy', () => {
    expect(failoverSteps({ strategy: 'none', compute: 'eks' })).toEqual([]);
    expect(estimatedRto({ strategy: 'none', compute: 'eks' })).toBe(Infinity);
  });

  it('each say what to do in one line', () => {
    for (const step of failoverSteps({ strategy: 'backup-restore', compute: 'eks' })) expect(step.how).toMatch(/^[A-Z][^\n]+$/);
  });
});

describe('recovery objective problems', () => {
  const objectives = { strategy: 'backup-restore' as RecoveryStrategy, compute: 'eks' as RecoveryCompute, rpoMinutes: 360, rtoMinutes: 240 };

  it("are none for the config defaults (backup-restore, RPO 360, RTO 240) on EKS and ECS", () => {
    expect(recoveryObjectiveProblems(objectives)).toEqual([]);
    expect(recoveryObjectiveProblems({ ...objectives, compute: 'ecs' })).toEqual([]);
  });

  it('name the copy interval and the replica strategies when backup-restore is asked for RPO 15', () => {
    expect(recoveryObjectiveProblems({ ...objectives, rpoMinutes: 15 })).toEqual([
      {
        field: 'rpoMinutes',
        problem: '15 minutes cannot be met by backup-restore: AWS Backup copies to the secondary region every 6 hours, so up to 360 minutes of data are lost',
        fix: "set strategy: 'pilot-light' or 'warm-standby' (a cross-region replica, RPO 15), or rpoMinutes: 360 or more",
      },
    ]);
  });

  it('offer only pilot-light for a tight RPO on ECS, which has no warm standby', () => {
    expect(recoveryObjectiveProblems({ ...objectives, compute: 'ecs', rpoMinutes: 60 })[0].fix).toBe("set strategy: 'pilot-light' (a cross-region replica, RPO 15), or rpoMinutes: 360 or more");
  });

  it.each<RecoveryStrategy>(['pilot-light', 'warm-standby'])('accept RPO 15 and refuse RPO 14 for %s, as no strategy loses less', (strategy) => {
    expect(recoveryObjectiveProblems({ ...objectives, strategy, rpoMinutes: 15 })).toEqual([]);
    expect(recoveryObjectiveProblems({ ...objectives, strategy, rpoMinutes: 14 })).toEqual([
      {
        field: 'rpoMinutes',
        problem: `14 minutes cannot be met by ${strategy}: S3 Replication Time Control replicates 99.99 % of objects within 15 minutes; the PostgreSQL replica lags seconds, so up to 15 minutes of data are lost`,
        fix: 'set rpoMinutes: 15 or more: no strategy loses less',
      },
    ]);
  });

  it('name the estimate, the largest steps and warm standby when pilot light on EKS is asked for RTO 60', () => {
    expect(recoveryObjectiveProblems({ ...objectives, strategy: 'pilot-light', rpoMinutes: 15, rtoMinutes: 60 })).toEqual([
      {
        field: 'rtoMinutes',
        problem: '60 minutes cannot be met by pilot-light on EKS: its failover takes an estimated 85 minutes, most of them create-cluster (35) and create-cache (15)',
        fix: "set strategy: 'warm-standby' (estimated RTO 45), or rtoMinutes: 85 or more",
      },
    ]);
  });

  it('suggest the cheapest strategy that meets the RTO, not the fastest', () => {
    expect(recoveryObjectiveProblems({ ...objectives, rtoMinutes: 90 })[0].fix).toBe("set strategy: 'pilot-light' (estimated RTO 85), or rtoMinutes: 145 or more");
  });

  it('accept RTO 45 and refuse RTO 44 for a warm standby on EKS, the fastest strategy', () => {
    const warm = { ...objectives, strategy: 'warm-standby' as const, rpoMinutes: 15 };
    expect(recoveryObjectiveProblems({ ...warm, rtoMinutes: 45 })).toEqual([]);
    expect(recoveryObjectiveProblems({ ...warm, rtoMinutes: 44 })).toEqual([
      expect.objectContaining({ field: 'rtoMinutes', fix: 'set rtoMinutes: 45 or more: no strategy on EKS fails over in under 45 minutes' }),
    ]);
  });

  it('point a slower strategy at the fastest one when no strategy meets the RTO', () => {
    expect(recoveryObjectiveProblems({ ...objectives, compute: 'ecs', rtoMinutes: 30 })[0].fix).toBe(
      "set rtoMinutes: 115 or more, or strategy: 'pilot-light' with rtoMinutes: 55 or more: no strategy on ECS fails over in under 55 minutes",
    );
  });

  it('are not raised for strategy none, whatever the objectives', () => {
    expect(recoveryObjectiveProblems({ ...objectives, strategy: 'none', rpoMinutes: 1, rtoMinutes: 1 })).toEqual([]);
  });

  it('list warm standby for EKS only', () => {
    expect(supportedStrategies('eks')).toContain('warm-standby');
    expect(supportedStrategies('ecs')).not.toContain('warm-standby');
  });
});
