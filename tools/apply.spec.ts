import * as fs from 'node:fs';
import * as path from 'node:path';
import { APPLY_COMMAND, applyAction, applySavedPlans, parseApplyArguments } from './apply';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { FakeTerraform } from './fake-terraform';
import { savedPlan } from './stack-terraform';
import { CdktfManifest } from './synthesized-app';

describe('parseApplyArguments', () => {
  it('takes the environment and the plans folder', () => {
    expect(parseApplyArguments(['staging', '--plans-dir', 'plans'])).toEqual({ environment: 'staging', plansDir: 'plans' });
  });

  it('takes --plans-dir=DIR as well', () => {
    expect(parseApplyArguments(['--plans-dir=plans', 'staging'])).toEqual({ environment: 'staging', plansDir: 'plans' });
  });

  it.each([
    [['staging'], /^--plans-dir: missing\. Fix: npx tsx tools\/apply\.ts <environment> \[options\]$/],
    [['staging', '--plans-dir'], /^--plans-dir: needs a value\./],
    [['staging', '--out-dir', 'plans'], /^--out-dir: unknown option\. Fix: use one of --plans-dir, --help$/],
    [['staging', '--plans-dir', 'plans', 'extra'], /^'extra': unexpected argument\./],
    [['--plans-dir', 'plans'], /^<environment>: missing\./],
  ])('rejects %j', (args, message) => {
    expect(() => parseApplyArguments(args)).toThrow(message);
  });

  itFollowsTheCommandLineConvention(APPLY_COMMAND, parseApplyArguments, ['staging']);
});

describe('applyAction', () => {
  const none = { resources: false, outputs: false };
  it('skips a plan without changes, applies one with changes', () => {
    expect(applyAction(none, [], new Set())).toBe('skip');
    expect(applyAction({ resources: true, outputs: false }, ['network'], new Set())).toBe('apply-saved');
    expect(applyAction({ resources: false, outputs: true }, [], new Set())).toBe('apply-saved');
  });

  it('plans again when a producer changed its outputs, even if the saved plan had no changes', () => {
    expect(applyAction(none, ['network', 'cluster'], new Set(['cluster']))).toBe('replan');
    expect(applyAction(none, ['network'], new Set(['cluster']))).toBe('skip');
  });
});

