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
 *
 *   npm run dr -- plan-restore-drill <environment> [--out-dir <dir>]
 *
 * Synthesizes the environment's restore drill (RestoreDrillStack: a scratch PostgreSQL instance restored from a
 * recovery point, in the secondary region when the strategy keeps a network there) into its own folder, plans it
 * offline with the real terraform, and prints the drill's procedure with the commands to run: find the newest
 * recovery point, deploy the drill from that folder, check the restored data, record the restore time against its
 * RTO budget, destroy the drill.
 */
import { partitionOf, PlatformError } from '@platform/core';
import { failoverSteps } from '@platform/recovery';
import { EnvironmentConfig, loadEnvironment, stackNameOf } from '@platform/config';
import { contractPassed, evaluateContracts } from '@platform/platform-contracts';
import { addRestoreDrillStacks, RestoreDrillStack, synthesizeAtomically, synthesizeEnvironments, synthesizePlatform } from '@platform/stacks';
import { offlinePlan, offlinePlanBlockers, readStack, requireToolchain, STACK_FILE, type NextVersionPlan, type PlanSummary } from '@platform/terraform-testing';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CommandSpec, type Output, ProgramSpec, parseSubcommand, processOutput, reportCommandLine, synopsis } from './cli-arguments';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';
import { readWorkflows } from './workflow-files';

const ENVIRONMENT_ARGUMENT = { name: 'environment', description: 'the environment' } as const;
const OUT_DIR_OPTION = { type: 'string', value: 'dir', description: 'where to synthesize and plan (default: a temporary folder)' } as const;

export const DR_PROGRAM = {
  command: 'npm run dr --',
  description: 'Disaster recovery runbooks as code: what a failover or a restore drill does, planned offline.',
  commands: {
    'plan-failover': {
      command: 'npm run dr -- plan-failover',
      description: 'Plans the failover to the secondary region offline and prints its runbook; fails when it would replace stored data.',
      positionals: [ENVIRONMENT_ARGUMENT],
      options: { 'out-dir': OUT_DIR_OPTION },
    },
    'plan-restore-drill': {
      command: 'npm run dr -- plan-restore-drill',
      description: "Synthesizes and plans the environment's restore drill offline and prints its procedure.",
      positionals: [ENVIRONMENT_ARGUMENT],
      options: { 'out-dir': OUT_DIR_OPTION },
    },
  },
} as const satisfies ProgramSpec<Record<string, CommandSpec>>;

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
    const { command, environment, outDir } = parseDrArguments(args);
    if (command === 'plan-restore-drill') return await restoreDrillCommand(environment, outDir, output);
    const failover = await planFailover(environment, { outDir });
    const problems = failoverProblems(failover);
    output.out(formatFailover(environment, failover.plans));
    output.out(`\n${formatPromotion(failover)}`);
    output.out(`\nContracts of the failed-over platform (each region on its own):`);
    for (const { site, failed } of failover.contracts) output.out(`  ${site}: ${failed.length === 0 ? 'all hold' : `FAIL ${failed.join(', ')} (npm run contracts shows the checks)`}`);
    output.out(`\nRunbook (${failover.config.recovery.strategy}, ${failover.config.compute}), docs/disaster-recovery.md:`);
    output.out(formatRunbook(failover.config));
    for (const problem of problems) output.err(`error: ${problem}`);
    return problems.length > 0 ? 1 : 0;
  } catch (error) {
    const commandLine = reportCommandLine(error, output);
    if (commandLine !== undefined) return commandLine;
    if (!(error instanceof PlatformError)) throw error;
    output.err(`error: ${error.message}`);
    return 2;
  }
}

/** What planFailover found. */
export interface FailoverPlan {
  readonly config: EnvironmentConfig;
  readonly plans: readonly StackFailoverPlan[];
  /** Each site of the failed-over platform with the ids of the contracts that fail there (empty: all hold). */
  readonly contracts: readonly { readonly site: string; readonly failed: readonly string[] }[];
}

