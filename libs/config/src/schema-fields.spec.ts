/** The shared fields and list refinements of the schemas, on their own (pure zod, no environment). */
import { z } from 'zod';
import { awsRegion, checkZones, iamRoleArn, listedOnce, logRetentionDays } from './schema-fields';

/** `path: message` of each issue `schema` reports for `value`; [] when it parses. */
function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** The codes of the issues `schema` reports for `value`: a refinement's own are `custom`, as zod's consumers expect. */
const codesOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((issue) => issue.code);

describe('logRetentionDays', () => {
  const retention = logRetentionDays(365);

  it.each([1, 7, 3653])('accepts %i days, a retention CloudWatch Logs offers', (days) => {
    expect(issuesOf(retention, days)).toEqual([]);
  });

  it.each([0, 2, 3654])('refuses %i days, naming every retention CloudWatch Logs offers', (days) => {
    expect(issuesOf(retention, days)).toEqual([
      ': is not a retention CloudWatch Logs accepts. Fix: use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ]);
  });

  it('defaults to the days it is given', () => {
    expect(retention.parse(undefined)).toBe(365);
  });
});

describe('awsRegion', () => {
  it.each(['eu-central-1', 'cn-north-1', 'us-gov-west-1'])('accepts %s', (region) => {
    expect(issuesOf(awsRegion(), region)).toEqual([]);
  });

  it('refuses a misspelt region with the closest one as the fix', () => {
    expect(issuesOf(awsRegion(), 'eu-wset-1')).toEqual([
      ": 'eu-wset-1' is not a region of the AWS partitions the platform supports (aws, aws-cn, aws-us-gov). Fix: write 'eu-west-1' if that is the one you meant, or another region of libs/config/src/aws-regions.ts",
    ]);
  });

  it('reports a custom issue', () => {
    expect(codesOf(awsRegion(), 'europe')).toEqual(['custom']);
  });

  it('refuses a text nothing resembles with an example region as the fix', () => {
    expect(issuesOf(awsRegion(), 'europe')).toEqual([
      ": 'europe' is not a region of the AWS partitions the platform supports (aws, aws-cn, aws-us-gov). Fix: write a region of libs/config/src/aws-regions.ts (e.g. eu-central-1)",
    ]);
  });
});

describe('iamRoleArn', () => {
  it.each(['arn:aws:iam::123456789012:role/platform-admin', 'arn:aws-cn:iam::123456789012:role/a', 'arn:aws-us-gov:iam::123456789012:role/teams/ops/break-glass+1=,.@-'])(
    'accepts %s',
    (arn) => {
      expect(issuesOf(iamRoleArn(), arn)).toEqual([]);
    },
  );

  it.each([
    ['a prefix before arn:', 'x-arn:aws:iam::123456789012:role/platform-admin'],
    ['a space after the name', 'arn:aws:iam::123456789012:role/platform-admin '],
    ['a partition that is no word', 'arn:aws1:iam::123456789012:role/platform-admin'],
    ['an account id of 11 digits', 'arn:aws:iam::12345678901:role/platform-admin'],
    ['an account id of 13 digits', 'arn:aws:iam::1234567890123:role/platform-admin'],
    ['an account id that is no number', 'arn:aws:iam::12345678901x:role/platform-admin'],
    ['no role name', 'arn:aws:iam::123456789012:role/'],
    ['a character IAM refuses in the name', 'arn:aws:iam::123456789012:role/platform admin'],
    ['a user instead of a role', 'arn:aws:iam::123456789012:user/platform-admin'],
  ])('refuses %s', (_, arn) => {
    expect(issuesOf(iamRoleArn(), arn)).toEqual([": is not an IAM role ARN. Fix: write the role's ARN such as 'arn:aws:iam::123456789012:role/platform-admin'"]);
  });
});

describe('listedOnce', () => {
  it('reports each item listed before, at its index, by the item itself', () => {
    const ports = z.array(z.number()).superRefine(listedOnce('port'));
    expect(codesOf(ports, [80, 80])).toEqual(['custom']);
    expect(issuesOf(ports, [80, 443, 80, 80])).toEqual(['2: 80 is listed twice. Fix: list each port once', '3: 80 is listed twice. Fix: list each port once']);
    expect(issuesOf(ports, [80, 443])).toEqual([]);
  });

  it('quotes a string item', () => {
    expect(issuesOf(z.array(z.string()).superRefine(listedOnce('queue')), ['tasks', 'tasks'])).toEqual(["1: 'tasks' is listed twice. Fix: list each queue once"]);
  });

  it('compares by the key, and reports at the field of the item the key is', () => {
    const windows = z.array(z.object({ name: z.string(), day: z.string() })).superRefine(listedOnce<{ name: string }>('window name', (window) => window.name, 'name'));
    expect(
      issuesOf(windows, [
        { name: 'weekly', day: 'sunday' },
        { name: 'nightly', day: 'sunday' },
        { name: 'weekly', day: 'monday' },
      ]),
    ).toEqual(["2.name: 'weekly' is listed twice. Fix: list each window name once"]);
  });
});

describe('checkZones', () => {
  const check = (zones: string[], region = 'eu-west-1') => {
    const found: string[] = [];
    checkZones(zones, { region, regionField: 'secondaryRegion', path: ['recovery', 'zones'] }, (path, message) => found.push(`${path.join('.')}: ${message}`));
    return found;
  };

  it('accepts the zones of the region, each once', () => {
    expect(check(['eu-west-1a', 'eu-west-1b', 'eu-west-1c'])).toEqual([]);
  });

  it.each(['eu-west-1', 'eu-west-1ab', 'eu-west-11a', 'xeu-west-1a', 'eu-central-1a'])('refuses %s, which is no zone letter of eu-west-1', (zone) => {
    expect(check(['eu-west-1a', zone])).toEqual([
      `recovery.zones.1: '${zone}' is not a zone of region eu-west-1. Fix: use zones of eu-west-1 such as eu-west-1a, eu-west-1b, eu-west-1c, or change secondaryRegion`,
    ]);
  });

  it('reports a zone listed twice at its second place', () => {
    expect(check(['eu-west-1a', 'eu-west-1b', 'eu-west-1a'])).toEqual(["recovery.zones.2: 'eu-west-1a' is listed twice. Fix: list each zone once"]);
  });

  it('does not check zones against a region that is no region, but still repeats', () => {
    expect(check(['nowhere-a', 'nowhere-a'], 'nowhere')).toEqual(["recovery.zones.1: 'nowhere-a' is listed twice. Fix: list each zone once"]);
  });
});
