import * as fs from 'node:fs';
import * as path from 'node:path';
import { EvaluateStackOptions, StackPolicyResult, evaluateStack } from './evaluate-stack';

interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly synthesizedStackPath: string }>>;
}

/** Checks every stack a cdktf app wrote to `outdir` (its `manifest.json` lists them), in manifest order. */
export function evaluateSynthesizedApp(outdir: string, options: EvaluateStackOptions): StackPolicyResult[] {
  const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return Object.values(manifest.stacks).map(({ synthesizedStackPath }) =>
    evaluateStack(JSON.parse(fs.readFileSync(path.join(outdir, synthesizedStackPath), 'utf8')), options),
  );
}
