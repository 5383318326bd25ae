import { loadEnvironment } from '@platform/config';
import { importEnvironment } from './environments';
import { parseReleaseManifest, readReleaseManifest, releaseImageTag } from './release-manifest';

const load = (name: string, workloads: Record<string, unknown> = {}) => {
  const input = importEnvironment(name) as { workloads?: Record<string, unknown> };
  return loadEnvironment({ ...input, workloads: { ...input.workloads, ...workloads } }, { expectedName: name });
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
});
