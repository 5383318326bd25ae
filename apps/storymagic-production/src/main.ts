import { environment } from '@platform/environments/storymagic-production';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// The app's program (`node --import tsx apps/storymagic-production/src/main.ts`; CDKTF_OUTDIR as cdktf passes it). `nx run storymagic-production:synth`
// (cdktf.out/storymagic-production) runs the same synthesis from the bundle of tools/run-synth.cjs; Nx reads this file's imports.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'storymagic-production' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/storymagic-production'));
