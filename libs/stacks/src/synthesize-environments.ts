import { EnvironmentConfig, EnvironmentConfigError, loadEnvironment } from '@platform/config';
import { PlatformError } from '@platform/core';
import { budgetWarning, estimateSynthesizedEnvironment } from '@platform/cost';
import { evaluateStack, policyReport, PolicyReport, PolicyViolationError, StackPolicyResult } from '@platform/guardrails';
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BootstrapStack, stateGroups } from './bootstrap-stack';
import { addEnvironmentStacks, environmentStackNames, environmentStackStates } from './environment-stacks';
import { SecurityBaselineStack, securityBaselines } from './security-baseline-stack';
import { assertStateLocationsDistinct } from './state-backend';

/** One environment file to synthesize. */
export interface EnvironmentSource {
  /** The file's export, unvalidated. */
  readonly input: unknown;
  /** Name the file must declare (its folder). @default - whatever it declares */
  readonly expectedName?: string;
  /** Where the input came from, for messages. @default 'environments/<name>/environment.ts' */
  readonly source?: string;
}

export interface SynthesizedStack {
  readonly environment: string;
  readonly stack: string;
  /** Absolute path of the stack's `cdk.tf.json`. */
  readonly file: string;
  /** What the policy rules found in the stack (no error-severity finding: synthesis would have failed). */
  readonly policy: StackPolicyResult;
  /** The stack's `cdk.tf.json` as written, parsed (read once, for the policy rules, the cost estimate and the diagram). */
  readonly json: Readonly<Record<string, unknown>>;
}

/** How environments are written besides their stacks. */
export interface EnvironmentSynthesisOptions {
  /**
   * The file, relative to an environment's output folder, that its architecture diagram will be written to: its
   * policy report links it. The caller draws it (tools/synth-every.ts).
   * @default - no diagram linked
   */
  readonly diagram?: string;
  /** How the previous output in `outdir` goes once the new one is in place ({@link OutputReplacement}). @default 'now' */
  readonly removePrevious?: OutputReplacement['removePrevious'];
}

/** How {@link synthesizeAtomically} replaces what an earlier synthesis wrote. */
export interface OutputReplacement {
  /**
   * `now`: deleted before the new output is moved in. `in-background`: moved aside (one rename) and deleted by
   * libuv's thread pool while the caller goes on — a command synthesizing several apps in a row deletes one app's
   * old files while it synthesizes the next; the process still waits for it before it exits, and
   * `previousRemoved` settles when it is gone.
   * @default 'now'
   */
  readonly removePrevious?: 'now' | 'in-background';
}

/** Stacks checked by the policy rules as one unit of the report, e.g. one environment. */
export interface PolicyTarget {
  readonly name: string;
  /** Whether production-only rules apply. */
  readonly production: boolean;
  readonly stacks: readonly string[];
  /** The target's architecture diagram, relative to its policy report. @default - none linked */
  readonly diagram?: string;
}

/** A validated environment and the file it came from. */
export interface LoadedEnvironment {
  readonly config: EnvironmentConfig;
  readonly source: string;
}

/** Several environments failed validation; the message holds each one's report. */
export class EnvironmentsInvalidError extends PlatformError {
  constructor(readonly errors: readonly EnvironmentConfigError[]) {
    super(errors.map((error) => error.message).join('\n\n'));
  }
}

/**
 * Validates every environment, builds their stacks into one cdktf app and writes it to `outdir` — all or nothing
 * (see {@link synthesizeAtomically}).
 */
export function synthesizeEnvironments(sources: readonly EnvironmentSource[], outdir: string): SynthesizedStack[] {
  return synthesizeValidatedEnvironments(validateEnvironments(sources), outdir);
}

/** {@link synthesizeEnvironments} of environments {@link validateEnvironments} returned (validated as one set). */
export function synthesizeValidatedEnvironments(environments: readonly LoadedEnvironment[], outdir: string, options: EnvironmentSynthesisOptions = {}): SynthesizedStack[] {
  // Reports are written to <outdir>/policy/<environment>.md.
  const diagram = options.diagram === undefined ? undefined : path.posix.join('..', options.diagram);
  const targets = environments.map(({ config }) => ({ name: config.name, production: config.production, stacks: environmentStackNames(config), diagram }));
  const { outdir: target, policy, json } = synthesizeAtomically(
    outdir,
    (app) => {
      for (const { config } of environments) addEnvironmentStacks(app, config);
    },
    targets,
    { removePrevious: options.removePrevious },
  );
  warnAboutBudgets(targets, json);
  return targets.flatMap(({ name, stacks }) => stacks.map((stack) => ({ environment: name, stack, file: stackFile(target, stack), policy: policy(stack), json: json(stack) })));
}

