/**
 * Synthesized environments kept between the spec files of a test run. Jest gives every spec file its own module
 * registry, so a module-level memo lasts one file, and ten contract specs synthesized production seven times. The
 * cache holds plain JSON in the temp folder (under Jest the run's own, removed when the run ends:
 * jest.global-setup.js), under a hash of every file synthesis reads (the libraries' sources, the environment files,
 * the lock file, the tools that load environments): a change to any of them is a new key (a watch-mode rerun), and
 * the keys of earlier code are removed when a new one is written. A read that fails for any reason (another run
 * removed it, a half-written file) synthesizes again. Off under Stryker, whose mutants share one source text, unless
 * `npm run mutation` names a folder (PLATFORM_SYNTHESIS_CACHE_DIR) for a project whose mutated files synthesis never
 * runs (the contracts): then every mutant run reads the environments the first one synthesized, and a synthesis that
 * did run a mutated file fails instead of being kept.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformError, writeFileAtomically } from '@platform/core';
import { environmentsRoot, WORKSPACE } from './environments';

/** The variable naming a folder that keeps synthesized environments under Stryker too (tools/mutation.ts sets it). */
export const SYNTHESIS_CACHE_DIR_VARIABLE = 'PLATFORM_SYNTHESIS_CACHE_DIR';

/**
 * The workspace's folders and files whose contents decide what synthesis writes, besides the environment files (specs
 * excluded: they only read it).
 */
const INPUTS = ['libs', 'package-lock.json', 'tsconfig.base.json', 'tools/environments.ts', 'tools/compile-environments.ts'];

/** The cache's folder for the code as it is now, or undefined when the cache is off. */
export function synthesisCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PLATFORM_SYNTHESIS_CACHE === 'off') return undefined;
  // Stryker's sandbox is new for each run (and Jest's temp root for each mutant run): a folder outside both lasts.
  const kept = env[SYNTHESIS_CACHE_DIR_VARIABLE];
  if (kept !== undefined && kept !== '') return path.join(path.resolve(kept), inputsHash(WORKSPACE, environmentsRoot()));
  // Stryker's workers run every mutant of a file from the same source text: a content key cannot tell them apart.
  if (env.STRYKER_MUTATOR_WORKER !== undefined) return undefined;
  return path.join(synthesisCacheRoot(), inputsHash(WORKSPACE, environmentsRoot()));
}

function synthesisCacheRoot(): string {
  return path.join(os.tmpdir(), `platform-synthesis-cache-${os.userInfo().uid}`);
}

/** A hash of the contents and paths of every input file (the environment files read from `environments`), in a stable order. */
export function inputsHash(workspace: string, environments: string): string {
  const hash = createHash('sha256');
  const files = [...INPUTS.flatMap((input) => filesUnder(workspace, input)).sort(), ...filesUnder(environments, '.').sort().map((file) => path.join(environments, file))];
  for (const file of files) hash.update(`${file}\0`).update(fs.readFileSync(path.resolve(workspace, file))).update('\0');
  return hash.digest('hex').slice(0, 24);
}

function filesUnder(workspace: string, relative: string): string[] {
  const stat = fs.statSync(path.join(workspace, relative), { throwIfNoEntry: false });
  if (stat === undefined) return [];
  if (stat.isFile()) return [relative];
  return fs
    .readdirSync(path.join(workspace, relative), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.spec.ts') && !entry.parentPath.split(path.sep).includes('node_modules'))
    .map((entry) => path.relative(workspace, path.join(entry.parentPath, entry.name)));
}

/**
 * `synthesize()`'s result for `name`, from the cache when an earlier spec file of the same code kept it, else
 * synthesized and kept. The result must be plain JSON.
 */
export function cachedSynthesis<T>(name: string, synthesize: () => T): T {
  return cachedSynthesisIn(synthesisCacheFolder(), name, synthesize);
}

/** {@link cachedSynthesis} kept in `folder` (a key's folder; none: synthesize every time). */
export function cachedSynthesisIn<T>(folder: string | undefined, name: string, synthesize: () => T): T {
  if (folder === undefined) return synthesize();
  const file = path.join(folder, `${encodeURIComponent(name)}.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    // Not there yet, removed by a run of other code, or unreadable: synthesize it.
  }
  const before = mutantsRun();
  const result = synthesize();
  const ran = [...mutantsRun()].filter((id) => !before.has(id));
  if (ran.length > 0) {
    throw new PlatformError(
      `${SYNTHESIS_CACHE_DIR_VARIABLE}: synthesizing ${name} ran mutated code (mutants ${ran.slice(0, 5).join(', ')}), which a kept synthesis would hide. Fix: drop synthesisCache from the project in MUTATION_PROJECTS (tools/mutation-report.ts)`,
    );
  }
  keep(folder, file, JSON.stringify(result));
  return result;
}

/** Stryker's record of the mutants its instrumented code reached (its `__stryker__` global), or none outside Stryker. */
interface StrykerCoverage {
  readonly static?: Readonly<Record<string, unknown>>;
  readonly perTest?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The ids of the mutants whose code has run in this process so far (nothing outside Stryker). */
function mutantsRun(): Set<string> {
  const coverage = (globalThis as { __stryker__?: { mutantCoverage?: StrykerCoverage } }).__stryker__?.mutantCoverage;
  return new Set([...Object.keys(coverage?.static ?? {}), ...Object.values(coverage?.perTest ?? {}).flatMap((test) => Object.keys(test))]);
}

function keep(folder: string, file: string, text: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
    removeOtherKeys(folder);
    // A spec file of a parallel worker never reads half a file.
    writeFileAtomically(file, text);
  } catch {
    // A cache that cannot be written costs time, never a result.
  }
}

/** Removes the entries kept for other versions of the code (only the current one is ever read again). */
function removeOtherKeys(folder: string): void {
  const root = path.dirname(folder);
  for (const entry of fs.readdirSync(root, { withFileTypes: true, encoding: 'utf8' }).filter((item) => item.isDirectory())) {
    if (entry.name !== path.basename(folder)) fs.rmSync(path.join(root, entry.name), { recursive: true, force: true });
  }
}
