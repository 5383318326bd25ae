import { App, TerraformStack } from 'cdktf';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { formatPendingChanges, pendingChanges, resolveBareReferences, settleState, stateFromPlan, type CraftedStateOptions, type PendingChange, type ResourceSchema, type ResourceSchemas } from './crafted-state';
import { findRemoteStateProducers, serveRemoteStates } from './cross-stack-plan';
import { prepareOfflineStack, readStack, STACK_FILE, type TerraformJson } from './offline-stack';
import type { TerraformPlanJson } from './plan-json';
import { awsLocation } from './private/aws-placeholders';
import { tempPathFor, writeFileAtomically } from './private/temp-files';
import { CommandSlots } from './private/command-slots';
import { mayAttach, providerDaemonPool, type ProviderDaemonLease, ProviderDaemonStartError, turnOffProviderDaemons, unpackedAwsProviderDir, unpackedProviderBinary } from './private/provider-daemons';
import type { StateBackendEmulator } from './state-backend-emulator';
import { AWS_PROVIDER_VERSION, requireToolchain, type CompleteToolchain } from './toolchain';

/** A non-zero exit of terraform; the message carries terraform's stderr (or stdout when stderr is empty). */
export class TerraformCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly workDir: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    const output = (stderr.trim() || stdout.trim() || '(no output)').replace(/^/gm, '  ');
    super(`\`terraform ${args.join(' ')}\` in ${workDir} exited with ${exitCode ?? 'a signal'}:\n${output}`);
    this.name = 'TerraformCommandError';
  }
}

/** One entry of `terraform validate -json`'s `diagnostics`. */
export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number; readonly column: number } };
  /** `context` names the block, e.g. `resource.aws_subnet.private`: more useful than a line of generated JSON. */
  readonly snippet?: { readonly context?: string | null; readonly code?: string };
}

/** `terraform validate` found errors; the message lists every diagnostic readably. */
export class TerraformValidationError extends Error {
  constructor(
    readonly workDir: string,
    readonly diagnostics: readonly TerraformDiagnostic[],
  ) {
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    super(`terraform found ${errors.length} error(s) in the configuration in ${workDir}:\n${formatDiagnostics(diagnostics)}`);
    this.name = 'TerraformValidationError';
  }
}

/** Counts of a plan, the way terraform's "Plan: N to add, N to change, N to destroy." line counts them. */
export interface PlanSummary {
  /** Creates, including the create half of each replace. */
  readonly add: number;
  readonly change: number;
  /** Deletes, including the delete half of each replace. */
  readonly destroy: number;
  readonly replace: number;
  /** Resource type → number of instances the plan creates (creates and replaces). */
  readonly resourceCountsByType: Readonly<Record<string, number>>;
  /** Addresses of the instances the plan creates (creates and replaces), sorted. */
  readonly addresses: readonly string[];
}

/** What {@link offlinePlan} learnt about a stack. */
export interface OfflinePlanResult {
  /** Warnings from `terraform validate` (errors throw instead). */
  readonly validateDiagnostics: readonly TerraformDiagnostic[];
  readonly plan: PlanSummary;
  /**
   * Address → attribute values of each resource instance the plan creates or updates, as `terraform show -json` gives
   * them (`change.after`); values known only after apply (e.g. a new VPC's id) are absent.
   */
  readonly plannedValues: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The directory terraform ran in; already deleted unless `keepWorkDir` was set. */
  readonly workDir: string;
  /** Set when `convergence` was asked for. */
  readonly convergence?: ConvergenceResult;
  /** Set when `nextVersion` was asked for: the plan of that configuration against the converged state. */
  readonly nextVersion?: NextVersionPlan;
}

/** What a changed configuration of a stack would do to it once applied ({@link OfflinePlanOptions.nextVersion}). */
export interface NextVersionPlan {
  readonly plan: PlanSummary;
  /** Every resource instance the plan touches, with terraform's actions (`update`, `delete`+`create`, ...). */
  readonly changes: readonly { readonly address: string; readonly actions: readonly string[] }[];
}

/** What {@link convergeCraftedState} found. */
export interface ConvergenceResult {
  /** The last plan against the crafted state had no changes. */
  readonly converged: boolean;
  /** Plans run against the crafted state: 1 when the state built from the create plan already plans no changes. */
  readonly rounds: number;
  /** What the last plan would still change; empty when converged. */
  readonly pending: readonly PendingChange[];
}

/** Options of {@link convergeCraftedState}. */
export interface ConvergenceOptions {
  /**
   * Plans against the crafted state before a change still planned counts as one that never settles. Each level of
   * references from an unknown value (a bucket's id in its policy's `bucket`) needs one more plan.
   * @default 6
   */
  readonly maxRounds?: number;
}

