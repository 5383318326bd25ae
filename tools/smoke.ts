/**
 * Post-deploy smoke check of an environment. Usage: npm run smoke -- <environment>
 * Needs the same credentials as the deploy. It checks two things and nothing more:
 * 1. the environment converged: a fresh `terraform plan -detailed-exitcode` of every stack finds no changes (an
 *    apply that stopped half-way, or a resource that changes on every apply, shows up here);
 * 2. if `environments/<environment>/smoke.sh` exists, it passes. That is the hook for application checks (HTTP
 *    endpoints, DNS, a login); it runs with bash in the workspace root, with ENVIRONMENT set. No such script: the
 *    check says so and checks only convergence.
 * Exit code 1 if either fails.
 */
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runTool } from './run-tool';
import { planStacks, StackPlanResult, stackDirs } from './stack-terraform';
import { readManifest, requireSynthApp, stacksInDependencyOrder, synthesize, WORKSPACE } from './synthesized-app';

const USAGE = 'Usage: npm run smoke -- <environment>';

/** The problems the convergence plan shows, one line each; empty when every stack converged. */
export function convergenceProblems(results: readonly StackPlanResult[]): string[] {
  return results.flatMap(({ stack, outcome, error }) => {
    if (outcome === 'changes') return [`${stack} has not converged: a fresh plan still shows changes (above)`];
    if (outcome === 'failed') return [`${stack} could not be planned: ${error}`];
    return [];
  });
}

function main(): number {
  const [requested, ...rest] = process.argv.slice(2);
  if (rest.length > 0) throw new PlatformError(`Unexpected argument '${rest[0]}'. ${USAGE}`);
  const environment = requireSynthApp(requested, USAGE);
  synthesize(environment);
  const manifest = readManifest(environment);
  const results = planStacks(stackDirs(environment, manifest, stacksInDependencyOrder(manifest)), () => ({ detailedExitcode: true }));
  const problems = convergenceProblems(results);

  const hook = join(WORKSPACE, 'environments', environment, 'smoke.sh');
  if (existsSync(hook)) {
    console.log(`\n=== ${relative(WORKSPACE, hook)}`);
    const run = spawnSync('bash', [hook], { cwd: WORKSPACE, stdio: 'inherit', env: { ...process.env, ENVIRONMENT: environment } });
    if (run.status !== 0) problems.push(`${relative(WORKSPACE, hook)} failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
  } else {
    console.log(`\nNo ${relative(WORKSPACE, hook)}: no application checks, convergence only.`);
  }

  console.log(problems.length === 0 ? `\nsmoke check of ${environment} passed` : `\nsmoke check of ${environment} failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return problems.length === 0 ? 0 : 1;
}

if (require.main === module) runTool(main);
