import { AWS_PROVIDER_VERSION, detectToolchain, terraformPlatform } from '@platform/terraform-testing';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKSPACE, file), 'utf8'));

describe('tools/terraform-toolchain-key.cjs: the Terraform toolchain in the test cache key', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'terraform-toolchain-key-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  // Its own cache folder, so the version it remembers is this spec's; no HOME mirror of the machine is found.
  const baseEnv = { PLATFORM_CACHE_DIR: path.join(root, 'cache'), HOME: path.join(root, 'home'), XDG_DATA_HOME: path.join(root, 'home', 'data') };
  const keyOf = (env: Record<string, string>) =>
    execFileSync(process.execPath, ['tools/terraform-toolchain-key.cjs'], { cwd: WORKSPACE, encoding: 'utf8', env: { ...baseEnv, ...env } }).trim();

  /** A terraform that answers `version -json` with `version` and counts its calls. */
  function fakeTerraform(dir: string, version: string): string {
    fs.mkdirSync(dir, { recursive: true });
    const binary = path.join(dir, 'terraform');
    fs.writeFileSync(binary, `#!/bin/sh\necho call >> "${dir}/calls"\necho '{"terraform_version":"${version}"}'\n`, { mode: 0o755 });
    return binary;
  }
  const callsOf = (dir: string) => (fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).length : 0);
  const bin = path.join(root, 'bin');
  fakeTerraform(bin, '1.11.4');
  const mirror = path.join(root, 'mirror');
  fs.mkdirSync(path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION, terraformPlatform()), { recursive: true });
  const empty = path.join(root, 'empty');
  fs.mkdirSync(empty);

  it('is an input of every project’s test target, with CI and TF_PROVIDER_MIRROR', () => {
    const nx = readJson('nx.json') as { namedInputs: Record<string, unknown[]>; targetDefaults: { test: { inputs: unknown[] } } };
    expect(nx.namedInputs.terraformToolchain).toEqual([{ env: 'CI' }, { env: 'TF_PROVIDER_MIRROR' }, '{workspaceRoot}/tools/terraform-toolchain-key.cjs', { runtime: 'node tools/terraform-toolchain-key.cjs' }]);
    // A project's own `inputs` replace the target default's: each must name the toolchain again.
    const projects = ['apps', 'libs', 'environments']
      .flatMap((folder) => fs.readdirSync(path.join(WORKSPACE, folder)).map((name) => path.join(folder, name, 'project.json')))
      .concat('tools/project.json')
      .filter((file) => fs.existsSync(path.join(WORKSPACE, file)));
    const testInputs = projects.flatMap((file) => {
      const test = (readJson(file) as { targets?: { test?: { inputs?: unknown[] } } }).targets?.test;
      return test === undefined ? [] : [{ file, inputs: test.inputs ?? nx.targetDefaults.test.inputs }];
    });
    expect(testInputs.length).toBeGreaterThan(20);
    expect(testInputs.filter(({ inputs }) => !inputs.includes('terraformToolchain'))).toEqual([]);
  });

  it('tells a machine with terraform and the mirror from one without either', () => {
    const complete = { PATH: bin, TF_PROVIDER_MIRROR: mirror };
    const keys = {
      complete: keyOf(complete),
      noTerraform: keyOf({ ...complete, PATH: empty }),
      noMirror: keyOf({ ...complete, TF_PROVIDER_MIRROR: empty }),
      otherVersion: keyOf({ ...complete, PATH: path.dirname(fakeTerraform(path.join(root, 'other'), '1.12.0')) }),
    };
    expect(keys).toEqual({
      complete: `terraform 1.11.4; hashicorp/aws ${AWS_PROVIDER_VERSION} mirror present`,
      noTerraform: `terraform missing; hashicorp/aws ${AWS_PROVIDER_VERSION} mirror present`,
      noMirror: `terraform 1.11.4; hashicorp/aws ${AWS_PROVIDER_VERSION} mirror missing`,
      otherVersion: `terraform 1.12.0; hashicorp/aws ${AWS_PROVIDER_VERSION} mirror present`,
    });
  });

  it('finds terraform and the mirror where the Terraform suites find them', () => {
    const envs: Record<string, string>[] = [
      { PATH: bin, TF_PROVIDER_MIRROR: mirror },
      { PATH: `${empty}${path.delimiter}${bin}`, TF_PROVIDER_MIRROR: empty },
      { PATH: empty, TERRAFORM_BINARY: path.join(bin, 'terraform') },
      { PATH: bin, TERRAFORM_BINARY: path.join(empty, 'terraform') },
      // The implied local mirror directory under XDG_DATA_HOME, one of the places probed without TF_PROVIDER_MIRROR.
      { PATH: bin, XDG_DATA_HOME: path.join(mirror, '..', 'xdg') },
    ];
    fs.mkdirSync(path.join(root, 'xdg', 'terraform', 'plugins', 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION, terraformPlatform()), { recursive: true });
    const suitesSee = (env: Record<string, string>) => {
      const { terraformVersion, missing } = detectToolchain({ env: { ...baseEnv, ...env } });
      const mirrorMissing = missing.some(({ tool }) => tool === 'aws-provider-mirror');
      return `terraform ${terraformVersion ?? 'missing'}; hashicorp/aws ${AWS_PROVIDER_VERSION} mirror ${mirrorMissing ? 'missing' : 'present'}`;
    };
    expect(envs.map(keyOf)).toEqual(envs.map(suitesSee));
  });

  it('asks a binary its version once, and again when the binary changes', () => {
    const dir = path.join(root, 'counted');
    fakeTerraform(dir, '1.11.4');
    const env = { PATH: dir, TF_PROVIDER_MIRROR: mirror };
    const first = keyOf(env);
    expect(keyOf(env)).toBe(first);
    expect(callsOf(dir)).toBe(1);
    // A new binary at the same path (upgraded in place): another size, so asked again.
    fakeTerraform(dir, '1.11.10');
    expect(keyOf(env)).toBe(`terraform 1.11.10; hashicorp/aws ${AWS_PROVIDER_VERSION} mirror present`);
    expect(callsOf(dir)).toBe(2);
    // Remembered in the cache folder (the workspace's .cache/ unless PLATFORM_CACHE_DIR says otherwise), never in TMPDIR.
    expect(fs.readdirSync(baseEnv.PLATFORM_CACHE_DIR)).toEqual([expect.stringMatching(/^terraform-toolchain-key-.*\.json$/)]);
  });
});
