import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A path in the temp directory named by a hash of `inputs`: what this library keeps between processes (CLI config,
 * provider schemas, init templates) is found again by every process that would make the same thing.
 */
export function tempPathFor(prefix: string, inputs: string, suffix = ''): string {
  return join(tmpdir(), `${prefix}${createHash('sha256').update(inputs).digest('hex').slice(0, 16)}${suffix}`);
}

/** Writes `file` beside, then renames it: processes reading it side by side never see half a file. */
export function writeFileAtomically(file: string, content: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}
