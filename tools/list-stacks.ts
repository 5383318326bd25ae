/**
 * Prints every synthesized stack under cdktf.out/<environment>/ (what `npm run synth` produced), one line each,
 * so a newcomer sees what was built and where. Exits non-zero when an environment has no output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knownEnvironments } from './environments';

const OUTPUT_ROOT = 'cdktf.out';
let missing = 0;
for (const environment of knownEnvironments()) {
  const manifestFile = path.join(OUTPUT_ROOT, environment, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    console.error(`${environment}: no output at ${manifestFile}. Fix: run npx nx run ${environment}:synth`);
    missing += 1;
    continue;
  }
  const manifest: { stacks: Record<string, { synthesizedStackPath: string }> } = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  for (const [stack, { synthesizedStackPath }] of Object.entries(manifest.stacks)) {
    console.log(`${environment.padEnd(12)} ${stack.padEnd(28)} ${path.join(OUTPUT_ROOT, environment, synthesizedStackPath)}`);
  }
}
process.exitCode = missing > 0 ? 1 : 0;
