import { environment } from '@platform/environments/production';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// The app's program (`node --import tsx apps/production/src/main.ts`; CDKTF_OUTDIR as cdktf passes it). `nx run production:synth`
// (cdktf.out/production) runs the same synthesis from the bundle of tools/run-synth.cjs; Nx reads this file's imports.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'production' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/production'));
