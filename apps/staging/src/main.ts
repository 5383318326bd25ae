import { environment } from '@platform/environments/staging';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// cdktf's CLI passes CDKTF_OUTDIR (cdktf deploy --output); `nx run staging:synth` writes to cdktf.out/staging.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'staging' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/staging'));
