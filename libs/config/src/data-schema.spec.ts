import { loadEnvironment } from './load-environment';
import { configIssues, exampleEnvironment, issueCodesUnder, issueMatching } from './testing';

const issuesOf = (input: unknown) => configIssues(input);

describe('data settings', () => {
  it('hold no connection secrets by default: applications reach PostgreSQL and Redis with IAM authentication', () => {
    const { data } = loadEnvironment(exampleEnvironment());
    expect(data.secrets.filter((name) => /redis|database|postgres-url/.test(name))).toEqual([]);
  });

  it('default to the production choices', () => {
    const { data } = loadEnvironment(exampleEnvironment());
    expect(data.postgres).toEqual({
      engineVersion: '16',
      autoMinorVersionUpgrade: true,
      instanceClass: 'db.t3.medium',
      allocatedStorageGiB: 100,
      maxAllocatedStorageGiB: 1000,
      multiAz: true,
      backupRetentionDays: 30,
      readReplicas: 0,
      applicationUsername: 'app',
      masterPasswordRotationDays: 30,
    });
    expect(data.redis).toEqual({ engineVersion: '7.1', nodeType: 'cache.t3.medium', nodes: 2, multiAz: true });
    expect(data.search.enabled).toBe(false);
  });

  it.each<[string, object, string | RegExp]>([
    ['a backup retention above 35 days', { postgres: { backupRetentionDays: 36 } }, 'data.postgres.backupRetentionDays: is outside 0–35 days, the RDS limits. Fix: write a number of days from 0 to 35'],
    ['a negative backup retention', { postgres: { backupRetentionDays: -1 } }, 'data.postgres.backupRetentionDays: is outside 0–35 days, the RDS limits. Fix: write a number of days from 0 to 35'],
    [
      'a storage limit below the allocated storage',
      { postgres: { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 100 } },
      'data.postgres.maxAllocatedStorageGiB: 100 is below allocatedStorageGiB 200. Fix: make the autoscaling limit at least the allocated storage',
    ],
    [
      'a Multi-AZ Redis with one node',
      { redis: { nodes: 1 } },
      'data.redis.multiAz: needs at least 2 nodes for automatic failover, but nodes is 1. Fix: set nodes: 2 or more, or multiAz: false',
    ],
    ['an application user name with a hyphen', { postgres: { applicationUsername: 'novel-engine' } }, /^data\.postgres\.applicationUsername: is not a PostgreSQL user name\. Fix: /],
    ['the master user as application user', { postgres: { applicationUsername: 'postgres' } }, /^data\.postgres\.applicationUsername: is the RDS master user/],
    ['a PostgreSQL 14 version', { postgres: { engineVersion: '14' } }, /^data\.postgres\.engineVersion: is not PostgreSQL 15 or 16\. Fix: write a major version such as '16'/],
    [
      'a pinned minor version with automatic minor upgrades on',
      { postgres: { engineVersion: '16.8' } },
      "data.postgres.engineVersion: '16.8' pins a minor version while autoMinorVersionUpgrade is on, so every plan after RDS upgrades the minor version wants to change it back. Fix: write engineVersion: '16', or set autoMinorVersionUpgrade: false to keep 16.8",
    ],
    ['an unknown country code in the geo restriction', { cdn: { allowedCountries: ['DE', 'EU'] } }, /^data\.cdn\.allowedCountries\.1: is not an ISO 3166-1 alpha-2 country code/],
    ['a WAF rate limit below 100', { cdn: { rateLimitPer5Minutes: 50 } }, 'data.cdn.rateLimitPer5Minutes: is below 100, the WAF minimum. Fix: write 100 or more, such as 2000'],
    ['backups switched off in production', { postgres: { backupRetentionDays: 0 } }, 'data.postgres.backupRetentionDays: 0 days is too short for production. Fix: keep backups at least 7 days (default 30)'],
  ])('reject %s', (_case, data, expected) => {
    expect(issuesOf(exampleEnvironment({ data }))).toContainEqual(issueMatching(expected));
  });

  it('allow a pinned minor version with automatic minor upgrades off', () => {
    const { data } = loadEnvironment(exampleEnvironment({ data: { postgres: { engineVersion: '15.12', autoMinorVersionUpgrade: false } } }));
    expect(data.postgres).toMatchObject({ engineVersion: '15.12', autoMinorVersionUpgrade: false });
  });

  it('allow a single-node, single-AZ setup with short backups outside production', () => {
    const { data } = loadEnvironment(exampleEnvironment({ production: false, data: { redis: { nodes: 1, multiAz: false }, postgres: { multiAz: false, backupRetentionDays: 1 } } }));
    expect(data.redis.nodes).toBe(1);
  });

  describe('at their thresholds', () => {
    /** Issues on `field` of an environment with these data settings; none when the environment loads. */
    const onField = (field: string, data: object, production = true) => {
      const input = exampleEnvironment({ production, data });
      try {
        loadEnvironment(input);
        return [];
      } catch {
        return issuesOf(input).filter((issue) => issue.startsWith(`${field}:`));
      }
    };

    // The production minimum (7 days) is the environment's rule: environment-schema.spec.ts holds it at its threshold.
    it.each([
      [0, 0],
      [35, 0],
      [36, 1],
    ])('backups kept %i days outside production: %i issue', (backupRetentionDays, issues) => {
      expect(onField('data.postgres.backupRetentionDays', { postgres: { backupRetentionDays, multiAz: false }, redis: { nodes: 1, multiAz: false } }, false)).toHaveLength(issues);
    });

    it.each([
      ['postgres', ["data.postgres.applicationUsername: is the RDS master user, which applications must not use. Fix: use a user of its own, e.g. 'app'"]],
      ['postgresql', []],
    ])('an application user %s: %p', (applicationUsername, expected) => {
      expect(onField('data.postgres.applicationUsername', { postgres: { applicationUsername } })).toEqual(expected);
    });

    it.each([
      ['XX', ["data.cdn.allowedCountries.1: is not an ISO 3166-1 alpha-2 country code. Fix: use upper-case codes such as 'DE', 'FR', 'NL'"]],
      ['GB', []],
    ])('a CDN country %s: %p', (code, expected) => {
      expect(onField('data.cdn.allowedCountries.1', { cdn: { allowedCountries: ['DE', code] } })).toEqual(expected);
    });

    const outsideEea = (index: number, code: string) =>
      `data.cdn.allowedCountries.${index}: '${code}' is outside the EU/EEA, and gdpr: true limits the CDN to visitors from there. Fix: remove '${code}', or set gdpr: false if the data may be served outside the EU`;
    it.each<[string[], boolean, string[]]>([
      [['IS', 'LI', 'NO', 'DE'], true, []],
      [['DE', 'CH', 'GB'], true, [outsideEea(1, 'CH'), outsideEea(2, 'GB')]],
      [['CH', 'GB'], false, []],
    ])('CDN countries %j with gdpr %p: %p', (allowedCountries, gdpr, expected) => {
      const issues = allowedCountries.flatMap((_, index) => onField(`data.cdn.allowedCountries.${index}`, { cdn: { gdpr, allowedCountries } }));
      expect(issues).toEqual(expected);
    });

    it('an empty country list stays empty (everyone) without gdpr', () => {
      expect(loadEnvironment(exampleEnvironment({ data: { cdn: { gdpr: false } } })).data.cdn.allowedCountries).toEqual([]);
    });

    it.each([
      [99, 1],
      [100, 0],
    ])('a WAF rate limit of %i: %i issue', (rateLimitPer5Minutes, issues) => {
      expect(onField('data.cdn.rateLimitPer5Minutes', { cdn: { rateLimitPer5Minutes } })).toHaveLength(issues);
    });

    it.each([
      [{ allocatedStorageGiB: 200, maxAllocatedStorageGiB: 199 }, 1],
      [{ allocatedStorageGiB: 200, maxAllocatedStorageGiB: 200 }, 0],
    ])('storage %o: %i issue', (postgres, issues) => {
      expect(onField('data.postgres.maxAllocatedStorageGiB', { postgres })).toHaveLength(issues);
    });

    it.each([
      [1, 1],
      [2, 0],
    ])('a Multi-AZ Redis of %i nodes: %i issue', (nodes, issues) => {
      expect(onField('data.redis.multiAz', { redis: { nodes } })).toHaveLength(issues);
    });
  });

  it("reports its refinements as zod's custom issues", () => {
    const input = exampleEnvironment({
      data: { postgres: { engineVersion: '16.8', allocatedStorageGiB: 200, maxAllocatedStorageGiB: 100 }, redis: { nodes: 1 }, cdn: { gdpr: true, allowedCountries: ['US'] } },
    });
    expect(configIssues(input)).toHaveLength(4);
    expect(issueCodesUnder(input, 'data')).toEqual(['custom']);
  });
});
