import { CiInputsContract, usesOnlyAwsProviders, variablesWithoutDefault } from './ci-inputs-contract';
import type { ContractInput, ContractResult } from './contract';
import { PlatformModel } from './platform-model';

type Json = Record<string, unknown>;

describe('usesOnlyAwsProviders', () => {
  it.each<[string, object, boolean]>([
    ['an AWS stack (one provider per region)', { provider: { aws: [{ region: 'eu-central-1' }, { alias: 'us-east-1', region: 'us-east-1' }] } }, true],
    ['a Helm and Kubernetes stack', { provider: { aws: [{}], helm: [{}], kubernetes: [{}] } }, false],
    ['a Kubernetes stack without AWS', { provider: { kubernetes: [{}] } }, false],
    // A provider it does not know could reach anything: planned only where the cluster is reachable.
    ['a stack with another provider', { provider: { aws: [{}], random: [{}] } }, false],
    ['a stack without providers', {}, true],
  ])('%s', (_case, stack, awsOnly) => {
    expect(usesOnlyAwsProviders(stack)).toBe(awsOnly);
  });
});

describe('variablesWithoutDefault', () => {
  it('names the variables without a default, sorted (a null or false default is a default)', () => {
    expect(variablesWithoutDefault({ variable: { tag: {}, region: { default: 'eu-central-1' }, off: { default: null }, flag: { default: false }, account: { type: 'string' } } })).toEqual(['account', 'tag']);
    expect(variablesWithoutDefault({})).toEqual([]);
  });
});

