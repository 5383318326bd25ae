/**
 * Terraform on synthesized stacks, as the plan, apply and smoke tools run it: in automation mode, without prompts,
 * waiting up to five minutes for a state lock a concurrent run holds. `TERRAFORM_BINARY` overrides the binary.
 */
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CdktfManifest, outputOf } from './synthesized-app';

const LOCK_TIMEOUT = '-lock-timeout=5m';

/** A synthesized stack and the folder Terraform runs in. */
export interface StackDir {
  readonly name: string;
  readonly dir: string;
}

/** Files of one stack's saved plan: `<plansDir>/<environment>/<stack><suffix>.tfplan`, `.json`, `.txt`. */
export interface SavedPlan {
  /** The binary plan `terraform apply` takes. */
  readonly planFile: string;
  /** `terraform show -json` of it (holds sensitive values in clear text). */
  readonly jsonFile: string;
  /** `terraform show -no-color` of it (sensitive values masked). */
  readonly textFile: string;
  /**
   * Written instead of a plan when the stack could not be planned before its producers apply (see planStacks): why,
   * as JSON `{ "producers": [...], "error": "..." }`; the apply plans the stack once they have.
   */
  readonly deferredFile: string;
}

/**
 * How a stack's plan turned out; `planned` when exit codes did not tell changes apart (no -detailed-exitcode);
 * `deferred` when it can only be planned after its producers apply (see planStacks).
 */
export type PlanOutcome = 'changes' | 'no-changes' | 'planned' | 'failed' | 'deferred';

export interface StackPlanResult {
  readonly stack: string;
  readonly outcome: PlanOutcome;
  /** Why the plan failed. */
  readonly error?: string;
}

export interface PlanOptions {
  /** Where the plan is saved; default `tfplan` in the stack's folder, without JSON and text. */
  readonly savedPlan?: SavedPlan;
  /** Plan with `-detailed-exitcode`, so the outcome tells changes from none. */
  readonly detailedExitcode?: boolean;
}

/** The stacks of a synthesized app, by name, with their folders. */
export function stackDirs(app: string, manifest: CdktfManifest, stacks: readonly string[]): StackDir[] {
  return stacks.map((name) => ({ name, dir: join(outputOf(app), manifest.stacks[name].workingDirectory) }));
}

export function savedPlan(plansDir: string, environment: string, stack: string, suffix = ''): SavedPlan {
  const base = join(plansDir, environment, `${stack}${suffix}`);
  return { planFile: `${base}.tfplan`, jsonFile: `${base}.json`, textFile: `${base}.txt`, deferredFile: `${base}.deferred` };
}

