import { runSynthCommand, synthesizeBootstrap } from '@platform/stacks';
import { environments } from './environments';

// One stack per account and region holding state; `nx run bootstrap:synth` writes to cdktf.out/bootstrap.
runSynthCommand(() => synthesizeBootstrap(environments, process.env.CDKTF_OUTDIR ?? 'cdktf.out/bootstrap'));
