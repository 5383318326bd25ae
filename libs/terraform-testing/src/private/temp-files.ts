import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A path in the temp directory named by a hash of `inputs`: what this library keeps between processes (CLI config,
 * provider schemas, init templates) is found again by every process that would make the same thing. Under Jest the
 * temp directory is the run's own, removed at its end (jest.global-setup.js): these are kept in the workspace's test
 * cache, PLATFORM_TEST_CACHE_DIR (.cache/test), so the next run finds them; outside Jest, in the temp directory.
 */
export function tempPathFor(prefix: string, inputs: string, suffix = ''): string {
  return join(process.env.PLATFORM_TEST_CACHE_DIR ?? tmpdir(), `${prefix}${createHash('sha256').update(inputs).digest('hex').slice(0, 16)}${suffix}`);
}

/** Processes reading these side by side never see half a file: @platform/core's writer. */
export { writeFileAtomically } from '@platform/core';