/** A Terraform command that failed, with what it wrote to standard error (also passed through to the console). */
export class TerraformFailure extends PlatformError {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs terraform in `stackDir` and returns its exit code; throws a {@link TerraformFailure} unless the code is
 * accepted. Standard error goes to the console and, on failure, into the error.
 * @param stdoutFile file that receives standard output instead of the console
 */
export function terraform(stackDir: string, args: readonly string[], acceptedExitCodes: readonly number[] = [0], stdoutFile?: string): number {
  const stdout = stdoutFile === undefined ? 'inherit' : openSync(stdoutFile, 'w');
  try {
    const result = spawnSync(process.env.TERRAFORM_BINARY ?? 'terraform', args, {
      cwd: stackDir,
      stdio: ['ignore', stdout, 'pipe'],
      env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const stderr = result.stderr?.toString() ?? '';
    process.stderr.write(stderr);
    if (result.status === null || !acceptedExitCodes.includes(result.status)) {
      throw new TerraformFailure(`terraform ${args[0]} failed in ${stackDir} (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`, stderr);
    }
    return result.status;
  } finally {
    if (typeof stdout === 'number') closeSync(stdout);
  }
}

/**
 * Whether Terraform failed only because a producer's outputs do not exist yet: a cross-stack output cdktf reads
 * through `terraform_remote_state` that the producer's state lacks (it is added by the producer's pending apply), or
 * a producer that has no state at all yet (a first deploy). Every other failure is the stack's own.
 */
export function waitsForProducerOutputs(error: unknown): boolean {
  if (!(error instanceof TerraformFailure)) return false;
  const errors = diagnosticsOf(error.stderr).filter((diagnostic) => diagnostic.startsWith('Error: '));
  return (
    errors.length > 0 &&
    errors.every(
      (diagnostic) =>
        /does not have an attribute named "cross-stack-output-/.test(diagnostic) || /^Error: Unable to find remote state .*No stored state was found for the given workspace in the given backend/.test(diagnostic),
    )
  );
}

/**
 * Terraform's diagnostics as one line each (`Error: …` / `Warning: …`): without colours, the box drawn around them
 * and the line breaks Terraform wraps their text at when its output is no terminal.
 */
export function diagnosticsOf(stderr: string): string[] {
  const plain = stderr
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/[│╷╵├─]/g, ' ')
    .replace(/\s+/g, ' ');
  return plain
    .split(/(?=\b(?:Error|Warning): )/)
    .map((part) => part.trim())
    .filter((part) => /^(?:Error|Warning): /.test(part));
}

/** `terraform init`: the providers and backend a plan, or the apply of a saved plan, needs. */
export function initStack(stackDir: string): void {
  terraform(stackDir, ['init', '-input=false']);
}

/** `terraform init` and `terraform plan` of one stack; with a saved plan also its JSON and text. */
export function planStack(stackDir: string, options: PlanOptions = {}): Exclude<PlanOutcome, 'failed'> {
  initStack(stackDir);
  const planFile = options.savedPlan?.planFile ?? 'tfplan';
  const detailed = options.detailedExitcode ?? false;
  const status = terraform(stackDir, ['plan', '-input=false', LOCK_TIMEOUT, `-out=${planFile}`, ...(detailed ? ['-detailed-exitcode'] : [])], detailed ? [0, 2] : [0]);
  if (options.savedPlan) {
    terraform(stackDir, ['show', '-json', planFile], [0], options.savedPlan.jsonFile);
    terraform(stackDir, ['show', '-no-color', planFile], [0], options.savedPlan.textFile);
  }
  if (!detailed) return 'planned';
  return status === 2 ? 'changes' : 'no-changes';
}

/**
 * Plans every stack in the given order. A failed stack does not stop the others: a read-only plan of the rest still
 * shows what would change (consumers plan against their producers' current state).
 *
 * A consumer that fails only because a producer's outputs are missing (waitsForProducerOutputs: a cross-stack output
 * its producer's state lacks, or no producer state at all) while one of its producers (`producersOf`) has a saved
 * plan that changes outputs, or was itself deferred, is `deferred` rather than failed: it reads outputs that exist
 * only once the producer applies (a new cross-stack reference, or a first deploy), so no plan made now could pass.
 * Any other error fails the stack as before.
 * Its `deferredFile` says why, and tools/apply.ts plans it after the producers applied. Without saved plans nothing
 * is deferred.
 */
export function planStacks(stacks: readonly StackDir[], options: (stack: string) => PlanOptions, producersOf: (stack: string) => readonly string[] = () => []): StackPlanResult[] {
  const results: StackPlanResult[] = [];
  const awaitingApply = new Set<string>();
  for (const { name, dir } of stacks) {
    console.log(`\n=== ${name}`);
    const { savedPlan } = options(name);
    try {
      const outcome = planStack(dir, options(name));
      if (savedPlan !== undefined && planChanges(readPlanJson(savedPlan.jsonFile)).outputs) awaitingApply.add(name);
      results.push({ stack: name, outcome });
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const producers = producersOf(name).filter((producer) => awaitingApply.has(producer));
      if (savedPlan !== undefined && producers.length > 0 && waitsForProducerOutputs(error)) {
        writeFileSync(savedPlan.deferredFile, `${JSON.stringify({ producers, error: error.message }, null, 2)}\n`);
        console.log(`deferred: ${name} reads outputs ${producers.join(', ')} will only have once applied; it is planned after them at apply time`);
        awaitingApply.add(name);
        results.push({ stack: name, outcome: 'deferred', error: error.message });
        continue;
      }
      console.error(`error: ${error.message}`);
      results.push({ stack: name, outcome: 'failed' as const, error: error.message });
    }
  }
  return results;
}

/** `terraform apply` of a saved plan: exactly its changes, refused by Terraform if the state moved on since. */
export function applyPlan(stackDir: string, planFile: string): void {
  terraform(stackDir, ['apply', '-input=false', LOCK_TIMEOUT, planFile]);
}

/** The parts of `terraform show -json` of a plan that say what it changes. */
export interface PlanJson {
  readonly resource_changes?: readonly {
    /** e.g. `aws_vpc.network_Vpc_B333FC7A`. */
    readonly address?: string;
    /** Set when a `moved` block moves the instance: a change of the state even with the action no-op. */
    readonly previous_address?: string;
    readonly change: { readonly actions: readonly string[]; readonly importing?: unknown };
  }[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
}

/** What a plan changes: resources, and outputs (which stacks reading this stack's state see). */
export interface PlanChanges {
  readonly resources: boolean;
  readonly outputs: boolean;
}

export function readPlanJson(file: string): PlanJson {
  if (!existsSync(file)) throw new PlatformError(`No ${file}: plan the stack with \`tsx tools/plan.ts <environment> --out-dir <dir>\` first.`);
  return JSON.parse(readFileSync(file, 'utf8')) as PlanJson;
}

export function planChanges(plan: PlanJson): PlanChanges {
  // Data sources read during apply are no change to the infrastructure.
  const changes = (actions: readonly string[]) => actions.some((action) => action !== 'no-op' && action !== 'read');
  return {
    // A plan that only moves or imports (action no-op) still changes the state: it has to be applied.
    resources: (plan.resource_changes ?? []).some(({ change, previous_address }) => changes(change.actions) || previous_address !== undefined || Boolean(change.importing)),
    outputs: Object.values(plan.output_changes ?? {}).some(({ actions }) => changes(actions)),
  };
}

/** Addresses the plan destroys, replaces or removes from state (`forget`), each with its actions. */
export function destructiveChanges(plan: PlanJson): string[] {
  return (plan.resource_changes ?? [])
    .filter(({ change }) => change.actions.some((action) => action === 'delete' || action === 'forget'))
    .map(({ address, change }) => `${address ?? '(unnamed)'} (${change.actions.join(', ')})`);
}
