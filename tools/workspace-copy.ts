/**
 * A copy of a workspace's working tree for tools that must change files or packages without touching the workspace:
 * the tracked files as they are on disk (uncommitted edits included, so the copy runs the code the workspace runs),
 * without node_modules, build caches or outputs. Unlike TemporaryWorktree (a git worktree of HEAD), the copy is not a
 * git checkout.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Copies `workspace`'s tracked files, as they are in its working tree, into `destination` (created); returns the
 * files copied, relative to both.
 */
export function copyWorkingTree(workspace: string, destination: string): string[] {
  const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: workspace, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (tracked.status !== 0) throw new Error(`git ls-files failed: ${tracked.stderr}`);
  fs.mkdirSync(destination, { recursive: true });
  // A tracked file deleted in the working tree is not part of the code being run.
  const files = tracked.stdout.split('\0').filter((file) => file !== '' && fs.existsSync(path.join(workspace, file)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(destination, file)), { recursive: true });
    fs.cpSync(path.join(workspace, file), path.join(destination, file), { verbatimSymlinks: true });
  }
  return files;
}
