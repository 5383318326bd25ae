/**
 * Synthesizes several environments as one cdktf app: the `app` of the root cdktf.json, so `cdktf synth` and
 * `cdktf deploy 'staging-*'` work from the workspace root. Usage: tsx tools/synth.ts [environment...]
 * (default: every environment); output in $CDKTF_OUTDIR, default cdktf.out/all. Environment files are read from
 * environments/, or from the folder in $PLATFORM_ENVIRONMENTS_DIR (same layout: `<name>/environment.ts`).
 */
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';
import { environmentFile, environmentPath, importEnvironment, resolveEnvironmentNames } from './environments';
import { CommandSpec, parseCommandLine, reportCommandLine } from './cli-arguments';
import { describeInputError } from './locate-field';

/** The root cdktf.json's app: `node tools/run-synth.cjs cdktf-app [environment...]`. */
export const SYNTH_COMMAND = {
  command: 'node tools/run-synth.cjs cdktf-app',
  description: 'Synthesizes environments as one cdktf app into $CDKTF_OUTDIR (default cdktf.out/all), for `cdktf synth` and `cdktf deploy` from the workspace root.',
  positionals: [{ name: 'environment', description: 'the environments (default: every one)', optional: true, variadic: true }],
} as const satisfies CommandSpec;

/** The command: prints the stacks written, or the input error (no stack trace) and sets a non-zero exit code. */
export function synthCommand(args: readonly string[]): void {
  let environments: string[];
  try {
    environments = parseCommandLine(SYNTH_COMMAND, args).positionals;
  } catch (error) {
    const commandLine = reportCommandLine(error);
    if (commandLine === undefined) throw error;
    process.exitCode = commandLine;
    return;
  }
  runSynthCommand(() =>
    synthesizeEnvironments(
      resolveEnvironmentNames(environments).map((name) => ({ input: importEnvironment(name), expectedName: name, source: environmentFile(name) })),
      process.env.CDKTF_OUTDIR ?? 'cdktf.out/all',
    ),
    (error) => describeInputError(error, (environment) => environmentPath(environment, 'environment.ts')),
  );
}

// Tests call the command in-process; run directly (tsx, cdktf), it reads the command line.
if (require.main === module) synthCommand(process.argv.slice(2));
