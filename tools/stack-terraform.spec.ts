import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeTerraform } from './fake-terraform';
import { describeWithTerraform, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { diagnosticsOf, planChanges, planStack, planStacks, savedPlan, TerraformFailure, waitsForProducerOutputs } from './stack-terraform';

describe('planStack and planStacks', () => {
  let terraform: FakeTerraform;
  beforeEach(() => {
    terraform = new FakeTerraform();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    terraform.restore();
    jest.restoreAllMocks();
  });

  it('saves the plan with its JSON and text under <dir>/<environment>/<stack>', () => {
    const plan = savedPlan(path.join(terraform.dir, 'plans'), 'staging', 'staging-network');
    fs.mkdirSync(path.dirname(plan.planFile), { recursive: true });
    terraform.showJson('staging-network', { resource_changes: [{ change: { actions: ['create'] } }] });

    expect(planStack(terraform.stackDir('staging-network'), { savedPlan: plan })).toBe('planned');
    expect(plan.planFile).toBe(path.join(terraform.dir, 'plans', 'staging', 'staging-network.tfplan'));
    expect(fs.readFileSync(plan.planFile, 'utf8')).toBe('plan of staging-network\n');
    expect(JSON.parse(fs.readFileSync(plan.jsonFile, 'utf8'))).toEqual({ resource_changes: [{ change: { actions: ['create'] } }] });
    expect(fs.readFileSync(plan.textFile, 'utf8')).toBe('Plan of staging-network\n');
    expect(terraform.calls()).toEqual([
      'staging-network init -input=false',
      'staging-network plan -input=false -lock-timeout=5m -out=<tmp>/plans/staging/staging-network.tfplan',
      'staging-network show -json <tmp>/plans/staging/staging-network.tfplan',
      'staging-network show -no-color <tmp>/plans/staging/staging-network.tfplan',
    ]);
  });

  it('keeps `tfplan` in the stack folder without a saved plan, and tells changes by -detailed-exitcode', () => {
    const dir = terraform.stackDir('staging-data');
    expect(planStack(dir, { detailedExitcode: true })).toBe('no-changes');
    expect(fs.existsSync(path.join(dir, 'tfplan'))).toBe(true);
    terraform.exitCode('staging-data', 'plan', 2);
    expect(planStack(dir, { detailedExitcode: true })).toBe('changes');
    expect(terraform.calls()).toContain('staging-data plan -input=false -lock-timeout=5m -out=tfplan -detailed-exitcode');
  });

  it('fails on exit code 2 without -detailed-exitcode, where it is no answer Terraform gives', () => {
    terraform.exitCode('staging-data', 'plan', 2);
    expect(() => planStack(terraform.stackDir('staging-data'))).toThrow(/terraform plan failed in .*staging-data \(exit 2\)/);
  });

  it('plans the other stacks when one fails, and reports each', () => {
    terraform.exitCode('staging-cluster', 'init', 1);
    terraform.exitCode('staging-data', 'plan', 2);
    const stacks = ['staging-network', 'staging-cluster', 'staging-data'].map((name) => ({ name, dir: terraform.stackDir(name) }));
    expect(planStacks(stacks, () => ({ detailedExitcode: true }))).toEqual([
      { stack: 'staging-network', outcome: 'no-changes' },
      { stack: 'staging-cluster', outcome: 'failed', error: expect.stringMatching(/^terraform init failed in .*staging-cluster \(exit 1\)$/) },
      { stack: 'staging-data', outcome: 'changes' },
    ]);
  });

  describe('a consumer that cannot be planned before its producer applies', () => {
    const plansDir = () => path.join(terraform.dir, 'plans');
    const stacks = () => ['staging-network', 'staging-cluster', 'staging-data'].map((name) => ({ name, dir: terraform.stackDir(name) }));
    const producers: Record<string, string[]> = { 'staging-network': [], 'staging-cluster': ['staging-network'], 'staging-data': ['staging-cluster'] };
    const plan = () => {
      fs.mkdirSync(path.join(plansDir(), 'staging'), { recursive: true });
      return planStacks(stacks(), (stack) => ({ savedPlan: savedPlan(plansDir(), 'staging', stack) }), (stack) => producers[stack]);
    };

    const MISSING_OUTPUT = 'Error: Unsupported attribute\n\n  on cdk.tf.json line 12:\n  This object does not have an attribute named "cross-stack-output-aws_subnetnetwork_Private_1id".\n';
    const NO_STATE = 'Error: Unable to find remote state\n\n  No stored state was found for the given workspace in the given backend.\n';

    it('is deferred, with the reason, when its producer’s plan adds outputs it reads; so are its own consumers that wait for it', () => {
      terraform.showJson('staging-network', { resource_changes: [], output_changes: { new_subnet_ids: { actions: ['create'] } } });
      terraform.exitCode('staging-cluster', 'plan', 1);
      terraform.stderr('staging-cluster', 'plan', MISSING_OUTPUT);
      terraform.exitCode('staging-data', 'plan', 1);
      terraform.stderr('staging-data', 'plan', NO_STATE);
      expect(plan()).toEqual([
        { stack: 'staging-network', outcome: 'planned' },
        { stack: 'staging-cluster', outcome: 'deferred', error: expect.stringMatching(/terraform plan failed/) },
        { stack: 'staging-data', outcome: 'deferred', error: expect.stringMatching(/terraform plan failed/) },
      ]);
      const deferred = JSON.parse(fs.readFileSync(savedPlan(plansDir(), 'staging', 'staging-cluster').deferredFile, 'utf8'));
      expect(deferred).toEqual({ producers: ['staging-network'], error: expect.stringMatching(/terraform plan failed in .*staging-cluster/) });
    });

    it('fails as before when no producer changes outputs: the failure is its own', () => {
      terraform.showJson('staging-network', { resource_changes: [{ change: { actions: ['update'] } }] });
      terraform.exitCode('staging-cluster', 'plan', 1);
      terraform.stderr('staging-cluster', 'plan', MISSING_OUTPUT);
      expect(plan()[1]).toEqual({ stack: 'staging-cluster', outcome: 'failed', error: expect.stringMatching(/terraform plan failed/) });
      expect(fs.existsSync(savedPlan(plansDir(), 'staging', 'staging-cluster').deferredFile)).toBe(false);
    });

    it.each([
      ['an error of its own', 'Error: creating EKS Access Entry: AccessDeniedException\n'],
      ['a missing output next to an error of its own', `${MISSING_OUTPUT}\nError: Invalid value for variable\n`],
      ['a missing attribute that is no cross-stack output', 'Error: Unsupported attribute\n  This object does not have an attribute named "vpc_id".\n'],
    ])('fails, not deferred, on %s even while a producer adds outputs', (_case, stderr) => {
      terraform.showJson('staging-network', { resource_changes: [], output_changes: { new_subnet_ids: { actions: ['create'] } } });
      terraform.exitCode('staging-cluster', 'plan', 1);
      terraform.stderr('staging-cluster', 'plan', stderr);
      expect(plan()[1].outcome).toBe('failed');
    });

    it('is never deferred without saved plans (nothing could apply it later)', () => {
      terraform.showJson('staging-network', { resource_changes: [], output_changes: { new_subnet_ids: { actions: ['create'] } } });
      terraform.exitCode('staging-cluster', 'plan', 1);
      terraform.stderr('staging-cluster', 'plan', MISSING_OUTPUT);
      const results = planStacks(stacks(), () => ({}), (stack) => producers[stack]);
      expect(results[1].outcome).toBe('failed');
    });
  });
});

describe('planChanges', () => {
  const plan = (resources: string[][], outputs: string[][] = []) => ({
    resource_changes: resources.map((actions) => ({ change: { actions } })),
    output_changes: Object.fromEntries(outputs.map((actions, index) => [`output${index}`, { actions }])),
  });

  it('counts no-op and data source reads as no change', () => {
    expect(planChanges(plan([['no-op'], ['read']], [['no-op']]))).toEqual({ resources: false, outputs: false });
    expect(planChanges({})).toEqual({ resources: false, outputs: false });
  });

  it('tells resource changes, replacements included, from output changes', () => {
    expect(planChanges(plan([['no-op'], ['delete', 'create']]))).toEqual({ resources: true, outputs: false });
    expect(planChanges(plan([['no-op']], [['update']]))).toEqual({ resources: false, outputs: true });
  });

  it('counts a plan that only moves or imports as a resource change: it must be applied', () => {
    expect(planChanges({ resource_changes: [{ previous_address: 'aws_s3_bucket.old', change: { actions: ['no-op'] } }] })).toEqual({ resources: true, outputs: false });
    expect(planChanges({ resource_changes: [{ change: { actions: ['no-op'], importing: { id: 'logs' } } }] })).toEqual({ resources: true, outputs: false });
    expect(planChanges({ resource_changes: [{ change: { actions: ['no-op'], importing: null } }] })).toEqual({ resources: false, outputs: false });
  });
});

describeWithTerraform('waitsForProducerOutputs, on what the real terraform writes (colours, boxes, wrapped lines)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deferral-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  /** A consumer stack reading, as cdktf writes it, the producer's outputs through terraform_remote_state (local backend). */
  const consumer = (name: string, body: Record<string, unknown>): string => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(body));
    return dir;
  };
  const failureOf = (dir: string): TerraformFailure => {
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      planStack(dir);
    } catch (error) {
      if (error instanceof TerraformFailure) return error;
      throw error;
    } finally {
      jest.restoreAllMocks();
    }
    throw new Error(`terraform plan of ${dir} did not fail`);
  };
  const producerState = path.join(root, 'producer.tfstate');
  fs.writeFileSync(producerState, JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'producer', outputs: { a: { value: 'x', type: 'string' } }, resources: [] }));
  const remoteState = (name: string, file: string) => ({ [`cross-stack-reference-input-${name}`]: { backend: 'local', config: { path: file } } });
  const crossStackOutput = 'cross-stack-output-aws_security_groupnetwork_SecurityGroups_Application_AFB52040id';

  it(
    'defers on a cross-stack output the producer’s state lacks, and on a producer without state',
    () => {
      const dir = consumer('waits', {
        data: { terraform_remote_state: { ...remoteState('network', producerState), ...remoteState('missing', path.join(root, 'none.tfstate')) } },
        output: {
          o: { value: `\${data.terraform_remote_state.cross-stack-reference-input-network.outputs.${crossStackOutput}}` },
          m: { value: '${data.terraform_remote_state.cross-stack-reference-input-missing.outputs.cross-stack-output-aws_vpcnetwork_Vpc_B333FC7Aid}' },
        },
      });
      const failure = failureOf(dir);
      // Coloured and boxed as Terraform writes to a pipe; read back as one line per diagnostic.
      expect(failure.stderr).toContain('\u001b[');
      expect(diagnosticsOf(failure.stderr).filter((diagnostic) => diagnostic.startsWith('Error: '))).toEqual([
        expect.stringMatching(/^Error: Unable to find remote state .*No stored state was found for the given workspace in the given backend\.$/),
        expect.stringMatching(/^Error: Unsupported attribute .*This object does not have an attribute named "cross-stack-output-aws_security_groupnetwork_SecurityGroups_Application_AFB52040id"\.$/),
      ]);
      expect(waitsForProducerOutputs(failure)).toBe(true);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it(
    'does not defer when the stack has an error of its own next to a missing output',
    () => {
      const dir = consumer('own-error', {
        data: { terraform_remote_state: remoteState('network', producerState) },
        output: {
          o: { value: `\${data.terraform_remote_state.cross-stack-reference-input-network.outputs.${crossStackOutput}}` },
          bad: { value: '${no_such_function(1)}' },
        },
      });
      expect(waitsForProducerOutputs(failureOf(dir))).toBe(false);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );
});
