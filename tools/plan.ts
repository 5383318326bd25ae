/**
 * Plans every stack of an environment against the real AWS account and its remote state, producers first.
 * Usage: tsx tools/plan.ts <environment> [stack...]   (the `plan` target: `npx nx run <environment>:plan`)
 * Needs credentials for the environment's account (see README, "Deploy one environment"). Each stack's plan is
 * saved as `tfplan` in its folder under cdktf.out/<environment>/, ready for `terraform apply tfplan`.
 */
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { outputOf, readManifest, requireSynthApp, stacksInDependencyOrder, synthesize } from './synthesized-app';

const USAGE = 'Usage: npx nx run <environment>:plan, or tsx tools/plan.ts <environment> [stack...]';

function terraform(stackDir: string, args: string[]): void {
  const result = spawnSync('terraform', args, { cwd: stackDir, stdio: 'inherit', env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' } });
  if (result.status !== 0) {
    throw new PlatformError(`terraform ${args[0]} failed in ${stackDir} (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

try {
  const [requested, ...stacks] = process.argv.slice(2);
  const environment = requireSynthApp(requested, USAGE);
  synthesize(environment);
  for (const stack of stacksInDependencyOrder(readManifest(environment), stacks)) {
    const stackDir = join(outputOf(environment), 'stacks', stack);
    console.log(`\n=== ${stack}`);
    terraform(stackDir, ['init', '-input=false']);
    // Wait a while for a lock held by a concurrent apply instead of failing at once.
    terraform(stackDir, ['plan', '-input=false', '-lock-timeout=5m', '-out=tfplan']);
  }
} catch (error) {
  if (!(error instanceof PlatformError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
}
