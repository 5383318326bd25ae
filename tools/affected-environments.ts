/**
 * Prints, as GitHub step outputs (append to $GITHUB_OUTPUT), the environments to plan or deploy and how to reach each:
 *
 *   environments=["development","staging"]     in promotion order
 *   targets={"development":{"accountId":"…","region":"…","planRoleArn":"…","applyRoleArn":"…","imageTag":"…"},…}
 *
 * Usage: tsx tools/affected-environments.ts --all | --base <commit> [--head <commit>] (--help: the options)
 * With --base: the environment apps among `nx show projects --affected` between base and head (default HEAD). A base
 * that is no commit of this clone (the all-zero `before` of a push that created the branch, or a commit a force push
 * removed) selects every environment; planning an unaffected environment finds no changes.
 */
import { loadEnvironment } from '@platform/config';
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import { affectedEnvironments, deliveryTarget, DeliveryTarget, inPromotionOrder } from './delivery-targets';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';
import { readReleaseManifest } from './release-manifest';
import { runTool } from './run-tool';
import { commandLineError, CommandSpec, parseCommandLine } from './cli-arguments';
import { WORKSPACE } from './synthesized-app';

export const AFFECTED_ENVIRONMENTS_COMMAND = {
  command: 'npx tsx tools/affected-environments.ts',
  description: 'Prints the environments to plan or deploy (GitHub step outputs): every one, or those a change affects.',
  options: {
    all: { type: 'boolean', description: 'select every environment' },
    base: { type: 'string', value: 'commit', description: 'select the environment apps Nx finds affected since this commit' },
    head: { type: 'string', value: 'commit', default: 'HEAD', description: 'the commit the change ends at (with --base)' },
  },
} as const satisfies CommandSpec;

export type Selection = { readonly all: true } | { readonly all: false; readonly base: string; readonly head: string };

export function parseArguments(args: readonly string[]): Selection {
  const { values } = parseCommandLine(AFFECTED_ENVIRONMENTS_COMMAND, args);
  if (values.all === (values.base !== undefined)) throw commandLineError(AFFECTED_ENVIRONMENTS_COMMAND, '--all, --base', 'give exactly one');
  if (values.all) return { all: true };
  return { all: false, base: values.base as string, head: values.head };
}

/** The step output lines for the selected environments. */
export function stepOutputs(targets: ReadonlyMap<string, DeliveryTarget>): string {
  const environments = inPromotionOrder([...targets.keys()]);
  const byName = Object.fromEntries(environments.map((name) => [name, targets.get(name)]));
  return `environments=${JSON.stringify(environments)}\ntargets=${JSON.stringify(byName)}\n`;
}

function isCommit(ref: string): boolean {
  return spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: WORKSPACE, stdio: 'ignore' }).status === 0;
}

function affectedProjects(base: string, head: string): string[] {
  const nx = spawnSync('npx', ['nx', 'show', 'projects', '--affected', `--base=${base}`, `--head=${head}`, '--json'], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (nx.status !== 0) throw new PlatformError(`\`nx show projects --affected\` failed (${nx.error?.message ?? `exit ${nx.status}`})`);
  return JSON.parse(nx.stdout) as string[];
}

function main(): number {
  const selection = parseArguments(process.argv.slice(2));
  const environments = knownEnvironments();
  let selected = environments;
  if (!selection.all) {
    if (isCommit(selection.base)) {
      selected = affectedEnvironments(affectedProjects(selection.base, selection.head), environments);
    } else {
      console.error(`'${selection.base}' is no commit of this clone: selecting every environment.`);
    }
  }
  const targets = new Map(selected.map((name) => [name, deliveryTarget(loadEnvironment(importEnvironment(name), { expectedName: name, source: environmentFile(name) }), readReleaseManifest(name))]));
  process.stdout.write(stepOutputs(targets));
  return 0;
}

if (require.main === module) runTool(main);
