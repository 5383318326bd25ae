import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '..');

describe('tools/test-all.sh (npm test): one type check, one lint pass and the dependency check beside the tests, failing if any fails', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-all-'));
  const log = path.join(dir, 'calls.log');
  // A stand-in for npx: logs the command it was asked for, exits 3 when that command is listed in FAIL.
  fs.writeFileSync(path.join(dir, 'npx'), '#!/usr/bin/env bash\necho "$*" >> "$CALLS_LOG"\ncase " $FAIL " in *" $1 "*) exit 3;; esac\n', { mode: 0o755 });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (fail: string) => {
    fs.rmSync(log, { force: true });
    const result = spawnSync('bash', ['tools/test-all.sh'], { cwd: WORKSPACE, encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAIL: fail, CALLS_LOG: log } });
    return { status: result.status, stderr: result.stderr, calls: fs.readFileSync(log, 'utf8').trim().split('\n').sort() };
  };

  it('runs tsc, ESLint and knip over the workspace and every project’s tests, and passes when all pass', () => {
    const { status, calls } = run('');
    expect(calls).toEqual(['eslint --max-warnings=0 apps libs tools environments', 'knip --dependencies --no-progress', 'nx run-many -t test --output-style=static', 'tsc -p tsconfig.json --noEmit']);
    expect(status).toBe(0);
  });

  it.each([
    ['tsc', /the type check \(tsc -p tsconfig.json --noEmit\) failed/],
    ['eslint', /ESLint failed/],
    ['nx', /tests failed \(nx run-many -t test\)/],
    ['knip', /the dependency check \(knip --dependencies, knip\.jsonc\) failed/],
  ])('fails when %s fails, saying which, and still runs the others', (command, message) => {
    const { status, stderr, calls } = run(command);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(calls).toHaveLength(4);
  });
});
