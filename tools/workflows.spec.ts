/**
 * Structure the GitHub Actions workflows rely on, checked without GitHub (actionlint is a Go binary this toolchain
 * lacks): triggers, permissions, job order, matrix sources, concurrency, pinned actions, and that every npm script,
 * tool, Nx target and delivery target field they use exists.
 */
import { loadEnvironment } from '@platform/config';
import { BootstrapStack, stateGroups } from '@platform/stacks';
import { Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { deliveryTarget, PROMOTION_ORDER } from './delivery-targets';
import { importEnvironment } from './environments';
import { readReleaseManifest } from './release-manifest';

const WORKSPACE = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(WORKSPACE, '.github', 'workflows');

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly environment?: string;
  readonly permissions?: Record<string, string> | string;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly strategy?: { matrix: Record<string, unknown> };
  readonly outputs?: Record<string, string>;
  readonly 'timeout-minutes'?: number;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: unknown;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, Job>;
}

const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
function load(file: string): Workflow {
  const document = parseDocument(text(file));
  expect([...document.errors, ...document.warnings].map(String)).toEqual([]);
  return document.toJS() as Workflow;
}
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKSPACE, file), 'utf8'));
const needsOf = (job: Job) => [job.needs ?? []].flat();
const runs = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));
const stepUsing = (job: Job, action: string) => job.steps.find((step) => step.uses?.startsWith(`${action}@`));

/** Every workflow gets the general checks; pr, deploy and drift also their own. */
const FILES = fs.readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort();
const workflows = Object.fromEntries(FILES.map((file) => [file, load(file)])) as Record<string, Workflow>;
const { pr, deploy, drift } = { pr: workflows['pr.yml'], deploy: workflows['deploy.yml'], drift: workflows['drift.yml'] };
const production = loadEnvironment(importEnvironment('production'), { expectedName: 'production' });