export interface OfflinePlanOptions {
  /**
   * Keep the temporary work directory (to rerun terraform by hand there); default false. A consumer's remote states
   * point at the emulator, which is stopped by then: a rerun `terraform plan` cannot read them.
   */
  readonly keepWorkDir?: boolean;
  /**
   * After the plan, check that the stack converges ({@link convergeCraftedState}), in the same work directory and
   * while the remote states are still served; the result is in {@link OfflinePlanResult.convergence}.
   * @default - not checked
   */
  readonly convergence?: ConvergenceOptions;
  /**
   * Another synthesized version of the same stack (its directory), e.g. the stack after a failover switch: once the
   * state crafted from this stack's create plan has converged, that configuration is planned (`-refresh=false`)
   * against it, so the result shows what applying the change to the deployed stack would do — an in-place update or
   * a replacement. Needs `convergence` (the state must settle first); its result is in
   * {@link OfflinePlanResult.nextVersion}.
   * @default - none
   */
  readonly nextVersion?: string;
  /**
   * Read the plan with `terraform show -json` for {@link OfflinePlanResult.plannedValues}. When false (and without
   * `convergence`, which needs the full plan), the summary is counted from the plan's own streamed `planned_change`
   * messages ({@link planFromStream}) and `plannedValues` is empty: `show -json` starts the provider once more, about
   * 40 % of a stack's plan time.
   * @default true
   */
  readonly plannedValues?: boolean;
}

/** A plan as `terraform show -json` printed it (e.g. to write as a fixture), and parsed. */
export interface ShownPlan {
  readonly json: string;
  readonly plan: TerraformPlanJson;
}

/** Options of {@link terraformPlanJson}. */
export interface TerraformPlanJsonOptions {
  /** `-refresh=false` when false: the plan trusts the state, as it must for a crafted one. @default true */
  readonly refresh?: boolean;
  /** @default requireToolchain() */
  readonly toolchain?: CompleteToolchain;
}

/** Name of the plan file terraformPlan writes into the work directory. */
const PLAN_FILE = 'tfplan';

/**
 * `terraform init` in `workDir`, installing providers only from the toolchain's filesystem mirror.
 *
 * Providers come through a generated CLI config (`provider_installation { filesystem_mirror }`) rather than
 * `init -plugin-dir`: both symlink the unpacked 675 MB aws provider into `.terraform/providers` instead of copying it,
 * and both took 0.58 s (three runs each, terraform 1.11.4, warm page cache; the cold first run 1.5 s), almost all of
 * it hashing the binary for the lock file. `plugin_cache_dir` made no difference (the cache entry is a symlink to the
 * mirror too), so it is not set. The CLI config wins because `terraform validate` and `plan` need it anyway (the
 * machine-wide TF_CLI_CONFIG_FILE may not exist) and a kept work dir then behaves the same when rerun by hand.
 * `-backend=false` is not used: plan then fails with "Backend initialization required", and the local backend
 * {@link prepareOfflineStack} configures initialises instantly.
 */
export async function terraformInit(workDir: string, toolchain: CompleteToolchain = requireToolchain()): Promise<void> {
  await runTerraform(toolchain, workDir, ['init', '-input=false', '-no-color']);
}

/**
 * Initialises `workDir` (holding `config`) as `terraform init` would, by copying what a real `terraform init` wrote
 * for a configuration with the same provider requirements and backend: `.terraform/` (the backend settings and the
 * provider, a symlink into the mirror) and `.terraform.lock.hcl`. That init ran once per machine (a folder in the
 * temp directory named by a hash of its inputs), so it still checks the version constraints against the mirror;
 * the copies skip hashing the 675 MB provider again for each stack (about 0.6 s of CPU).
 */
