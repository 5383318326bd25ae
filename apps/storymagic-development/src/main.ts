import { environment } from '@platform/environments/storymagic-development';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// cdktf's CLI passes CDKTF_OUTDIR (cdktf deploy --output); `nx run storymagic-development:synth` writes to cdktf.out/storymagic-development.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'storymagic-development' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/storymagic-development'));
