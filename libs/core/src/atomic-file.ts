import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `file` beside (`<file>.<pid>.tmp`), then renames it over `file`: processes reading it side by side (synths
 * and Jest workers sharing a cache) never see half a file. Throws what the write or the rename throws; the partial
 * file of a failed rename is left for the caller's cleanup.
 */
export function writeFileAtomically(file: string, content: string | Uint8Array): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}