export async function initializeLikeTemplate(workDir: string, config: TerraformJson, toolchain: CompleteToolchain = requireToolchain()): Promise<void> {
  const template = await initTemplate(config, toolchain);
  // Replaced whole when a work dir is initialised again (a next version): cp cannot copy a link over a link.
  await rm(join(workDir, '.terraform'), { recursive: true, force: true });
  await cp(join(template, '.terraform'), join(workDir, '.terraform'), { recursive: true, verbatimSymlinks: true });
  // No lock file when the configuration needs no provider (terraform_data only).
  await cp(join(template, LOCK_FILE), join(workDir, LOCK_FILE)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

const LOCK_FILE = '.terraform.lock.hcl';
/** Written into a template once its init succeeded: the mark of a complete template. */
const TEMPLATE_CONFIG = 'template.tf.json';

/** Whether `dir` is a template this user initialised completely, which nobody else may have changed. */
function complete(dir: string): boolean {
  const folder = statSync(dir, { throwIfNoEntry: false });
  if (folder === undefined || folder.uid !== (process.getuid?.() ?? folder.uid) || (folder.mode & 0o022) !== 0) return false;
  return statSync(join(dir, TEMPLATE_CONFIG), { throwIfNoEntry: false })?.isFile() === true;
}
const initTemplates = new Map<string, Promise<string>>();

/** The folder of a real `terraform init` of `config`'s provider requirements and backend (made on first use). */
function initTemplate(config: TerraformJson, toolchain: CompleteToolchain): Promise<string> {
  const settings = { terraform: { required_providers: config.terraform?.required_providers ?? {}, backend: config.terraform?.backend } };
  const key = JSON.stringify([settings, toolchain.terraformBinary, toolchain.terraformVersion, toolchain.providerMirror]);
  const cached = initTemplates.get(key);
  if (cached) return cached;
  const made = (async () => {
    // Per user: a template's provider link is what terraform runs, so only one this user made is trusted.
    const dir = tempPathFor(`terraform-testing-init-${process.getuid?.() ?? 'user'}-`, key);
    if (complete(dir)) return dir;
    // Initialised beside, then renamed: processes starting side by side never see a half-initialised template.
    const partial = await mkdtemp(`${dir}.partial-`);
    try {
      await writeFile(join(partial, STACK_FILE), JSON.stringify(settings));
      await terraformInit(partial, toolchain);
      await rename(join(partial, STACK_FILE), join(partial, TEMPLATE_CONFIG));
      await rename(partial, dir);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      // Another process renamed its template first (the same content); anything else is a failure.
      if (!complete(dir)) throw error;
    }
    return dir;
  })();
  initTemplates.set(key, made);
  made.catch(() => initTemplates.delete(key));
  return made;
}

/**
 * `terraform validate -json` in an initialised `workDir`.
 * @returns the warnings.
 * @throws TerraformValidationError listing every diagnostic when the configuration is invalid.
 */
export async function terraformValidate(
  workDir: string,
  toolchain: CompleteToolchain = requireToolchain(),
): Promise<TerraformDiagnostic[]> {
  const args = ['validate', '-json', '-no-color'];
  // An invalid configuration exits 1 but still prints its JSON report, which is what callers want to see.
  const result = await runTerraform(toolchain, workDir, args, { allowFailure: true });
  let report: { valid: boolean; diagnostics: TerraformDiagnostic[] };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    throw new TerraformCommandError(args, workDir, result.exitCode, result.stderr, result.stdout);
  }
  const diagnostics = report.diagnostics.filter((diagnostic) => !isDevelopmentOverrideNotice(diagnostic));
  if (!report.valid) {
    throw new TerraformValidationError(workDir, diagnostics);
  }
  return diagnostics;
}

/**
 * `terraform plan` (to a plan file, without taking the state lock) in an initialised `workDir`, then
 * `terraform show -json` of that plan, summarised by {@link summarizePlan}.
 */
export async function terraformPlan(workDir: string, toolchain: CompleteToolchain = requireToolchain()): Promise<PlanSummary> {
  return summarizePlan((await terraformPlanJson(workDir, { toolchain })).plan);
}

/** `terraform plan` (to a plan file, without taking the state lock) in an initialised `workDir`, then `terraform show -json` of it. */
export async function terraformPlanJson(workDir: string, { refresh = true, toolchain = requireToolchain() }: TerraformPlanJsonOptions = {}): Promise<ShownPlan> {
  const flags = refresh ? [] : ['-refresh=false'];
  await runTerraform(toolchain, workDir, ['plan', ...flags, `-out=${PLAN_FILE}`, '-lock=false', '-input=false', '-no-color']);
  return showPlanFile(workDir, toolchain);
}

/** `terraform show -json` of the plan file the last plan in `workDir` wrote. */
async function showPlanFile(workDir: string, toolchain: CompleteToolchain): Promise<ShownPlan> {
  const shown = await runTerraform(toolchain, workDir, ['show', '-json', '-no-color', PLAN_FILE]);
  return { json: shown.stdout, plan: JSON.parse(shown.stdout) as TerraformPlanJson };
}

/**
 * `terraform plan -json` (to a plan file, without the state lock) in an initialised `workDir`, then `terraform show
 * -json` of the plan: the plan and the diagnostics terraform reported while validating and planning (warnings; the
 * same as `terraform validate -json` gives, as plan validates first).
 * @throws TerraformValidationError listing every diagnostic when terraform reported errors.
 */
export async function terraformPlanWithDiagnostics(workDir: string, toolchain: CompleteToolchain = requireToolchain()): Promise<ShownPlan & { readonly diagnostics: TerraformDiagnostic[] }> {
  const { diagnostics } = await planStreaming(workDir, toolchain);
  return { ...(await showPlanFile(workDir, toolchain)), diagnostics };
}

/** One message of `terraform plan -json`'s machine-readable output. */
interface StreamedMessage {
  readonly type?: string;
  readonly diagnostic?: TerraformDiagnostic;
  readonly change?: { readonly action: string; readonly resource: { readonly addr: string; readonly resource_type: string } };
  /** Of an `outputs` message: each root output's planned action (`noop`, `create`, `update`, `delete`). */
  readonly outputs?: Readonly<Record<string, { readonly action: string }>>;
}

/** The actions of `terraform show -json` each streamed `planned_change` action stands for. */
const STREAMED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  noop: ['no-op'],
  create: ['create'],
  read: ['read'],
  update: ['update'],
  delete: ['delete'],
  replace: ['delete', 'create'],
  remove: ['forget'],
};

/**
 * The resource changes of a plan as `terraform plan -json` streams them (`planned_change` messages: address, type and
 * action), in the shape of `terraform show -json` without values, enough for {@link summarizePlan}.
 * @throws Error on an action terraform's UI documents but this reader does not know (e.g. `move`, `import`).
 */
