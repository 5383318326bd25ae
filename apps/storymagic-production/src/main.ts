import { environment } from '@platform/environments/storymagic-production';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// cdktf's CLI passes CDKTF_OUTDIR (cdktf deploy --output); `nx run storymagic-production:synth` writes to cdktf.out/storymagic-production.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'storymagic-production' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/storymagic-production'));
