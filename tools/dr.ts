/**
 * Disaster recovery runbooks as code.
 *
 *   npm run dr -- plan-failover <environment> [--out-dir <dir>]
 *
 * Synthesizes the environment as it is (serving from its primary region) and as it would be after a failover
 * (`recovery.activeRegion: 'secondary'`), then, offline with the real terraform, plans each changed AWS stack of the
 * failover against a state settled from the current stack's create plan: the replica promoted in place, the standby
 * node groups scaled, the failover records switched, new stacks created. Kubernetes/Helm stacks are listed with what
 * they deploy (they need the cluster). Prints the runbook's steps with the RTO budget each consumes, and fails when a
 * stack the failover only updates would replace a resource that holds data (a replica that would be recreated
 * empty instead of promoted).
 */
import { PlatformError } from '@platform/core';
import { failoverSteps } from '@platform/recovery';
import { EnvironmentConfig, loadEnvironment } from '@platform/config';
import { synthesizeEnvironments } from '@platform/stacks';
import { offlinePlan, offlinePlanBlockers, readStack, requireToolchain, type NextVersionPlan, type PlanSummary } from '@platform/terraform-testing';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';

export const USAGE = 'Usage: npm run dr -- plan-failover <environment> [--out-dir <dir>]';

/** Where the command writes; tests capture it. */
export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processOutput: Output = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

/** Resource types whose replacement loses data: a failover must update them in place. */
const STATEFUL_TYPES = ['aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_replication_group', 'aws_s3_bucket', 'aws_opensearch_domain', 'aws_kms_key', 'aws_backup_vault'];

/** What the failover does to one stack. */
export interface StackFailoverPlan {
  readonly stack: string;
  /** `change`: planned against the settled current state; `create`: a stack the failover adds; `kubernetes`: not planned offline. */
  readonly kind: 'change' | 'create' | 'kubernetes';
  readonly plan?: PlanSummary;
  readonly changes?: NextVersionPlan['changes'];
  /** Resources holding data the plan would replace (must be empty). */
  readonly replacedState: readonly string[];
  readonly note?: string;
}

/** Runs the command with `args` (without node and the script); returns the exit code. */
export async function drCommand(args: readonly string[], output: Output = processOutput): Promise<number> {
  try {
    const { command, environment, outDir } = parseArguments(args);
    if (command !== 'plan-failover') throw new PlatformError(`Unknown command '${command}'. ${USAGE}`);
    const { config, plans } = await planFailover(environment, outDir);
    const failures = plans.filter(({ replacedState }) => replacedState.length > 0);
    for (const failure of failures) {
      output.err(`error: ${failure.stack}: the failover would replace ${failure.replacedState.join(', ')}, losing its data. Fix: make the failover update it in place`);
    }
    output.out(formatFailover(environment, plans));
    output.out(`\nRunbook (${config.recovery.strategy}, ${config.compute}), README "Disaster recovery":`);
    output.out(formatRunbook({ strategy: config.recovery.strategy, compute: config.compute, rtoMinutes: config.recovery.rtoMinutes }));
    return failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    output.err(`error: ${error.message}`);
    return 2;
  }
}

/** Synthesizes the environment before and after failover (into `outDir`) and plans every stack the failover touches. */
export async function planFailover(environment: string, outDir?: string): Promise<{ config: EnvironmentConfig; plans: StackFailoverPlan[] }> {
  const input = importEnvironment(environment) as Record<string, unknown>;
  const config = loadEnvironment(input, { expectedName: environment, source: environmentFile(environment) });
  if (config.recovery.strategy !== 'pilot-light' && config.recovery.strategy !== 'warm-standby') {
    throw new PlatformError(
      `${environmentFile(environment)}: recovery.strategy is '${config.recovery.strategy}', which keeps no standby to fail over to. Fix: set recovery.strategy: 'pilot-light' or 'warm-standby' (see README, Disaster recovery)`,
    );
  }
  if (config.recovery.activeRegion === 'secondary') {
    throw new PlatformError(`${environmentFile(environment)}: recovery.activeRegion is already 'secondary'. Fix: plan the failback by hand (README, Disaster recovery), or set it to 'primary'`);
  }
  requireToolchain();
  const root = outDir ?? mkdtempSync(join(tmpdir(), `dr-${environment}-`));
  try {
    const current = join(root, 'current');
    const next = join(root, 'failover');
    const source = environmentFile(environment);
    const recovery = (input.recovery ?? {}) as Record<string, unknown>;
    synthesizeEnvironments([{ input, expectedName: environment, source }], current);
    synthesizeEnvironments([{ input: { ...input, recovery: { ...recovery, activeRegion: 'secondary' } }, expectedName: environment, source }], next);
    const stacks = synthesizedStacks(next);
    return { config, plans: await Promise.all(stacks.map((stack) => planStack(stack, join(current, 'stacks', stack), join(next, 'stacks', stack)))) };
  } finally {
    if (outDir === undefined) rmSync(root, { recursive: true, force: true });
  }
}

