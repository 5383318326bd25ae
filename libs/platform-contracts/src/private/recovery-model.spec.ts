import { arnRegion, type BackupSelection, scheduleGapHours, selects } from './recovery-model';

describe('scheduleGapHours', () => {
  it.each([
    ['cron(0 */6 ? * * *)', 6],
    ['cron(0 */12 ? * * *)', 12],
    ['cron(0 3 ? * * *)', 24],
    ['cron(0 1,7,13,19 ? * * *)', 6],
    ['cron(0 0,4,20 ? * * *)', 16],
    ['cron(0 5/6 ? * * *)', 6],
    ['cron(0 0-12/3 ? * * *)', 12],
    ['cron(0 * ? * * *)', 1],
    ['rate(1 hour)', 1],
    ['rate(90 minutes)', 1.5],
    ['rate(2 days)', 48],
  ])('%s runs at most %d hours apart', (schedule, hours) => {
    expect(scheduleGapHours(schedule)).toBe(hours);
  });

  it.each([['cron(0 4 1 * ? *)'], ['cron(0 3 ? * MON *)'], ['cron(0 */0 ? * * *)'], ['every 6 hours'], [undefined]])('%s is not a daily schedule it can measure', (schedule) => {
    expect(scheduleGapHours(schedule)).toBeUndefined();
  });
});

describe('selects', () => {
  const selection = (overrides: Partial<BackupSelection>): BackupSelection => ({
    resource: undefined as never,
    tags: [],
    resources: [],
    notResources: [],
    conditions: [],
    ...overrides,
  });
  const arn = 'arn:aws:rds:eu-central-1:123456789012:db:platform-production';

  it('picks a resource by any selection tag, or by its ARN (wildcards too)', () => {
    expect(selects(selection({ tags: [{ key: 'Backup', value: 'platform-production' }] }), { Backup: 'platform-production' }, [arn])).toBe(true);
    expect(selects(selection({ tags: [{ key: 'Backup', value: 'platform-production' }] }), { Backup: 'platform-staging' }, [arn])).toBe(false);
    expect(selects(selection({ resources: ['arn:aws:rds:*:*:db:*'] }), {}, [arn])).toBe(true);
    expect(selects(selection({ resources: ['arn:aws:rds:*:*:db:other'] }), {}, [arn])).toBe(false);
  });

  it('needs every condition, and not_resources excludes', () => {
    const tagged = { tags: [{ key: 'Backup', value: 'yes' }] };
    expect(selects(selection({ ...tagged, conditions: [{ key: 'Tier', value: 'data' }] }), { Backup: 'yes' }, [arn])).toBe(false);
    expect(selects(selection({ ...tagged, conditions: [{ key: 'Tier', value: 'data' }] }), { Backup: 'yes', Tier: 'data' }, [arn])).toBe(true);
    expect(selects(selection({ ...tagged, notResources: [arn] }), { Backup: 'yes' }, [arn])).toBe(false);
  });
});

describe('arnRegion', () => {
  it('reads the region of a regional ARN, none of a global one', () => {
    expect(arnRegion('arn:aws:kms:eu-west-1:123456789012:key/abc')).toBe('eu-west-1');
    expect(arnRegion('arn:aws:s3:::bucket')).toBeUndefined();
    expect(arnRegion('alias/aws/secretsmanager')).toBeUndefined();
  });
});
