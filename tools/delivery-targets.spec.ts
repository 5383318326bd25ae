import { loadEnvironment } from '@platform/config';
import { BootstrapStack, stateGroups } from '@platform/stacks';
import { Testing } from 'cdktf';
import { affectedEnvironments, deliveryTarget, inPromotionOrder, PROMOTION_ORDER } from './delivery-targets';
import { importEnvironment, knownEnvironments } from './environments';
import { readReleaseManifest } from './release-manifest';

const load = (name: string) => loadEnvironment(importEnvironment(name), { expectedName: name });

describe('the promotion order', () => {
  it('holds every environment there is', () => {
    expect([...PROMOTION_ORDER].sort()).toEqual(knownEnvironments());
  });

  it('sorts environments development → testing → staging → production', () => {
    expect(inPromotionOrder(['production', 'development', 'staging'])).toEqual(['development', 'staging', 'production']);
  });

  it('refuses an environment that has no place in it, saying where to add it', () => {
    expect(() => inPromotionOrder(['staging', 'sandbox'])).toThrow(
      "Environment 'sandbox' has no place in the promotion order development → testing → staging → production. Fix: add it to PROMOTION_ORDER in tools/delivery-targets.ts",
    );
  });
});

describe('affectedEnvironments', () => {
  it('keeps the environment apps among the affected projects, in promotion order', () => {
    const projects = ['bootstrap', 'staging', 'environments-staging', 'config', 'development', 'tools'];
    expect(affectedEnvironments(projects, knownEnvironments())).toEqual(['development', 'staging']);
    expect(affectedEnvironments(['bootstrap', 'tools'], knownEnvironments())).toEqual([]);
  });
});

describe('deliveryTarget', () => {
  it.each(knownEnvironments())('assumes in %s exactly the roles the bootstrap stack of its account creates', (name) => {
    const environment = load(name);
    const target = deliveryTarget(environment, readReleaseManifest(name));
    expect(target).toMatchObject({ accountId: environment.accountId, region: environment.region });
    const bootstrap = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), stateGroups([environment])[0])));
    const roleArns = Object.values<{ name: string }>(bootstrap.resource.aws_iam_role).map(({ name }) => `arn:aws:iam::${environment.accountId}:role/${name}`);
    expect(roleArns.sort()).toEqual([target.applyRoleArn, target.planRoleArn]);
  });

  it.each(knownEnvironments())('gives the workflows the image tag of %s: its release manifest’s, or latest where allowed', (name) => {
    const environment = load(name);
    const release = readReleaseManifest(name);
    expect(deliveryTarget(environment, release).imageTag).toBe(release?.imageTag ?? (environment.workloads.allowLatestTag ? 'latest' : 'no such environment'));
  });

  it('explains that an environment without delivery settings has no GitHub roles', () => {
    const { delivery, ...undelivered } = load('staging');
    expect(delivery).toBeDefined();
    expect(() => deliveryTarget(undelivered)).toThrow(/^Environment 'staging' has no delivery settings, so the bootstrap created no GitHub roles for it\. Fix: set delivery/);
  });
});