export function planFromStream(stdout: string): TerraformPlanJson {
  return {
    resource_changes: streamedMessages(stdout)
      .filter((message) => message.type === 'planned_change' && message.change !== undefined)
      .map(({ change }) => {
        const { action, resource } = change as NonNullable<StreamedMessage['change']>;
        const actions = STREAMED_ACTIONS[action];
        if (actions === undefined) throw new Error(`planFromStream: ${resource.addr} has the planned action '${action}', which has no mapping. Fix: add it to STREAMED_ACTIONS`);
        // Data sources are read as `data.<type>.<name>`, also inside modules.
        const mode = /(^|\.)data\./.test(resource.addr) ? 'data' : 'managed';
        return { address: resource.addr, mode, type: resource.resource_type, change: { actions } };
      }),
  };
}

function streamedMessages(stdout: string): StreamedMessage[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as StreamedMessage);
}

/**
 * `terraform plan -json` to the plan file: the diagnostics (deduplicated; errors throw TerraformValidationError) and
 * the streamed output.
 */
async function planStreaming(workDir: string, toolchain: CompleteToolchain): Promise<{ readonly diagnostics: TerraformDiagnostic[]; readonly stdout: string }> {
  const args = ['plan', '-json', `-out=${PLAN_FILE}`, '-lock=false', '-input=false', '-no-color'];
  const result = await runTerraform(toolchain, workDir, args, { allowFailure: true });
  const reported = streamedMessages(result.stdout)
    .filter((message) => message.type === 'diagnostic' && message.diagnostic !== undefined)
    .map((message) => message.diagnostic as TerraformDiagnostic)
    .filter((diagnostic) => !isDevelopmentOverrideNotice(diagnostic));
  // Plan reports a configuration warning twice (validating, then planning): once each.
  const diagnostics = [...new Map(reported.map((diagnostic) => [JSON.stringify([diagnostic.severity, diagnostic.summary, diagnostic.detail, diagnostic.range]), diagnostic])).values()];
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) throw new TerraformValidationError(workDir, diagnostics);
  if (result.exitCode !== 0) throw new TerraformCommandError(args, workDir, result.exitCode, result.stderr, result.stdout);
  return { diagnostics, stdout: result.stdout };
}

/** Terraform's own resource types, which `terraform providers schema -json` leaves out. */
const BUILT_IN_RESOURCE_SCHEMAS: ResourceSchemas = {
  terraform_data: {
    version: 0,
    block: {
      attributes: {
        id: { type: 'string', computed: true },
        input: { type: 'dynamic', optional: true },
        output: { type: 'dynamic', computed: true },
        triggers_replace: { type: 'dynamic', optional: true },
      },
    },
  },
};

/** Resource schemas by the provider lock file they were read for: every stack of a run uses the same providers. */
const resourceSchemaCache = new Map<string, Promise<ResourceSchemas>>();

/**
 * Resource type → schema of every provider an initialised `workDir` uses (`terraform providers schema -json`, about
 * 2.5 s of CPU for hashicorp/aws); cached by the terraform binary, its version and the content of the dependency lock
 * file, per process and in a file in the temp directory (so each Jest worker does not ask again).
 */
export async function terraformResourceSchemas(workDir: string, toolchain: CompleteToolchain = requireToolchain()): Promise<ResourceSchemas> {
  const lockFile = await readFile(join(workDir, LOCK_FILE), 'utf8').catch(() => '');
  const key = JSON.stringify([toolchain.terraformBinary, toolchain.terraformVersion, lockFile]);
  const cached = resourceSchemaCache.get(key);
  if (cached) {
    return cached;
  }
  const file = tempPathFor('terraform-testing-schemas-', key, '.json');
  const schemas = readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as ResourceSchemas)
    .catch(async () => {
      const { stdout } = await runTerraform(toolchain, workDir, ['providers', 'schema', '-json']);
      const shown = JSON.parse(stdout) as { provider_schemas?: Record<string, { resource_schemas?: Record<string, ResourceSchema> }> };
      const read = Object.assign({}, BUILT_IN_RESOURCE_SCHEMAS, ...Object.values(shown.provider_schemas ?? {}).map(({ resource_schemas }) => resource_schemas ?? {})) as ResourceSchemas;
      writeFileAtomically(file, JSON.stringify(read));
      return read;
    });
  resourceSchemaCache.set(key, schemas);
  schemas.catch(() => resourceSchemaCache.delete(key));
  return schemas;
}

/**
 * Whether a stack converges: whether, once applied, it plans no changes. Nothing can be applied offline, so the state
 * is crafted from the create plan (`createPlan`, planned in the initialised `workDir`) by {@link stateFromPlan}:
 * every resource it creates, with the planned values and typed placeholders for the values known only after apply.
 * That state is written to `workDir` and planned with `-refresh=false`; each resource the plan would change takes
 * the planned values ({@link settleState}: placeholders referenced elsewhere settle, one level of references per
 * plan), and the state is planned again, until a plan has no changes (converged) or `maxRounds` plans were run.
 * What the last plan would still change is a perpetual diff: a value that is unknown at every plan (`timestamp()`,
 * `uuid()`), an argument the provider plans differently from the state it was given, an output that never settles.
 * What AWS or the provider would change only on a real read after apply (normalised JSON, defaults AWS fills in) is
 * beyond an offline check.
 * @param placeholders the account and region of ARN placeholders and the seed of the state's lineage.
 */