describe('applySavedPlans', () => {
  const manifest: CdktfManifest = {
    stacks: {
      'staging-network': { workingDirectory: 'stacks/staging-network', dependencies: [] },
      'staging-cluster': { workingDirectory: 'stacks/staging-cluster', dependencies: ['staging-network'] },
      'staging-monitoring': { workingDirectory: 'stacks/staging-monitoring', dependencies: [] },
    },
  };
  const changes = (resources: string[], outputs: string[] = []) => ({
    resource_changes: resources.map((action) => ({ change: { actions: [action] } })),
    output_changes: Object.fromEntries(outputs.map((action, index) => [`out${index}`, { actions: [action] }])),
  });

  let terraform: FakeTerraform;
  let plansDir: string;
  const stacks = () => Object.keys(manifest.stacks).map((name) => ({ name, dir: terraform.stackDir(name) }));
  const save = (stack: string, json: unknown) => {
    const plan = savedPlan(plansDir, 'staging', stack);
    fs.mkdirSync(path.dirname(plan.planFile), { recursive: true });
    fs.writeFileSync(plan.planFile, 'saved plan');
    fs.writeFileSync(plan.jsonFile, JSON.stringify(json));
  };

  beforeEach(() => {
    terraform = new FakeTerraform();
    plansDir = path.join(terraform.dir, 'plans');
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    terraform.restore();
    jest.restoreAllMocks();
  });

  /** The network's saved plan applied, then the cluster planned again against its new outputs and that plan applied. */
  const NETWORK_APPLIED_THEN_CLUSTER_PLANNED_AGAIN = [
    'staging-network init -input=false',
    'staging-network apply -input=false -lock-timeout=5m <tmp>/plans/staging/staging-network.tfplan',
    'staging-cluster init -input=false',
    'staging-cluster plan -input=false -lock-timeout=5m -out=<tmp>/plans/staging/staging-cluster.replanned.tfplan',
    'staging-cluster show -json <tmp>/plans/staging/staging-cluster.replanned.tfplan',
    'staging-cluster show -no-color <tmp>/plans/staging/staging-cluster.replanned.tfplan',
    'staging-cluster apply -input=false -lock-timeout=5m <tmp>/plans/staging/staging-cluster.replanned.tfplan',
  ];

  it('applies each saved plan with changes as it is, and skips those without', () => {
    save('staging-network', changes(['update']));
    save('staging-cluster', changes(['no-op', 'create']));
    save('staging-monitoring', changes(['no-op']));
    applySavedPlans('staging', stacks(), manifest, plansDir);
    expect(terraform.calls()).toEqual([
      'staging-network init -input=false',
      'staging-network apply -input=false -lock-timeout=5m <tmp>/plans/staging/staging-network.tfplan',
      'staging-cluster init -input=false',
      'staging-cluster apply -input=false -lock-timeout=5m <tmp>/plans/staging/staging-cluster.tfplan',
    ]);
  });

  it('plans a consumer again once its producer changed outputs, and applies that fresh plan', () => {
    save('staging-network', changes(['create'], ['create']));
    save('staging-cluster', changes(['no-op']));
    save('staging-monitoring', changes([]));
    terraform.showJson('staging-cluster', changes(['update']));
    applySavedPlans('staging', stacks(), manifest, plansDir);
    expect(terraform.calls()).toEqual(NETWORK_APPLIED_THEN_CLUSTER_PLANNED_AGAIN);
  });

  it('plans a deferred stack after its producers applied, and applies that plan', () => {
    save('staging-network', changes(['create'], ['create']));
    save('staging-monitoring', changes([]));
    const deferred = savedPlan(plansDir, 'staging', 'staging-cluster');
    fs.writeFileSync(deferred.deferredFile, JSON.stringify({ producers: ['staging-network'], error: 'Unsupported attribute' }));
    terraform.showJson('staging-cluster', changes(['create']));
    applySavedPlans('staging', stacks(), manifest, plansDir);
    expect(terraform.calls()).toEqual(NETWORK_APPLIED_THEN_CLUSTER_PLANNED_AGAIN);
  });

  it('applies no plan made again that destroys or replaces: nobody reviewed it', () => {
    save('staging-network', changes(['create'], ['create']));
    save('staging-cluster', changes(['no-op']));
    save('staging-monitoring', changes([]));
    terraform.showJson('staging-cluster', {
      resource_changes: [
        { address: 'aws_eks_cluster.eks', change: { actions: ['delete', 'create'] } },
        { address: 'aws_iam_role.x', change: { actions: ['update'] } },
      ],
    });
    expect(() => applySavedPlans('staging', stacks(), manifest, plansDir)).toThrow(
      /^staging-cluster: planned again after its producers applied, the plan destroys or replaces aws_eks_cluster\.eks \(delete, create\), which no reviewed plan showed; nothing of it was applied\. Fix: deploy again/,
    );
    expect(terraform.calls().filter((call) => call.startsWith('staging-cluster apply'))).toEqual([]);
  });

  it('applies nothing unless every stack has a saved plan', () => {
    save('staging-network', changes(['create']));
    expect(() => applySavedPlans('staging', stacks(), manifest, plansDir)).toThrow(
      /^No saved plan .*staging-cluster\.tfplan, .*staging-monitoring\.tfplan\. Fix: plan the environment with `tsx tools\/plan\.ts staging --out-dir <dir>`/,
    );
    expect(terraform.calls()).toEqual([]);
  });

  it('stops at the first stack that fails to apply', () => {
    save('staging-network', changes(['update']));
    save('staging-cluster', changes(['update']));
    save('staging-monitoring', changes(['update']));
    terraform.exitCode('staging-network', 'apply', 1);
    expect(() => applySavedPlans('staging', stacks(), manifest, plansDir)).toThrow(/terraform apply failed in .*staging-network \(exit 1\)/);
    expect(terraform.calls().filter((call) => !call.startsWith('staging-network'))).toEqual([]);
  });
});
