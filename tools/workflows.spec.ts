/**
 * Structure the GitHub Actions workflows rely on, checked without GitHub: triggers, permissions, job order, matrix
 * sources, concurrency, pinned actions, and that every npm script, tool, Nx target and delivery target field they use
 * exists. actionlint's own checks run in actionlint.spec.ts; these are the project-specific rules.
 */
import { loadEnvironment } from '@platform/config';
import { BootstrapStack, stateGroups } from '@platform/stacks';
import { Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { deliveryTarget, predecessorOf, PROMOTION_CHAINS, PROMOTION_ORDER, promotionChainOf } from './delivery-targets';
import { importEnvironment } from './environments';
import { readReleaseManifest } from './release-manifest';
import type { Workflow, WorkflowJob as Job } from './workflow-files';

const WORKSPACE = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(WORKSPACE, '.github', 'workflows');

const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
function load(file: string): Workflow {
  const document = parseDocument(text(file));
  expect([...document.errors, ...document.warnings].map(String)).toEqual([]);
  return document.toJS() as Workflow;
}
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKSPACE, file), 'utf8'));
const needsOf = (job: Job) => [job.needs ?? []].flat();
const stepsOf = (job: Job) => job.steps ?? [];
const runs = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => stepsOf(job).flatMap((step) => (step.run ? [step.run] : [])));
const stepUsing = (job: Job, action: string) => stepsOf(job).find((step) => step.uses?.startsWith(`${action}@`));
const LOCAL_WORKFLOW = /^\.\/\.github\/workflows\/([\w.-]+\.ya?ml)$/;
/** The file of the reusable workflow a job calls, `deploy-environment.yml`; undefined for a job with steps. */
const calledFile = (job: Job) => (job.uses === undefined ? undefined : (LOCAL_WORKFLOW.exec(job.uses)?.[1] ?? `not a workflow of this repository: ${job.uses}`));

/** Every workflow gets the general checks; pr, deploy and drift also their own. */
const FILES = fs.readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort();
const workflows = Object.fromEntries(FILES.map((file) => [file, load(file)])) as Record<string, Workflow>;
const { pr, deploy, drift } = { pr: workflows['pr.yml'], deploy: workflows['deploy.yml'], drift: workflows['drift.yml'] };
const deployEnvironment = workflows['deploy-environment.yml'];
const production = loadEnvironment(importEnvironment('production'), { expectedName: 'production' });

