import { PlatformError } from '@platform/core';
import * as path from 'node:path';
import { SynthesizedStack } from './synthesize-environments';

/**
 * Runs a synth entry point as a command: prints the stacks it wrote, or the input error without a stack trace.
 * Sets a non-zero exit code on any failure.
 */
export function runSynthCommand(synthesize: () => SynthesizedStack[]): void {
  try {
    for (const { stack, file } of synthesize()) {
      console.log(`${stack.padEnd(28)} ${path.relative(process.cwd(), file)}`);
    }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}
