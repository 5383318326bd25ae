/**
 * Loads environment files without tsx, for the bundled synth that plain `node` runs (see run-synth.cjs): esbuild
 * compiles every file in one call, and each runs as a CommonJS module whose `@platform/*` imports resolve to the
 * bundle's own libraries (one copy of each, so `defineEnvironment` and the catalogs are the ones synth validates
 * against) and whose `@platform/environments/<name>` imports load that environment file the same way.
 *
 * Errors name the TypeScript line a person wrote: a syntax error is esbuild's `<file>:<line>:<column>`, and while
 * the files run, source maps are on (inline maps; turned off again afterwards, see synth-every.ts), so an exception
 * thrown by an environment file points at its line.
 */
import { escapeRegExp, PlatformError, writeFileAtomically } from '@platform/core';
import type { BuildFailure, BuildResult, Message, Metafile, OutputFile } from 'esbuild';
import * as fs from 'node:fs';
import { Module } from 'node:module';
import * as path from 'node:path';
import type { EnvironmentModuleLoader } from './environments';

/** The `@platform/environments/<name>` imports of environment files, as tsconfig.base.json maps them. */
const ENVIRONMENT_IMPORT = /^@platform\/environments\/([a-z0-9-]+)$/;

/**
 * A loader for `useEnvironmentLoader` that compiles `files` (absolute paths of environment files, plus any they
 * import) in one esbuild run, then runs each on first use. `libraries` are the modules environment files may
 * import by their `@platform/...` name; `workspaceEnvironments` is the folder `@platform/environments/<name>` maps to.
 * When one of the files does not compile, each is compiled when it is loaded instead: a syntax error in one
 * environment stops only what loads that environment (`nx run staging:synth` does not read production's file).
 * The loader throws a PlatformError naming the file, line and column of a syntax error, or of the line that threw.
 */
export function compiledEnvironmentLoader(
  files: readonly string[],
  libraries: Readonly<Record<string, unknown>>,
  workspaceEnvironments: string,
  cacheFile?: string,
): EnvironmentModuleLoader {
  const compiled = new Map<string, string>();
  const loaded = new Map<string, Record<string, unknown>>();
  const compile = (entries: readonly string[]) => {
    for (const [file, code] of Object.entries(compileWithEsbuild(entries).outputs)) compiled.set(file, code);
  };
  const load = (file: string): Record<string, unknown> => {
    const cached = loaded.get(file);
    if (cached) return cached;
    if (!compiled.has(file)) compile([file]);
    const module = new Module(file, undefined);
    module.filename = file;
    module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
    module.require = ((id: string) => {
      if (id in libraries) return libraries[id];
      const environment = ENVIRONMENT_IMPORT.exec(id);
      if (environment) return load(path.join(workspaceEnvironments, environment[1], 'environment.ts'));
      if (id.startsWith('@platform/')) {
        throw new PlatformError(`${file}: imports ${id}. Fix: environment files may import ${Object.keys(libraries).join(', ')} and @platform/environments/<name>`);
      }
      return Module.prototype.require.call(module, id);
    }) as NodeJS.Require;
    loaded.set(file, module.exports as Record<string, unknown>);
    try {
      (module as unknown as { _compile(code: string, filename: string): void })._compile(compiled.get(file) as string, file);
    } catch (error) {
      loaded.delete(file);
      throw error instanceof PlatformError ? error : thrownBy(file, error);
    }
    // esbuild's CommonJS output replaces module.exports: later imports get the final object.
    loaded.set(file, module.exports as Record<string, unknown>);
    return module.exports as Record<string, unknown>;
  };
  const cached = cacheFile === undefined ? undefined : readCache(cacheFile, files);
  if (cached) {
    for (const [file, code] of Object.entries(cached)) compiled.set(file, code);
  } else {
    try {
      const { outputs, inputs } = compileWithEsbuild(files);
      for (const [file, code] of Object.entries(outputs)) compiled.set(file, code);
      if (cacheFile !== undefined) writeCache(cacheFile, files, inputs, outputs);
    } catch (error) {
      // One file does not compile: the others still load, each compiled on its own when it is used.
      if (!(error instanceof PlatformError)) throw error;
    }
  }
  return load;
}

