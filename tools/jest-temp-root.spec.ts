import { Testing, TerraformStack } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Jest's global teardown: plain CommonJS at the workspace root, outside any project.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const removeRunTempRoot = require(path.resolve(__dirname, '..', 'jest.global-teardown.js')) as () => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { removeRootsOfEndedRuns } = require(path.resolve(__dirname, '..', 'jest.global-setup.js')) as { removeRootsOfEndedRuns: (shared: string) => void };

const outdirs = (dir: string) => fs.readdirSync(dir).filter((name) => name.startsWith('cdktf.outdir.'));

describe("the Jest run's temp root (jest.global-setup.js, jest.global-teardown.js)", () => {
  it("is the temp directory of every test, a folder of the workspace's test cache (nothing in the machine's temp directory)", () => {
    const root = process.env.PLATFORM_RUN_TMPDIR as string;
    expect(os.tmpdir()).toBe(root);
    expect(path.dirname(root)).toBe(process.env.PLATFORM_TEST_CACHE_DIR);
    expect(process.env.PLATFORM_TEST_CACHE_DIR).toBe(path.resolve(__dirname, '..', '.cache', 'test'));
    expect(path.basename(root)).toMatch(/^platform-jest-/);
  });

  it("holds the cdktf.outdir.* folders cdktf's Testing helpers make, none of them in the shared temp directory", () => {
    const root = os.tmpdir();
    const before = outdirs(root).length;
    const outdir = Testing.fullSynth(new TerraformStack(Testing.app(), 'litter'));
    expect(path.dirname(outdir)).toBe(root);
    // Testing.app makes one for the app, fullSynth one for its output.
    expect(outdirs(root).length).toBe(before + 2);
  });

  describe('at the end of the run', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of ['TMPDIR', 'PLATFORM_RUN_TMPDIR', 'PLATFORM_TEST_CACHE_DIR', 'PLATFORM_MACHINE_TMPDIR']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });
    const fakeShared = () => fs.mkdtempSync(path.join(os.tmpdir(), 'shared-'));

    it('a later setup removes the roots of runs that were killed before their teardown, never a running one', () => {
      const shared = fakeShared();
      const ended = `platform-jest-4194305-abc123`; // above Linux's pid_max: no such process
      const running = `platform-jest-${process.ppid}-def456`;
      for (const name of [ended, running, 'terraform-testing-init-1000-0123456789abcdef']) fs.mkdirSync(path.join(shared, name));
      removeRootsOfEndedRuns(shared);
      expect(fs.readdirSync(shared).sort()).toEqual([running, 'terraform-testing-init-1000-0123456789abcdef'].sort());
    });

    it('removes the root with what the run left in it, and nothing beside it', () => {
      const shared = fakeShared();
      const root = fs.mkdtempSync(path.join(shared, 'platform-jest-'));
      fs.mkdirSync(path.join(root, 'cdktf.outdir.abc123'));
      fs.mkdirSync(path.join(shared, 'terraform-testing-init-1000-0123456789abcdef'));
      Object.assign(process.env, { PLATFORM_TEST_CACHE_DIR: shared, PLATFORM_RUN_TMPDIR: root, TMPDIR: root, PLATFORM_MACHINE_TMPDIR: '/machine/tmp' });
      removeRunTempRoot();
      expect(fs.readdirSync(shared)).toEqual(['terraform-testing-init-1000-0123456789abcdef']);
      expect(process.env.TMPDIR).toBe('/machine/tmp');
    });

    it.each([
      ['the shared temp directory itself', (shared: string) => shared],
      ['a folder the setup did not make', (shared: string) => fs.mkdtempSync(path.join(shared, 'other-'))],
    ])('refuses to remove %s', (_case, rootOf) => {
      const shared = fakeShared();
      const root = rootOf(shared);
      Object.assign(process.env, { PLATFORM_TEST_CACHE_DIR: shared, PLATFORM_RUN_TMPDIR: root });
      expect(() => removeRunTempRoot()).toThrow(/is not a run temp root made by jest\.global-setup\.js in .*; nothing removed$/);
      expect(fs.existsSync(root)).toBe(true);
    });
  });
});
