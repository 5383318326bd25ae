import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '..');
const hashOf = (dir?: string) =>
  execFileSync(process.execPath, ['tools/environments-dir-hash.cjs'], { cwd: WORKSPACE, encoding: 'utf8', env: { ...process.env, PLATFORM_ENVIRONMENTS_DIR: dir ?? '' } }).trim();

describe('tools/environments-dir-hash.cjs: the synth target’s input for environment files outside the workspace', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'environments-dir-hash-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is an input of the synth target', () => {
    const nx = JSON.parse(fs.readFileSync(path.join(WORKSPACE, 'nx.json'), 'utf8')) as { targetDefaults: { synth: { inputs: unknown[] } } };
    expect(nx.targetDefaults.synth.inputs).toContainEqual({ runtime: 'node tools/environments-dir-hash.cjs' });
  });

  it('changes with any file under the folder, and is constant without the variable', () => {
    fs.mkdirSync(path.join(dir, 'staging'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'staging', 'environment.ts'), "export const environment = { vpcCidr: '10.31.0.0/16' };\n");
    const before = hashOf(dir);
    expect(hashOf(dir)).toBe(before);
    fs.writeFileSync(path.join(dir, 'staging', 'environment.ts'), "export const environment = { vpcCidr: '10.32.0.0/16' };\n");
    expect(hashOf(dir)).not.toBe(before);
    fs.writeFileSync(path.join(dir, 'staging', 'helper.ts'), 'export const x = 1;\n');
    const withHelper = hashOf(dir);
    fs.writeFileSync(path.join(dir, 'staging', 'helper.ts'), 'export const x = 2;\n');
    expect(hashOf(dir)).not.toBe(withHelper);
    expect(hashOf()).toBe('workspace');
  });
});
