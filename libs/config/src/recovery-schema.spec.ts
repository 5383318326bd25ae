import type { EnvironmentInput } from './environment-schema';
import { loadEnvironment } from './load-environment';
import type { RecoveryInput } from './recovery-schema';
import { configIssues, configIssuesUnder, exampleEcsEnvironment, exampleEnvironment } from './testing';

const eks = (recovery: RecoveryInput, overrides: Partial<EnvironmentInput> = {}) => exampleEnvironment({ recovery, ...overrides });
const ecs = (recovery: RecoveryInput) => exampleEcsEnvironment({ recovery });
/** A warm standby on EKS that meets seed 002's objectives (RPO 15 / RTO 60), as production writes it. */
const warmStandby: RecoveryInput = { strategy: 'warm-standby', rpoMinutes: 15, rtoMinutes: 60, secondaryVpcCidr: '10.130.0.0/16' };
const recoveryIssues = (input: unknown) => configIssues(input).filter((issue) => issue.startsWith('recovery.'));

describe('recovery objectives', () => {
  it('default to backup-restore with RPO 360 / RTO 240 in eu-west-1, serving from the primary region', () => {
    expect(loadEnvironment(exampleEnvironment()).recovery).toEqual({
      strategy: 'backup-restore',
      rpoMinutes: 360,
      rtoMinutes: 240,
      secondaryRegion: 'eu-west-1',
      secondaryAvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      activeRegion: 'primary',
      breakGlassRoleArns: [],
    });
    expect(loadEnvironment(exampleEcsEnvironment()).recovery.strategy).toBe('backup-restore');
  });

  it("mirror the primary zones' letters in the secondary region unless zones are written", () => {
    expect(loadEnvironment(eks({}, { availabilityZones: ['eu-central-1a', 'eu-central-1c'] })).recovery.secondaryAvailabilityZones).toEqual(['eu-west-1a', 'eu-west-1c']);
    expect(loadEnvironment(eks({ secondaryAvailabilityZones: ['eu-west-1b', 'eu-west-1c'] })).recovery.secondaryAvailabilityZones).toEqual(['eu-west-1b', 'eu-west-1c']);
  });

  it.each<[string, EnvironmentInput]>([
    ['a warm standby on EKS meeting RPO 15 / RTO 45', eks({ ...warmStandby, rtoMinutes: 45 })],
    ['a pilot light on EKS meeting RPO 15 / RTO 85', eks({ ...warmStandby, strategy: 'pilot-light', rtoMinutes: 85 })],
    ['a pilot light on ECS meeting RPO 60 / RTO 240, as storymagic-production', ecs({ strategy: 'pilot-light', rpoMinutes: 60, rtoMinutes: 240, secondaryVpcCidr: '10.100.0.0/16' })],
    ['no strategy outside production', eks({ strategy: 'none', rpoMinutes: 1, rtoMinutes: 1 }, { production: false })],
    ['a prepared secondary network under backup-restore', eks({ secondaryVpcCidr: '10.130.0.0/16' })],
    ['a failover to the secondary region of a warm standby', eks({ ...warmStandby, activeRegion: 'secondary' })],
  ])('accept %s', (_case, input) => {
    expect(() => loadEnvironment(input)).not.toThrow();
  });

  it.each<[string, EnvironmentInput, string]>([
    [
      'RPO 15 with backup-restore on EKS',
      eks({ rpoMinutes: 15 }),
      "recovery.rpoMinutes: 15 minutes cannot be met by backup-restore: AWS Backup copies to the secondary region every 6 hours, so up to 360 minutes of data are lost. Fix: set strategy: 'pilot-light' or 'warm-standby' (a cross-region replica, RPO 15), or rpoMinutes: 360 or more",
    ],
    [
      'RPO 60 with backup-restore on ECS',
      ecs({ rpoMinutes: 60 }),
      "recovery.rpoMinutes: 60 minutes cannot be met by backup-restore: AWS Backup copies to the secondary region every 6 hours, so up to 360 minutes of data are lost. Fix: set strategy: 'pilot-light' (a cross-region replica, RPO 15), or rpoMinutes: 360 or more",
    ],
    [
      'RPO 14 with pilot-light',
      eks({ ...warmStandby, strategy: 'pilot-light', rpoMinutes: 14, rtoMinutes: 85 }),
      'recovery.rpoMinutes: 14 minutes cannot be met by pilot-light: S3 Replication Time Control replicates 99.99 % of objects within 15 minutes; the PostgreSQL replica lags seconds, so up to 15 minutes of data are lost. Fix: set rpoMinutes: 15 or more: no strategy loses less',
    ],
    [
      'RPO 14 with warm-standby',
      eks({ ...warmStandby, rpoMinutes: 14 }),
      'recovery.rpoMinutes: 14 minutes cannot be met by warm-standby: S3 Replication Time Control replicates 99.99 % of objects within 15 minutes; the PostgreSQL replica lags seconds, so up to 15 minutes of data are lost. Fix: set rpoMinutes: 15 or more: no strategy loses less',
    ],
    [
      'RTO 60 with pilot-light on EKS',
      eks({ ...warmStandby, strategy: 'pilot-light' }),
      "recovery.rtoMinutes: 60 minutes cannot be met by pilot-light on EKS: its failover takes an estimated 85 minutes, most of them create-cluster (35) and create-cache (15). Fix: set strategy: 'warm-standby' (estimated RTO 45), or rtoMinutes: 85 or more",
    ],
    [
      'RTO 44 with warm-standby on EKS',
      eks({ ...warmStandby, rtoMinutes: 44 }),
      'recovery.rtoMinutes: 44 minutes cannot be met by warm-standby on EKS: its failover takes an estimated 45 minutes, most of them apply-workloads (15) and detect-and-decide (10). Fix: set rtoMinutes: 45 or more: no strategy on EKS fails over in under 45 minutes',
    ],
    [
      'RTO 60 with backup-restore on ECS',
      ecs({ rtoMinutes: 60 }),
      "recovery.rtoMinutes: 60 minutes cannot be met by backup-restore on ECS: its failover takes an estimated 115 minutes, most of them restore-postgres (60) and create-cache (15). Fix: set strategy: 'pilot-light' (estimated RTO 55), or rtoMinutes: 115 or more",
    ],
    [
      'a warm standby with no secondaryVpcCidr',
      eks({ ...warmStandby, secondaryVpcCidr: undefined }),
      "recovery.secondaryVpcCidr: is required by strategy 'warm-standby': the replica runs in a network of the secondary region. Fix: set secondaryVpcCidr: '10.130.0.0/16' (apart from network.vpcCidr; keep it unique across environments)",
    ],
    [
      'a pilot light with no secondaryVpcCidr',
      ecs({ strategy: 'pilot-light', rpoMinutes: 60 }),
      "recovery.secondaryVpcCidr: is required by strategy 'pilot-light': the replica runs in a network of the secondary region. Fix: set secondaryVpcCidr: '10.130.0.0/16' (apart from network.vpcCidr; keep it unique across environments)",
    ],
    [
      'a secondary region equal to the primary',
      eks({ secondaryRegion: 'eu-central-1' }),
      "recovery.secondaryRegion: 'eu-central-1' is the primary region, so a regional outage takes both. Fix: name another region, such as eu-west-1",
    ],
    [
      'a secondary VPC overlapping the primary',
      eks({ ...warmStandby, secondaryVpcCidr: '10.30.128.0/20' }),
      "recovery.secondaryVpcCidr: 10.30.128.0/20 overlaps network.vpcCidr (10.30.0.0/16), so the two networks could never be peered or routed to each other. Fix: write a range apart from it, such as '10.130.0.0/16'",
    ],
    ['a secondary VPC that is no CIDR', eks({ ...warmStandby, secondaryVpcCidr: '10.130.0.0' }), "recovery.secondaryVpcCidr: '10.130.0.0' is not an IPv4 CIDR such as 10.0.0.0/16. Fix: write a private range such as '10.130.0.0/16'"],
    [
      'a secondary VPC too small for the subnet layout',
      eks({ ...warmStandby, secondaryVpcCidr: '10.130.0.0/24' }),
      "recovery.secondaryVpcCidr: 10.130.0.0/24 is not /16–/20: AWS allows /16 at most and the computed subnet layout needs /20 at least. Fix: write a /16 such as '10.130.0.0/16'",
    ],
    [
      'a warm standby on ECS',
      ecs({ ...warmStandby, rtoMinutes: 240 }),
      "recovery.strategy: 'warm-standby' is not supported on ECS yet: there is no standby services stack. Fix: set strategy: 'pilot-light', which meets RTO 55",
    ],
    [
      'failing over to the secondary region without a replica',
      eks({ activeRegion: 'secondary' }),
      "recovery.activeRegion: 'secondary' needs a cross-region replica to promote, and strategy 'backup-restore' keeps none. Fix: set activeRegion: 'primary' (restore with the runbook, docs/disaster-recovery.md \"Failover (runbook as code)\"), or strategy: 'pilot-light'",
    ],
    [
      'no strategy in production',
      eks({ strategy: 'none' }),
      "recovery.strategy: is 'none' in production: losing the region would lose its data. Fix: set strategy: 'backup-restore' (RPO 360, RTO 145) or stronger, or production: false",
    ],
    ['secondary zones of another region', eks({ secondaryAvailabilityZones: ['eu-west-1a', 'eu-central-1b'] }), "recovery.secondaryAvailabilityZones.1: 'eu-central-1b' is not a zone of region eu-west-1. Fix: use zones of eu-west-1 such as eu-west-1a, eu-west-1b, eu-west-1c, or change secondaryRegion"],
    ['a secondary zone listed twice', eks({ secondaryAvailabilityZones: ['eu-west-1a', 'eu-west-1a'] }), "recovery.secondaryAvailabilityZones.1: 'eu-west-1a' is listed twice. Fix: list each zone once"],
    ['a single secondary zone', eks({ secondaryAvailabilityZones: ['eu-west-1a'] }), "recovery.secondaryAvailabilityZones: needs at least 2 zones, as the primary's network. Fix: list two or more, or remove the field to mirror the primary zones"],
    ['a break-glass role that is no role ARN', eks({ breakGlassRoleArns: ['platform-admin'] }), "recovery.breakGlassRoleArns.0: is not an IAM role ARN. Fix: write the role's ARN such as 'arn:aws:iam::123456789012:role/platform-admin'"],
  ])('refuse %s', (_case, input, expected) => {
    expect(recoveryIssues(input)).toContainEqual(expected);
  });

  it('suggest a secondary VPC apart from the primary even when 100 above it is taken', () => {
    expect(recoveryIssues(eks({ ...warmStandby, secondaryVpcCidr: undefined }, { network: { vpcCidr: '10.0.0.0/9' } }))).toContainEqual(expect.stringMatching(/Fix: set secondaryVpcCidr: '10\.128\.0\.0\/16'/));
  });

  it('raise only the unsupported strategy for a warm standby on ECS, not objectives it would not be held to', () => {
    expect(recoveryIssues(ecs({ ...warmStandby, rtoMinutes: 30 }))).toEqual([expect.stringMatching(/^recovery\.strategy: 'warm-standby' is not supported on ECS/)]);
  });

  it('do not refuse a secondary region equal to the primary when nothing is recovered there', () => {
    expect(() => loadEnvironment(eks({ strategy: 'none', secondaryRegion: 'eu-central-1' }, { production: false }))).not.toThrow();
  });

  describe('at their thresholds', () => {
    const tooSmallOrLarge = (cidr: string, suggestion = '10.130.0.0/16') =>
      `recovery.secondaryVpcCidr: ${cidr} is not /16–/20: AWS allows /16 at most and the computed subnet layout needs /20 at least. Fix: write a /16 such as '${suggestion}'`;
    const onCidr = (input: EnvironmentInput) => configIssuesUnder(input, 'recovery.secondaryVpcCidr:');

    it.each([
      ['10.130.0.0/15', [tooSmallOrLarge('10.130.0.0/15')]],
      ['10.130.0.0/16', []],
      ['10.130.0.0/20', []],
      ['10.130.0.0/21', [tooSmallOrLarge('10.130.0.0/21')]],
    ])('a secondary VPC of %s: %p', (secondaryVpcCidr, expected) => {
      expect(onCidr(eks({ ...warmStandby, secondaryVpcCidr }))).toEqual(expected);
    });

    it.each([
      ['10.200.0.0/16', '10.44.0.0/16'],
      ['172.16.0.0/16', '10.116.0.0/16'],
      ['10.0.0.0/8', '172.16.0.0/16'],
    ])('suggest for a primary VPC %s the secondary %s', (vpcCidr, suggestion) => {
      expect(onCidr(eks({ ...warmStandby, secondaryVpcCidr: '10.130.0.0/24' }, { network: { vpcCidr } }))).toEqual([tooSmallOrLarge('10.130.0.0/24', suggestion)]);
    });

    it('suggest from 10.0.0.0 up when the primary VPC is no CIDR', () => {
      expect(recoveryIssues(eks({ ...warmStandby, secondaryVpcCidr: undefined }, { network: { vpcCidr: 'ten' } }))).toContainEqual(expect.stringMatching(/Fix: set secondaryVpcCidr: '10\.100\.0\.0\/16'/));
    });

    it('do not report an overlap with a primary VPC that is no CIDR (reported at network.vpcCidr)', () => {
      expect(onCidr(eks({ ...warmStandby, secondaryVpcCidr: '10.130.0.0/16' }, { network: { vpcCidr: '10.130.0.0' } }))).toEqual([]);
    });

    it('fail over to the secondary region of a pilot light', () => {
      expect(() => loadEnvironment(eks({ ...warmStandby, strategy: 'pilot-light', rtoMinutes: 85, activeRegion: 'secondary' }))).not.toThrow();
    });

    it('refuse only the secondary region equal to the primary, where the environment serves from eu-west-1', () => {
      const input = eks({ secondaryRegion: 'eu-west-1' }, { region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
      expect(recoveryIssues(input)).toEqual(["recovery.secondaryRegion: 'eu-west-1' is the primary region, so a regional outage takes both. Fix: name another region, such as eu-central-1"]);
    });
  });
});