describe('the GitHub Actions workflows', () => {
  it('include pr.yml, deploy.yml, the deploy-environment.yml it calls, and drift.yml', () => {
    expect(FILES).toEqual(expect.arrayContaining(['pr.yml', 'deploy.yml', 'deploy-environment.yml', 'drift.yml']));
  });

  it.each(FILES)('%s calls only reusable workflows of this repository, with the inputs they declare', (file) => {
    for (const [name, job] of Object.entries(workflows[file].jobs)) {
      const called = calledFile(job);
      if (called === undefined) continue;
      expect({ job: name, calls: called, exists: FILES.includes(called) }).toEqual({ job: name, calls: called, exists: true });
      expect({ job: name, steps: job.steps }).toEqual({ job: name, steps: undefined });
      const inputs = workflows[called].on.workflow_call?.inputs ?? {};
      const given = Object.keys(job.with ?? {});
      expect({ job: name, undeclared: given.filter((input) => !(input in inputs)) }).toEqual({ job: name, undeclared: [] });
      const missing = Object.entries(inputs).filter(([input, { required }]) => required && !given.includes(input)).map(([input]) => input);
      expect({ job: name, missing }).toEqual({ job: name, missing: [] });
    }
  });

  it.each(FILES)('%s sets the env of the CI runs itself (a called workflow does not get its caller’s)', (file) => {
    expect(workflows[file].env).toEqual({ CHECKPOINT_DISABLE: '1', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' });
  });

  it('run on pull requests, on pushes to the branch the plan roles trust, and daily', () => {
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(deploy.on).toEqual({ push: { branches: [production.delivery?.mainBranch] }, workflow_dispatch: null });
    expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(drift.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect(Object.keys(deployEnvironment.on)).toEqual(['workflow_call']);
  });

  it.each(FILES)('%s grants no permission at the top and to each job only what its steps use', (file) => {
    const workflow = workflows[file];
    expect(workflow.permissions).toEqual({});
    const writesOf = (job: Job) =>
      Object.entries(job.permissions as Record<string, string>)
        .filter(([, level]) => level !== 'read')
        .map(([scope, level]) => `${scope}: ${level}`)
        .sort();
    // What a job must be granted: the writes its steps use, and reading the repository where it checks it out.
    const grantsNeeded = (job: Job): { writes: string[]; contents?: string } => {
      const called = calledFile(job);
      if (called !== undefined) {
        // A called workflow's jobs get at most what the calling job grants: it grants exactly what they use.
        const calledJobs = Object.values(workflows[called]?.jobs ?? {});
        return {
          writes: [...new Set(calledJobs.flatMap(writesOf))].sort(),
          ...(calledJobs.some((calledJob) => stepUsing(calledJob, 'actions/checkout')) ? { contents: 'read' } : {}),
        };
      }
      const commands = stepsOf(job)
        .map((step) => step.run ?? '')
        .join('\n');
      // The ID token: AWS roles, and cosign's keyless signing (Fulcio certifies the job's identity).
      const oidc = stepUsing(job, 'aws-actions/configure-aws-credentials') !== undefined || /\bcosign sign\b/.test(commands);
      const pullRequest = stepUsing(job, 'peter-evans/create-pull-request') !== undefined;
      const writes = [
        ...(oidc ? ['id-token: write'] : []),
        ...(commands.includes('plan-comment -- drift') ? ['issues: write'] : []),
        ...(commands.includes('plan-comment -- post') || pullRequest ? ['pull-requests: write'] : []),
        // A pull request's branch is pushed with the job's token.
        ...(pullRequest ? ['contents: write'] : []),
      ].sort();
      return { writes, ...(stepUsing(job, 'actions/checkout') ? { contents: pullRequest ? 'write' : 'read' } : {}) };
    };
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect({ job: name, permissions: typeof job.permissions }).toEqual({ job: name, permissions: 'object' });
      const { writes, contents } = grantsNeeded(job);
      expect({ job: name, writes: writesOf(job) }).toEqual({ job: name, writes });
      expect(job.permissions).toMatchObject(contents === undefined ? {} : { contents });
    }
  });

  it('pin every action to a full commit SHA with its version, the same one everywhere', () => {
    const uses = FILES.flatMap((file) =>
      text(file)
        .split('\n')
        .filter((line) => /^\s*(-\s+)?uses:/.test(line))
        // A job's `uses:` (four spaces in) naming a workflow of this repository calls it at the caller's commit: nothing to pin.
        .map((line) => ({ file, line: line.trim(), local: /^\s{4}uses:/.test(line) ? LOCAL_WORKFLOW.exec(line.trim().replace(/^uses: /, ''))?.[1] : undefined })),
    );
    const calls = uses.filter(({ local }) => local !== undefined);
    expect(calls.map(({ file, line, local }) => ({ file, line, reusable: workflows[local as string]?.on.workflow_call !== undefined }))).toEqual(
      calls.map(({ file, line }) => ({ file, line, reusable: true })),
    );
    const actions = uses.filter(({ local }) => local === undefined).map(({ file, line }) => ({ file, line, match: /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line.replace(/^-\s+/, '')) }));
    expect(actions.map(({ file, line, match }) => ({ file, line, pinned: match !== null }))).toEqual(actions.map(({ file, line }) => ({ file, line, pinned: true })));
    const pins = new Map<string, Set<string>>();
    for (const { match } of actions) if (match) pins.set(match[1], new Set([...(pins.get(match[1]) ?? []), `${match[2]} ${match[3]}`]));
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

  it('use one Terraform version, the Node LTS of .nvmrc (24), and never the setup-terraform wrapper (it garbles `terraform show -json`)', () => {
    expect(fs.readFileSync(path.join(WORKSPACE, '.nvmrc'), 'utf8').trim()).toBe('24');
    const jobs = Object.values(workflows).flatMap((workflow) => Object.values(workflow.jobs));
    // The distinct `with:` blocks of an action's steps across every job.
    const settingsOf = (action: string) => [...new Set(jobs.flatMap((job) => stepUsing(job, action) ?? []).map((step) => JSON.stringify(step.with)))].map((settings) => JSON.parse(settings));
    expect(settingsOf('hashicorp/setup-terraform')).toEqual([{ terraform_version: '1.11.4', terraform_wrapper: false }]);
    expect(settingsOf('actions/setup-node')).toEqual([{ 'node-version-file': '.nvmrc', cache: 'npm' }]);
    // setup-node reads .nvmrc from the checkout: every job that sets up Node checks out first.
    const uses = jobs.map((job) => (job.steps ?? []).map((step) => step.uses ?? ''));
    const setupBeforeCheckout = uses.filter((actions) => {
      const setupNode = actions.findIndex((action) => action.startsWith('actions/setup-node'));
      return setupNode !== -1 && !actions.slice(0, setupNode).some((action) => action.startsWith('actions/checkout'));
    });
    expect(setupBeforeCheckout).toEqual([]);
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
      for (const [, needed] of source.matchAll(/needs\.([\w-]+)\.(outputs|result)/g)) {
        expect({ job: name, needs: needed, listed: needsOf(job).includes(needed) }).toEqual({ job: name, needs: needed, listed: true });
      }
      for (const [, needed, output] of source.matchAll(/needs\.([\w-]+)\.outputs\.?([\w-]*)/g)) expect(Object.keys(workflows[file].jobs[needed].outputs ?? {})).toContain(output);
      for (const [, id] of source.matchAll(/steps\.([\w-]+)\.outputs/g)) expect(stepsOf(job).map((step) => step.id)).toContain(id);
      for (const [, field] of source.matchAll(/(?:outputs|inputs)\.targets\)\[[^\]]+\]\.(\w+)/g)) expect(Object.keys(target)).toContain(field);
      const declared = [...Object.keys(workflows[file].on.workflow_call?.inputs ?? {}), ...Object.keys(workflows[file].on.workflow_dispatch?.inputs ?? {})];
      for (const [, input] of source.matchAll(/\binputs\.([\w-]+)/g)) expect({ job: name, input, declared: declared.includes(input) }).toEqual({ job: name, input, declared: true });
      for (const [output, expression] of Object.entries(job.outputs ?? {})) {
        const step = stepsOf(job).find(({ id }) => expression.includes(`steps.${id}.outputs.${output}`));
        // Environments and delivery targets come from the tools that compute them from the config, nothing else.
        const tool = ['environments', 'targets'].includes(output) ? /tools\/(affected-environments|release-targets)\.ts/ : /^/;
        expect({ job: name, output, producedBy: step?.run }).toEqual({ job: name, output, producedBy: expect.stringMatching(tool) });
      }
    }
  });

  it('only the review role is assumed in workflows pull requests start (its role has no Kubernetes access)', () => {
    const started = FILES.filter((file) => ['pull_request', 'pull_request_target'].some((event) => event in workflows[file].on));
    expect(started).toContain('pr.yml');
    for (const file of started) {
      const roles = [...new Set([...JSON.stringify(workflows[file].jobs).matchAll(/\.(\w+RoleArn)\b/g)].map((match) => match[1]))];
      expect({ file, roles }).toEqual({ file, roles: ['reviewRoleArn'] });
    }
  });

  it('plan every affected environment of a pull request, then comment once on all the plans', () => {
    const { affected, plan, comment } = pr.jobs;
    expect(runs({ ...pr, jobs: { affected } }).join('\n')).toContain('nx affected -t lint typecheck test synth --base="origin/$BASE_REF" --head=HEAD');
    expect(stepUsing(affected, 'actions/checkout')?.with).toMatchObject({ 'fetch-depth': 0 });
    expect(needsOf(plan)).toEqual(['affected']);
    expect(plan.strategy?.matrix).toEqual({ environment: '${{ fromJSON(needs.affected.outputs.environments) }}' });
    expect(plan.if).toContain("needs.affected.outputs.environments != '[]'");
    // The review role (no Kubernetes access), a GitHub-hosted runner and the AWS-only stacks: nothing a pull request
    // runs reaches the cluster's private API endpoint.
    expect(stepUsing(plan, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toBe('${{ fromJSON(needs.affected.outputs.targets)[matrix.environment].reviewRoleArn }}');
    expect(plan['runs-on']).toBe('ubuntu-24.04');
    expect(runs({ ...pr, jobs: { plan } })).toContain('npx tsx tools/plan.ts "$ENVIRONMENT" --out-dir plans --aws-only');
    expect(plan.environment).toBeUndefined();
    expect(stepUsing(plan, 'actions/upload-artifact')?.with).toMatchObject({ name: 'plan-${{ matrix.environment }}' });
    expect(needsOf(comment).sort()).toEqual(['affected', 'plan']);
    expect(comment.if).toContain('!cancelled()');
    expect(stepUsing(comment, 'actions/download-artifact')?.with).toEqual({ pattern: 'plan-*', path: 'plans', 'merge-multiple': true });
    // Parts of the comment (several when one cannot hold the lists), the destroy label from the plans, and links to
    // each environment's plan job: reading the run's jobs is all that actions: read is for.
    expect(comment.permissions).toEqual({ actions: 'read', contents: 'read', 'pull-requests': 'write' });
    expect(stepsOf(comment).map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      'npm run plan-comment -- render --plans-dir plans --artifact-url "$RUN_URL" --run-url "$RUN_URL" --link-jobs --out-dir comment',
      'npm run plan-comment -- post --repo "$GITHUB_REPOSITORY" --pr "$PR_NUMBER" --body-dir comment --plans-dir plans',
    ]);
    expect(pr.concurrency).toEqual({ group: 'pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });

  it('deploy each promotion chain in order, one job per environment calling deploy-environment.yml', () => {
    const { affected, ...environments } = deploy.jobs;
    expect(affected.steps).toBeDefined();
    expect(Object.keys(environments)).toEqual([...PROMOTION_ORDER]);
    for (const environment of PROMOTION_ORDER) {
      const job = deploy.jobs[environment];
      const predecessor = predecessorOf(environment);
      expect({ job: environment, needs: needsOf(job) }).toEqual({ job: environment, needs: predecessor === undefined ? ['affected'] : ['affected', predecessor] });
      // !failure() looks at every earlier job this one needs, directly or not: a failed environment stops the later
      // ones of its chain, a skipped one does not.
      expect(job.if).toBe(`\${{ !failure() && !cancelled() && contains(fromJSON(needs.affected.outputs.environments), '${environment}') }}`);
      expect(job.uses).toBe('./.github/workflows/deploy-environment.yml');
      expect(job.with).toEqual({ environment, targets: '${{ needs.affected.outputs.targets }}' });
    }
  });

  it('keep the promotion chains apart: no environment waits for, or is stopped by, another chain', () => {
    const ancestors = (name: string): string[] => needsOf(deploy.jobs[name]).flatMap((needed) => [needed, ...ancestors(needed)]);
    for (const environment of PROMOTION_ORDER) {
      const chain: readonly string[] = PROMOTION_CHAINS[promotionChainOf(environment)];
      const others = [...new Set(ancestors(environment))].filter((name) => name !== 'affected' && !chain.includes(name));
      expect({ environment, waitsFor: others }).toEqual({ environment, waitsFor: [] });
    }
    expect(ancestors('storymagic-production')).not.toContain('production');
    expect(ancestors('production')).not.toContain('storymagic-development');
  });

  it('plan an environment, then apply exactly that plan in the GitHub environment of the same name', () => {
    expect(deployEnvironment.on.workflow_call?.inputs).toEqual({
      environment: expect.objectContaining({ type: 'string', required: true }),
      targets: expect.objectContaining({ type: 'string', required: true }),
    });
    const { plan, deploy: apply, ...others } = deployEnvironment.jobs;
    expect(Object.keys(others)).toEqual([]);
    expect(needsOf(plan)).toEqual([]);
    expect(needsOf(apply)).toEqual(['plan']);
    expect(apply.if).toBe("${{ !failure() && !cancelled() && needs.plan.result == 'success' }}");
    expect(plan.environment).toBeUndefined();
    // The apply role trusts only the GitHub environment named like the environment (OIDC subject environment:<name>).
    expect(apply.environment).toBe('${{ inputs.environment }}');
    for (const job of [plan, apply]) {
      expect(job.env).toEqual({ ENVIRONMENT: '${{ inputs.environment }}', TF_VAR_image_tag: '${{ fromJSON(inputs.targets)[inputs.environment].imageTag }}' });
    }
    expect(stepUsing(plan, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toBe('${{ fromJSON(inputs.targets)[inputs.environment].planRoleArn }}');
    expect(stepUsing(apply, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toBe('${{ fromJSON(inputs.targets)[inputs.environment].applyRoleArn }}');
    expect(stepUsing(plan, 'actions/upload-artifact')?.with?.name).toBe('deploy-plan-${{ inputs.environment }}');
    expect(stepUsing(apply, 'actions/download-artifact')?.with?.name).toBe('deploy-plan-${{ inputs.environment }}');
    expect(apply.concurrency).toEqual({ group: 'deploy-${{ inputs.environment }}', 'cancel-in-progress': false });
    expect(stepsOf(plan).map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      'npx tsx tools/plan.ts "$ENVIRONMENT" --out-dir plans',
      'npm run plan-comment -- render --plans-dir plans --artifact-url "$RUN_URL" --out "$GITHUB_STEP_SUMMARY"',
    ]);
    // The release step rolls the applied task definition out to CodeDeploy services before the smoke check looks.
    expect(stepsOf(apply).map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      'npx tsx tools/apply.ts "$ENVIRONMENT" --plans-dir plans',
      'npx tsx tools/ecs-release.ts "$ENVIRONMENT"',
      'npm run smoke -- "$ENVIRONMENT"',
    ]);
  });

  it('stop a deploy before its credentials expire, which the apply role of every environment allows long enough', () => {
    const environments = PROMOTION_ORDER.map((name) => loadEnvironment(importEnvironment(name), { expectedName: name }));
    const applyRoles = stateGroups(environments).flatMap((group) =>
      Object.values<{ name: string; max_session_duration?: number }>(JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), group))).resource.aws_iam_role ?? {}).filter(({ name }) =>
        name.endsWith('-github-apply'),
      ),
    );
    expect(applyRoles).toHaveLength(PROMOTION_ORDER.length);
    const job = deployEnvironment.jobs.deploy;
    const seconds = Number(stepUsing(job, 'aws-actions/configure-aws-credentials')?.with?.['role-duration-seconds']);
    for (const role of applyRoles) expect({ role: role.name, seconds: Math.min(seconds, role.max_session_duration ?? 3600) }).toEqual({ role: role.name, seconds });
    expect((job['timeout-minutes'] ?? 360) * 60).toBeLessThan(seconds);
  });

  it('check every environment for drift, one at a time each, and report by exit code', () => {
    const { environments, drift: job } = drift.jobs;
    expect(runs({ ...drift, jobs: { environments } })).toContain('npx tsx tools/affected-environments.ts --all >> "$GITHUB_OUTPUT"');
    expect(job.strategy?.matrix).toEqual({ environment: '${{ fromJSON(needs.environments.outputs.environments) }}' });
    expect(job.concurrency).toEqual({ group: 'drift-${{ matrix.environment }}', 'cancel-in-progress': false });
    const plan = stepsOf(job).find((step) => step.id === 'plan');
    expect(plan?.run).toContain('set +e');
    expect(plan?.run).toContain('tools/plan.ts "$ENVIRONMENT" --out-dir plans --detailed-exitcode');
    const driftStep = stepsOf(job).find((step) => step.run?.includes('plan-comment -- drift'));
    expect(driftStep?.env?.EXIT_CODE).toBe('${{ steps.plan.outputs.exit-code }}');
    expect(driftStep?.if).toBe("steps.plan.outputs.exit-code != '1'");
    expect(stepsOf(job).at(-1)).toMatchObject({ if: "steps.plan.outputs.exit-code == '1'", run: expect.stringContaining('exit 1') });
  });
});