export async function convergeCraftedState(
  workDir: string,
  createPlan: TerraformPlanJson,
  placeholders: CraftedStateOptions,
  { maxRounds = 6 }: ConvergenceOptions = {},
  toolchain: CompleteToolchain = requireToolchain(),
): Promise<ConvergenceResult & { readonly showLastPlan: () => Promise<ShownPlan> }> {
  const schemas = await terraformResourceSchemas(workDir, toolchain);
  const stack = await readStack(workDir);
  // What the create plan knew only after apply, by address (single-instance root resources: what the resolver reads).
  const unknowns = new Map((createPlan.resource_changes ?? []).map((change) => [change.address, change.change.after_unknown]));
  let state = resolveBareReferences(stateFromPlan(createPlan, schemas, placeholders), stack.resource ?? {}, schemas, unknowns, stack.output ?? {});
  await withoutPreventDestroy(join(workDir, STACK_FILE));
  const showLastPlan = () => showPlanFile(workDir, toolchain);
  for (let round = 1; ; round += 1) {
    await writeFile(join(workDir, 'terraform.tfstate'), JSON.stringify(state, null, 2));
    // The streamed plan says whether anything changes; only a plan that changes something is shown (`show -json`
    // starts the provider again) for what changes and how.
    const streamed = await runTerraform(toolchain, workDir, ['plan', '-refresh=false', '-json', `-out=${PLAN_FILE}`, '-lock=false', '-input=false', '-no-color']);
    if (!streamedPlanChanges(streamed.stdout)) {
      return { converged: true, rounds: round, pending: [], showLastPlan };
    }
    const lastPlan = await showLastPlan();
    const pending = pendingChanges(lastPlan.plan);
    if (pending.length === 0 || round >= maxRounds) {
      return { converged: pending.length === 0, rounds: round, pending, showLastPlan };
    }
    state = settleState(state, lastPlan.plan, schemas);
  }
}

/**
 * Whether a streamed plan (`terraform plan -json`) changes anything: a `planned_change` of any action (data source
 * reads included) or an output whose action is not `noop`, what {@link pendingChanges} counts in the shown plan.
 */
export function streamedPlanChanges(stdout: string): boolean {
  return streamedMessages(stdout).some(
    (message) => (message.type === 'planned_change' && message.change?.action !== 'noop') || (message.type === 'outputs' && Object.values(message.outputs ?? {}).some(({ action }) => action !== 'noop')),
  );
}

/**
 * Counts a plan's resource changes by their actions: `create` → add; `update` → change; `delete` → destroy;
 * `delete, create` and `create, delete` → replace, also counted as one add and one destroy as terraform does;
 * `no-op`, `read` and `forget` are ignored, and so are data sources.
 */
export function summarizePlan(plan: TerraformPlanJson): PlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let replace = 0;
  const resourceCountsByType: Record<string, number> = {};
  const addresses: string[] = [];
  for (const resource of plan.resource_changes ?? []) {
    if (resource.mode !== 'managed') {
      continue;
    }
    const actions = resource.change.actions;
    const creates = actions.includes('create');
    const deletes = actions.includes('delete');
    if (creates && deletes) {
      replace += 1;
    }
    if (creates) {
      add += 1;
      resourceCountsByType[resource.type] = (resourceCountsByType[resource.type] ?? 0) + 1;
      addresses.push(resource.address);
    }
    if (deletes) {
      destroy += 1;
    }
    if (actions.includes('update')) {
      change += 1;
    }
  }
  return { add, change, destroy, replace, resourceCountsByType, addresses: addresses.sort() };
}

/** {@link OfflinePlanResult.plannedValues} of a plan. */
function plannedValues(plan: TerraformPlanJson): OfflinePlanResult['plannedValues'] {
  return Object.fromEntries(
    (plan.resource_changes ?? [])
      .filter(({ mode, change }) => mode === 'managed' && change.after && (change.actions.includes('create') || change.actions.includes('update')))
      .map(({ address, change }) => [address, change.after ?? {}]),
  );
}

/**
 * Plans a synthesized stack directory without AWS credentials or network: copies it into a temporary work
 * directory ({@link prepareOfflineStack}), then runs terraform init, validate and plan there.
 *
 * A consumer of other stacks' outputs (cdktf cross-stack references: `data.terraform_remote_state` with backend s3)
 * reads them from a state backend emulator started for this plan and stopped after it: each producer is found among
 * the sibling stack directories by its S3 backend ({@link findRemoteStateProducers}) and its state seeded with its
 * placeholderOutputs (cross-stack-plan.ts), so the plan shows e.g. `vpc-0…` ids where the real ones will be.
 * AWS data sources that call an API (aws_caller_identity, aws_availability_zones, ...) still fail: there is no AWS.
 * With `convergence`, the stack is then checked to converge ({@link convergeCraftedState}), ARN placeholders in the
 * account and region of its default aws provider.
 * @throws ToolchainMissingError, UnsupportedStackError, TerraformValidationError or TerraformCommandError; Error when
 * a remote state's producer is not among the sibling stacks.
 */