/**
 * An exception an environment file threw while it ran, as bad input: `<file>:<line>:<column>: <message>` (the
 * TypeScript position, from the source-mapped stack trace), without the stack.
 */
function thrownBy(file: string, error: unknown): PlatformError {
  // Duck-typed: the file runs in the process's own realm, whose Error is not the caller's (Jest's sandbox).
  const thrown = typeof error === 'object' && error !== null ? (error as { message?: unknown; stack?: unknown }) : {};
  const message = typeof thrown.message === 'string' ? thrown.message : String(error);
  const stack = typeof thrown.stack === 'string' ? thrown.stack : '';
  const position = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`).exec(stack);
  const where = position ? `${readablePath(file)}:${position[1]}:${position[2]}` : readablePath(file);
  return new PlatformError(`${where}: ${message} (thrown while the environment file ran). Fix: correct the TypeScript at that line`);
}

/** What a cache file holds: the files asked for, every input with its fingerprint, and the compiled code. */
interface CompiledEnvironments {
  readonly files: readonly string[];
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
}

/** Size and modification time: changes when the file is edited, checked out or removed. */
function fingerprint(file: string): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}

/** The compiled files of an earlier run, when it compiled the same files and none of its inputs changed. */
function readCache(cacheFile: string, files: readonly string[]): Readonly<Record<string, string>> | undefined {
  try {
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CompiledEnvironments;
    const sameFiles = cache.files.length === files.length && cache.files.every((file, index) => file === files[index]);
    const code = Object.values(cache.outputs).every((output) => typeof output === 'string');
    return sameFiles && code && Object.entries(cache.inputs).every(([file, print]) => fingerprint(file) === print) ? cache.outputs : undefined;
  } catch {
    // Missing, unreadable or not of this shape: compiled again.
    return undefined;
  }
}

function writeCache(cacheFile: string, files: readonly string[], inputs: readonly string[], outputs: Readonly<Record<string, string>>): void {
  const cache: CompiledEnvironments = { files, inputs: Object.fromEntries(inputs.map((file) => [file, fingerprint(file)])), outputs };
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Synths started side by side never read a half-written cache.
  writeFileAtomically(cacheFile, JSON.stringify(cache));
}

/**
 * One esbuild run: each file bundled with its relative imports, `@platform/*` and packages left to `require`.
 * Returns the code of each file (by absolute path) and the absolute paths of every file read.
 */
function compileWithEsbuild(files: readonly string[]): { outputs: Record<string, string>; inputs: string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only by the bundled synth, never by tsx or Jest
  const esbuild = require('esbuild') as typeof import('esbuild');
  let result: BuildResult & { outputFiles: OutputFile[]; metafile: Metafile };
  try {
    result = esbuild.buildSync({
      entryPoints: [...files],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['@platform/*'],
      packages: 'external',
      // Each output sits beside its source, so the inline map's `sources` resolve to the file a person edits.
      outbase: '/',
      outdir: '/',
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
    });
  } catch (error) {
    const first = (error as BuildFailure).errors?.[0];
    if (first === undefined) throw error;
    throw new PlatformError(describeMessage(first));
  }
  return {
    outputs: Object.fromEntries(result.outputFiles.map((output) => [output.path.replace(/\.js$/, '.ts'), output.text])),
    inputs: Object.keys(result.metafile.inputs).map((file) => path.resolve(file)),
  };
}

/** A path esbuild reports (relative to the working directory) as people see it: relative inside it, else absolute. */
function readablePath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative.startsWith('..') ? path.resolve(file) : relative;
}

/** `<file>:<line>:<column>: <text>`, esbuild's location of a syntax or resolution error. */
function describeMessage(message: Message): string {
  const where = message.location ? `${readablePath(message.location.file)}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}. Fix: correct the TypeScript at that line`;
}
