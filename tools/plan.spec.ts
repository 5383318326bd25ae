import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { parsePlanArguments, PLAN_COMMAND, planExitCode } from './plan';

describe('parsePlanArguments', () => {
  it('keeps the plain call: an environment and optionally some of its stacks', () => {
    expect(parsePlanArguments(['staging'])).toEqual({ environment: 'staging', stacks: [], outDir: undefined, detailedExitcode: false, awsOnly: false });
    expect(parsePlanArguments(['staging', 'staging-network', 'staging-data']).stacks).toEqual(['staging-network', 'staging-data']);
  });

  it('reads --out-dir with a separate or an attached value, and --detailed-exitcode, anywhere', () => {
    expect(parsePlanArguments(['--detailed-exitcode', 'staging', '--out-dir', 'plans'])).toEqual({
      environment: 'staging',
      stacks: [],
      outDir: 'plans',
      detailedExitcode: true,
      awsOnly: false,
    });
    expect(parsePlanArguments(['staging', '--out-dir=out/plans', 'staging-network'])).toMatchObject({ outDir: 'out/plans', stacks: ['staging-network'] });
  });

  it('reads --aws-only (pull requests: only the stacks that need no cluster API), anywhere', () => {
    expect(parsePlanArguments(['production', '--out-dir', 'plans', '--aws-only'])).toEqual({ environment: 'production', stacks: [], outDir: 'plans', detailedExitcode: false, awsOnly: true });
    expect(parsePlanArguments(['--aws-only', 'production', 'production-network']).stacks).toEqual(['production-network']);
  });

  it.each([
    [['staging', '--aws-only=true'], /^--aws-only: takes no value\. Fix: write --aws-only alone$/],
    [['staging', '--out-dir'], /^--out-dir: needs a value\. Fix: --out-dir <dir> or --out-dir=<dir>$/],
    [['staging', '--out-dir', '--detailed-exitcode'], /^--out-dir: needs a value/],
    [['staging', '--out-dir='], /^--out-dir: needs a directory\. Fix: npx tsx tools\/plan\.ts <environment> \[stack\.\.\.\] \[options\]$/],
    [['staging', '-detailed-exitcode'], /^-detailed-exitcode: unknown option\. Fix: use one of --out-dir, --detailed-exitcode, --aws-only, --help$/],
    [[], /^<environment>: missing\./],
  ])('rejects %j', (args, message) => {
    expect(() => parsePlanArguments(args)).toThrow(message);
  });

  itFollowsTheCommandLineConvention(PLAN_COMMAND, parsePlanArguments, ['staging']);
});

describe('planExitCode', () => {
  it.each<[string, Parameters<typeof planExitCode>[0], boolean, number]>([
    ['no changes anywhere', ['no-changes', 'no-changes'], true, 0],
    ['changes in one stack', ['no-changes', 'changes'], true, 2],
    ['a failure, even next to changes', ['changes', 'failed', 'no-changes'], true, 1],
    ['plans without detailed exit codes', ['planned', 'planned'], false, 0],
    ['a failure without detailed exit codes', ['planned', 'failed'], false, 1],
    ['a stack deferred until its producer applies (a change waits)', ['no-changes', 'deferred'], true, 2],
    ['a deferred stack without detailed exit codes', ['planned', 'deferred'], false, 0],
  ])('is Terraform’s code for %s', (_case, outcomes, detailed, code) => {
    expect(planExitCode(outcomes, detailed)).toBe(code);
  });
});