async function planStack(stack: string, currentDir: string, nextDir: string): Promise<StackFailoverPlan> {
  const exists = existsSync(join(currentDir, 'cdk.tf.json'));
  // A stack the failover does not change needs no plan (and the runbook does not apply it).
  if (exists && readFileSync(join(currentDir, 'cdk.tf.json'), 'utf8') === readFileSync(join(nextDir, 'cdk.tf.json'), 'utf8')) {
    return { stack, kind: 'change', changes: [], replacedState: [] };
  }
  const json = await readStack(nextDir);
  const blockers = offlinePlanBlockers(json);
  if (blockers.length > 0) {
    const resources = Object.values(json.resource ?? {}).reduce((sum, blocks) => sum + Object.keys(blocks).length, 0);
    return { stack, kind: 'kubernetes', replacedState: [], note: `${resources} resources, applied with cdktf deploy once the cluster answers (${blockers.join('; ')})` };
  }
  if (!exists) {
    const { plan } = await offlinePlan(nextDir);
    return { stack, kind: 'create', plan, replacedState: [] };
  }
  const { nextVersion } = await offlinePlan(currentDir, { convergence: {}, nextVersion: nextDir });
  const changes = nextVersion?.changes ?? [];
  const replacedState = changes
    .filter(({ address, actions }) => actions.includes('delete') && STATEFUL_TYPES.some((type) => address.split('.').includes(type)))
    .map(({ address }) => address);
  return { stack, kind: 'change', plan: nextVersion?.plan, changes, replacedState };
}

function synthesizedStacks(outdir: string): string[] {
  return readdirSync(join(outdir, 'stacks')).sort();
}

/** The report: each stack's plan, then the runbook with the RTO budget of each step. */
export function formatFailover(environment: string, plans: readonly StackFailoverPlan[]): string {
  const lines = [`Failover of ${environment} (recovery.activeRegion: 'secondary'), planned offline:`];
  for (const plan of plans) {
    if (plan.kind === 'kubernetes') {
      lines.push(`  ${plan.stack}: not planned offline: ${plan.note}`);
      continue;
    }
    if (plan.kind === 'create') {
      lines.push(`  ${plan.stack}: new stack, ${plan.plan?.add} to add`);
      continue;
    }
    if (plan.plan === undefined || (plan.changes ?? []).length === 0) continue;
    const summary = plan.plan;
    lines.push(`  ${plan.stack}: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy (${summary.replace} replaced)`);
    for (const change of plan.changes ?? []) lines.push(`    ${change.actions.join('+').padEnd(14)} ${change.address}`);
  }
  return lines.join('\n');
}

/** The runbook's steps for an environment, each with the minutes of the RTO it may take, and the total. */
export function formatRunbook(environment: Parameters<typeof failoverSteps>[0] & { readonly rtoMinutes: number }): string {
  const steps = failoverSteps(environment);
  const total = steps.reduce((sum, step) => sum + step.minutes, 0);
  return [
    ...steps.map((step, index) => `  ${index + 1}. ${step.title} (${step.minutes} min): ${step.how}`),
    `  Total ${total} min of the ${environment.rtoMinutes}-minute RTO.`,
  ].join('\n');
}

interface Arguments {
  readonly command: string;
  readonly environment: string;
  readonly outDir?: string;
}

function parseArguments(args: readonly string[]): Arguments {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { 'out-dir': { type: 'string' } } });
  } catch (error) {
    throw new PlatformError(`${(error as Error).message}. ${USAGE}`);
  }
  const [command, environment, ...rest] = parsed.positionals;
  if (command === undefined || environment === undefined || rest.length > 0) throw new PlatformError(USAGE);
  if (!knownEnvironments().includes(environment)) {
    throw new PlatformError(`Unknown environment '${environment}'. Known environments: ${knownEnvironments().join(', ')}. ${USAGE}`);
  }
  return { command, environment, outDir: parsed.values['out-dir'] };
}

if (require.main === module) {
  drCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
