import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyWorkingTree } from './workspace-copy';

describe('tools/workspace-copy: copyWorkingTree', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-copy-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('copies the tracked files as they are on disk: edits included, deleted and untracked files left out', () => {
    const workspace = path.join(root, 'workspace');
    fs.mkdirSync(path.join(workspace, 'libs', 'a'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'package.json'), '{}');
    fs.writeFileSync(path.join(workspace, 'libs', 'a', 'index.ts'), 'committed');
    fs.writeFileSync(path.join(workspace, 'deleted.ts'), 'committed');
    // Without the caller's GIT_* variables (a git hook's GIT_DIR would point at another repository).
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'))), GIT_CONFIG_NOSYSTEM: '1' };
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: workspace, env, stdio: 'ignore' });
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '--no-verify', '-m', 'files');
    fs.writeFileSync(path.join(workspace, 'libs', 'a', 'index.ts'), 'edited');
    fs.rmSync(path.join(workspace, 'deleted.ts'));
    fs.writeFileSync(path.join(workspace, 'untracked.ts'), 'new');

    const copy = path.join(root, 'copy');
    expect(copyWorkingTree(workspace, copy).sort()).toEqual(['libs/a/index.ts', 'package.json']);

    expect(fs.readdirSync(copy).sort()).toEqual(['libs', 'package.json']);
    expect(fs.readFileSync(path.join(copy, 'libs', 'a', 'index.ts'), 'utf8')).toBe('edited');
  });
});
