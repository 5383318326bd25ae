import { synthJson } from '@platform/terraform-testing';
import { XRaySampling, XRaySamplingProps } from './xray-sampling';

const PROPS: XRaySamplingProps = { namePrefix: 'storymagic-prod', serviceName: 'storymagic-api' };
const synth = (props: Partial<XRaySamplingProps> = {}) => synthJson((scope) => new XRaySampling(scope, 'xray', { ...PROPS, ...props }));
const rule = (props: Partial<XRaySamplingProps> = {}) => synth(props).resource('aws_xray_sampling_rule', 'xray');

describe('XRaySampling', () => {
  it("traces 1 request per second and 10 % of the rest of the service's requests (seed 003)", () => {
    expect(rule()).toEqual(
      expect.objectContaining({
        rule_name: 'storymagic-prod-storymagic-api',
        service_name: 'storymagic-api',
        fixed_rate: 0.1,
        reservoir_size: 1,
        priority: 1000,
        service_type: '*',
        host: '*',
        http_method: '*',
        url_path: '*',
        resource_arn: '*',
        version: 1,
      }),
    );
  });

  it('takes another rate, reservoir, priority and rule name', () => {
    expect(rule({ samplingPercent: 2.5, reservoirPerSecond: 0, priority: 1, ruleName: 'api_sampling' })).toMatchObject({ fixed_rate: 0.025, reservoir_size: 0, priority: 1, rule_name: 'api_sampling' });
  });

  it('shortens a derived rule name longer than 32 characters to a stable one', () => {
    const name = XRaySampling.shortenedRuleName('storymagic-production-storymagic-api');
    expect(name).toMatch(/^storymagic-production-s-[0-9a-f]{8}$/);
    expect(name).toHaveLength(32);
    expect(XRaySampling.shortenedRuleName('storymagic-production-storymagic-api')).toBe(name);
    expect(XRaySampling.shortenedRuleName('storymagic-production-storymagic-web')).not.toBe(name);
    expect(rule({ namePrefix: 'storymagic-production' }).rule_name).toBe(name);
  });

  it('drops a hyphen left at the cut, so the name has no double hyphen', () => {
    expect(XRaySampling.shortenedRuleName('abcdefghijklmnopqrstuv-xxxxxxxxxxxxxxx')).toMatch(/^abcdefghijklmnopqrstuv-[0-9a-f]{8}$/);
  });

  it.each<[string, Partial<XRaySamplingProps>, RegExp]>([
    ['a name prefix with a dot', { namePrefix: 'storymagic.prod' }, /xray: namePrefix: 'storymagic.prod' is not a name prefix/],
    ['an empty service name', { serviceName: '' }, /serviceName: '' is not a service name of 1 to 64 characters without wildcards/],
    ['a wildcard service name', { serviceName: 'storymagic-*' }, /serviceName: 'storymagic-\*' is not a service name/],
    ['a service name longer than 64 characters', { serviceName: 'a'.repeat(65) }, /serviceName: 'a{65}' is not a service name/],
    ['a rule name longer than 32 characters', { ruleName: 'r'.repeat(33) }, /ruleName: 'r{33}' is not a rule name of 1 to 32/],
    ['a rule name with a space', { ruleName: 'api sampling' }, /ruleName: 'api sampling' is not a rule name/],
    ['a sampling rate of 0 %', { samplingPercent: 0 }, /samplingPercent: 0 is not a percentage above 0 and at most 100/],
    ['a sampling rate above 100 %', { samplingPercent: 110 }, /samplingPercent: 110 is not a percentage/],
    ['a fractional reservoir', { reservoirPerSecond: 0.5 }, /reservoirPerSecond: 0.5 is not a whole number of requests of 0 or more/],
    ['the priority of the Default rule', { priority: 10000 }, /priority: 10000 is not a priority from 1 to 9999/],
    ['a priority of 0', { priority: 0 }, /priority: 0 is not a priority/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
