import { EnvironmentConfig, loadEnvironment } from '@platform/config';
import { imageRepositoryNames } from '@platform/stacks';
import { PROMOTION_CHAINS } from './delivery-targets';
import { importEnvironment } from './environments';
import { formatReleaseManifest, readReleaseManifest } from './release-manifest';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { checkChainRepositories, imageBuilds, parseArguments, promotion, RELEASE_TARGETS_PROGRAM, stepOutputs } from './release-targets';

const load = (name: string) => loadEnvironment(importEnvironment(name), { expectedName: name });
const chain = (name: keyof typeof PROMOTION_CHAINS) => PROMOTION_CHAINS[name].map(load);
const everySource = () => true;
/** An environment whose stacks create exactly `repositories` (the config's own shape does not matter here). */
const withRepositories = (name: string, repositories: readonly string[]) => ({ name, repositories }) as unknown as EnvironmentConfig;
const repositoriesOf = (environment: EnvironmentConfig) => (environment as unknown as { repositories: readonly string[] }).repositories;

describe('parseArguments', () => {
  it.each<[string[], object]>([
    [['build'], { command: 'build', chains: ['platform', 'storymagic'] }],
    [['build', '--chain', 'storymagic'], { command: 'build', chains: ['storymagic'] }],
    [['promote', 'production'], { command: 'promote', environment: 'production' }],
    [['promote', 'production', '--tag', 'abc123'], { command: 'promote', environment: 'production', tag: 'abc123' }],
    // workflow_dispatch passes an empty input when none was given.
    [['promote', 'production', '--tag', ''], { command: 'promote', environment: 'production' }],
    [['write-manifest', 'development', 'abc123'], { command: 'write-manifest', environment: 'development', tag: 'abc123' }],
  ])('reads %j', (args, expected) => {
    expect(parseArguments(args)).toEqual(expected);
  });

  it.each<[string[], RegExp]>([
    [[], /^<command>: missing\. Fix: npx tsx tools\/release-targets\.ts <build\|promote\|write-manifest>/],
    [['deploy'], /^deploy: unknown command\. Fix: use one of build, promote, write-manifest$/],
    [['build', '--chain', 'other'], /^--chain other: unknown chain\. Fix: use one of platform, storymagic$/],
    [['build', '--chain'], /^--chain: needs a value/],
    [['build', 'development'], /^'development': unexpected argument/],
    [['promote'], /^<environment>: missing\. Fix: npx tsx tools\/release-targets\.ts promote <environment> \[options\]$/],
    [['promote', 'production', '--force'], /^--force: unknown option\. Fix: use one of --tag, --help$/],
    [['write-manifest', 'development'], /^<tag>: missing\. Fix: npx tsx tools\/release-targets\.ts write-manifest <environment> <tag>$/],
  ])('rejects %j', (args, message) => {
    expect(() => parseArguments(args)).toThrow(message);
  });

  describe.each(Object.keys(RELEASE_TARGETS_PROGRAM.commands))('%s', (command) => {
    itFollowsTheCommandLineConvention(RELEASE_TARGETS_PROGRAM.commands[command as keyof typeof RELEASE_TARGETS_PROGRAM.commands], parseArguments, [command]);
  });
});

describe('checkChainRepositories', () => {
  it('holds for both chains of the repository’s config', () => {
    expect(() => checkChainRepositories(chain('platform'), imageRepositoryNames)).not.toThrow();
    expect(() => checkChainRepositories(chain('storymagic'), imageRepositoryNames)).not.toThrow();
  });

  it('refuses an image a later environment runs that an earlier one has no repository for, naming both and the fix', () => {
    const environments = [withRepositories('development', ['novel-engine/backend']), withRepositories('testing', ['novel-engine/backend']), withRepositories('staging', ['novel-engine/backend', 'project/auth-service'])];
    expect(() => checkChainRepositories(environments, repositoriesOf)).toThrow(
      "staging runs images of project/auth-service, but development, before it in its promotion chain, has no repository for them, so no release can be promoted there. Fix: add project/auth-service to development's cluster.ecrRepositories",
    );
  });
});

