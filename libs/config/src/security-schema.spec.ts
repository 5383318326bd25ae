import type { EnvironmentInput } from './environment-schema';
import { loadEnvironment } from './load-environment';
import type { SecurityInput } from './security-schema';
import { configIssues, exampleEnvironment } from './testing';

const withSecurity = (security: SecurityInput, overrides: Partial<EnvironmentInput> = {}) => exampleEnvironment({ security, ...overrides });
const securityIssues = (input: unknown) => configIssues(input).filter((issue) => issue.startsWith('security.'));
const DEVELOPMENT = { production: false } as const;

describe('security settings', () => {
  it('default to everything on, a year of locked audit logs moving to Glacier after 90 days', () => {
    expect(loadEnvironment(exampleEnvironment()).security).toEqual({
      cloudTrail: { enabled: true, dataEvents: true, retentionDays: 365, glacierAfterDays: 90, cloudWatchLogs: true, logGroupRetentionDays: 365 },
      guardDuty: { enabled: true, s3Protection: true, eksAuditLogs: true, runtimeMonitoring: true, rdsLoginProtection: true },
      securityHub: { enabled: true, standards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark'] },
      config: { enabled: true },
      accessAnalyzer: true,
    });
  });

  it.each<[string, EnvironmentInput]>([
    ['the costly parts off outside production', withSecurity({ cloudTrail: { dataEvents: false }, guardDuty: { runtimeMonitoring: false }, securityHub: { standards: [] }, config: { enabled: false } }, DEVELOPMENT)],
    ['no trail and no detector outside production', withSecurity({ cloudTrail: { enabled: false }, guardDuty: { enabled: false }, config: { enabled: false }, securityHub: { standards: [] } }, DEVELOPMENT)],
    ['exactly a year of audit logs in production', withSecurity({ cloudTrail: { retentionDays: 365, glacierAfterDays: 364 } })],
    ['a day of audit logs outside production', withSecurity({ cloudTrail: { retentionDays: 2, glacierAfterDays: 1 } }, DEVELOPMENT)],
    ['governance-mode object lock in production', withSecurity({ cloudTrail: { objectLockMode: 'GOVERNANCE' } })],
    ['Security Hub without standards and without a recorder', withSecurity({ securityHub: { standards: [] }, config: { enabled: false } })],
    ['standards without a recorder when Security Hub is off', withSecurity({ securityHub: { enabled: false }, config: { enabled: false } })],
  ])('accept %s', (_case, input) => {
    expect(() => loadEnvironment(input)).not.toThrow();
  });

  it.each<[string, EnvironmentInput, string]>([
    [
      'no audit trail in production',
      withSecurity({ cloudTrail: { enabled: false }, config: { enabled: false }, securityHub: { standards: [] } }),
      'security.cloudTrail.enabled: is false in production: without the audit trail nobody can tell who did what in the account. Fix: remove enabled: false, or set production: false',
    ],
    [
      'no detector in production',
      withSecurity({ guardDuty: { enabled: false } }),
      'security.guardDuty.enabled: is false in production: threats to the account would go unnoticed. Fix: remove enabled: false, or set production: false',
    ],
    [
      '364 days of audit logs in production',
      withSecurity({ cloudTrail: { retentionDays: 364 } }),
      'security.cloudTrail.retentionDays: 364 days is too short for production: auditors expect a year of history. Fix: keep at least 365 days (the default)',
    ],
    [
      'Glacier on the day the logs expire',
      withSecurity({ cloudTrail: { retentionDays: 30, glacierAfterDays: 30 } }, DEVELOPMENT),
      'security.cloudTrail.glacierAfterDays: 30 is not fewer than retentionDays (30), so log files would expire before reaching Glacier. Fix: set glacierAfterDays below 30',
    ],
    [
      'a recorder without the trail',
      withSecurity({ cloudTrail: { enabled: false }, securityHub: { standards: [] } }, DEVELOPMENT),
      'security.config.enabled: needs cloudTrail.enabled: Config delivers its snapshots encrypted with the audit trail key. Fix: turn the trail on, or set config.enabled: false',
    ],
    [
      'standards without a recorder',
      withSecurity({ config: { enabled: false } }, DEVELOPMENT),
      'security.securityHub.standards: needs config.enabled: the controls of a standard are AWS Config rules, which without a recorder report nothing. Fix: set config.enabled: true, or standards: []',
    ],
    ['a log group retention CloudWatch refuses', withSecurity({ cloudTrail: { logGroupRetentionDays: 100 } }), 'security.cloudTrail.logGroupRetentionDays: is not a retention CloudWatch Logs accepts.'],
  ])('refuse %s', (_case, input, expected) => {
    expect(securityIssues(input).join('\n')).toContain(expected);
  });
});
