import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKSPACE, file), 'utf8'));

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
    ['libs/network/src/network.ts', withStoryMagic(['bootstrap', 'config', 'development', 'environments-common', 'environments-development', 'environments-production', 'environments-staging', 'environments-testing', 'network', 'platform-contracts', 'production', 'stacks', 'staging', 'testing', 'tools'])],
  ])('a change to %s affects exactly %j', (file, projects) => {
    const affected = execFileSync(path.join(WORKSPACE, 'node_modules', '.bin', 'nx'), ['show', 'projects', '--affected', `--files=${file}`, '--json'], {
      cwd: WORKSPACE,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    expect(JSON.parse(affected).sort()).toEqual(projects);
  }, 60_000);
});
