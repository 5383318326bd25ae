import { loadEnvironment } from './load-environment';
import { configIssues, exampleEnvironment } from './testing';

const withRepository = (githubRepository: string, mainBranch?: string) => exampleEnvironment({ delivery: { githubRepository, mainBranch } });

describe('delivery settings', () => {
  it('are optional: without them the environment has no GitHub delivery', () => {
    expect(loadEnvironment(exampleEnvironment()).delivery).toBeUndefined();
  });

  it('deliver from main unless told otherwise', () => {
    expect(loadEnvironment(withRepository('example-org/platform-infrastructure')).delivery).toEqual({
      githubRepository: 'example-org/platform-infrastructure',
      mainBranch: 'main',
    });
    expect(loadEnvironment(withRepository('example-org/infra.v2', 'release/2026')).delivery?.mainBranch).toBe('release/2026');
  });

  it('accept the immutable owner@id/name@id form of newer repositories', () => {
    expect(loadEnvironment(withRepository('example-org@123456/platform-infrastructure@789012')).delivery?.githubRepository).toBe(
      'example-org@123456/platform-infrastructure@789012',
    );
  });

  it.each([
    ['no owner', 'platform-infrastructure'],
    ['a URL', 'https://github.com/example-org/platform-infrastructure'],
    ['a wildcard, which would let any repository of the owner assume the roles', 'example-org/*'],
    ['an owner starting with a hyphen', '-example/platform'],
    ['an owner longer than 39 characters', `${'a'.repeat(40)}/platform`],
    ['a repository named ..', 'example-org/..'],
    ['an id on the owner only', 'example-org@123/platform-infrastructure'],
    ['a colon, which would change the meaning of the subject claim', 'example-org/platform:environment:production'],
  ])('reject a repository with %s', (_case, githubRepository) => {
    expect(configIssues(withRepository(githubRepository))).toEqual([
      "delivery.githubRepository: is not a GitHub repository. Fix: write owner/name such as 'example-org/platform-infrastructure' (or, with immutable subject claims, 'example-org@123/platform-infrastructure@456')",
    ]);
  });

  it.each(['main*', 'feature/../main', 'main.lock', 'release/', ''])('reject the branch %j', (mainBranch) => {
    expect(configIssues(withRepository('example-org/platform-infrastructure', mainBranch))).toEqual([
      "delivery.mainBranch: is not a git branch name. Fix: write one branch without wildcards, such as 'main'",
    ]);
  });

  it('reject unknown settings', () => {
    expect(configIssues(exampleEnvironment({ delivery: { githubRepository: 'example-org/platform', branch: 'main' } as never }))).toEqual([
      "delivery.branch: is not a setting of delivery. Fix: remove it, or write one of the settings docs/environment-config.md lists there",
    ]);
  });
});
