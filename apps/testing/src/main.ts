import { environment } from '@platform/environments/testing';
import { runSynthCommand, synthesizeEnvironments } from '@platform/stacks';

// The app's program (`node --import tsx apps/testing/src/main.ts`; CDKTF_OUTDIR as cdktf passes it). `nx run testing:synth`
// (cdktf.out/testing) runs the same synthesis from the bundle of tools/run-synth.cjs; Nx reads this file's imports.
runSynthCommand(() => synthesizeEnvironments([{ input: environment, expectedName: 'testing' }], process.env.CDKTF_OUTDIR ?? 'cdktf.out/testing'));
