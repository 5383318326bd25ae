import { environment } from '@platform/environments/development';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// cdktf's CLI passes CDKTF_OUTDIR (cdktf deploy --output); `nx run development:synth` writes to cdktf.out/development.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'development' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/development'));
