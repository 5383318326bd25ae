/**
 * Plans every stack of an environment against the real AWS account and its remote state, producers first.
 * Usage: tsx tools/plan.ts <environment> [stack...] [--out-dir DIR] [--detailed-exitcode] [--aws-only]
 * (the `plan` target: `npx nx run <environment>:plan`). Needs credentials for the environment's account (see
 * docs/operations.md, "Deploy one environment").
 *
 * - Without --out-dir each stack's plan is saved as `tfplan` in its folder under cdktf.out/<environment>/, ready for
 *   `terraform apply tfplan`. With --out-dir DIR, DIR/<environment>/ gets, per stack and replacing an earlier run's,
 *   `<stack>.tfplan` (for tools/apply.ts), `<stack>.json` (`terraform show -json`: holds sensitive values in clear
 *   text) and `<stack>.txt` (`terraform show -no-color`).
 * - A stack that fails to plan does not stop the others. Exit code: 1 if any stack failed; else, with
 *   --detailed-exitcode, 2 if any stack has changes, 0 if none; else 0.
 * - With --out-dir, a stack that fails while a producer's plan changes outputs is deferred, not failed
 *   (`<stack>.deferred`; see planStacks): tools/apply.ts plans it after that producer applied, so a new cross-stack
 *   output or a first deploy does not stop the pipeline.
 * - With --aws-only (pull requests: GitHub-hosted runners, the review role), only the stacks whose providers are all
 *   `aws` are planned; each other stack (Kubernetes, Helm: they need the cluster's private API endpoint, and no role a
 *   pull request assumes may reach it) is skipped as `deferred`, with --out-dir its `<stack>.deferred` saying so
 *   ({@link CLUSTER_DEFERRAL}): the deploy workflow plans it on the runner in the VPC.
 */
import { usesOnlyAwsProviders } from '@platform/platform-contracts';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLineError, CommandSpec, parseCommandLine, synopsis } from './cli-arguments';
import { runTool } from './run-tool';
import { PlanOutcome, planStacks, savedPlan, stackDirs, StackPlanResult } from './stack-terraform';
import { readManifest, readStacks, requireSynthApp, stacksInDependencyOrder, synthesize } from './synthesized-app';

export const PLAN_COMMAND = {
  command: 'npx tsx tools/plan.ts',
  description: 'Plans every stack of an environment against its AWS account and remote state, producers first (npx nx run <environment>:plan).',
  positionals: [
    { name: 'environment', description: 'the environment (or bootstrap) to plan' },
    { name: 'stack', description: 'the stacks to plan (default: every one)', optional: true, variadic: true },
  ],
  options: {
    'out-dir': { type: 'string', value: 'dir', description: "save <dir>/<environment>/<stack>.{tfplan,json,txt} (default: tfplan in each stack's folder)" },
    'detailed-exitcode': { type: 'boolean', description: 'exit 2 when a stack has changes (terraform -detailed-exitcode)' },
    'aws-only': { type: 'boolean', description: 'plan only the stacks whose providers are all aws; defer the others (pull requests)' },
  },
} as const satisfies CommandSpec;

/**
 * The `<stack>.deferred` of a stack --aws-only skips: no producers to wait for, `reason` `cluster` (tools/plan-comment.ts
 * shows it as not planned in pull requests).
 */
export const CLUSTER_DEFERRAL = {
  producers: [],
  reason: 'cluster',
  error: "not planned in pull requests: needs the cluster's private API endpoint; the deploy workflow plans it on the runner in the VPC",
} as const;

export interface PlanArguments {
  readonly environment: string;
  readonly stacks: readonly string[];
  /** Where plans, their JSON and text go, as given (relative to the working directory). */
  readonly outDir?: string;
  readonly detailedExitcode: boolean;
  /** Plan only the stacks whose providers are all `aws`; skip (defer) the others, which need the cluster's API. */
  readonly awsOnly: boolean;
}