describe('the GitHub Actions workflows', () => {
  it('include pr.yml, deploy.yml and drift.yml', () => {
    expect(FILES).toEqual(expect.arrayContaining(['pr.yml', 'deploy.yml', 'drift.yml']));
  });

  it('run on pull requests, on pushes to the branch the plan roles trust, and daily', () => {
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(deploy.on).toEqual({ push: { branches: [production.delivery?.mainBranch] }, workflow_dispatch: null });
    expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(drift.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
  });

  it.each(FILES)('%s grants no permission at the top and to each job only what its steps use', (file) => {
    const workflow = workflows[file];
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect({ job: name, permissions: typeof job.permissions }).toEqual({ job: name, permissions: 'object' });
      const writes = Object.entries(job.permissions as Record<string, string>)
        .filter(([, level]) => level !== 'read')
        .map(([scope, level]) => `${scope}: ${level}`)
        .sort();
      const commands = job.steps.map((step) => step.run ?? '').join('\n');
      const needed = [
        ...(stepUsing(job, 'aws-actions/configure-aws-credentials') ? ['id-token: write'] : []),
        ...(commands.includes('plan-comment -- drift') ? ['issues: write'] : []),
        ...(commands.includes('plan-comment -- post') ? ['pull-requests: write'] : []),
      ].sort();
      expect({ job: name, writes }).toEqual({ job: name, writes: needed });
      if (stepUsing(job, 'actions/checkout')) expect(job.permissions).toMatchObject({ contents: 'read' });
    }
  });

  it('pin every action to a full commit SHA with its version, the same one everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of FILES) {
      for (const line of text(file).split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l))) {
        const match = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line.trim().replace(/^-\s+/, ''));
        expect({ file, line: line.trim(), pinned: match !== null }).toEqual({ file, line: line.trim(), pinned: true });
        if (match) pins.set(match[1], new Set([...(pins.get(match[1]) ?? []), `${match[2]} ${match[3]}`]));
      }
    }
    expect([...pins.keys()]).toEqual(
      expect.arrayContaining([
        'actions/checkout',
        'actions/download-artifact',
        'actions/setup-node',
        'actions/upload-artifact',
        'aws-actions/configure-aws-credentials',
        'hashicorp/setup-terraform',
      ]),
    );
    for (const [action, versions] of pins) expect({ action, versions: versions.size }).toEqual({ action, versions: 1 });
  });

  it('use one Terraform version, Node 20, and never the setup-terraform wrapper (it garbles `terraform show -json`)', () => {
    for (const job of Object.values(workflows).flatMap((workflow) => Object.values(workflow.jobs))) {
      const terraform = stepUsing(job, 'hashicorp/setup-terraform');
      if (terraform) expect(terraform.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
      const node = stepUsing(job, 'actions/setup-node');
      if (node) expect(node.with).toEqual({ 'node-version': 20, cache: 'npm' });
    }
  });

  it('test with a provider mirror of exactly the hashicorp/aws version cdktf.json pins', () => {
    const pinned = (readJson('cdktf.json').terraformProviders as string[]).find((p) => p.startsWith('hashicorp/aws@'))?.split('= ')[1];
    const mirrored = /"source":"hashicorp\/aws","version":"([^"]+)"/.exec(runs(pr).join('\n'))?.[1];
    expect(mirrored).toBe(pinned);
  });

  it('only call npm scripts, tools, Nx projects and targets that exist', () => {
    const { scripts } = readJson('package.json') as { scripts: Record<string, string> };
    const targetDefaults = Object.keys((readJson('nx.json') as { targetDefaults: Record<string, unknown> }).targetDefaults);
    const commands = Object.values(workflows).flatMap(runs).join('\n');
    const npmScripts = [...commands.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    const tools = [...commands.matchAll(/npx tsx (\S+)/g)].map((m) => m[1]);
    const affectedTargets = [...commands.matchAll(/nx affected -t ([\w ]+?)(?= --|\n|$)/g)].flatMap((m) => m[1].split(' '));
    const nxRuns = [...commands.matchAll(/nx run ([\w-]+):([\w-]+)/g)].map((m) => [m[1], m[2]]);
    expect(npmScripts).toEqual(expect.arrayContaining(['plan-comment', 'smoke']));
    expect(npmScripts.filter((script) => !(script in scripts))).toEqual([]);
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.filter((tool) => !fs.existsSync(path.join(WORKSPACE, tool)))).toEqual([]);
    expect(affectedTargets).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test', 'synth']));
    expect(affectedTargets.filter((target) => !targetDefaults.includes(target))).toEqual([]);
    for (const [project, target] of nxRuns) {
      const projectFile = ['apps', 'libs', 'environments'].map((root) => path.join(root, project, 'project.json')).find((file) => fs.existsSync(path.join(WORKSPACE, file)));
      expect({ project, found: projectFile !== undefined }).toEqual({ project, found: true });
      expect(Object.keys(readJson(projectFile as string).targets)).toContain(target);
    }
  });

  it.each(FILES)('%s reads only outputs, results and fields that exist', (file) => {
    const target = deliveryTarget(production, readReleaseManifest('production'));
    for (const [name, job] of Object.entries(workflows[file].jobs)) {
      const source = JSON.stringify(job);
      for (const [, needed, kind, output] of source.matchAll(/needs\.([\w-]+)\.(outputs|result)\.?([\w-]*)/g)) {
        expect({ job: name, needs: needed, listed: needsOf(job).includes(needed) }).toEqual({ job: name, needs: needed, listed: true });
        if (kind === 'outputs') expect(Object.keys(workflows[file].jobs[needed].outputs ?? {})).toContain(output);
      }
      for (const [, id] of source.matchAll(/steps\.([\w-]+)\.outputs/g)) expect(job.steps.map((step) => step.id)).toContain(id);
      for (const [, field] of source.matchAll(/outputs\.targets\)\[[^\]]+\]\.(\w+)/g)) expect(Object.keys(target)).toContain(field);
      for (const [output, expression] of Object.entries(job.outputs ?? {})) {
        const step = job.steps.find(({ id }) => expression.includes(`steps.${id}.outputs.${output}`));
        expect({ output, producedBy: step?.run }).toEqual({ output, producedBy: expect.stringContaining('tools/affected-environments.ts') });
      }
    }
  });

  it('plan every affected environment of a pull request, then comment once on all the plans', () => {
    const { affected, plan, comment } = pr.jobs;
    expect(runs({ ...pr, jobs: { affected } }).join('\n')).toContain('nx affected -t lint typecheck test synth --base="origin/$BASE_REF" --head=HEAD');
    expect(stepUsing(affected, 'actions/checkout')?.with).toMatchObject({ 'fetch-depth': 0 });
    expect(needsOf(plan)).toEqual(['affected']);
    expect(plan.strategy?.matrix).toEqual({ environment: '${{ fromJSON(needs.affected.outputs.environments) }}' });
    expect(plan.if).toContain("needs.affected.outputs.environments != '[]'");
    expect(stepUsing(plan, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toContain('[matrix.environment].planRoleArn');
    expect(plan.environment).toBeUndefined();
    expect(stepUsing(plan, 'actions/upload-artifact')?.with).toMatchObject({ name: 'plan-${{ matrix.environment }}' });
    expect(needsOf(comment).sort()).toEqual(['affected', 'plan']);
    expect(comment.if).toContain('!cancelled()');
    expect(stepUsing(comment, 'actions/download-artifact')?.with).toEqual({ pattern: 'plan-*', path: 'plans', 'merge-multiple': true });
    expect(pr.concurrency).toEqual({ group: 'pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });

  it('deploy in promotion order, each environment planned, then applied in its GitHub environment', () => {
    const order = Object.keys(deploy.jobs).filter((name) => name !== 'affected');
    expect(order).toEqual(PROMOTION_ORDER.flatMap((environment) => [`plan-${environment}`, `deploy-${environment}`]));
    order.forEach((name, index) => expect({ job: name, needs: needsOf(deploy.jobs[name]) }).toEqual({ job: name, needs: index === 0 ? ['affected'] : ['affected', order[index - 1]] }));
    for (const environment of PROMOTION_ORDER) {
      const plan = deploy.jobs[`plan-${environment}`];
      const apply = deploy.jobs[`deploy-${environment}`];
      // !failure() looks at every earlier job: a failed environment stops the later ones, a skipped one does not.
      expect(plan.if).toBe(`\${{ !failure() && !cancelled() && contains(fromJSON(needs.affected.outputs.environments), '${environment}') }}`);
      expect(apply.if).toBe(`\${{ !failure() && !cancelled() && needs.plan-${environment}.result == 'success' }}`);
      expect(plan.environment).toBeUndefined();
      expect(apply.environment).toBe(environment);
      expect(stepUsing(plan, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toContain('[env.ENVIRONMENT].planRoleArn');
      expect(stepUsing(apply, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toContain('[env.ENVIRONMENT].applyRoleArn');
      expect(stepUsing(plan, 'actions/upload-artifact')?.with?.name).toBe(`deploy-plan-${environment}`);
      expect(stepUsing(apply, 'actions/download-artifact')?.with?.name).toBe(`deploy-plan-${environment}`);
      expect(apply.concurrency).toEqual({ group: `deploy-${environment}`, 'cancel-in-progress': false });
      expect(apply.steps.map((step) => step.run).filter(Boolean)).toEqual(['npm ci', 'npx tsx tools/apply.ts "$ENVIRONMENT" --plans-dir plans', 'npm run smoke -- "$ENVIRONMENT"']);
    }
    expect(deploy.jobs['deploy-production'].environment).toBe('production');
  });

  it('stop a deploy before its credentials expire, which the apply role allows long enough', () => {
    const bootstrap = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), stateGroups([production])[0])));
    const applyRole = Object.values<{ name: string; max_session_duration?: number }>(bootstrap.resource.aws_iam_role).find(({ name }) => name.endsWith('-github-apply'));
    for (const environment of PROMOTION_ORDER) {
      const job = deploy.jobs[`deploy-${environment}`];
      const seconds = Number(stepUsing(job, 'aws-actions/configure-aws-credentials')?.with?.['role-duration-seconds']);
      expect(seconds).toBeLessThanOrEqual(applyRole?.max_session_duration ?? 3600);
      expect((job['timeout-minutes'] ?? 360) * 60).toBeLessThan(seconds);
    }
  });

  it('check every environment for drift, one at a time each, and report by exit code', () => {
    const { environments, drift: job } = drift.jobs;
    expect(runs({ ...drift, jobs: { environments } })).toContain('npx tsx tools/affected-environments.ts --all >> "$GITHUB_OUTPUT"');
    expect(job.strategy?.matrix).toEqual({ environment: '${{ fromJSON(needs.environments.outputs.environments) }}' });
    expect(job.concurrency).toEqual({ group: 'drift-${{ matrix.environment }}', 'cancel-in-progress': false });
    const plan = job.steps.find((step) => step.id === 'plan');
    expect(plan?.run).toContain('set +e');
    expect(plan?.run).toContain('tools/plan.ts "$ENVIRONMENT" --out-dir plans --detailed-exitcode');
    const driftStep = job.steps.find((step) => step.run?.includes('plan-comment -- drift'));
    expect(driftStep?.env?.EXIT_CODE).toBe('${{ steps.plan.outputs.exit-code }}');
    expect(driftStep?.if).toBe("steps.plan.outputs.exit-code != '1'");
    expect(job.steps.at(-1)).toMatchObject({ if: "steps.plan.outputs.exit-code == '1'", run: expect.stringContaining('exit 1') });
  });
});
