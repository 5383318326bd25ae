import { runSynthCommand, synthesizeBootstrap } from '@platform/stacks';
import { environments } from './environments';

// One stack per account and region holding state. `nx run bootstrap:synth` (cdktf.out/bootstrap) runs this synthesis from
// the bundle of tools/run-synth.cjs; Nx reads this file's imports for the app's dependencies.
runSynthCommand(() => synthesizeBootstrap(environments, process.env.CDKTF_OUTDIR ?? 'cdktf.out/bootstrap'));