export function parsePlanArguments(args: readonly string[]): PlanArguments {
  const { values, positionals } = parseCommandLine(PLAN_COMMAND, args);
  const [environment, ...stacks] = positionals;
  if (values['out-dir'] === '') throw commandLineError(PLAN_COMMAND, '--out-dir', 'needs a directory');
  return { environment, stacks, outDir: values['out-dir'], detailedExitcode: values['detailed-exitcode'], awsOnly: values['aws-only'] };
}

/**
 * 1 if any stack failed; else with detailed exit codes 2 if any has changes (a deferred stack waits for a producer's
 * changes, so it counts as one); else 0 — Terraform's own convention.
 */
export function planExitCode(outcomes: readonly PlanOutcome[], detailedExitcode: boolean): number {
  if (outcomes.includes('failed')) return 1;
  return detailedExitcode && (outcomes.includes('changes') || outcomes.includes('deferred')) ? 2 : 0;
}

export interface PlanEnvironmentOptions {
  /** The stacks to plan. @default - all */
  readonly stacks?: readonly string[];
  /** Where the plans go (`<plansDir>/<environment>/`). @default - `tfplan` in each stack's folder */
  readonly plansDir?: string;
  /** Plan with `-detailed-exitcode`. @default false */
  readonly detailedExitcode?: boolean;
  /** Plan only the AWS-only stacks and defer the others ({@link CLUSTER_DEFERRAL}). @default false */
  readonly awsOnly?: boolean;
}

/**
 * Synthesizes the environment and plans `stacks` (all when empty) in dependency order; with `plansDir`, saves the
 * plans under `<plansDir>/<environment>/`, replacing an earlier run's, and defers consumers of new outputs.
 */
export function planEnvironment(environment: string, options: PlanEnvironmentOptions = {}): StackPlanResult[] {
  synthesize(environment);
  const manifest = readManifest(environment);
  const ordered = stacksInDependencyOrder(manifest, options.stacks ?? []);
  const synthesized = options.awsOnly ? readStacks(environment, manifest) : {};
  const skipped = options.awsOnly ? ordered.filter((name) => !usesOnlyAwsProviders(synthesized[name])) : [];
  const stacks = stackDirs(environment, manifest, ordered.filter((name) => !skipped.includes(name)));
  const { plansDir } = options;
  if (plansDir !== undefined) {
    mkdirSync(join(plansDir, environment), { recursive: true });
    // Plans of an earlier run must not pass for this one's; nothing else in the folder is touched.
    for (const stack of Object.keys(manifest.stacks)) {
      for (const plan of [savedPlan(plansDir, environment, stack), savedPlan(plansDir, environment, stack, '.replanned')]) {
        Object.values(plan).forEach((file) => rmSync(file, { force: true }));
      }
    }
  }
  const deferrals = skipped.map((stack): StackPlanResult => {
    if (plansDir !== undefined) writeFileSync(savedPlan(plansDir, environment, stack).deferredFile, `${JSON.stringify(CLUSTER_DEFERRAL, null, 2)}\n`);
    console.log(`deferred: ${stack} needs the cluster's private API endpoint; not planned with --aws-only`);
    return { stack, outcome: 'deferred', error: CLUSTER_DEFERRAL.error };
  });
  const results = [
    ...deferrals,
    ...planStacks(
      stacks,
      (stack) => ({ savedPlan: plansDir === undefined ? undefined : savedPlan(plansDir, environment, stack), detailedExitcode: options.detailedExitcode }),
      (stack) => manifest.stacks[stack].dependencies,
    ),
  ];
  console.log(`\n${results.map(({ stack, outcome }) => `${stack}: ${outcome}`).join('\n')}`);
  return results;
}

function main(): number {
  const options = parsePlanArguments(process.argv.slice(2));
  const environment = requireSynthApp(options.environment, `Usage: ${synopsis(PLAN_COMMAND)}`);
  const results = planEnvironment(environment, {
    stacks: options.stacks,
    plansDir: options.outDir === undefined ? undefined : resolve(options.outDir),
    detailedExitcode: options.detailedExitcode,
    awsOnly: options.awsOnly,
  });
  return planExitCode(
    results.map(({ outcome }) => outcome),
    options.detailedExitcode,
  );
}

if (require.main === module) runTool(main);
