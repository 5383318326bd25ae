import { environment } from '@platform/environments/production';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// cdktf's CLI passes CDKTF_OUTDIR (cdktf deploy --output); `nx run production:synth` writes to cdktf.out/production.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'production' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/production'));
