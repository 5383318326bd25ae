/**
 * Synthesizes several environments as one cdktf app: the `app` of the root cdktf.json, so `cdktf synth` and
 * `cdktf deploy 'staging-*'` work from the workspace root. Usage: tsx tools/synth.ts [environment...]
 * (default: every environment); output in $CDKTF_OUTDIR, default cdktf.out/all.
 */
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';
import { environmentFile, importEnvironment, resolveEnvironmentNames } from './environments';

runSynthCommand(() =>
  synthesizeEnvironments(
    resolveEnvironmentNames(process.argv.slice(2)).map((name) => ({ input: importEnvironment(name), expectedName: name, source: environmentFile(name) })),
    process.env.CDKTF_OUTDIR ?? 'cdktf.out/all',
  ),
);
