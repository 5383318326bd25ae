/**
 * Applies the saved plans of an environment, producers first: exactly the plans that were reviewed.
 * Usage: tsx tools/apply.ts <environment> --plans-dir DIR
 * DIR/<environment>/<stack>.tfplan and .json come from `tsx tools/plan.ts <environment> --out-dir DIR` of the same
 * commit; every stack must have them. Per stack:
 * - no changes in its plan: skipped;
 * - a stack it reads (a producer) changed its outputs in this apply: its saved plan read the producer's old outputs,
 *   so it is planned again (`<stack>.replanned.*`, printed) and that plan applied;
 * - deferred by the plan (`<stack>.deferred`: it reads outputs a producer creates in this apply): planned now, after
 *   its producers, and applied;
 * - a plan made again here was never reviewed: it is applied only when it destroys, replaces and forgets nothing;
 *   otherwise the apply stops (exit 1) naming those resources, for a new deploy whose plan shows them;
 * - otherwise its saved plan is applied; Terraform refuses it if the state changed since it was made.
 * Stops at the first failure (exit 1).
 */
import { PlatformError } from '@platform/core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandLineError, CommandSpec, parseCommandLine, synopsis } from './cli-arguments';
import { runTool } from './run-tool';
import { applyPlan, destructiveChanges, initStack, planChanges, PlanChanges, planStack, readPlanJson, savedPlan, StackDir, stackDirs } from './stack-terraform';
import { CdktfManifest, readManifest, requireSynthApp, stacksInDependencyOrder, synthesize } from './synthesized-app';

export const APPLY_COMMAND = {
  command: 'npx tsx tools/apply.ts',
  description: "Applies the environment's saved plans (from tools/plan.ts --out-dir), producers first.",
  positionals: [{ name: 'environment', description: 'the environment (or bootstrap) whose plans to apply' }],
  options: { 'plans-dir': { type: 'string', value: 'dir', description: 'where tools/plan.ts saved the plans (<dir>/<environment>/<stack>.tfplan); required' } },
} as const satisfies CommandSpec;

export interface ApplyArguments {
  readonly environment: string;
  readonly plansDir: string;
}

export function parseApplyArguments(args: readonly string[]): ApplyArguments {
  const { values, positionals } = parseCommandLine(APPLY_COMMAND, args);
  if (values['plans-dir'] === undefined) throw commandLineError(APPLY_COMMAND, '--plans-dir', 'missing');
  return { environment: positionals[0], plansDir: values['plans-dir'] };
}

export type ApplyAction = 'skip' | 'apply-saved' | 'replan';

/**
 * What to do with a stack, given what its saved plan changes (undefined: deferred, no plan could be made before its
 * producers applied) and which of its producers changed their outputs.
 */
export function applyAction(changes: PlanChanges | undefined, producers: readonly string[], producersWithNewOutputs: ReadonlySet<string>): ApplyAction {
  if (changes === undefined || producers.some((producer) => producersWithNewOutputs.has(producer))) return 'replan';
  return changes.resources || changes.outputs ? 'apply-saved' : 'skip';
}

/** Applies the saved plans of `stacks` (in dependency order); `manifest` names each stack's producers. */
export function applySavedPlans(environment: string, stacks: readonly StackDir[], manifest: CdktfManifest, plansDir: string): void {
  const missing = stacks
    .map(({ name }) => savedPlan(plansDir, environment, name))
    .filter((plan) => !existsSync(plan.deferredFile) && (!existsSync(plan.planFile) || !existsSync(plan.jsonFile)));
  if (missing.length > 0) {
    throw new PlatformError(
      `No saved plan ${missing.map(({ planFile }) => planFile).join(', ')}. Fix: plan the environment with \`tsx tools/plan.ts ${environment} --out-dir <dir>\` and pass that dir.`,
    );
  }
  const withNewOutputs = new Set<string>();
  for (const { name, dir } of stacks) {
    const saved = savedPlan(plansDir, environment, name);
    const deferred = existsSync(saved.deferredFile);
    const action = applyAction(deferred ? undefined : planChanges(readPlanJson(saved.jsonFile)), manifest.stacks[name].dependencies, withNewOutputs);
    console.log(`\n=== ${name}: ${action}`);
    if (action === 'skip') continue;
    let plan = saved;
    if (action === 'replan') {
      plan = savedPlan(plansDir, environment, name, '.replanned');
      planStack(dir, { savedPlan: plan });
      // Nobody reviewed this plan: it may add and change, never destroy.
      const destroyed = destructiveChanges(readPlanJson(plan.jsonFile));
      if (destroyed.length > 0) {
        throw new PlatformError(
          `${name}: planned again after its producers applied, the plan destroys or replaces ${destroyed.join('; ')}, which no reviewed plan showed; nothing of it was applied. ` +
            `Fix: deploy again (its producers are applied now, so the new plan job shows these for review), or apply ${plan.planFile} by hand after reviewing ${plan.textFile}`,
        );
      }
    } else {
      initStack(dir);
    }
    applyPlan(dir, plan.planFile);
    if (planChanges(readPlanJson(plan.jsonFile)).outputs) withNewOutputs.add(name);
  }
}

function main(): number {
  const options = parseApplyArguments(process.argv.slice(2));
  const environment = requireSynthApp(options.environment, `Usage: ${synopsis(APPLY_COMMAND)}`);
  synthesize(environment);
  const manifest = readManifest(environment);
  applySavedPlans(environment, stackDirs(environment, manifest, stacksInDependencyOrder(manifest)), manifest, resolve(options.plansDir));
  return 0;
}

if (require.main === module) runTool(main);
