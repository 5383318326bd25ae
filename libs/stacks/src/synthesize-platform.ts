import { EnvironmentConfig, loadEnvironment } from '@platform/config';
import { PlatformModel } from '@platform/platform-contracts';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BootstrapStack } from './bootstrap-stack';
import { EnvironmentSource, synthesizeBootstrap, synthesizeEnvironments } from './synthesize-environments';

/** One environment synthesized as the contracts read it. */
export interface SynthesizedPlatform {
  readonly environment: EnvironmentConfig;
  /** Stack name → synthesized JSON: the environment's stacks and its account's bootstrap stack. */
  readonly stacks: Record<string, Record<string, unknown>>;
  /** Stack name → the stacks cdktf's manifest says it depends on (the deploy order). */
  readonly dependencies: Record<string, string[]>;
  readonly model: PlatformModel;
}

/**
 * Synthesizes one environment exactly as `npm run synth` does, plus the bootstrap stack of its account and region
 * (its state store and GitHub roles; `all` lists every environment, since a bootstrap stack serves all environments
 * of an account), into a temporary folder removed afterwards, and reads them as one {@link PlatformModel}, with the
 * stack dependencies of cdktf's `manifest.json` (which the stacks' JSON does not hold).
 */
export function synthesizePlatform(source: EnvironmentSource, all: readonly EnvironmentSource[] = [source]): SynthesizedPlatform {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  try {
    const environment = loadEnvironment(source.input);
    const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const stacks: Record<string, Record<string, unknown>> = {};
    for (const { stack, file } of synthesizeEnvironments([source], path.join(outdir, 'environment'))) stacks[stack] = read(file);
    const manifest = read(path.join(outdir, 'environment', 'manifest.json')) as { stacks: Record<string, { dependencies?: string[] }> };
    const dependencies = Object.fromEntries(Object.entries(manifest.stacks).map(([stack, entry]) => [stack, [...(entry.dependencies ?? [])]]));
    const bootstrapName = BootstrapStack.nameOf(environment);
    for (const { stack, file } of synthesizeBootstrap(all, path.join(outdir, 'bootstrap'))) {
      if (stack === bootstrapName) stacks[stack] = read(file);
    }
    return { environment, stacks, dependencies, model: new PlatformModel(stacks, { dependencies }) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