describe('CI inputs contract', () => {
  const contract = new CiInputsContract();
  const RUNNER = "${{ fromJSON(vars.TARGETS)['production'].runner && format('{0}-{1}-{2}', fromJSON(vars.TARGETS)['production'].runner, github.run_id, github.run_attempt) || 'ubuntu-24.04' }}";
  const environment = {
    name: 'production',
    compute: 'eks',
    resourcePrefix: 'acme',
    delivery: { githubRepository: 'acme/platform' },
    cluster: { githubRunner: { enabled: true } },
  } as unknown as ContractInput['environment'];
  const stacks = {
    'production-app': { provider: { aws: [{}] }, variable: { image_tag: {}, region: { default: 'eu-central-1' } } },
    'production-addons': { provider: { aws: [{}], helm: [{}] }, variable: { chart_token: {} } },
    'staging-app': { variable: { staging_only: {} } },
  };

  /** One workflow started on push with one job (`runs-on` the runner unless given) running `run` with `env`. */
  const workflow = (run: string, env: Json = {}, job: Json = {}) => ({ on: { push: {} }, jobs: { deploy: { 'runs-on': RUNNER, env, steps: [{ run }], ...job } } });
  const evaluate = (workflows: Json | undefined, environmentConfig = environment): ContractResult =>
    contract.evaluate({ model: new PlatformModel(stacks), environment: environmentConfig, workflows }) as ContractResult;
  const verdicts = (workflows: Json | undefined, environmentConfig = environment) =>
    evaluate(workflows, environmentConfig).checks.map((item) => `${item.subject}: ${item.passed ? 'ok' : item.problems.join(' | ')}`);
  const ALL = { TF_VAR_image_tag: 'v1', TF_VAR_chart_token: 't' };
  const missing = (stack: string, variable: string, verb: string, extra = '') =>
    `${stack}: variable "${variable}" has no default, and the job ${verb} the stack without TF_VAR_${variable} (input is off, so Terraform stops with "No value for required variable"). Fix: set TF_VAR_${variable} in the env of job deploy${extra}, or give the variable a default`;
  const IMAGE_TAG_FIX = ' to the release manifest’s tag (the imageTag of the environment’s delivery target)';

  it('is titled for the report, and says so when no workflows were given', () => {
    expect(evaluate(undefined)).toEqual({
      id: 'ci-inputs',
      title: 'CI inputs: every Terraform variable without a default is supplied by each job that plans or applies its stack, on a runner that reaches it',
      checks: [],
      notes: ['not checked: no workflows were given (npm run contracts reads .github/workflows)'],
    });
  });

  it('a job that applies every stack with each variable set passes; the notes count it and list the variables', () => {
    const result = evaluate({ '.github/workflows/deploy.yml': workflow('npx tsx tools/apply.ts production', ALL) });
    expect(result.checks.map((item) => [item.subject, item.passed])).toEqual([
      [".github/workflows/deploy.yml job deploy, which applies production's stacks, supplies every Terraform variable without a default", true],
    ]);
    expect(result.notes).toEqual(['1 workflow job(s) run Terraform on production; variables without a default: chart_token, image_tag']);
  });

  it.each<[string, Json]>([
    ['unset', {}],
    ['empty', { TF_VAR_image_tag: '' }],
    ['blank', { TF_VAR_image_tag: '  ' }],
  ])('a variable %s is named, with the image tag’s own fix', (_case, env) => {
    expect(verdicts({ '.github/workflows/deploy.yml': workflow('npx tsx tools/apply.ts production', { TF_VAR_chart_token: 't', ...env }) })).toEqual([
      `.github/workflows/deploy.yml job deploy, which applies production's stacks, supplies every Terraform variable without a default: ${missing('production-app', 'image_tag', 'applies', IMAGE_TAG_FIX)}`,
    ]);
  });

  it('the step’s env and the workflow’s env count; a number counts as a value', () => {
    const run = { ...workflow('npx tsx tools/apply.ts production'), env: { TF_VAR_chart_token: 't' } } as Json;
    (run.jobs as Json).deploy = { 'runs-on': RUNNER, steps: [{ run: 'npx tsx tools/apply.ts production', env: { TF_VAR_image_tag: 42 } }] };
    expect(verdicts({ '.github/workflows/deploy.yml': run })).toEqual([expect.stringMatching(/: ok$/)]);
  });

  it.each([
    ['npx tsx tools/plan.ts production --detailed-exitcode', 'checks drift of', 'checks'],
    ['npx tsx tools/plan.ts --out-dir plans production', 'plans', 'plans'],
    ['npm run smoke -- production', 'smoke-checks', 'smoke-checks'],
    ['npx tsx tools/smoke.ts "production"', 'smoke-checks', 'smoke-checks'],
  ])('%s: the job %s the stacks', (run, verbs, verb) => {
    expect(verdicts({ '.github/workflows/deploy.yml': workflow(run, { TF_VAR_chart_token: 't' }) })).toEqual([
      `.github/workflows/deploy.yml job deploy, which ${verbs} production's stacks, supplies every Terraform variable without a default: ${missing('production-app', 'image_tag', verb, IMAGE_TAG_FIX)}`,
    ]);
  });

  it('a run naming stacks checks only those of the environment; a variable other than the image tag gets the plain fix', () => {
    expect(verdicts({ '.github/workflows/deploy.yml': workflow('npx tsx tools/plan.ts production production-addons staging-app', {}) })).toEqual([
      `.github/workflows/deploy.yml job deploy, which plans production's stacks, supplies every Terraform variable without a default: ${missing('production-addons', 'chart_token', 'plans')}`,
    ]);
  });

  it.each([
    ['$ENVIRONMENT', { ENVIRONMENT: 'production' }, 1],
    ['${ENVIRONMENT}', { ENVIRONMENT: 'production' }, 1],
    ['"$ENVIRONMENT"', { ENVIRONMENT: '${{ matrix.environment }}' }, 1],
    ['$ENVIRONMENT', { ENVIRONMENT: 'staging' }, 0],
    ['$ENVIRONMENT', {}, 0],
    ['staging', {}, 0],
  ])('the environment argument %s with env %j is production’s: %i check', (argument, env, count) => {
    expect(verdicts({ '.github/workflows/deploy.yml': workflow(`npx tsx tools/apply.ts ${argument}`, { ...ALL, ...env }) })).toHaveLength(count);
  });

  it('a job for production reading another environment’s delivery target is named; a matrix job is not', () => {
    const env = { TF_VAR_image_tag: "${{ fromJSON(vars.TARGETS)['staging'].imageTag }}", TF_VAR_chart_token: "${{ fromJSON(vars.TARGETS)[ 'production' ].token }}" };
    expect(verdicts({ '.github/workflows/deploy.yml': workflow('npx tsx tools/apply.ts production', env) })).toEqual([
      `.github/workflows/deploy.yml job deploy, which applies production's stacks, supplies every Terraform variable without a default: production-app: TF_VAR_image_tag of job deploy reads the delivery target of 'staging', not production's (${env.TF_VAR_image_tag}). Fix: index the targets with 'production'`,
    ]);
    expect(verdicts({ '.github/workflows/deploy.yml': workflow('npx tsx tools/apply.ts $ENVIRONMENT', { ...env, ENVIRONMENT: '${{ matrix.environment }}' }) })).toEqual([expect.stringMatching(/: ok$/)]);
  });

  describe('the runner in the VPC', () => {
    const subject = (verbs: string) => `.github/workflows/deploy.yml job deploy, which ${verbs} production's stacks, supplies every Terraform variable without a default`;
    const hosted = (runsOn: string) =>
      `runs-on ${runsOn} is not the environment's runner in the VPC (acme-github-runner): a GitHub-hosted runner cannot reach production's private EKS API endpoint. Fix: runs-on: \${{ <targets>[<environment>].runner && format('{0}-{1}-{2}', <targets>[<environment>].runner, github.run_id, github.run_attempt) || 'ubuntu-24.04' }}`;

    it.each([
      ['ubuntu-24.04', 'ubuntu-24.04'],
      [RUNNER.replace(', github.run_attempt', ''), RUNNER.replace(', github.run_attempt', '')],
      [RUNNER.replace('github.run_id, ', ''), RUNNER.replace('github.run_id, ', '')],
      [undefined, '(none)'],
    ])('a job reaching the cluster on %s is named', (runsOn, shown) => {
      expect(verdicts({ '.github/workflows/deploy.yml': workflow('npx tsx tools/apply.ts production', ALL, { 'runs-on': runsOn }) })).toEqual([`${subject('applies')}: ${hosted(shown)}`]);
    });

    it('a list of labels is shown as JSON', () => {
      expect(verdicts({ '.github/workflows/deploy.yml': workflow('npx tsx tools/apply.ts production', ALL, { 'runs-on': ['self-hosted', 'linux'] }) })).toEqual([`${subject('applies')}: ${hosted('["self-hosted","linux"]')}`]);
    });

    it('a pull request’s --aws-only plan checks only the AWS stacks and must not run on the runner', () => {
      const pr = (runsOn: string) => workflow('npx tsx tools/plan.ts production --aws-only', {}, { 'runs-on': runsOn });
      expect(verdicts({ '.github/workflows/pr.yml': pr('ubuntu-24.04') })).toEqual([
        `.github/workflows/pr.yml job deploy, which plans (AWS-only) production's stacks, supplies every Terraform variable without a default: ${missing('production-app', 'image_tag', 'plans', IMAGE_TAG_FIX)}`,
      ]);
      for (const runsOn of [RUNNER, 'codebuild-acme-runner-1-1']) {
        expect(verdicts({ '.github/workflows/pr.yml': pr(runsOn) })[0]).toContain(
          `runs-on ${runsOn} may be the environment's runner in the VPC (acme-github-runner), though the job plans only the AWS-only stacks (--aws-only): a pull request's job must not run where production's private EKS API endpoint is reachable. Fix: runs-on: ubuntu-24.04`,
        );
      }
    });

    it('without a runner (ECS, or the runner off) any runs-on passes', () => {
      for (const config of [{ ...environment, compute: 'ecs' }, { ...environment, cluster: { githubRunner: { enabled: false } } }] as ContractInput['environment'][]) {
        expect(verdicts({ '.github/workflows/deploy.yml': workflow('npx tsx tools/apply.ts production', ALL, { 'runs-on': 'ubuntu-24.04' }) }, config)).toEqual([`${subject('applies')}: ok`]);
      }
    });
  });

  it('checks the jobs by workflow file; a job that runs no Terraform is not checked; calls it cannot follow are named or noted', () => {
    const result = evaluate({
      '.github/workflows/z.yml': workflow('npx tsx tools/apply.ts production', ALL),
      '.github/workflows/a.yml': { on: 'push', jobs: { lint: { steps: [{ run: 'npm run lint' }] }, deploy: { uses: './.github/workflows/gone.yml' }, remote: { uses: 'acme/shared/.github/workflows/x.yml@v1' } } },
      '.github/workflows/m.yml': workflow('npx tsx tools/apply.ts production', ALL),
    });
    expect(result.checks.map((item) => `${item.subject}: ${item.problems.join(' | ')}`)).toEqual([
      ".github/workflows/m.yml job deploy, which applies production's stacks, supplies every Terraform variable without a default: ",
      ".github/workflows/z.yml job deploy, which applies production's stacks, supplies every Terraform variable without a default: ",
      '.github/workflows/a.yml job deploy calls ./.github/workflows/gone.yml, a workflow the contract can follow: ./.github/workflows/gone.yml is not among the workflows read (.github/workflows/z.yml, .github/workflows/a.yml, .github/workflows/m.yml), so GitHub cannot run it and what it would run on production is unknown. Fix: point uses at an existing file of .github/workflows',
    ]);
    expect(result.notes).toEqual([
      '2 workflow job(s) run Terraform on production; variables without a default: chart_token, image_tag',
      'not followed: .github/workflows/a.yml job remote calls acme/shared/.github/workflows/x.yml@v1, another repository\'s workflow',
    ]);
  });
});
