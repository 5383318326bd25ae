import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { PLAN_OFFLINE_COMMAND, parsePlanOfflineArguments } from './plan-offline';

describe('the command line of npm run plan:offline', () => {
  it('takes an environment, optionally some of its stacks, --skip-synth and --keep-work-dir anywhere', () => {
    expect(parsePlanOfflineArguments(['staging', 'staging-network', '--skip-synth'])).toMatchObject({ environment: 'staging', stacks: ['staging-network'], skipSynth: true, keepWorkDir: false });
    expect(parsePlanOfflineArguments(['--keep-work-dir', 'production'])).toMatchObject({ environment: 'production', stacks: [], skipSynth: false, keepWorkDir: true });
  });

  it('refuses an environment the workspace does not synthesize, naming those it does', () => {
    expect(() => parsePlanOfflineArguments(['nowhere'])).toThrow(/^Unknown environment 'nowhere'\. Known environments: .*production.*Usage: npm run plan:offline -- <environment> \[stack\.\.\.\] \[options\]$/);
  });

  itFollowsTheCommandLineConvention(PLAN_OFFLINE_COMMAND, parsePlanOfflineArguments, ['staging']);
});
