/**
 * A detached git worktree of a repository's HEAD in a temporary directory, for tests that need real commits: the
 * user's working tree, index and branches stay untouched, and uncommitted files there are not part of the worktree.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The commit a change made and the commit it was made on, as full SHAs. */
export interface CommitRange {
  readonly base: string;
  readonly head: string;
}

// Inherited GIT_DIR / GIT_INDEX_FILE (git hooks) or NX_WORKSPACE_ROOT_PATH (Nx tasks) would point commands back at the
// user's repository; the fixed identity lets commits succeed where no git user is configured (fresh CI runners). Where
// Nx keeps its sockets and native binary stays as npm test set it (tools/test-all.sh: not in /tmp).
const KEPT_NX_SETTINGS = new Set(['NX_SOCKET_DIR', 'NX_NATIVE_FILE_CACHE_DIRECTORY']);
export function isolatedEnvironment(): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_') && (!name.startsWith('NX_') || KEPT_NX_SETTINGS.has(name)));
  return {
    ...Object.fromEntries(inherited),
    GIT_AUTHOR_NAME: 'Temporary Worktree',
    GIT_AUTHOR_EMAIL: 'temporary-worktree@invalid',
    GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
    GIT_COMMITTER_NAME: 'Temporary Worktree',
    GIT_COMMITTER_EMAIL: 'temporary-worktree@invalid',
    GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
  };
}

// The user's hooks (post-checkout runs on `worktree add`) and signing setup must not run or prompt for throwaway commits.
const GIT_OVERRIDES = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false'];

export class TemporaryWorktree {
  /**
   * Checks out `repository`'s HEAD into a new temporary directory and links the repository's `node_modules` into it,
   * so tools installed there run inside the worktree without a second install.
   */
  static create(repository: string): TemporaryWorktree {
    const path = mkdtempSync(join(tmpdir(), 'worktree-'));
    const worktree = new TemporaryWorktree(repository, path);
    try {
      worktree.git('worktree', 'add', '--detach', path, 'HEAD');
    } catch (error) {
      rmSync(path, { recursive: true, force: true });
      throw error;
    }
    try {
      symlinkSync(join(repository, 'node_modules'), join(path, 'node_modules'));
    } catch (error) {
      worktree.remove();
      throw error;
    }
    return worktree;
  }

  private readonly environment = isolatedEnvironment();

  private constructor(
    private readonly repository: string,
    /** Absolute path of the worktree. */
    readonly path: string,
  ) {}

  /** Appends `line` to the tracked `file` (relative to the worktree) and commits only that file. */
  commitAppendedLine(file: string, line: string): CommitRange {
    appendFileSync(join(this.path, file), `${line}\n`);
    const base = this.run('git', ['rev-parse', 'HEAD']).trim();
    this.run('git', [...GIT_OVERRIDES, 'commit', '--quiet', '--no-verify', '--message', `Append to ${file}`, '--', file]);
    return { base, head: this.run('git', ['rev-parse', 'HEAD']).trim() };
  }

  /** Runs `command` in the worktree with an environment that cannot reach the user's repository; returns stdout. */
  run(command: string, args: readonly string[], extraEnvironment: NodeJS.ProcessEnv = {}): string {
    return execFileSync(command, args, { cwd: this.path, encoding: 'utf8', env: { ...this.environment, ...extraEnvironment }, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /**
   * Deletes the worktree and its registration in the repository. git unlinks the `node_modules` symlink without
   * following it. The commits made here stay as unreachable objects until `git gc` prunes them.
   */
  remove(): void {
    try {
      this.git('worktree', 'remove', '--force', this.path);
    } finally {
      rmSync(this.path, { recursive: true, force: true });
    }
  }

  private git(...args: string[]): void {
    execFileSync('git', [...GIT_OVERRIDES, ...args], { cwd: this.repository, env: this.environment, stdio: ['ignore', 'pipe', 'pipe'] });
  }
}