export async function offlinePlan(stackDir: string, options: OfflinePlanOptions = {}): Promise<OfflinePlanResult> {
  const toolchain = requireToolchain();
  if (options.nextVersion !== undefined && !options.convergence) {
    throw new Error('offlinePlan: nextVersion needs convergence (the state it is planned against must settle first)');
  }
  // Before anything is started: a missing producer is an error in the synthesized output, not in the plan.
  const stack = await readStack(stackDir);
  const producers = await findRemoteStateProducers(stackDir, stack);
  const workDir = await mkdtemp(join(tmpdir(), `tf-offline-${basename(stackDir)}-`));
  let emulator: StateBackendEmulator | undefined;
  let nextEmulator: StateBackendEmulator | undefined;
  try {
    emulator = producers.length > 0 ? await serveRemoteStates(producers) : undefined;
    const { config } = await prepareOfflineStack(stackDir, workDir, { remoteStateEndpoints: emulator });
    await initializeLikeTemplate(workDir, config, toolchain);
    // One run: `terraform plan` validates the configuration first and reports the same diagnostics `validate` would
    // (a separate `validate` started the 675 MB provider once more per stack, ~30 % of an offline plan).
    if (options.plannedValues === false && !options.convergence) {
      const { diagnostics, stdout } = await planStreaming(workDir, toolchain);
      return { validateDiagnostics: diagnostics, plan: summarizePlan(planFromStream(stdout)), plannedValues: {}, workDir };
    }
    const { plan: planJson, diagnostics: validateDiagnostics } = await terraformPlanWithDiagnostics(workDir, toolchain);
    const result = { validateDiagnostics, plan: summarizePlan(planJson), plannedValues: plannedValues(planJson), workDir };
    if (!options.convergence) {
      return result;
    }
    const placeholders = { ...awsLocation(stack), lineageSeed: basename(stackDir) };
    const { converged, rounds, pending } = await convergeCraftedState(workDir, planJson, placeholders, options.convergence, toolchain);
    const convergence = { converged, rounds, pending };
    if (options.nextVersion === undefined) {
      return { ...result, convergence };
    }
    if (!converged) {
      throw new Error(`${stackDir}: the crafted state did not converge, so a plan of ${options.nextVersion} against it would mix in unsettled changes:\n${formatPendingChanges(pending)}`);
    }
    // The next version replaces the configuration; the state and providers stay. It may read other producers (a
    // stack the change adds), found among its own siblings and served by an emulator of its own.
    const nextProducers = await findRemoteStateProducers(options.nextVersion, await readStack(options.nextVersion));
    nextEmulator = nextProducers.length > 0 ? await serveRemoteStates(nextProducers) : undefined;
    const next = await prepareOfflineStack(options.nextVersion, workDir, { remoteStateEndpoints: nextEmulator });
    // Initialised again for the next version's provider requirements: a provider upgrade must not plan with the
    // current version's lock (the template's init checks the new constraint against the mirror).
    await initializeLikeTemplate(workDir, next.config, toolchain).catch((error: Error) => {
      throw new Error(`${options.nextVersion}: cannot initialise the next version: ${error.message}`);
    });
    await withoutPreventDestroy(join(workDir, STACK_FILE));
    const { plan: nextPlan } = await terraformPlanJson(workDir, { refresh: false, toolchain });
    const changes = (nextPlan.resource_changes ?? [])
      .filter(({ mode, change }) => mode === 'managed' && !change.actions.every((action) => action === 'no-op'))
      .map(({ address, change }) => ({ address, actions: change.actions }));
    return { ...result, convergence, nextVersion: { plan: summarizePlan(nextPlan), changes } };
  } finally {
    await emulator?.stop();
    await nextEmulator?.stop();
    if (!options.keepWorkDir) {
      await rm(workDir, { recursive: true, force: true });
    }
  }
}

/**
 * Lifts `prevent_destroy` in the configuration at `stackFile`: a crafted state that plans a replacement must show
 * it as a pending change rather than fail the plan with "Instance cannot be destroyed".
 */
async function withoutPreventDestroy(stackFile: string): Promise<void> {
  const config = JSON.parse(await readFile(stackFile, 'utf8')) as TerraformJson;
  for (const blocks of Object.values(config.resource ?? {})) {
    for (const block of Object.values(blocks)) {
      const lifecycle = block.lifecycle as Record<string, unknown> | undefined;
      if (lifecycle && 'prevent_destroy' in lifecycle) {
        delete lifecycle.prevent_destroy;
      }
    }
  }
  await writeFile(stackFile, JSON.stringify(config, null, 2));
}

/** One line per diagnostic with where it is and terraform's explanation. */
export function formatDiagnostics(diagnostics: readonly TerraformDiagnostic[]): string {
  return diagnostics
    .map((diagnostic) => {
      const where = [
        diagnostic.snippet?.context,
        diagnostic.range && `${diagnostic.range.filename} line ${diagnostic.range.start.line}`,
      ].filter(Boolean);
      const location = where.length > 0 ? ` (${where.join(', ')})` : '';
      const detail = diagnostic.detail ? `\n    ${diagnostic.detail.replace(/\n/g, '\n    ')}` : '';
      return `  ${diagnostic.severity === 'error' ? 'Error' : 'Warning'}: ${diagnostic.summary}${location}${detail}`;
    })
    .join('\n');
}

