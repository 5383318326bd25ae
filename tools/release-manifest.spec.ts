import { loadEnvironment } from '@platform/config';
import { importEnvironment } from './environments';
import { parseReleaseManifest, readReleaseManifest, releaseImageTag } from './release-manifest';

const load = (name: string, workloads: Record<string, unknown> = {}) => {
  const input = importEnvironment(name) as { workloads?: Record<string, unknown> };
  return loadEnvironment({ ...input, workloads: { ...input.workloads, ...workloads } }, { expectedName: name });
};

/** An ECS environment whose services are changed by `services` (name → fields; undefined removes the service). */
const loadEcs = (name: string, services: Record<string, Record<string, unknown> | undefined>) => {
  const input = importEnvironment(name) as { ecs: { services: Record<string, Record<string, unknown>> } };
  const changed = { ...input.ecs.services };
  for (const [service, fields] of Object.entries(services)) {
    if (fields === undefined) delete changed[service];
    else changed[service] = { ...changed[service], ...fields };
  }
  return loadEnvironment({ ...input, ecs: { ...input.ecs, services: changed } }, { expectedName: name });
};

describe('the release manifest', () => {
  it('of staging and production names a build, which their delivery target passes on', () => {
    for (const name of ['staging', 'production']) {
      const release = readReleaseManifest(name);
      expect(release?.imageTag).toMatch(/^[\w][\w.-]*$/);
      expect(releaseImageTag(load(name), release)).toBe(release?.imageTag);
    }
  });

  it('may be left out where latest is allowed (development, testing), though every environment has one', () => {
    // ECR tags are immutable: latest could be pushed once, so development and testing deploy from manifests too.
    expect(readReleaseManifest('testing')).toEqual({ imageTag: '0.0.0-placeholder' });
    expect(releaseImageTag(load('testing'), undefined)).toBe('latest');
  });

  describe('is refused', () => {
    it.each([
      ['when missing where latest is not allowed', 'production', undefined, {}, /^environments\/production\/release\.json: is missing, and production may not deploy latest.*Fix: write \{ "imageTag"/],
      ['with latest where it is not allowed', 'staging', { imageTag: 'latest' }, {}, /^environments\/staging\/release\.json: imageTag: 'latest' is not reproducible/],
      ['next to a tag the config pins', 'testing', { imageTag: '1.4.2' }, { imageTag: '1.4.1' }, /imageTag: the config pins workloads\.imageTag '1\.4\.1' too\. Fix: keep one of them/],
    ])('%s', (_, name, release, workloads, message) => {
      expect(() => releaseImageTag(load(name, workloads), release)).toThrow(message);
    });

    it.each([
      ['not JSON', '{ imageTag: 1 }', /^environments\/x\/release\.json: is not JSON/],
      ['without a tag', '{}', /^environments\/x\/release\.json: imageTag: undefined is not a Docker image tag/],
      ['with a space in the tag', '{ "imageTag": "1 2" }', /imageTag: "1 2" is not a Docker image tag/],
      ['with an unknown field', '{ "imageTag": "1.2.3", "tag": "x" }', /tag: unknown field\(s\)\. Fix: keep only imageTag/],
    ])('when %s', (_, text, message) => {
      expect(() => parseReleaseManifest(text, 'environments/x/release.json')).toThrow(message);
    });
  });

  it('is not needed where the config pins the tag or runs no workloads', () => {
    expect(releaseImageTag(load('production', { imageTag: '1.4.2' }), undefined)).toBeUndefined();
    expect(releaseImageTag(load('production', { enabled: false }), undefined)).toBeUndefined();
  });

  describe('of an ECS environment (StoryMagic)', () => {
    const worker = { repository: 'storymagic/worker', hostname: 'worker' };

    it('names the build its services stack deploys: every service without a pinned imageTag takes it', () => {
      for (const name of ['storymagic-development', 'storymagic-production']) {
        const release = readReleaseManifest(name);
        expect(release?.imageTag).toMatch(/^[\w][\w.-]*$/);
        expect(releaseImageTag(loadEcs(name, {}), release)).toBe(release?.imageTag);
      }
    });

    it('is needed while any one service pins no tag', () => {
      const environment = loadEcs('storymagic-production', { api: { imageTag: '1.4.1' }, worker });
      expect(releaseImageTag(environment, { imageTag: '1.4.2' })).toBe('1.4.2');
    });

    it('is not needed when every service pins its tag (the services stack then has no image_tag variable)', () => {
      expect(releaseImageTag(loadEcs('storymagic-production', { api: { imageTag: '1.4.1' }, worker: { ...worker, imageTag: '1.4.1' } }), undefined)).toBeUndefined();
    });

    it.each([
      [
        'when missing',
        {},
        undefined,
        /^environments\/storymagic-production\/release\.json: is missing, and service api of storymagic-production pins no imageTag, so its services stack cannot be planned \(ECS environments never deploy latest\)\. Fix: write \{ "imageTag"/,
      ],
      ['when missing, naming every service without a tag', { worker }, undefined, /is missing, and services api, worker of storymagic-production pin no imageTag/],
      ['with latest, which ECS environments never allow', {}, { imageTag: 'latest' }, /^environments\/storymagic-production\/release\.json: imageTag: 'latest' is not reproducible, and ECS environments never allow it.*Fix: write the tag CI built/],
      [
        'next to tags every service pins',
        { api: { imageTag: '1.4.1' } },
        { imageTag: '1.4.2' },
        /imageTag: the config pins ecs\.services\.api\.imageTag '1\.4\.1', so the manifest's tag would deploy nothing\. Fix: keep one of them/,
      ],
    ])('is refused %s', (_, services, release, message) => {
      expect(() => releaseImageTag(loadEcs('storymagic-production', services), release)).toThrow(message);
    });
  });
});
