import { CronExpressionParser } from 'cron-parser';

/**
 * What Velero accepts as `Schedule.spec.schedule`: its schedule controller parses it with robfig/cron v3's
 * `cron.ParseStandard` (vmware-tanzu/velero pkg/controller/schedule_controller.go), which takes
 * - five fields, minute hour day-of-month month day-of-week, with `*`, `?` (as `*`), lists, ranges, steps and the
 *   names JAN–DEC and SUN–SAT; day-of-week runs 0–6 (7 is out of range);
 * - the descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and `@every <Go duration>`;
 * - an optional `CRON_TZ=<zone> ` or `TZ=<zone> ` prefix.
 * Field values are checked by cron-parser; robfig's narrower dialect (no seconds, no L, W, # or H) is enforced here.
 */

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
/** A Go duration as `time.ParseDuration` reads it: signed decimal numbers with units, e.g. `6h`, `1h30m`, `90s`. */
const GO_DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;
const TIME_ZONE_PREFIX = /^(?:CRON_TZ|TZ)=(\S+)\s+/;
const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];

/** Why Velero would reject `schedule`, or undefined when it accepts it. */
export function veleroScheduleProblem(schedule: string): string | undefined {
  // Cached: every environment passes the same default schedule, and cron-parser's first call costs milliseconds.
  if (!PROBLEMS.has(schedule)) PROBLEMS.set(schedule, uncachedProblem(schedule));
  return PROBLEMS.get(schedule);
}

const PROBLEMS = new Map<string, string | undefined>();

function uncachedProblem(schedule: string): string | undefined {
  const zone = TIME_ZONE_PREFIX.exec(schedule.trim());
  if (zone !== null && !isTimeZone(zone[1])) return `'${zone[1]}' is not an IANA time zone`;
  const spec = schedule.trim().slice(zone?.[0].length ?? 0).trim();
  if (spec.startsWith('@')) return descriptorProblem(spec);
  const fields = spec.split(/\s+/);
  if (spec === '' || fields.length !== 5) return `has ${spec === '' ? 0 : fields.length} fields; Velero's cron needs 5 (${FIELD_NAMES.join(' ')})`;
  const extension = fields.findIndex((field) => /[LW#H]/i.test(field.replace(/[a-z]{3}/gi, (name) => (isName(name) ? '' : name))));
  if (extension >= 0) return `${FIELD_NAMES[extension]} '${fields[extension]}' uses L, W, # or H, which Velero's cron (robfig/cron) does not support`;
  // Days named in lists and ranges, not steps: `*/7` is a step of 7 days, which robfig accepts.
  const days = fields[4].split(',').flatMap((part) => part.split('/')[0].split('-'));
  if (days.some((value) => /^\d+$/.test(value) && Number(value) > 6)) return `day-of-week '${fields[4]}' is outside 0-6 (0 is Sunday)`;
  try {
    // Only the fields matter here, not a time zone (which costs cron-parser a luxon zone lookup).
    CronExpressionParser.parse(spec, { strict: false });
    return undefined;
  } catch (error) {
    const message = (error as Error).message.replace(/\.$/, '');
    // cron-parser's words for a day of month none of the months named has (`0 3 31 2 *`).
    if (/Invalid explicit day of month definition/i.test(message)) return `never runs: no month in '${fields[3]}' has day ${fields[2]}`;
    return `is not valid cron: ${message}`;
  }
}

function descriptorProblem(spec: string): string | undefined {
  const every = /^@every\s+(.+)$/.exec(spec);
  if (every !== null) return GO_DURATION.test(every[1]) ? undefined : `'${every[1]}' is not a Go duration such as 6h or 1h30m`;
  return DESCRIPTORS.has(spec) ? undefined : `'${spec}' is not a descriptor Velero knows (${[...DESCRIPTORS].join(', ')}, @every <duration>)`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function isName(text: string): boolean {
  return MONTHS.includes(text.toLowerCase()) || WEEKDAYS.includes(text.toLowerCase());
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
