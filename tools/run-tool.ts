import { PlatformError } from '@platform/core';

/**
 * Runs a tool's main function as a command: its result is the exit code; an input error (PlatformError) is printed
 * without a stack trace and exits 1; anything else is a bug and keeps its stack trace.
 */
export function runTool(main: () => number): void {
  try {
    process.exitCode = main();
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}
