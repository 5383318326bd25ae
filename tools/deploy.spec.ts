import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { DEPLOY_COMMAND, describePlans, parseDeployArguments } from './deploy';
import { savedPlan } from './stack-terraform';

describe('parseDeployArguments', () => {
  it('takes one environment, an optional plans folder and --yes', () => {
    expect(parseDeployArguments(['staging'])).toEqual({ environment: 'staging', plansDir: expect.stringMatching(/cdktf\.out\/deploy-plans$/), yes: false });
    expect(parseDeployArguments(['staging', '--plans-dir', '/tmp/p', '--yes'])).toEqual({ environment: 'staging', plansDir: '/tmp/p', yes: true });
    expect(parseDeployArguments(['--plans-dir=/tmp/p', 'staging']).plansDir).toBe('/tmp/p');
  });

  it.each([
    [['staging', '--force'], /^--force: unknown option\. Fix: use one of --plans-dir, --yes, --help$/],
    [['staging', 'production'], /^'production': unexpected argument\. Fix: npx tsx tools\/deploy\.ts <environment> \[options\]$/],
    [['staging', '--plans-dir'], /^--plans-dir: needs a value\./],
    [[], /^<environment>: missing\./],
  ])('rejects %j', (args, message) => {
    expect(() => parseDeployArguments(args)).toThrow(message);
  });

  itFollowsTheCommandLineConvention(DEPLOY_COMMAND, parseDeployArguments, ['staging']);
});

describe('describePlans', () => {
  const plansDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-plans-'));
  afterAll(() => fs.rmSync(plansDir, { recursive: true, force: true }));
  const write = (stack: string, file: 'jsonFile' | 'deferredFile', content: unknown) => {
    const plan = savedPlan(plansDir, 'staging', stack);
    fs.mkdirSync(path.dirname(plan.jsonFile), { recursive: true });
    fs.writeFileSync(plan[file], JSON.stringify(content));
  };

  it('says per stack what its plan changes, which stacks wait for their producers, and which failed', () => {
    write('staging-network', 'jsonFile', {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_vpc.a', type: 'aws_vpc', name: 'a', mode: 'managed', change: { actions: ['create'] } },
        { address: 'aws_subnet.b', type: 'aws_subnet', name: 'b', mode: 'managed', change: { actions: ['delete', 'create'] } },
      ],
    });
    write('staging-monitoring', 'jsonFile', { format_version: '1.2', resource_changes: [] });
    write('staging-cluster', 'deferredFile', { producers: ['staging-network'], error: 'Unsupported attribute' });
    expect(
      describePlans('staging', plansDir, [
        { stack: 'staging-network', outcome: 'planned' },
        { stack: 'staging-cluster', outcome: 'deferred' },
        { stack: 'staging-monitoring', outcome: 'planned' },
        { stack: 'staging-data', outcome: 'failed' },
      ]),
    ).toEqual([
      'staging-network: 1 to replace, 1 to create',
      'staging-cluster: planned after staging-network applied (reads outputs they create)',
      'staging-monitoring: no changes',
      'staging-data: failed to plan',
    ]);
  });
});
