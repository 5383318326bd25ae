import { environment } from '@platform/environments/storymagic-development';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// The app's program (`node --import tsx apps/storymagic-development/src/main.ts`; CDKTF_OUTDIR as cdktf passes it). `nx run storymagic-development:synth`
// (cdktf.out/storymagic-development) runs the same synthesis from the bundle of tools/run-synth.cjs; Nx reads this file's imports.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'storymagic-development' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/storymagic-development'));
