/**
 * Synthesizes several environments as one cdktf app: the `app` of the root cdktf.json, so `cdktf synth` and
 * `cdktf deploy 'staging-*'` work from the workspace root. Usage: tsx tools/synth.ts [environment...]
 * (default: every environment); output in $CDKTF_OUTDIR, default cdktf.out/all. Environment files are read from
 * environments/, or from the folder in $PLATFORM_ENVIRONMENTS_DIR (same layout: `<name>/environment.ts`).
 */
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';
import { environmentFile, environmentPath, importEnvironment, resolveEnvironmentNames } from './environments';
import { describeInputError } from './locate-field';

/** The command: prints the stacks written, or the input error (no stack trace) and sets a non-zero exit code. */
export function synthCommand(args: readonly string[]): void {
  runSynthCommand(() =>
    synthesizeEnvironments(
      resolveEnvironmentNames(args).map((name) => ({ input: importEnvironment(name), expectedName: name, source: environmentFile(name) })),
      process.env.CDKTF_OUTDIR ?? 'cdktf.out/all',
    ),
    (error) => describeInputError(error, (environment) => environmentPath(environment, 'environment.ts')),
  );
}

// Tests call the command in-process; run directly (tsx, cdktf), it reads the command line.
if (require.main === module) synthCommand(process.argv.slice(2));
