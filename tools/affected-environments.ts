/**
 * Prints, as GitHub step outputs (append to $GITHUB_OUTPUT), the environments to plan or deploy and how to reach each:
 *
 *   environments=["development","staging"]     in promotion order
 *   targets={"development":{"accountId":"…","region":"…","planRoleArn":"…","applyRoleArn":"…","imageTag":"…"},…}
 *
 * Usage: tsx tools/affected-environments.ts --all | --base <commit> [--head <commit>]
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
import { WORKSPACE } from './synthesized-app';

const USAGE = 'Usage: tsx tools/affected-environments.ts --all | --base <commit> [--head <commit>]';

export type Selection = { readonly all: true } | { readonly all: false; readonly base: string; readonly head: string };

export function parseArguments(args: readonly string[]): Selection {
  const rest = [...args];
  const options = new Map<string, string>();
  let all = false;
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--all') {
      all = true;
    } else if (arg === '--base' || arg === '--head') {
      const value = rest.shift();
      if (value === undefined || value.startsWith('--')) throw new PlatformError(`${arg} needs a commit. ${USAGE}`);
      options.set(arg, value);
    } else {
      throw new PlatformError(`Unknown argument '${arg}'. ${USAGE}`);
    }
  }
  if (all === options.has('--base')) throw new PlatformError(`Give either --all or --base. ${USAGE}`);
  if (all) return { all: true };
  return { all: false, base: options.get('--base') as string, head: options.get('--head') ?? 'HEAD' };
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