/** What a terraform command printed, and how it exited (null: killed by a signal). */
export interface TerraformCommandOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunTerraformCommandOptions {
  /** Resolve with the output of a non-zero exit instead of throwing {@link TerraformCommandError}; default false. */
  readonly allowFailure?: boolean;
  /** Default {@link requireToolchain}(). */
  readonly toolchain?: CompleteToolchain;
  /**
   * Start at once instead of waiting for one of the process's command slots (see CommandSlots), for a command that
   * waits on its caller (an apply holding a state lock until the test saw a second one refused): in a slot it would
   * keep the commands it waits for from starting. Default false.
   */
  readonly outsideSlots?: boolean;
}

/**
 * `terraform <args>` in `workDir` the way every helper here runs it: the toolchain's binary, the generated CLI config
 * (providers only from the mirror) and an environment without the parent's AWS_* and TF_* settings.
 * @throws TerraformCommandError, with terraform's stderr, on a non-zero exit unless `allowFailure` is set.
 */
export async function runTerraformCommand(
  workDir: string,
  args: readonly string[],
  options: RunTerraformCommandOptions = {},
): Promise<TerraformCommandOutput> {
  const toolchain = options.toolchain ?? requireToolchain();
  return options.outsideSlots === true ? runTerraformNow(toolchain, workDir, args, options) : runTerraform(toolchain, workDir, args, options);
}

/** Terraform commands of this process running at once (see CommandSlots): one per core, plus one for I/O waits. */
const TERRAFORM_SLOTS = new CommandSlots(availableParallelism() + 1);

async function runTerraform(
  toolchain: CompleteToolchain,
  workDir: string,
  args: readonly string[],
  options: { allowFailure?: boolean } = {},
): Promise<TerraformCommandOutput> {
  return TERRAFORM_SLOTS.run(() => runTerraformNow(toolchain, workDir, args, options));
}

async function runTerraformNow(
  toolchain: CompleteToolchain,
  workDir: string,
  args: readonly string[],
  { allowFailure = false } = {},
): Promise<TerraformCommandOutput> {
  const use = args[0] === 'init' || !locksPinnedAwsProvider(workDir) ? 'install' : 'run';
  const env = terraformEnv(toolchain.providerMirror, use);
  const binary = use === 'run' && mayAttach(args, workDir) ? unpackedProviderBinary(unpackedAwsProviderDir(toolchain.providerMirror)) : undefined;
  const daemons = binary === undefined ? undefined : providerDaemonPool(binary, env);
  if (daemons) {
    try {
      return await daemons.use((lease) => spawnAttachedTerraform(toolchain, workDir, args, env, allowFailure, lease));
    } catch (error) {
      if (!(error instanceof ProviderDaemonStartError)) throw error;
      turnOffProviderDaemons(error);
    }
  }
  return spawnTerraform(toolchain, workDir, args, env, allowFailure);
}

/**
 * {@link spawnTerraform} attached to a provider daemon. terraform shows a provider's own output (a panic's trace)
 * only for a provider it started itself: a failure carries what the daemon printed meanwhile.
 */
async function spawnAttachedTerraform(
  toolchain: CompleteToolchain,
  workDir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  allowFailure: boolean,
  { reattachProviders, printed }: ProviderDaemonLease,
): Promise<TerraformCommandOutput> {
  try {
    return await spawnTerraform(toolchain, workDir, args, { ...env, TF_REATTACH_PROVIDERS: reattachProviders }, allowFailure);
  } catch (error) {
    if (!(error instanceof TerraformCommandError)) throw error;
    // A moment for the end of the provider's output to be read from the pipe.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const providerOutput = printed().trim();
    if (providerOutput === '') throw error;
    throw new TerraformCommandError(args, workDir, error.exitCode, `${error.stderr}\nThe attached provider printed:\n${providerOutput}`, error.stdout);
  }
}

