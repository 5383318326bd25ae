/**
 * What tools that work on synthesized output share: which apps can be synthesized, running their synth, and reading
 * cdktf's manifest (stacks and their dependencies) from `cdktf.out/<app>/`.
 */
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const WORKSPACE = join(__dirname, '..');

/** The parts of cdktf's `manifest.json` the tools read; paths are relative to the manifest's directory. */
export interface CdktfManifest {
  readonly stacks: Readonly<Record<string, { readonly workingDirectory: string; readonly dependencies: readonly string[] }>>;
}

/** Apps whose project.json has a synth target (the environments and bootstrap). */
export function synthApps(): string[] {
  const apps = join(WORKSPACE, 'apps');
  return readdirSync(apps)
    .filter((name) => {
      const projectFile = join(apps, name, 'project.json');
      return existsSync(projectFile) && (JSON.parse(readFileSync(projectFile, 'utf8')) as { targets?: Record<string, unknown> }).targets?.synth !== undefined;
    })
    .sort();
}

/** Throws unless `app` can be synthesized, listing those that can. */
export function requireSynthApp(app: string | undefined, usage: string): string {
  const apps = synthApps();
  if (!app || !apps.includes(app)) {
    const problem = app ? `Unknown environment '${app}'` : 'No environment given';
    throw new PlatformError(`${problem}. Known environments: ${apps.join(', ')}. ${usage}`);
  }
  return app;
}

/**
 * Synthesizes an app into cdktf.out/<app> with the command of its `nx run <app>:synth` (tools/run-synth.cjs), run
 * directly: starting npx and Nx cost more than the synthesis of one environment (about 2 s against 1 s).
 * Throws when it fails.
 */
export function synthesize(app: string): void {
  const synth = spawnSync(process.execPath, [join(WORKSPACE, 'tools', 'run-synth.cjs'), '--app', app], { cwd: WORKSPACE, stdio: 'inherit' });
  if (synth.status !== 0) {
    throw new PlatformError(`synthesis of ${app} (node tools/run-synth.cjs --app ${app}) failed (${synth.error?.message ?? `exit ${synth.status}`})`);
  }
}

/** Output folder of an app's synth. */
export function outputOf(app: string): string {
  return join(WORKSPACE, 'cdktf.out', app);
}

export function readManifest(app: string): CdktfManifest {
  const file = join(outputOf(app), 'manifest.json');
  if (!existsSync(file)) {
    throw new PlatformError(`No ${relative(WORKSPACE, file)}: '${app}' has not been synthesized (run \`npx nx run ${app}:synth\`).`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as CdktfManifest;
}

/** The synthesized Terraform JSON (`cdk.tf.json`) of every stack of the manifest, by stack name. */
export function readStacks(app: string, manifest: CdktfManifest): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(manifest.stacks).map(([name, { workingDirectory }]) => [name, JSON.parse(readFileSync(join(outputOf(app), workingDirectory, 'cdk.tf.json'), 'utf8')) as unknown]),
  );
}

/**
 * The requested stacks (default: all), producers before the stacks that read their state. Throws on an unknown
 * stack name, listing the stacks there are.
 */
export function stacksInDependencyOrder(manifest: CdktfManifest, requested: readonly string[] = []): string[] {
  const available = Object.keys(manifest.stacks).sort();
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new PlatformError(`Unknown stack ${unknown.map((name) => `'${name}'`).join(', ')}. Stacks: ${available.join(', ')}.`);
  }
  const ordered: string[] = [];
  const visit = (name: string, path: readonly string[]) => {
    if (path.includes(name)) throw new PlatformError(`Stacks depend on each other in a cycle: ${[...path, name].join(' -> ')}`);
    if (ordered.includes(name)) return;
    for (const dependency of [...(manifest.stacks[name]?.dependencies ?? [])].sort()) visit(dependency, [...path, name]);
    ordered.push(name);
  };
  available.forEach((name) => visit(name, []));
  return requested.length > 0 ? ordered.filter((name) => requested.includes(name)) : ordered;
}