/**
 * Validates the environments as one set, writing nothing: each config (all errors of all of them at once), then what
 * they share — stack names and state locations must not collide. Throws a PlatformError naming every problem.
 */
export function validateEnvironments(sources: readonly EnvironmentSource[]): LoadedEnvironment[] {
  const environments = loadAll(sources);
  assertUniqueStackNames(environments);
  assertStateLocationsDistinct(
    environments.flatMap(({ config, source }) => environmentStackStates(config).map((stack) => ({ ...stack, source }))),
  );
  return environments;
}

/**
 * Prints to stderr, for each environment whose monthly cost estimate (@platform/cost, from the stacks just written)
 * exceeds its synthesized budget, a warning naming the estimate, the budget and the three biggest items. A warning
 * only: an estimate from list prices must not stop synthesis.
 */
function warnAboutBudgets(targets: readonly PolicyTarget[], stackJson: (stack: string) => Record<string, unknown>): void {
  for (const { name, stacks } of targets) {
    const json = Object.fromEntries(stacks.map((stack) => [stack, stackJson(stack)]));
    const warning = budgetWarning(estimateSynthesizedEnvironment(name, json));
    if (warning) process.stderr.write(`${warning}\n`);
  }
}

/**
 * Validates every environment and writes the bootstrap stacks of their state (one per account and region, the
 * secondary regions of environments with a recovery strategy included: {@link stateGroups}) and the security
 * baseline stacks of their accounts (one per account and region they use: {@link securityBaselines}) to `outdir`,
 * all or nothing. A secondary region's bootstrap stack reports its environment's name, a baseline its account's
 * environments.
 */
export function synthesizeBootstrap(sources: readonly EnvironmentSource[], outdir: string): SynthesizedStack[] {
  return synthesizeBootstrapOf(loadAll(sources).map(({ config }) => config), outdir);
}

/** {@link synthesizeBootstrap} of validated environment configs. */
export function synthesizeBootstrapOf(environments: readonly EnvironmentConfig[], outdir: string, replacement: OutputReplacement = {}): SynthesizedStack[] {
  const groups = stateGroups(environments);
  const baselines = securityBaselines(environments);
  const stacks = [
    ...groups.map((group) => ({
      stack: BootstrapStack.nameOf(group),
      environments: group.environments,
      build: (app: App) => new BootstrapStack(app, group),
    })),
    ...baselines.map((baseline) => ({
      stack: SecurityBaselineStack.nameOf(baseline),
      environments: baseline.accountEnvironments,
      build: (app: App) => new SecurityBaselineStack(app, baseline),
    })),
  ];
  // The state and the baseline of a production environment are held to production rules.
  const targets = stacks.map(({ stack, environments: members }) => ({ name: stack, production: members.some((environment) => environment.production), stacks: [stack] }));
  const { outdir: target, policy, json } = synthesizeAtomically(
    outdir,
    (app) => {
      for (const { build } of stacks) build(app);
    },
    targets,
    replacement,
  );
  return stacks.map(({ stack, environments: members }) => ({
    environment: members.map(({ name }) => name).join('+'),
    stack,
    file: stackFile(target, stack),
    policy: policy(stack),
    json: json(stack),
  }));
}

/**
 * Builds a cdktf app, checks every stack against the policy rules (@platform/guardrails) and writes it to
 * `outdir`. The app is synthesized into a sibling temporary folder and moved into place only when synthesis and the
 * policy check succeeded, so a construct validation error or an error-severity violation leaves `outdir` exactly
 * as it was. Each target's report is written to `<outdir>/policy/<target>.{json,md}`.
 */
