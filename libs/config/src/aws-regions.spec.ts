import { AWS_REGIONS, AWS_REGIONS_BY_PARTITION, closestAwsRegion, isAwsRegion } from './aws-regions';
import { configIssues, exampleEnvironment } from './testing';

describe('the pinned AWS regions', () => {
  it('hold the regions of the partitions the platform supports, without the SDK global pseudo-regions', () => {
    expect(Object.keys(AWS_REGIONS_BY_PARTITION)).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
    expect(AWS_REGIONS).toEqual(expect.arrayContaining(['eu-central-1', 'eu-west-1', 'us-east-1', 'cn-north-1', 'us-gov-west-1']));
    expect(AWS_REGIONS.filter((region) => region.includes('global'))).toEqual([]);
    expect(new Set(AWS_REGIONS).size).toBe(AWS_REGIONS.length);
  });

  it.each([
    ['eu-centrall-1', 'eu-central-1'],
    ['eu-cental-1', 'eu-central-1'],
    ['us-east-3', 'us-east-1'],
    ['EU-WEST-1', 'eu-west-1'],
    ['us-gov-west1', 'us-gov-west-1'],
  ])('take %s to mean %s', (typo, region) => {
    expect(isAwsRegion(typo)).toBe(false);
    expect(closestAwsRegion(typo)).toBe(region);
  });

  it('suggest nothing for what is no typo of a region', () => {
    expect(closestAwsRegion('mars-1')).toBeUndefined();
    expect(configIssues(exampleEnvironment({ region: 'mars-1', availabilityZones: ['mars-1a', 'mars-1b'] }))).toEqual([
      "region: 'mars-1' is not a region of the AWS partitions the platform supports (aws, aws-cn, aws-us-gov). Fix: write a region of libs/config/src/aws-regions.ts (e.g. eu-central-1)",
    ]);
  });
});

describe('region fields', () => {
  it('refuse a misspelt region with matching zones, naming the closest real one, and do not judge the zones against it', () => {
    const zones = ['eu-centrall-1a', 'eu-centrall-1b', 'eu-centrall-1c'];
    expect(configIssues(exampleEnvironment({ region: 'eu-centrall-1', availabilityZones: zones }))).toEqual([
      "region: 'eu-centrall-1' is not a region of the AWS partitions the platform supports (aws, aws-cn, aws-us-gov). Fix: write 'eu-central-1' if that is the one you meant, or another region of libs/config/src/aws-regions.ts",
    ]);
  });

  it('refuse zones of another region once the region is real', () => {
    expect(configIssues(exampleEnvironment({ availabilityZones: ['eu-central-1a', 'eu-west-1b'] }))).toEqual([
      "availabilityZones.1: 'eu-west-1b' is not a zone of region eu-central-1. Fix: use zones of eu-central-1 such as eu-central-1a, eu-central-1b, eu-central-1c, or change region",
    ]);
  });

  it.each([
    ['state.region', { state: { region: 'eu-wset-1' } }, 'eu-west-1'],
    ['recovery.secondaryRegion', { recovery: { secondaryRegion: 'eu-wset-1' } }, 'eu-west-1'],
  ])('check %s too', (field, overrides, closest) => {
    expect(configIssues(exampleEnvironment(overrides))).toEqual([expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}: 'eu-wset-1' is not a region .*Fix: write '${closest}'`))]);
  });
});