/** Options of {@link planFailover}. */
export interface PlanFailoverOptions {
  /** Keep both synthesized apps here (`current/`, `failover/`). @default - a temporary folder, removed */
  readonly outDir?: string;
  /** Plan only these stacks of the failover. @default - every stack */
  readonly stacks?: readonly string[];
}

/**
 * Synthesizes the environment before and after failover, plans every stack the failover touches, and checks the
 * whole-platform contracts on the failed-over configuration.
 */
export async function planFailover(environment: string, options: PlanFailoverOptions = {}): Promise<FailoverPlan> {
  const input = importEnvironment(environment) as Record<string, unknown>;
  const source = environmentFile(environment);
  const config = loadEnvironment(input, { expectedName: environment, source });
  if (config.recovery.strategy !== 'pilot-light' && config.recovery.strategy !== 'warm-standby') {
    throw new PlatformError(
      `${source}: recovery.strategy is '${config.recovery.strategy}', which keeps no standby to fail over to. Fix: set recovery.strategy: 'pilot-light' or 'warm-standby' (see docs/disaster-recovery.md)`,
    );
  }
  if (config.recovery.activeRegion === 'secondary') {
    throw new PlatformError(`${source}: recovery.activeRegion is already 'secondary'. Fix: plan the failback by hand (docs/disaster-recovery.md), or set it to 'primary'`);
  }
  requireToolchain();
  const failedOver = failedOverInput(environment);
  const root = options.outDir ?? mkdtempSync(join(tmpdir(), `dr-${environment}-`));
  try {
    const current = join(root, 'current');
    const next = join(root, 'failover');
    synthesizeEnvironments([{ input, expectedName: environment, source }], current);
    synthesizeEnvironments([{ input: failedOver, expectedName: environment, source }], next);
    const stacks = synthesizedStacks(next).filter((stack) => options.stacks === undefined || options.stacks.includes(stack));
    const plans = await Promise.all(stacks.map((stack) => planStack(stack, join(current, 'stacks', stack), join(next, 'stacks', stack))));
    return { config, plans, contracts: await failedOverContracts(environment) };
  } finally {
    if (options.outDir === undefined) rmSync(root, { recursive: true, force: true });
  }
}

/** The whole-platform contracts of the environment as failed over, per site: the ids of those that fail there. */
export async function failedOverContracts(environment: string): Promise<FailoverPlan['contracts']> {
  const failedOver = failedOverInput(environment);
  const source = environmentFile(environment);
  const others = knownEnvironments().map((name) => ({ input: name === environment ? failedOver : importEnvironment(name), expectedName: name }));
  const contracts = [];
  for (const site of synthesizePlatform({ input: failedOver, expectedName: environment, source }, others).sites) {
    const results = await evaluateContracts({ model: site.model, environment: site.environment, workflows: readWorkflows() });
    contracts.push({ site: site.name, failed: results.filter((result) => !contractPassed(result)).map((result) => result.id) });
  }
  return contracts;
}

/** The environment file's input with `recovery.activeRegion: 'secondary'`. */
function failedOverInput(environment: string): Record<string, unknown> {
  const input = importEnvironment(environment) as Record<string, unknown>;
  return { ...input, recovery: { ...((input.recovery ?? {}) as Record<string, unknown>), activeRegion: 'secondary' } };
}

/**
 * What makes the failover unsafe: a resource holding data replaced, the secondary's PostgreSQL not promoted in place,
 * a contract failing on the failed-over platform.
 */
export function failoverProblems({ config, plans, contracts }: FailoverPlan): string[] {
  const problems = plans.flatMap(({ stack, replacedState }) =>
    replacedState.length === 0 ? [] : [`${stack}: the failover would replace ${replacedState.join(', ')}, losing its data. Fix: make the failover update it in place`],
  );
  const promotion = replicaPromotion({ config, plans });
  if (promotion !== undefined && !promotion.inPlace) {
    problems.push(`${promotion.stack}: the failover does not promote the PostgreSQL replica in place (${promotion.detail}). Fix: change only replicate_source_db and in-place arguments on promotion (PostgresReadReplica.PROMOTION_CHANGES)`);
  }
  for (const { site, failed } of contracts) {
    if (failed.length > 0) problems.push(`${site}: after the failover the contracts ${failed.join(', ')} fail. Fix: see npm run contracts on the failed-over config`);
  }
  return problems;
}

