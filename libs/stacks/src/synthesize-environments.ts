import { EnvironmentConfig, EnvironmentConfigError, loadEnvironment } from '@platform/config';
import { PlatformError } from '@platform/core';
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BootstrapStack, stateGroups } from './bootstrap-stack';
import { addEnvironmentStacks, environmentStackKinds, environmentStackNames } from './environment-stacks';
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
  const environments = loadAll(sources);
  assertUniqueStackNames(environments);
  assertStateLocationsDistinct(
    environments.flatMap(({ config, source }) => environmentStackKinds(config).map((kind) => ({ environment: config, kind, source }))),
  );
  const target = synthesizeAtomically(outdir, (app) => {
    for (const { config } of environments) addEnvironmentStacks(app, config);
  });
  return environments.flatMap(({ config }) =>
    environmentStackNames(config).map((stack) => ({ environment: config.name, stack, file: stackFile(target, stack) })),
  );
}

/**
 * Validates every environment and writes the bootstrap stacks of their state (one per account and region) to
 * `outdir`, all or nothing.
 */
export function synthesizeBootstrap(sources: readonly EnvironmentSource[], outdir: string): SynthesizedStack[] {
  const groups = stateGroups(loadAll(sources).map(({ config }) => config));
  const target = synthesizeAtomically(outdir, (app) => {
    for (const group of groups) new BootstrapStack(app, group);
  });
  return groups.map((group) => ({
    environment: group.environments.map(({ name }) => name).join('+'),
    stack: BootstrapStack.nameOf(group),
    file: stackFile(target, BootstrapStack.nameOf(group)),
  }));
}

/**
 * Builds a cdktf app and writes it to `outdir`. The app is synthesized into a sibling temporary folder and moved
 * into place only when synthesis succeeded, so a construct validation error leaves `outdir` exactly as it was.
 * @returns the absolute output folder
 */
function synthesizeAtomically(outdir: string, build: (app: App) => void): string {
  const target = path.resolve(outdir);
  const staging = `${target}.partial-${process.pid}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    build(app);
    app.synth();
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

function stackFile(outdir: string, stack: string): string {
  return path.join(outdir, 'stacks', stack, 'cdk.tf.json');
}

function loadAll(sources: readonly EnvironmentSource[]): { config: EnvironmentConfig; source: string }[] {
  const errors: EnvironmentConfigError[] = [];
  const environments: { config: EnvironmentConfig; source: string }[] = [];
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
