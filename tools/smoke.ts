/**
 * Post-deploy smoke check of an environment. Usage: npm run smoke -- <environment>
 * Needs the same credentials as the deploy. It checks these things and nothing more:
 * 1. the environment converged: a fresh `terraform plan -detailed-exitcode` of every stack finds no changes (an
 *    apply that stopped half-way, or a resource that changes on every apply, shows up here);
 * 2. in an ECS environment (compute: 'ecs'), its services run: every ECS service runs the tasks it desires with its
 *    rollout finished, and answers its health check over HTTPS with 200 (tools/smoke-ecs.ts; a rollout is waited
 *    for up to 20 minutes, a new name up to 5); a blue/green service runs the task definition revision the services
 *    stack registered (its `<key>_release` output, which tools/ecs-release.ts deploys);
 * 3. if `environments/<environment>/smoke.sh` exists, it passes. That is the hook for application checks (HTTP
 *    endpoints, DNS, a login); it runs with bash in the workspace root, with ENVIRONMENT set. No such script: the
 *    check says so.
 * Exit code 1 if any fails.
 */
import { loadEnvironment } from '@platform/config';
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { blueGreenServices, readServicesOutputs, releasedTaskDefinitions, releasesOf } from './ecs-release';
import { CommandSpec, parseCommandLine, synopsis } from './cli-arguments';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';
import { blockFor, runTool } from './run-tool';
import { ecsSmokeProblems, Patience } from './smoke-ecs';
import { planStacks, StackPlanResult, stackDirs } from './stack-terraform';
import { readManifest, readStacks, requireSynthApp, stacksInDependencyOrder, synthesize, WORKSPACE } from './synthesized-app';

export const SMOKE_COMMAND = {
  command: 'npm run smoke --',
  description: "Post-deploy smoke check: every stack converged, ECS services run and answer, environments/<environment>/smoke.sh passes.",
  positionals: [{ name: 'environment', description: 'the environment (or bootstrap)' }],
} as const satisfies CommandSpec;

/** The environment named on the command line, one the workspace synthesizes. */
export function parseSmokeArguments(args: readonly string[]): string {
  return requireSynthApp(parseCommandLine(SMOKE_COMMAND, args).positionals[0], `Usage: ${synopsis(SMOKE_COMMAND)}`);
}
const PAUSE_MS = 15_000;
/** Blue/green shifts 10 % of traffic for 10 minutes before the rest: a rollout may take 20 minutes. */
const ROLLOUT_ATTEMPTS = 80;
/** A first deploy's DNS name and load balancer targets take a few minutes. */
const HEALTH_ATTEMPTS = 20;

const pause = (): void => blockFor(PAUSE_MS);

/** The problems the convergence plan shows, one line each; empty when every stack converged. */
export function convergenceProblems(results: readonly StackPlanResult[]): string[] {
  return results.flatMap(({ stack, outcome, error }) => {
    if (outcome === 'changes') return [`${stack} has not converged: a fresh plan still shows changes (above)`];
    if (outcome === 'failed') return [`${stack} could not be planned: ${error}`];
    return [];
  });
}

function main(): number {
  const environment = parseSmokeArguments(process.argv.slice(2));
  synthesize(environment);
  const manifest = readManifest(environment);
  const results = planStacks(stackDirs(environment, manifest, stacksInDependencyOrder(manifest)), () => ({ detailedExitcode: true }));
  const problems = convergenceProblems(results);

  // The bootstrap app is no environment: it has nothing to run.
  const config = knownEnvironments().includes(environment) ? loadEnvironment(importEnvironment(environment), { expectedName: environment, source: environmentFile(environment) }) : undefined;
  if (config?.compute === 'ecs') {
    console.log(`\n=== ECS services of ${environment}`);
    const patience = (attempts: number): Patience => ({ attempts, pause });
    let released: Record<string, string> = {};
    if (blueGreenServices(config).length > 0) {
      try {
        released = releasedTaskDefinitions(releasesOf(config, readServicesOutputs(environment, manifest)));
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        problems.push(error.message);
      }
    }
    problems.push(...ecsSmokeProblems(config, readStacks(environment, manifest), { rollout: patience(ROLLOUT_ATTEMPTS), health: patience(HEALTH_ATTEMPTS) }, released));
  }

  const hook = join(WORKSPACE, 'environments', environment, 'smoke.sh');
  if (existsSync(hook)) {
    console.log(`\n=== ${relative(WORKSPACE, hook)}`);
    const run = spawnSync('bash', [hook], { cwd: WORKSPACE, stdio: 'inherit', env: { ...process.env, ENVIRONMENT: environment } });
    if (run.status !== 0) problems.push(`${relative(WORKSPACE, hook)} failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
  } else {
    console.log(`\nNo ${relative(WORKSPACE, hook)}: no application checks of its own.`);
  }

  console.log(problems.length === 0 ? `\nsmoke check of ${environment} passed` : `\nsmoke check of ${environment} failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return problems.length === 0 ? 0 : 1;
}

if (require.main === module) runTool(main);
