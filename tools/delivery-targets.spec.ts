import { loadEnvironment } from '@platform/config';
import { BootstrapStack, stateGroups } from '@platform/stacks';
import { Testing } from 'cdktf';
import { affectedEnvironments, deliveryTarget, inPromotionOrder, predecessorOf, PROMOTION_CHAINS, PROMOTION_ORDER, promotionChainOf } from './delivery-targets';
import { importEnvironment, knownEnvironments } from './environments';
import { readReleaseManifest } from './release-manifest';

const load = (name: string) => loadEnvironment(importEnvironment(name), { expectedName: name });

describe('the promotion chains', () => {
  it('hold every environment there is, each in exactly one chain', () => {
    expect([...PROMOTION_ORDER].sort()).toEqual(knownEnvironments());
    expect(new Set(PROMOTION_ORDER).size).toBe(PROMOTION_ORDER.length);
  });

  it('each promote the environments of one project, so one system never waits for another', () => {
    for (const [chain, environments] of Object.entries(PROMOTION_CHAINS)) {
      expect({ chain, projects: [...new Set(environments.map((name) => load(name).project))] }).toEqual({ chain, projects: [expect.any(String)] });
    }
    const projects = Object.values(PROMOTION_CHAINS).map((environments) => load(environments[0]).project);
    expect(new Set(projects).size).toBe(projects.length);
  });

  it('promote StoryMagic storymagic-development → storymagic-production, apart from the platform', () => {
    expect(PROMOTION_CHAINS.storymagic).toEqual(['storymagic-development', 'storymagic-production']);
    expect(promotionChainOf('storymagic-production')).toBe('storymagic');
    expect(promotionChainOf('production')).toBe('platform');
  });

  it('give each environment the previous one of its own chain as predecessor', () => {
    expect(predecessorOf('development')).toBeUndefined();
    expect(predecessorOf('testing')).toBe('development');
    expect(predecessorOf('production')).toBe('staging');
    expect(predecessorOf('storymagic-development')).toBeUndefined();
    expect(predecessorOf('storymagic-production')).toBe('storymagic-development');
  });

  it('sort environments chain after chain, each development → … → production, whatever the order given', () => {
    expect(inPromotionOrder(['production', 'development', 'staging'])).toEqual(['development', 'staging', 'production']);
    const mixed = ['storymagic-production', 'production', 'storymagic-development', 'testing'];
    expect(inPromotionOrder(mixed)).toEqual(['testing', 'production', 'storymagic-development', 'storymagic-production']);
    expect(inPromotionOrder([...mixed].reverse())).toEqual(inPromotionOrder(mixed));
  });

  it('refuse an environment that has no place in them, naming the chains and where to add it', () => {
    const message =
      "Environment 'sandbox' has no place in a promotion chain (platform: development → testing → staging → production; storymagic: storymagic-development → storymagic-production). " +
      'Fix: add it to its chain in PROMOTION_CHAINS in tools/delivery-targets.ts';
    expect(() => inPromotionOrder(['staging', 'sandbox'])).toThrow(message);
    expect(() => promotionChainOf('sandbox')).toThrow(message);
    expect(() => predecessorOf('sandbox')).toThrow(message);
  });
});

describe('affectedEnvironments', () => {
  it('keeps the environment apps among the affected projects, in promotion order', () => {
    const projects = ['bootstrap', 'staging', 'environments-staging', 'config', 'development', 'tools'];
    expect(affectedEnvironments(projects, knownEnvironments())).toEqual(['development', 'staging']);
    expect(affectedEnvironments(['bootstrap', 'tools'], knownEnvironments())).toEqual([]);
    expect(affectedEnvironments(['storymagic-production', 'production', 'storymagic-development'], knownEnvironments())).toEqual([
      'production',
      'storymagic-development',
      'storymagic-production',
    ]);
  });
});

describe('deliveryTarget', () => {
  it.each(knownEnvironments())('assumes in %s exactly the roles the bootstrap stack of its account creates', (name) => {
    const environment = load(name);
    const target = deliveryTarget(environment, readReleaseManifest(name));
    expect(target).toMatchObject({ accountId: environment.accountId, region: environment.region });
    const bootstrap = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), stateGroups([environment])[0])));
    const roleArns = Object.values<{ name: string }>(bootstrap.resource.aws_iam_role).map(({ name }) => `arn:aws:iam::${environment.accountId}:role/${name}`);
    expect(roleArns.sort()).toEqual([target.applyRoleArn, target.imagesRoleArn, target.planRoleArn, target.reviewRoleArn]);
    expect(target.reviewRoleArn).toMatch(/-github-review$/);
  });

  it.each(knownEnvironments())('gives the image workflows of %s its registry and exactly the repositories its push role may push to', (name) => {
    const environment = load(name);
    const target = deliveryTarget(environment, readReleaseManifest(name));
    expect(target.registry).toBe(`${environment.accountId}.dkr.ecr.${environment.region}.amazonaws.com`);
    expect(target.repositories.length).toBeGreaterThan(0);
    const bootstrap = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), stateGroups([environment])[0])));
    const policy = Object.values<{ name: string; policy: string }>(bootstrap.resource.aws_iam_role_policy).find((candidate) => candidate.name === 'image-repositories');
    const push = JSON.parse(policy?.policy ?? '{}').Statement.find((statement: { Sid: string }) => statement.Sid === 'PushAndReadTheEnvironmentsImages');
    expect(push.Resource).toEqual(target.repositories.map((repository) => `arn:aws:ecr:${environment.region}:${environment.accountId}:repository/${repository}`));
  });

  it.each(knownEnvironments())('gives the workflows the image tag of %s: its release manifest’s, or latest where allowed', (name) => {
    const environment = load(name);
    const release = readReleaseManifest(name);
    expect(deliveryTarget(environment, release).imageTag).toBe(release?.imageTag ?? (environment.workloads.allowLatestTag ? 'latest' : 'no such environment'));
  });

  it('sends the jobs of an EKS environment to its runner in the VPC (the CodeBuild project its cluster stack creates), and ECS ones to GitHub-hosted runners', () => {
    const target = (name: string, environment = load(name)) => deliveryTarget(environment, readReleaseManifest(name));
    expect(target('production').runner).toBe('codebuild-platform-production-github-runner');
    expect(target('storymagic-production').runner).toBeUndefined();
    const production = load('production');
    expect(target('production', { ...production, cluster: { ...production.cluster, githubRunner: { ...production.cluster.githubRunner, enabled: false } } }).runner).toBeUndefined();
  });

  it('explains that an environment without delivery settings has no GitHub roles', () => {
    const { delivery, ...undelivered } = load('staging');
    expect(delivery).toBeDefined();
    expect(() => deliveryTarget(undelivered)).toThrow(/^Environment 'staging' has no delivery settings, so the bootstrap created no GitHub roles for it\. Fix: set delivery/);
  });
});
