import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKSPACE, file), 'utf8'));
/** The workspace's Nx, without the daemon or Nx Cloud. */
const nx = (...args: string[]) =>
  execFileSync(path.join(WORKSPACE, 'node_modules', '.bin', 'nx'), args, { cwd: WORKSPACE, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });

describe('the workspace', () => {
  it('pins in cdktf.json exactly the provider versions the prebuilt bindings were generated for', () => {
    const bindings = ['aws', 'kubernetes', 'helm'].map((name) => {
      const { provider } = readJson(`node_modules/@cdktf/provider-${name}/package.json`).cdktf;
      return `${provider.name.replace('registry.terraform.io/', '')}@= ${provider.version}`;
    });
    expect(readJson('cdktf.json').terraformProviders).toEqual(bindings);
    expect(bindings[0]).toBe('hashicorp/aws@= 5.100.0');
  });

  // bootstrap reads every environment's state settings, so it is affected by each of them.
  const withStoryMagic = (projects: string[]) =>
    [...projects, 'environments-storymagic-development', 'environments-storymagic-production', 'storymagic-development', 'storymagic-production'].sort();
  it.each([
    ['environments/staging/environment.ts', ['bootstrap', 'environments-staging', 'staging']],
    ['environments/production/environment.ts', ['bootstrap', 'environments-production', 'production']],
    // A release is a commit to the manifest: it must affect (and so deploy) its environment alone.
    ['environments/storymagic-production/release.json', ['bootstrap', 'environments-storymagic-production', 'storymagic-production']],
    ['environments/common/environment.ts', withStoryMagic(['bootstrap', 'development', 'environments-common', 'environments-development', 'environments-production', 'environments-staging', 'environments-testing', 'production', 'staging', 'testing'])],
    // The workflows and cdktf.json are read by tools' tests (workflow structure, provider pins): a PR changing only
    // one of them still runs them (tools/project.json test inputs).
    ['.github/workflows/pr.yml', ['tools']],
    ['cdktf.json', ['tools']],
    ['libs/network/src/network.ts', withStoryMagic(['bootstrap', 'config', 'development', 'environments-common', 'environments-development', 'environments-production', 'environments-staging', 'environments-testing', 'network', 'platform-contracts', 'production', 'stacks', 'staging', 'testing', 'tools'])],
  ])('a change to %s affects exactly %j', (file, projects) => {
    expect(JSON.parse(nx('show', 'projects', '--affected', `--files=${file}`, '--json')).sort()).toEqual(projects);
  }, 60_000);

  it('makes every root-level file the tools read an input of their tests, so a change to it alone runs them', () => {
    // Files outside every project; Nx's own configuration and the lock file affect every project anyway.
    const global = ['nx.json', 'package.json', 'package-lock.json', 'tsconfig.base.json'];
    const rootFiles = execFileSync('git', ['ls-files'], { cwd: WORKSPACE, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '' && !/^(apps|libs|environments|tools)\//.test(file) && !global.includes(file));
    const sources = fs
      .readdirSync(__dirname)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => fs.readFileSync(path.join(__dirname, name), 'utf8'))
      .join('\n');
    // Named but not read: none today (the README is read by the docs spec).
    const notRead: string[] = [];
    // Read: named as a string literal, itself or its folder (e.g. '.github/workflows').
    const read = rootFiles.filter(
      (file) => !notRead.includes(file) && [file, path.dirname(file)].some((name) => name !== '.' && new RegExp(`['\`]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['\`/ ]`).test(sources)),
    );
    expect(read).toEqual(expect.arrayContaining(['.github/workflows/pr.yml', 'cdktf.json']));
    const inputs = (JSON.parse(nx('show', 'project', 'tools', '--json')).targets.test.inputs as unknown[]).filter((input): input is string => typeof input === 'string');
    const patterns = inputs.filter((input) => input.startsWith('{workspaceRoot}/')).map((input) => input.slice('{workspaceRoot}/'.length));
    expect(read.filter((file) => !patterns.some((pattern) => path.matchesGlob(file, pattern)))).toEqual([]);
  }, 60_000);
});

