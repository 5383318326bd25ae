/**
 * `npx nx run <environment>:deploy`: the path CI's deploy job takes, from a person's terminal.
 * Usage: tsx tools/deploy.ts <environment> [--plans-dir DIR] [--yes] (--help: the options)
 *
 * 1. Plans every stack into saved plans, producers first (tools/plan.ts; a consumer of outputs a producer creates in
 *    this deploy is deferred until it applied), and stops if any stack fails to plan.
 * 2. Prints what each stack changes and asks for the environment's name before applying (a terminal is required;
 *    `--yes` skips the question, for scripts that showed the plans otherwise).
 * 3. Applies exactly those plans (tools/apply.ts): unchanged stacks are skipped, consumers whose producers changed
 *    outputs and deferred stacks are planned again after their producers and applied.
 * The smoke check (`npm run smoke -- <environment>`) is CI's next step; run it after a deploy by hand as well.
 * `cdktf deploy '<environment>-*'` remains the break-glass path (no saved plans, cdktf's own prompts).
 */
import { PlatformError } from '@platform/core';
import { countChanges, parsePlanJson } from '@platform/plan-comment';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { applySavedPlans } from './apply';
import { planEnvironment } from './plan';
import { CommandSpec, parseCommandLine, synopsis } from './cli-arguments';
import { runAsyncTool } from './run-tool';
import { savedPlan, stackDirs, StackPlanResult } from './stack-terraform';
import { readManifest, requireSynthApp, stacksInDependencyOrder, WORKSPACE } from './synthesized-app';

export const DEPLOY_COMMAND = {
  command: 'npx tsx tools/deploy.ts',
  description: 'Plans every stack of an environment into saved plans, shows them, asks for the name and applies exactly those (npx nx run <environment>:deploy).',
  positionals: [{ name: 'environment', description: 'the environment (or bootstrap) to deploy' }],
  options: {
    'plans-dir': { type: 'string', value: 'dir', default: 'cdktf.out/deploy-plans', description: 'where the saved plans go (<dir>/<environment>/)' },
    yes: { type: 'boolean', description: 'apply without asking (for scripts that showed the plans otherwise)' },
  },
} as const satisfies CommandSpec;

export interface DeployArguments {
  readonly environment: string;
  readonly plansDir: string;
  readonly yes: boolean;
}

export function parseDeployArguments(args: readonly string[]): DeployArguments {
  const { values, positionals } = parseCommandLine(DEPLOY_COMMAND, args);
  return { environment: positionals[0], plansDir: resolve(WORKSPACE, values['plans-dir']), yes: values.yes };
}

/** One line per stack: what its saved plan does, or why it has none yet. */
export function describePlans(environment: string, plansDir: string, results: readonly StackPlanResult[]): string[] {
  return results.map(({ stack, outcome }) => {
    const plan = savedPlan(plansDir, environment, stack);
    if (outcome === 'deferred') return `${stack}: planned after ${JSON.parse(readFileSync(plan.deferredFile, 'utf8')).producers.join(', ')} applied (reads outputs they create)`;
    if (outcome === 'failed' || !existsSync(plan.jsonFile)) return `${stack}: failed to plan`;
    const counts = countChanges(parsePlanJson(readFileSync(plan.jsonFile, 'utf8'), plan.jsonFile));
    const parts = Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} to ${kind}`);
    return `${stack}: ${parts.length > 0 ? parts.join(', ') : 'no changes'}`;
  });
}

async function confirmed(environment: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new PlatformError(`Not applying ${environment}: no terminal to confirm in. Fix: review the plans above and run again with --yes`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(`\nApply these plans to ${environment}? Type the environment's name to confirm: `)).trim() === environment;
  } finally {
    prompt.close();
  }
}

async function main(): Promise<number> {
  const options = parseDeployArguments(process.argv.slice(2));
  const environment = requireSynthApp(options.environment, `Usage: ${synopsis(DEPLOY_COMMAND)}`);
  const { plansDir } = options;
  const results = planEnvironment(environment, { plansDir });
  console.log(`\nPlans of ${environment} (saved under ${plansDir}/${environment}):\n${describePlans(environment, plansDir, results).map((line) => `  ${line}`).join('\n')}`);
  if (results.some(({ outcome }) => outcome === 'failed')) {
    throw new PlatformError(`Not applying ${environment}: a stack failed to plan (above). Fix: correct it and deploy again; nothing was applied`);
  }
  if (!options.yes && !(await confirmed(environment))) {
    console.log('Not confirmed: nothing applied.');
    return 1;
  }
  const manifest = readManifest(environment);
  applySavedPlans(environment, stackDirs(environment, manifest, stacksInDependencyOrder(manifest)), manifest, plansDir);
  console.log(`\n${environment} deployed. Next: npm run smoke -- ${environment}`);
  return 0;
}

if (require.main === module) runAsyncTool(main);