async function spawnTerraform(
  toolchain: CompleteToolchain,
  workDir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  allowFailure: boolean,
): Promise<TerraformCommandOutput> {
  // spawn rather than execFile: `show -json` of a large stack exceeds execFile's output buffer.
  const child = spawn(toolchain.terraformBinary, args, { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const output = { exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
  if (exitCode !== 0 && !allowFailure) {
    throw new TerraformCommandError(args, workDir, exitCode, output.stderr, output.stdout);
  }
  return output;
}

/**
 * The parent's environment without anything that could reach a real account or change terraform's behaviour
 * (AWS_* credentials, profiles and regions; TF_* such as TF_CLI_ARGS, TF_DATA_DIR, TF_WORKSPACE, TF_VAR_*), except
 * TF_LOG* for debugging, plus automation settings and the generated CLI config for `command`.
 */
function terraformEnv(providerMirror: string, use: 'install' | 'run'): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('AWS_') && (!name.startsWith('TF_') || name.startsWith('TF_LOG')),
  );
  return {
    ...GARBAGE_COLLECTION,
    ...Object.fromEntries(inherited),
    TF_CLI_CONFIG_FILE: cliConfigFile(providerMirror, use),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

/**
 * Go's collector settings for terraform and the provider it starts (the parent's GOGC/GOMEMLIMIT win): collect only
 * near 640 MiB instead of every time the heap doubles. Both build large short-lived structures (the aws provider's
 * schema alone is 13 MB of JSON), so a plan spends a quarter of its CPU collecting: measured with terraform 1.11.4
 * and aws 5.100.0, an offline plan of a 99-resource network stack took 3.45 s of CPU with the defaults and 2.7 s
 * with these, its peak memory 310 → 640 MB. CommandSlots bounds how many run at once.
 */
const GARBAGE_COLLECTION = { GOGC: 'off', GOMEMLIMIT: '640MiB' };

/**
 * The warning every command run with a development override prints ({@link cliConfigFile}): not about the
 * configuration, so left out of the diagnostics callers compare with "no warnings".
 */
const DEVELOPMENT_OVERRIDE_WARNING = 'Provider development overrides are in effect';

/** Whether a diagnostic is terraform's notice of the development override this library configures itself. */
export function isDevelopmentOverrideNotice(diagnostic: Pick<TerraformDiagnostic, 'severity' | 'summary'>): boolean {
  return diagnostic.severity === 'warning' && diagnostic.summary === DEVELOPMENT_OVERRIDE_WARNING;
}

/**
 * Whether `workDir`'s lock file selects hashicorp/aws {@link AWS_PROVIDER_VERSION}, the binary the development
 * override runs: only then may a command skip the lock file's check. Any other selection (or none) runs with the
 * plain mirror, which fails on a version the lock does not match, as terraform does.
 */
function locksPinnedAwsProvider(workDir: string): boolean {
  let lock: string;
  try {
    lock = readFileSync(join(workDir, LOCK_FILE), 'utf8');
  } catch {
    return false;
  }
  const aws = /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"/.exec(lock);
  return aws?.[1] === AWS_PROVIDER_VERSION;
}

const cliConfigFiles = new Map<string, string>();

/**
 * A CLI config that installs every provider from `providerMirror` and nothing from the network (no `direct` block).
 * For `run` (every command but init) it also points hashicorp/aws at the mirror's unpacked binary as a development
 * override: terraform then starts that binary without hashing its 675 MB against the lock file first, about 0.5 s of
 * CPU per plan or show (measured with terraform 1.11.4: `show -json` 2.5 → 2.0 s of CPU). `init` keeps the plain
 * mirror, so it still checks the stack's version constraint against the mirror and writes the lock file, and the
 * override is used only in a work dir whose lock selects that version ({@link locksPinnedAwsProvider}). A mirror in
 * the packed layout (`terraform providers mirror` writes zips, as CI's does) has no binary to point at: commands
 * then run with the plain mirror, correct but without this saving.
 * Written once per process into the temp directory; the name is a hash of the content, so parallel Jest workers share
 * one file, and the write goes through a rename so none reads it half-written.
 */
function cliConfigFile(providerMirror: string, use: 'install' | 'run'): string {
  const unpacked = unpackedAwsProviderDir(providerMirror);
  const override = use === 'run' && statSync(unpacked, { throwIfNoEntry: false })?.isDirectory() ? ['  dev_overrides {', `    "hashicorp/aws" = ${JSON.stringify(unpacked)}`, '  }'] : [];
  const content = [
    '# Generated by @platform/terraform-testing: providers come only from this filesystem mirror.',
    'disable_checkpoint = true',
    'provider_installation {',
    ...override,
    '  filesystem_mirror {',
    `    path = ${JSON.stringify(providerMirror)}`,
    '  }',
    '}',
    '',
  ].join('\n');
  const cached = cliConfigFiles.get(content);
  if (cached) {
    return cached;
  }
  const file = tempPathFor('terraform-testing-', content, '.tfrc');
  writeFileAtomically(file, content);
  cliConfigFiles.set(content, file);
  return file;
}

/**
 * Builds a stack in a fresh cdktf app (in a temporary folder, removed afterwards), synthesizes it and plans it
 * offline: the one-liner for testing constructs together with the real terraform.
 */
export async function offlinePlanOf(stackId: string, build: (stack: TerraformStack) => void, options: OfflinePlanOptions = {}): Promise<OfflinePlanResult> {
  const outdir = await mkdtemp(join(tmpdir(), `${stackId}-`));
  try {
    const app = new App({ outdir, stackTraces: false });
    build(new TerraformStack(app, stackId));
    app.synth();
    return await offlinePlan(join(outdir, 'stacks', stackId), options);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/**
 * Builds a stack twice (`version` 'current', then 'next') in fresh cdktf apps, plans the current version offline,
 * settles a state crafted from it and plans the next version against that state: what applying the change to the
 * deployed stack would do (see {@link OfflinePlanOptions.nextVersion}).
 */
export async function offlineChangePlanOf(
  stackId: string,
  build: (stack: TerraformStack, version: 'current' | 'next') => void,
  options: ConvergenceOptions = {},
): Promise<OfflinePlanResult & { readonly nextVersion: NextVersionPlan }> {
  const outdir = await mkdtemp(join(tmpdir(), `${stackId}-`));
  try {
    const dirs = (['current', 'next'] as const).map((version) => {
      const app = new App({ outdir: join(outdir, version), stackTraces: false });
      build(new TerraformStack(app, stackId), version);
      app.synth();
      return join(outdir, version, 'stacks', stackId);
    });
    const result = await offlinePlan(dirs[0], { convergence: options, nextVersion: dirs[1] });
    return result as OfflinePlanResult & { readonly nextVersion: NextVersionPlan };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