/** How the secondary region's data stack treats its PostgreSQL instance; undefined when that stack was not planned. */
function replicaPromotion({ config, plans }: Pick<FailoverPlan, 'config' | 'plans'>): { stack: string; inPlace: boolean; detail: string } | undefined {
  const stack = `${config.name}-data-${config.recovery.secondaryRegion}`;
  const plan = plans.find((candidate) => candidate.stack === stack);
  if (plan === undefined) return undefined;
  const instances = (plan.changes ?? []).filter(({ address }) => address.startsWith('aws_db_instance.'));
  if (instances.length !== 1) return { stack, inPlace: false, detail: `${instances.length} aws_db_instance changes planned` };
  const [{ address, actions }] = instances;
  return { stack, inPlace: actions.length === 1 && actions[0] === 'update', detail: `${address}: ${actions.join('+')}` };
}

/** The promotion line of the report. */
function formatPromotion(failover: Pick<FailoverPlan, 'config' | 'plans'>): string {
  const promotion = replicaPromotion(failover);
  if (promotion === undefined) return 'PostgreSQL promotion: not planned (stack filtered out)';
  return promotion.inPlace
    ? `PostgreSQL: the replica in ${promotion.stack} is promoted in place (${promotion.detail}), not replaced`
    : `PostgreSQL: NOT promoted in place (${promotion.detail})`;
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
    const { plan } = await offlinePlan(nextDir, { plannedValues: false });
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

/** The runbook's steps for an environment (its names filled in), each with the minutes of the RTO it may take, and the total. */
export function formatRunbook(config: Pick<EnvironmentConfig, 'name' | 'compute' | 'recovery'>): string {
  const steps = failoverSteps({ strategy: config.recovery.strategy, compute: config.compute });
  const total = steps.reduce((sum, step) => sum + step.minutes, 0);
  const filled = (text: string) => text.replaceAll('<env>', config.name).replaceAll('<secondary region>', config.recovery.secondaryRegion);
  return [
    ...steps.map((step, index) => `  ${index + 1}. ${step.title} (${step.minutes} min): ${filled(step.how)}`),
    `  Total ${total} min of the ${config.recovery.rtoMinutes}-minute RTO.`,
  ].join('\n');
}

/** Where plan-restore-drill synthesizes the drill unless told: kept, since the procedure deploys from it. */
export const RESTORE_DRILL_DIR = 'cdktf.out/restore-drill';

/** What planRestoreDrill found. */
export interface RestoreDrillPlan {
  readonly config: EnvironmentConfig;
  /** `<env>-restore-drill`, or `<env>-restore-drill-<region>` in the secondary region. */
  readonly stack: string;
  /** The synthesized app the procedure deploys (`<outDir>/stacks/<stack>`). */
  readonly outDir: string;
  readonly plan: PlanSummary;
}

/** Options of {@link planRestoreDrill}. */
export interface PlanRestoreDrillOptions {
  /** Where to synthesize the drill's app. @default `cdktf.out/restore-drill/<environment>` */
  readonly outDir?: string;
}

/** Synthesizes the environment's restore drill into its own folder and plans it offline with the real terraform. */
export async function planRestoreDrill(environment: string, options: PlanRestoreDrillOptions = {}): Promise<RestoreDrillPlan> {
  const source = environmentFile(environment);
  const config = loadEnvironment(importEnvironment(environment), { expectedName: environment, source });
  if (config.recovery.strategy === 'none') {
    throw new PlatformError(
      `${source}: recovery.strategy is 'none', which backs nothing up: there is no recovery point to restore. Fix: set recovery.strategy: 'backup-restore' or stronger (see docs/disaster-recovery.md)`,
    );
  }
  requireToolchain();
  const site = RestoreDrillStack.siteOf(config);
  const stack = stackNameOf(site, 'restore-drill');
  const { outdir } = synthesizeAtomically(
    options.outDir ?? join(RESTORE_DRILL_DIR, environment),
    (app) => addRestoreDrillStacks(app, config),
    [{ name: stack, production: config.production, stacks: [stack] }],
  );
  // The variable has no default (whoever deploys names the recovery point), and its validation refuses the offline
  // plan's placeholder: the plan runs on a copy that defaults it to a recovery point ARN of the right shape.
  const planning = mkdtempSync(join(tmpdir(), `restore-drill-${environment}-`));
  try {
    cpSync(join(outdir, 'stacks'), join(planning, 'stacks'), { recursive: true });
    const stackFile = join(planning, 'stacks', stack, STACK_FILE);
    const json = JSON.parse(readFileSync(stackFile, 'utf8')) as { variable: Record<string, Record<string, unknown>> };
    json.variable[RestoreDrillStack.RECOVERY_POINT_VARIABLE].default = exampleRecoveryPointArn(site);
    writeFileSync(stackFile, JSON.stringify(json));
    const { plan } = await offlinePlan(join(planning, 'stacks', stack), { plannedValues: false });
    return { config, stack, outDir: outdir, plan };
  } finally {
    rmSync(planning, { recursive: true, force: true });
  }
}

/** A recovery point ARN as AWS Backup gives it for an RDS instance, in the site's account and region. */
function exampleRecoveryPointArn({ region, accountId }: Pick<EnvironmentConfig, 'region' | 'accountId'>): string {
  return `arn:${partitionOf(region)}:rds:${region}:${accountId}:snapshot:awsbackup:job-00000000-0000-0000-0000-000000000000`;
}

/** What makes the drill's plan wrong: it must create exactly one PostgreSQL instance and destroy nothing. */
export function restoreDrillProblems({ stack, plan }: Pick<RestoreDrillPlan, 'stack' | 'plan'>): string[] {
  const problems: string[] = [];
  const instances = plan.resourceCountsByType.aws_db_instance ?? 0;
  if (instances !== 1) problems.push(`${stack}: the plan creates ${instances} PostgreSQL instances instead of the one scratch instance. Fix: see RestoreDrillStack`);
  if (plan.destroy > 0) problems.push(`${stack}: the plan destroys ${plan.destroy} resources; a drill only adds its own. Fix: see RestoreDrillStack`);
  return problems;
}

/** The drill's plan and procedure, with the commands to run filled in. */
export function formatRestoreDrill({ config, stack, outDir, plan }: RestoreDrillPlan): string {
  const types = Object.entries(plan.resourceCountsByType).map(([type, count]) => `${count} ${type}`);
  return [`Restore drill of ${config.name}, planned offline:`, `  ${stack}: ${plan.add} to add (${types.join(', ')}), ${plan.change} to change, ${plan.destroy} to destroy`, '', restoreDrillProcedure(config, outDir)].join('\n');
}

/**
 * The restore drill's procedure for an environment whose drill is synthesized in `outDir`: which vault and region,
 * the commands of each step, the checks, and the RTO budget the measured restore time is held to.
 */
export function restoreDrillProcedure(config: EnvironmentConfig, outDir: string): string {
  const site = RestoreDrillStack.siteOf(config);
  const { region, resourcePrefix: vault } = site;
  const stack = stackNameOf(site, 'restore-drill');
  const restore = failoverSteps({ strategy: 'backup-restore', compute: config.compute }).find(({ id }) => id === 'restore-postgres');
  if (restore === undefined) throw new Error("failoverSteps: no 'restore-postgres' step to budget the restore against");
  const inRepository = relative(process.cwd(), resolve(outDir));
  const shown = inRepository.startsWith('..') ? resolve(outDir) : inRepository || '.';
  const cdktf = (verb: string) =>
    `npx cdktf ${verb} ${stack} --skip-synth --output ${shown} --ignore-missing-stack-dependencies --var ${RestoreDrillStack.RECOVERY_POINT_VARIABLE}="$ARN"`;
  const user = config.data.postgres.applicationUsername;
  const where =
    site.site === undefined
      ? `in ${region}, from backup vault ${vault} (${config.recovery.strategy} keeps no secondary network: this proves the recovery points restore)`
      : `in the secondary region ${region}, from the copy vault ${vault} (proves the cross-region copies restore, as a failover needs them)`;
  return [
    `Procedure (docs/disaster-recovery.md, "Restore drill"): restore the newest recovery point ${where}. Run from the repository root.`,
    '  1. Find the newest recovery point and when it was taken:',
    `       ARN=$(aws backup list-recovery-points-by-backup-vault --backup-vault-name ${vault} --region ${region} --by-resource-type RDS --query 'sort_by(RecoveryPoints,&CreationDate)[-1].RecoveryPointArn' --output text)`,
    `       aws backup describe-recovery-point --backup-vault-name ${vault} --region ${region} --recovery-point-arn "$ARN" --query CreationDate`,
    '  2. Restore it into the scratch instance (note the time you start):',
    `       ${cdktf('deploy')} --outputs-file ${shown}/drill-outputs.json`,
    `     Record the minutes until the deploy finishes (the instance is available) against the ${restore.minutes}-minute budget of the step '${restore.title}' (libs/recovery failoverSteps; RTO ${config.recovery.rtoMinutes} min).`,
    `  3. Check, from a host in the VPC with the output client_security_group_id (e.g. an AWS CloudShell VPC environment in a private subnet of ${region}):`,
    `       HOST=<drill_endpoint from ${shown}/drill-outputs.json>`,
    `       export PGPASSWORD=$(aws rds generate-db-auth-token --hostname "$HOST" --port ${RestoreDrillStack.PORT} --username ${user} --region ${region})`,
    `       psql "host=$HOST port=${RestoreDrillStack.PORT} dbname=${RestoreDrillStack.DATABASE_NAME} user=${user} sslmode=verify-full sslrootcert=global-bundle.pem"   (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem)`,
    `     a. it connects with IAM authentication as the application user ${user} (users and grants restore with the data);`,
    '     b. the row counts of the main tables (SELECT count(*) FROM <table>) match the primary\'s as of the recovery point: run the same queries on the primary;',
    `     c. the newest row's timestamp (SELECT max(<updated at>) FROM <busiest table>) is at most ${config.recovery.rpoMinutes} minutes (recovery.rpoMinutes) before the recovery point's CreationDate.`,
    '  4. Clean up, and confirm the scratch instance is gone:',
    `       ${cdktf('destroy')}`,
    `       aws rds describe-db-instances --db-instance-identifier ${site.resourcePrefix}-drill --region ${region}   (DBInstanceNotFound)`,
    '  Record in the drill log: the date, the recovery point ARN and CreationDate, the restore minutes against the budget, and each check\'s result.',
  ].join('\n');
}

/** Runs plan-restore-drill: the plan, then the procedure; exit 1 when the plan is not the drill's. */
async function restoreDrillCommand(environment: string, outDir: string | undefined, output: Output): Promise<number> {
  const drill = await planRestoreDrill(environment, { outDir });
  const problems = restoreDrillProblems(drill);
  output.out(formatRestoreDrill(drill));
  for (const problem of problems) output.err(`error: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

interface Arguments {
  readonly command: keyof typeof DR_PROGRAM.commands;
  readonly environment: string;
  readonly outDir?: string;
}

export function parseDrArguments(args: readonly string[]): Arguments {
  const { command, values, positionals } = parseSubcommand(DR_PROGRAM, args);
  const [environment] = positionals;
  if (!knownEnvironments().includes(environment)) {
    throw new PlatformError(`Unknown environment '${environment}'. Known environments: ${knownEnvironments().join(', ')}. Fix: ${synopsis(DR_PROGRAM.commands[command])}`);
  }
  return { command, environment, outDir: values['out-dir'] };
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
