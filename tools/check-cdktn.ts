/**
 * `npm run check:cdktn`: a tested way off HashiCorp's archived cdktf. Builds a temporary copy of the workspace on
 * CDK Terrain (cdktn installed under the name `cdktf`, see cdktn-migration.ts for why), installs it there, synthesizes
 * every environment and the bootstrap app in the copy and in the workspace, and compares the Terraform JSON stack by
 * stack (synthesis-comparison.ts). The workspace and its node_modules are only read.
 *
 * The copy installs only what synthesis needs (~600 MB, mostly the AWS provider bindings, not the workspace's 1.3 GB)
 * with npm's cache first: once the cache holds cdktn, the check runs offline (`--offline` insists on it).
 * Options: see CHECK_CDKTN_COMMAND in cdktn-migration.ts (`npm run check:cdktn -- --help`).
 */
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cdktnImports, cdktnPackageJson, parseCheckCdktnArguments } from './cdktn-migration';
import { runTool } from './run-tool';
import { compareSyntheses, formatComparisons, hasResourceDifferences, readSynthesis } from './synthesis-comparison';
import { copyWorkingTree } from './workspace-copy';

const WORKSPACE = path.resolve(__dirname, '..');
/** The packages whose versions the report names: what the copy runs on. */
const REPORTED_PACKAGES = ['cdktf', 'constructs', '@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'];

function main(): number {
  const options = parseCheckCdktnArguments(process.argv.slice(2));
  // Resolved: the synthesis writes the path it runs in (process.cwd(), symlinks resolved), which the comparison rewrites.
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'check-cdktn-')));
  const copy = path.join(scratch, 'workspace');
  try {
    step(`copying the workspace to ${copy}`);
    const files = copyWorkingTree(WORKSPACE, copy);
    if (options.target.awsProvider !== undefined) console.log(`imports moved to cdktn in ${moveImportsToCdktn(copy, files)} files of the copy`);
    const packageJson = JSON.parse(fs.readFileSync(path.join(WORKSPACE, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(copy, 'package.json'), `${JSON.stringify(cdktnPackageJson(packageJson, options.target), null, 2)}\n`);

    const aws = options.target.awsProvider === undefined ? '' : `, @cdktn/provider-aws ${options.target.awsProvider} as @cdktf/provider-aws`;
    step(`npm install (cdktn ${options.target.cdktn} as cdktf, constructs ${options.target.constructs}${aws})`);
    // --ignore-scripts: the workspace's `prepare` builds the synth bundle, which the synthesis below does anyway.
    run('npm', ['install', options.offline ? '--offline' : '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], copy, npmEnvironment());

    step('synthesizing in the workspace (cdktf)');
    const workspaceOut = path.join(scratch, 'out-cdktf');
    run(process.execPath, ['tools/run-synth.cjs', '--out-root', workspaceOut], WORKSPACE);
    step('synthesizing in the copy (cdktn)');
    const copyOut = path.join(scratch, 'out-cdktn');
    run(process.execPath, ['tools/run-synth.cjs', '--out-root', copyOut], copy);

    const comparisons = compareSyntheses(readSynthesis(workspaceOut), readSynthesis(copyOut, { from: copy, to: WORKSPACE }), options.maxDifferences);
    console.log(`Terraform JSON of ${versions(WORKSPACE)} (workspace)\n  against ${versions(copy)} (copy)`);
    console.log(formatComparisons(comparisons));
    if (options.keep) console.log(`kept: the copy in ${copy}; outputs in ${workspaceOut} and ${copyOut}`);
    return hasResourceDifferences(comparisons) ? 1 : 0;
  } finally {
    if (!options.keep) {
      step('removing the copy');
      fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    }
    step('done');
  }
}

/** Rewrites the copy's source files with cdktnImports; returns how many changed. */
function moveImportsToCdktn(copy: string, files: readonly string[]): number {
  let changed = 0;
  for (const file of files.filter((name) => /\.(ts|js|cjs|mjs)$/.test(name))) {
    const source = fs.readFileSync(path.join(copy, file), 'utf8');
    const moved = cdktnImports(source);
    if (moved === source) continue;
    fs.writeFileSync(path.join(copy, file), moved);
    changed += 1;
  }
  return changed;
}

/** Runs `command`; a failure is reported with the end of its output (an install or synth error names its cause). */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const child = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (child.error) throw new PlatformError(`\`${command} ${args.join(' ')}\` did not start: ${child.error.message}`);
  if (child.status !== 0) {
    const hint = command === 'npm' && args.includes('--offline') ? '. Fix: run once without --offline so npm caches the packages' : '';
    throw new PlatformError(`\`${path.basename(command)} ${args.join(' ')}\` in ${cwd} failed, exit ${child.status}${hint}:\n${`${child.stdout}${child.stderr}`.slice(-4000)}`);
  }
}

/**
 * npm's environment without the `npm_*` variables `npm run` sets for its own script: they would carry the
 * workspace's settings (its prefix, the script's flags) into the copy's install.
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

/** `cdktf 0.21.0, constructs 10.4.2, …` as installed in `root`; an aliased package shows its real name. */
function versions(root: string): string {
  return REPORTED_PACKAGES.map((name) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { name: string; version: string };
    return manifest.name === name ? `${name} ${manifest.version}` : `${manifest.name} ${manifest.version} as ${name}`;
  }).join(', ');
}

const started = Date.now();

/** Progress on stderr, with the seconds since the start: the install and the removal of the copy take the most. */
function step(status: string): void {
  console.error(`check:cdktn [${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${status}`);
}

runTool(main);
