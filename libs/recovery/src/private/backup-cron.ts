import { CronExpressionParser } from 'cron-parser';
import type { Requirement } from './validation';

/** One field of an AWS cron expression: its name, range and the names it accepts instead of numbers. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The six fields of an AWS cron expression, in order (EventBridge syntax, which AWS Backup uses). */
const FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS },
  { name: 'year', min: 1970, max: 2199 },
];

const EXAMPLE = 'cron(0 */6 ? * * *) for every 6 hours, cron(0 3 ? * * *) for daily at 03:00 UTC';

/**
 * Requires `expression` (the prop `field`) to be a schedule AWS Backup accepts: `cron(minutes hours day-of-month
 * month day-of-week year)`, each field in its range, exactly one of day-of-month and day-of-week `?`, and a single
 * minute, since AWS Backup starts a rule's jobs at most once an hour.
 */
export function requireBackupCron(require: Requirement, expression: string, field: string): void {
  const match = /^cron\((.*)\)$/.exec(expression);
  require(match !== null, field, `'${expression}' is not a cron(...) expression`, `write e.g. ${EXAMPLE}`);
  const parts = (match?.[1] ?? '').trim().split(/\s+/);
  require(parts.length === 6, field, `'${expression}' has ${parts.length} fields, AWS Backup needs 6 (minutes hours day-of-month month day-of-week year)`, `write e.g. ${EXAMPLE}`);
  FIELDS.forEach((cronField, index) => {
    const problem = fieldProblem(parts[index], cronField);
    require(problem === undefined, field, `'${expression}' ${cronField.name} '${parts[index]}' ${problem}`, `write ${cronField.name} as *, a value from ${cronField.min} to ${cronField.max}, a range a-b, a list a,b or a step */n`);
  });
  const [minutes, , dayOfMonth, , dayOfWeek] = parts;
  require((dayOfMonth === '?') !== (dayOfWeek === '?'), field, `'${expression}' needs exactly one of day-of-month and day-of-week to be '?'`, `write e.g. ${EXAMPLE}`);
  require(!neverRuns(parts), field, `'${expression}' never runs: month ${parts[3]} has no day ${dayOfMonth}`, 'pick a day every chosen month has, or L for the last day of the month');
  require(/^\d+$/.test(minutes), field, `'${expression}' runs more than once an hour (minutes '${minutes}'); AWS Backup's shortest interval is one hour`, 'write a single minute, e.g. cron(0 * ? * * *) for hourly');
}

/**
 * True when the day-of-month never occurs in the chosen months (`cron(0 3 30 2 ? *)`, 31 in a 30-day month): AWS
 * accepts such a rule, which then never backs anything up. The field checks above are AWS's dialect (weekdays 1-7,
 * a year field, W) which cron-parser does not read; for explicit days in every year the two agree, so cron-parser
 * decides this one question on `minutes hours day-of-month month *`.
 */
function neverRuns([minutes, hours, dayOfMonth, month]: readonly string[]): boolean {
  if (dayOfMonth === undefined || !/^[\d,\-/*]+$/.test(dayOfMonth) || month === undefined) return false;
  try {
    CronExpressionParser.parse(`${minutes} ${hours} ${dayOfMonth} ${month} *`);
    return false;
  } catch (error) {
    // Only the impossible-day verdict: malformed fields are reported by the field checks, with a better message.
    return /day of month/i.test((error as Error).message);
  }
}

/** Why `text` is not a valid value of `field`, or undefined when it is. */
function fieldProblem(text: string, field: CronField): string | undefined {
  if (text === '?') return field.name === 'day-of-month' || field.name === 'day-of-week' ? undefined : "may not be '?' (only day-of-month and day-of-week)";
  // L (last) and W (weekday) of day-of-month, L and # (nth weekday) of day-of-week.
  if (field.name === 'day-of-month' && /^(L|\d{1,2}W|LW)$/.test(text)) return undefined;
  if (field.name === 'day-of-week' && /^([1-7]|[A-Z]{3})(L|#[1-5])$/.test(text)) return valueProblem(text.replace(/(L|#[1-5])$/, ''), field);
  for (const item of text.split(',')) {
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0) return 'has more than one /';
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `has the step '${step}', not a positive number`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `has the range '${range}' with more than two ends`;
    for (const bound of bounds) {
      const problem = valueProblem(bound, field);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function valueProblem(text: string, field: CronField): string | undefined {
  if (field.names?.includes(text.toUpperCase())) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= field.min && value <= field.max ? undefined : `has '${text}', outside ${field.min}-${field.max}`;
}