export function synthesizeAtomically(
  outdir: string,
  build: (app: App) => void,
  targets: readonly PolicyTarget[],
  { removePrevious = 'now' }: OutputReplacement = {},
): { outdir: string; policy: (stack: string) => StackPolicyResult; json: (stack: string) => Record<string, unknown>; previousRemoved: Promise<void> } {
  const target = path.resolve(outdir);
  assertReplaceable(target);
  const staging = `${target}.partial-${process.pid}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  removeLeftoversOfEndedRuns(target);
  fs.rmSync(staging, { recursive: true, force: true });
  const results = new Map<string, StackPolicyResult>();
  const written = new Map<string, Record<string, unknown>>();
  let previousRemoved = Promise.resolve();
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    build(app);
    app.synth();
    for (const { production, stacks } of targets) {
      for (const stack of stacks) {
        const json = JSON.parse(fs.readFileSync(stackFile(staging, stack), 'utf8')) as Record<string, unknown>;
        written.set(stack, json);
        results.set(stack, evaluateStack(json, { production }));
      }
    }
    PolicyViolationError.throwIfAny([...results.values()]);
    writePolicyReports(staging, targets.map((policyTarget) => policyReport(policyTarget.name, policyTarget.stacks.map((stack) => results.get(stack) as StackPolicyResult), undefined, { diagram: policyTarget.diagram })));
    previousRemoved = replaceOutput(staging, target, removePrevious);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  // `json`: each stack as written, parsed once (the policy rules and the budget estimate read it).
  return { outdir: target, policy: (stack) => results.get(stack) as StackPolicyResult, json: (stack) => written.get(stack) as Record<string, unknown>, previousRemoved };
}

/**
 * Synthesis replaces its output folder whole: only a folder an earlier synthesis wrote (cdktf's manifest.json in it)
 * or an empty one may be replaced, so a mistyped output root (`--out-root apps`) never deletes sources.
 */
export function assertReplaceable(target: string): void {
  const entries = fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() ? fs.readdirSync(target) : undefined;
  if (fs.existsSync(target) && (entries === undefined || (entries.length > 0 && !entries.includes('manifest.json')))) {
    throw new PlatformError(
      `${target}: exists and is not the output of a synthesis (no manifest.json in it), so it is not replaced. Fix: choose another output folder, or empty this one yourself`,
    );
  }
}

/**
 * Removes `<target>.partial-<pid>` and `<target>.previous-<pid>` folders of runs that ended without cleaning up
 * (killed mid-synthesis): a process with that id no longer exists. A running synthesis's folders are left alone.
 */
function removeLeftoversOfEndedRuns(target: string): void {
  const prefix = `${path.basename(target)}.`;
  for (const name of fs.readdirSync(path.dirname(target))) {
    const pid = /^(?:partial|previous)-(\d+)$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '')?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isRunning(Number(pid))) fs.rmSync(path.join(path.dirname(target), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moves `staging` to `target`, deleting what `target` held now or in the background; settles when it is gone. */
function replaceOutput(staging: string, target: string, removePrevious: 'now' | 'in-background'): Promise<void> {
  if (removePrevious === 'now' || !fs.existsSync(target)) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return Promise.resolve();
  }
  const previous = `${target}.previous-${process.pid}`;
  fs.rmSync(previous, { recursive: true, force: true });
  fs.renameSync(target, previous);
  fs.renameSync(staging, target);
  return fs.promises.rm(previous, { recursive: true, force: true }).catch((error: Error) => {
    process.stderr.write(`warning: could not delete the previous output ${previous}: ${error.message}\n`);
  });
}

function writePolicyReports(outdir: string, reports: readonly PolicyReport[]): void {
  fs.mkdirSync(path.join(outdir, 'policy'), { recursive: true });
  for (const report of reports) {
    fs.writeFileSync(path.join(outdir, 'policy', `${report.json.environment}.json`), `${JSON.stringify(report.json, null, 2)}\n`);
    fs.writeFileSync(path.join(outdir, 'policy', `${report.json.environment}.md`), `${report.markdown}\n`);
  }
}

function stackFile(outdir: string, stack: string): string {
  return path.join(outdir, 'stacks', stack, 'cdk.tf.json');
}

function loadAll(sources: readonly EnvironmentSource[]): LoadedEnvironment[] {
  const errors: EnvironmentConfigError[] = [];
  const environments: LoadedEnvironment[] = [];
  for (const { input, expectedName, source } of sources) {
    try {
      const config = loadEnvironment(input, { expectedName, source });
      environments.push({ config, source: source ?? `environments/${config.name}/environment.ts` });
    } catch (error) {
      if (!(error instanceof EnvironmentConfigError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new EnvironmentsInvalidError(errors);
  return environments;
}

function assertUniqueStackNames(environments: readonly { config: EnvironmentConfig; source: string }[]): void {
  const owners = new Map<string, string>();
  for (const { config, source } of environments) {
    for (const stack of environmentStackNames(config)) {
      const owner = owners.get(stack);
      if (owner !== undefined) {
        throw new PlatformError(
          `Duplicate stack name '${stack}': both ${owner} and ${source} declare environment '${config.name}'. ` +
            'Fix: give every environment a unique name (and synthesize each environment once).',
        );
      }
      owners.set(stack, source);
    }
  }
}
