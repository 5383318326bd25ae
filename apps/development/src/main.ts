import { environment } from '@platform/environments/development';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// The app's program (`node --import tsx apps/development/src/main.ts`; CDKTF_OUTDIR as cdktf passes it). `nx run development:synth`
// (cdktf.out/development) runs the same synthesis from the bundle of tools/run-synth.cjs; Nx reads this file's imports.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'development' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/development'));
