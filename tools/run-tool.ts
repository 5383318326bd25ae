import { PlatformError } from '@platform/core';
import { reportCommandLine } from './cli-arguments';

/**
 * Runs a tool's main function as a command: its result is the exit code; `--help` prints the usage and exits 0; a
 * wrong command line (tools/cli-arguments.ts) is printed without a stack trace and exits 2, any other input error
 * (PlatformError) exits 1; anything else is a bug and keeps its stack trace.
 */
export function runTool(main: () => number): void {
  try {
    process.exitCode = main();
  } catch (error) {
    const commandLine = reportCommandLine(error);
    if (commandLine !== undefined) {
      process.exitCode = commandLine;
      return;
    }
    if (!(error instanceof PlatformError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}

/** {@link runTool} for an asynchronous main function. */
export function runAsyncTool(main: () => Promise<number>): void {
  main().then(
    (code) => runTool(() => code),
    (error: unknown) =>
      runTool(() => {
        throw error;
      }),
  );
}

/** Blocks the thread for `ms` without a busy loop: the tools run synchronously (spawnSync) and poll between calls. */
export function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
