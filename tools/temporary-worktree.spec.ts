import { isolatedEnvironment } from './temporary-worktree';

describe("a temporary worktree's environment", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it("drops what points back at the user's repository and keeps where npm test told Nx to keep its sockets", () => {
    Object.assign(process.env, { GIT_DIR: '/repo/.git', NX_WORKSPACE_ROOT_PATH: '/repo', NX_SOCKET_DIR: '/ws/.cache/nx/sockets', NX_NATIVE_FILE_CACHE_DIRECTORY: '/ws/.cache/nx/native' });
    const environment = isolatedEnvironment();
    expect([environment.GIT_DIR, environment.NX_WORKSPACE_ROOT_PATH]).toEqual([undefined, undefined]);
    expect([environment.NX_SOCKET_DIR, environment.NX_NATIVE_FILE_CACHE_DIRECTORY]).toEqual(['/ws/.cache/nx/sockets', '/ws/.cache/nx/native']);
    expect(environment.GIT_AUTHOR_NAME).toBe('Temporary Worktree');
  });
});