describe('imageBuilds', () => {
  it('builds every repository of the first environment of each chain from services/<repository>', () => {
    const builds = imageBuilds([load('development'), load('storymagic-development')], imageRepositoryNames, everySource);
    expect(builds).toContainEqual({
      environment: 'development',
      repository: 'novel-engine/backend',
      service: 'novel-engine-backend',
      context: 'services/novel-engine/backend',
      dockerfile: 'services/novel-engine/backend/Dockerfile',
    });
    expect(builds).toContainEqual(expect.objectContaining({ environment: 'storymagic-development', repository: 'storymagic/api', service: 'storymagic-api' }));
    // Exactly what the push roles may push to: the environments' own repositories.
    expect(builds.filter((build) => build.environment === 'development').map((build) => build.repository)).toEqual(imageRepositoryNames(load('development')));
    expect(new Set(builds.map((build) => build.service)).size).toBe(builds.length);
  });

  it('refuses a release while an image has no source, naming the missing Dockerfiles', () => {
    expect(() => imageBuilds([load('storymagic-development')], imageRepositoryNames, () => false)).toThrow(
      /^No source for storymagic\/api: services\/storymagic\/api\/Dockerfile does not exist, and a release builds every image its environments run \(one tag for all\)\. Fix: add each service's source under services\/<repository>\/ with a Dockerfile/,
    );
  });
});

describe('promotion', () => {
  const staging = load('staging');
  const production = load('production');

  it('copies the source environment’s released tag into every repository of the next environment', () => {
    expect(promotion(production, staging, { imageTag: '3f9c2a1' }, imageRepositoryNames)).toEqual({
      source: 'staging',
      environment: 'production',
      tag: '3f9c2a1',
      repositories: imageRepositoryNames(production),
    });
  });

  it('promotes the tag given instead, when there is one', () => {
    expect(promotion(production, staging, { imageTag: '3f9c2a1' }, imageRepositoryNames, 'b7e4d09').tag).toBe('b7e4d09');
  });

  it.each<[string, () => unknown, RegExp]>([
    ['into the first environment of a chain', () => promotion(load('development'), undefined, undefined, imageRepositoryNames), /^development is the first environment of its promotion chain: its images are built \(release\.yml\), not promoted/],
    ['without a release of the source', () => promotion(production, staging, undefined, imageRepositoryNames), /^environments\/staging\/release\.json: is missing, so there is no release of staging to promote/],
    ['of latest', () => promotion(production, staging, { imageTag: 'latest' }, imageRepositoryNames), /^'latest' is not a release tag to promote/],
    [
      'into repositories the source lacks',
      () => promotion(withRepositories('production', ['a/b', 'c/d']), withRepositories('staging', ['a/b']), { imageTag: 'x1' }, repositoriesOf),
      /^production runs images of c\/d, but staging, before it in its promotion chain, has no repository for them/,
    ],
  ])('refuses a promotion %s', (_, run, message) => {
    expect(run).toThrow(message);
  });

  it('promotes each environment’s manifest of the repository from its predecessor’s', () => {
    for (const [source, environment] of [['development', 'testing'], ['storymagic-development', 'storymagic-production']]) {
      const release = readReleaseManifest(source);
      expect(promotion(load(environment), load(source), release, imageRepositoryNames).tag).toBe(release?.imageTag);
    }
  });
});

describe('stepOutputs', () => {
  it('writes strings as they are and everything else as one-line JSON', () => {
    expect(stepOutputs({ source: 'staging', repositories: ['a/b'], targets: { staging: { registry: 'r' } } })).toBe('source=staging\nrepositories=["a/b"]\ntargets={"staging":{"registry":"r"}}\n');
  });
});

describe('formatReleaseManifest', () => {
  it('writes the manifest release.json holds, and refuses a tag that is not one', () => {
    expect(formatReleaseManifest('3f9c2a1b')).toBe('{\n  "imageTag": "3f9c2a1b"\n}\n');
    expect(() => formatReleaseManifest('a tag with spaces', 'environments/development/release.json')).toThrow(/^environments\/development\/release\.json: imageTag: "a tag with spaces" is not a Docker image tag/);
  });
});
