import { environment } from '@platform/environments/staging';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// The app's program (`node --import tsx apps/staging/src/main.ts`; CDKTF_OUTDIR as cdktf passes it). `nx run staging:synth`
// (cdktf.out/staging) runs the same synthesis from the bundle of tools/run-synth.cjs; Nx reads this file's imports.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'staging' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/staging'));
