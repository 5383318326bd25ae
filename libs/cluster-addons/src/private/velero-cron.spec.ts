import { veleroScheduleProblem } from './velero-cron';

describe("Velero's schedule (robfig/cron's ParseStandard)", () => {
  it.each([
    '0 2 * * *',
    '*/15 * * * *',
    '0 0-23/6 * * *',
    '30 1 1,15 * *',
    '0 2 * JAN-MAR MON-FRI',
    '0 2 * * sun',
    '0 2 ? * *',
    '0 2 * * */7',
    '0 2 * * 1-5/2',
    '@daily',
    '@midnight',
    '@hourly',
    '@annually',
    '@every 6h',
    '@every 1h30m',
    'CRON_TZ=Europe/Berlin 0 2 * * *',
    'TZ=UTC @daily',
  ])('accepts %s', (schedule) => {
    expect(veleroScheduleProblem(schedule)).toBeUndefined();
  });

  it.each([
    ['99 2 * * *', 'is not valid cron: Constraint error, got value 99 expected range 0-59'],
    ['0 25 * * *', 'is not valid cron: Constraint error, got value 25 expected range 0-23'],
    ['0 2 32 * *', 'is not valid cron: Constraint error, got value 32 expected range 1-31'],
    ['0 2 * 13 *', 'is not valid cron: Constraint error, got value 13 expected range 1-12'],
    ['0 2 * * 7', "day-of-week '7' is outside 0-6 (0 is Sunday)"],
    ['0 2 * * 1-7', "day-of-week '1-7' is outside 0-6 (0 is Sunday)"],
    ['0 2 * * 7/2', "day-of-week '7/2' is outside 0-6 (0 is Sunday)"],
    ['0 3 31 2 *', "never runs: no month in '2' has day 31"],
    ['5-2 * * * *', 'is not valid cron: Invalid range: 5-2, min(5) > max(2)'],
    ['*/0 * * * *', 'is not valid cron: Constraint error, cannot repeat at every 0 time'],
    ['0 2 * *', "has 4 fields; Velero's cron needs 5 (minute hour day-of-month month day-of-week)"],
    ['0 0 2 * * *', "has 6 fields; Velero's cron needs 5 (minute hour day-of-month month day-of-week)"],
    ['', "has 0 fields; Velero's cron needs 5 (minute hour day-of-month month day-of-week)"],
    ['0 2 L * *', "day-of-month 'L' uses L, W, # or H, which Velero's cron (robfig/cron) does not support"],
    ['0 2 * * 5#3', "day-of-week '5#3' uses L, W, # or H, which Velero's cron (robfig/cron) does not support"],
    ['H 2 * * *', "minute 'H' uses L, W, # or H, which Velero's cron (robfig/cron) does not support"],
    ['@every 6 hours', "'6 hours' is not a Go duration such as 6h or 1h30m"],
    ['@every 1d', "'1d' is not a Go duration such as 6h or 1h30m"],
    ['@nightly', "'@nightly' is not a descriptor Velero knows (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)"],
    ['CRON_TZ=Mars/Olympus 0 2 * * *', "'Mars/Olympus' is not an IANA time zone"],
  ])('rejects %j: %s', (schedule, problem) => {
    expect(veleroScheduleProblem(schedule)).toBe(problem);
  });
});
