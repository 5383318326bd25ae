import { environment } from '@platform/environments/testing';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// cdktf's CLI passes CDKTF_OUTDIR (cdktf deploy --output); `nx run testing:synth` writes to cdktf.out/testing.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'testing' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/testing'));
