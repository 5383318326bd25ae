/**
 * `npm run mutation -- <project>`: Stryker mutates the project's decision logic (see MUTATION_PROJECTS), runs the
 * project's Jest tests against each mutant (perTest coverage, incremental), then prints the mutation score and every
 * surviving mutant. Stryker 10 needs Node >= 22: it runs on this tool's Node when that is 22 or later (CI: .nvmrc's
 * 24), else under `npx -p node@24`.
 * Reports: reports/mutation/<project>/mutation.{html,json}. Not part of `npm test` (a run takes minutes).
 */
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EquivalentMutant,
  formatMutationSummary,
  mutationExitCode,
  MutationReport,
  mutationPaths,
  parseMutationArguments,
  strykerCommand,
  strykerConfig,
  strykerEnvironment,
  summarizeRun,
} from './mutation-report';
import { runTool } from './run-tool';

const WORKSPACE = path.resolve(__dirname, '..');

function main(): number {
  const options = parseMutationArguments(process.argv.slice(2));
  const paths = mutationPaths(options.project);
  const configFile = path.join(WORKSPACE, 'reports', 'mutation', options.project, 'stryker.config.json');
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(configFile, `${JSON.stringify(strykerConfig(options), null, 2)}\n`);
  const started = Date.now();
  const { command, args } = strykerCommand(configFile, process.version, process.execPath);
  const run = spawnSync(command, args, { cwd: WORKSPACE, stdio: 'inherit', env: { ...process.env, ...strykerEnvironment(options.project, WORKSPACE) } });
  if (run.status !== 0) throw new PlatformError(`Stryker exited with ${run.status ?? run.signal}. Fix: read its log above (and .stryker-tmp/ if kept)`);
  const full = JSON.parse(fs.readFileSync(path.join(WORKSPACE, paths.json), 'utf8')) as MutationReport;
  const equivalentsFile = path.join(WORKSPACE, paths.equivalents);
  const listed = fs.existsSync(equivalentsFile) ? (JSON.parse(fs.readFileSync(equivalentsFile, 'utf8')) as EquivalentMutant[]) : [];
  // The report keeps earlier runs' results of files outside --files (from the incremental file): only these count.
  const summary = summarizeRun(full, listed, options.files, WORKSPACE);
  console.log(formatMutationSummary(options.project, summary));
  console.log(`took ${Math.round((Date.now() - started) / 1000)} s; report: ${paths.html}`);
  return mutationExitCode(summary, options);
}

runTool(main);
