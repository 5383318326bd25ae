import { PlatformError } from '@platform/core';
import { policyReport } from '@platform/guardrails';
import * as path from 'node:path';
import { SynthesizedStack } from './synthesize-environments';

/**
 * Runs a synth entry point as a command: prints the stacks it wrote (stdout, one per line), then on stderr each
 * environment's policy summary and every warning-severity finding; or the input error without a stack trace
 * (`describe` words it, default its message).
 * Sets a non-zero exit code on any failure.
 */
export function runSynthCommand(synthesize: () => SynthesizedStack[], describe: (error: PlatformError) => string = (error) => error.message): void {
  try {
    const stacks = synthesize();
    for (const { stack, file } of stacks) {
      console.log(`${stack.padEnd(28)} ${path.relative(process.cwd(), file)}`);
    }
    printPolicySummaries(stacks);
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(`error: ${describe(error)}`);
    process.exitCode = 1;
  }
}

/** On stderr, each environment's policy summary of the stacks written and every finding left (warnings). */
export function printPolicySummaries(stacks: readonly SynthesizedStack[]): void {
  for (const environment of new Set(stacks.map((stack) => stack.environment))) {
    const results = stacks.filter((stack) => stack.environment === environment).map((stack) => stack.policy);
    console.error(policyReport(environment, results).summary);
    for (const finding of results.flatMap((result) => result.findings)) {
      console.error(`  ${finding.severity}: ${finding.message}`);
    }
  }
}
