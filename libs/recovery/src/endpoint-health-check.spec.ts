import { synthJson } from '@platform/terraform-testing';
import { EndpointHealthCheck, EndpointHealthCheckProps } from './endpoint-health-check';

const PROPS: EndpointHealthCheckProps = { name: 'api-primary', fqdn: 'ingress.eu-central-1.example.com', type: 'HTTPS', resourcePath: '/healthz' };
const synth = (props: Partial<EndpointHealthCheckProps> = {}) => synthJson((scope) => new EndpointHealthCheck(scope, 'check', { ...PROPS, ...props })).resources('aws_route53_health_check')[0];

describe('EndpointHealthCheck', () => {
  it('checks the endpoint over HTTPS with SNI every 30 seconds, unhealthy after 3 failures, without latency measurement', () => {
    expect(synth()).toMatchObject({
      fqdn: 'ingress.eu-central-1.example.com',
      type: 'HTTPS',
      port: 443,
      resource_path: '/healthz',
      request_interval: 30,
      failure_threshold: 3,
      measure_latency: false,
      enable_sni: true,
      tags: { Name: 'api-primary' },
    });
    expect(synth().regions).toBeUndefined();
  });

  it('uses port 80 for HTTP, and the interval, threshold and port it is given', () => {
    expect(synth({ type: 'HTTP' })).toMatchObject({ port: 80 });
    expect(synth({ type: 'HTTP' }).enable_sni).toBeUndefined();
    expect(synth({ requestIntervalSeconds: 10, failureThreshold: 2, port: 8443 })).toMatchObject({ request_interval: 10, failure_threshold: 2, port: 8443 });
  });

  describe('refuses', () => {
    it.each<[string, Partial<EndpointHealthCheckProps>, RegExp]>([
      ['a resource path without a leading slash', { resourcePath: 'healthz' }, /check: resourcePath: 'healthz' does not start with '\/'\. Fix: write '\/healthz'/],
      ['a resource path longer than Route 53 takes', { resourcePath: `/${'a'.repeat(255)}` }, /resourcePath: has 256 characters, Route 53 takes 255/],
      ['an interval Route 53 does not offer', { requestIntervalSeconds: 20 as 30 }, /requestIntervalSeconds: 20 is not 10 or 30/],
      ['a failure threshold of 0', { failureThreshold: 0 }, /failureThreshold: 0 is not a whole number from 1 to 10/],
      ['a failure threshold of 11', { failureThreshold: 11 }, /failureThreshold: 11 is not a whole number from 1 to 10/],
      ['a port out of range', { port: 70000 }, /port: 70000 is not a whole number from 1 to 65535/],
      ['an fqdn that is not one', { fqdn: 'https://ingress.example.com' }, /fqdn: 'https:\/\/ingress\.example\.com' is not a fully qualified domain name/],
      ['a type that is neither HTTP nor HTTPS', { type: 'TCP' as 'HTTP' }, /type: 'TCP' is not HTTP or HTTPS/],
    ])('%s', (_, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
