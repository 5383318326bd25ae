import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { AFFECTED_ENVIRONMENTS_COMMAND, parseArguments, stepOutputs } from './affected-environments';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';

const WORKSPACE = path.resolve(__dirname, '..');
const target = (account: string) => ({
  accountId: account,
  region: 'eu-central-1',
  planRoleArn: `arn:aws:iam::${account}:role/platform-x-github-plan`,
  reviewRoleArn: `arn:aws:iam::${account}:role/platform-x-github-review`,
  applyRoleArn: `arn:aws:iam::${account}:role/platform-x-github-apply`,
  registry: `${account}.dkr.ecr.eu-central-1.amazonaws.com`,
  repositories: ['novel-engine/backend'],
});

describe('parseArguments', () => {
  it('selects every environment, or those affected between two commits (head defaults to HEAD)', () => {
    expect(parseArguments(['--all'])).toEqual({ all: true });
    expect(parseArguments(['--base', 'origin/main'])).toEqual({ all: false, base: 'origin/main', head: 'HEAD' });
    expect(parseArguments(['--head', 'abc123', '--base', ''])).toEqual({ all: false, base: '', head: 'abc123' });
  });

  it('takes --base=<commit> as well', () => {
    expect(parseArguments(['--base=origin/main', '--head=abc123'])).toEqual({ all: false, base: 'origin/main', head: 'abc123' });
  });

  it.each([
    [[], /^--all, --base: give exactly one\. Fix: npx tsx tools\/affected-environments\.ts \[options\]$/],
    [['--all', '--base', 'origin/main'], /^--all, --base: give exactly one\./],
    [['--base'], /^--base: needs a value\. Fix: --base <commit> or --base=<commit>$/],
    [['--base', '--all'], /^--base: needs a value\./],
    [['production'], /^'production': unexpected argument\. Fix: npx tsx tools\/affected-environments\.ts \[options\]$/],
  ])('rejects %j', (args, message) => {
    expect(() => parseArguments(args)).toThrow(message);
  });

  itFollowsTheCommandLineConvention(AFFECTED_ENVIRONMENTS_COMMAND, parseArguments);
});

describe('stepOutputs', () => {
  it('writes the environments in promotion order and their targets as one-line JSON outputs', () => {
    const outputs = stepOutputs(new Map([['storymagic-development', target('100000000005')], ['production', target('100000000004')], ['development', target('100000000001')]]));
    const lines = Object.fromEntries(outputs.trimEnd().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    expect(JSON.parse(lines.environments)).toEqual(['development', 'production', 'storymagic-development']);
    expect(JSON.parse(lines.targets)).toEqual({ development: target('100000000001'), production: target('100000000004'), 'storymagic-development': target('100000000005') });
    expect(stepOutputs(new Map())).toBe('environments=[]\ntargets={}\n');
  });
});

describe('tools/affected-environments.ts', () => {
  it('prints the outputs for every environment with --all', () => {
    const result = spawnSync(path.join(WORKSPACE, 'node_modules', '.bin', 'tsx'), ['tools/affected-environments.ts', '--all'], { cwd: WORKSPACE, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^environments=\["development","testing","staging","production","storymagic-development","storymagic-production"\]\ntargets=\{"development":\{"accountId":"100000000001",/);
    const targets = JSON.parse(/^targets=(.*)$/m.exec(result.stdout)?.[1] ?? '{}');
    // StoryMagic's services stack takes the tag of its release manifest, as the platform's workloads stack does.
    expect(targets['storymagic-production']).toMatchObject({ accountId: '100000000006', imageTag: '0.0.0-placeholder' });
  }, 30_000);
});
