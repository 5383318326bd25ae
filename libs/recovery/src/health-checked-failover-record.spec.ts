import { synthJson } from '@platform/terraform-testing';
import type { EndpointHealthCheckOptions } from './endpoint-health-check';
import { HealthCheckedFailoverRecord, HealthCheckedFailoverRecordProps } from './health-checked-failover-record';

const HEALTH_CHECK_ID = 'abcdef01-2345-6789-abcd-ef0123456789';
const CHECK: EndpointHealthCheckOptions = { fqdn: 'ingress.eu-central-1.example.com', type: 'HTTPS', resourcePath: '/healthz' };
const PROPS: HealthCheckedFailoverRecordProps = {
  zoneId: 'Z0123456789ABCDEFGHIJ',
  zoneName: 'example.com',
  name: 'api.example.com',
  setIdentifier: 'eu-central-1',
  role: 'PRIMARY',
  cname: 'ingress.eu-central-1.example.com',
  healthCheck: CHECK,
};
const synth = (props: Partial<HealthCheckedFailoverRecordProps> = {}) => synthJson((scope) => new HealthCheckedFailoverRecord(scope, 'api', { ...PROPS, ...props }));
const ALIAS = { name: 'storymagic-123.eu-central-1.elb.amazonaws.com', zoneId: 'Z215JYRZR1TBD5', evaluateTargetHealth: true };

describe('HealthCheckedFailoverRecord', () => {
  it('creates a failover CNAME (TTL 60) answered by its health check', () => {
    const json = synth();
    const [check] = json.resources('aws_route53_health_check');
    expect(check).toMatchObject({ fqdn: 'ingress.eu-central-1.example.com', type: 'HTTPS', resource_path: '/healthz', tags: { Name: 'api.example.com-primary' } });
    expect(json.resources('aws_route53_record')).toEqual([
      expect.objectContaining({
        zone_id: 'Z0123456789ABCDEFGHIJ',
        name: 'api.example.com',
        type: 'CNAME',
        ttl: 60,
        records: ['ingress.eu-central-1.example.com'],
        set_identifier: 'eu-central-1',
        failover_routing_policy: { type: 'PRIMARY' },
        health_check_id: json.ref(check, 'id'),
      }),
    ]);
  });

  it('uses an existing health check by id, creating none', () => {
    const json = synth({ role: 'SECONDARY', setIdentifier: 'eu-west-1', cname: 'ingress.eu-west-1.example.com', healthCheck: HEALTH_CHECK_ID, ttl: 30 });
    expect(json.resources('aws_route53_health_check')).toEqual([]);
    expect(json.resources('aws_route53_record')[0]).toMatchObject({ failover_routing_policy: { type: 'SECONDARY' }, health_check_id: HEALTH_CHECK_ID, ttl: 30 });
  });

  it('creates an A alias without a TTL, also at the zone apex', () => {
    const record = synth({ name: 'example.com', cname: undefined, alias: ALIAS }).resources('aws_route53_record')[0];
    expect(record).toMatchObject({ type: 'A', name: 'example.com', alias: { name: ALIAS.name, zone_id: ALIAS.zoneId, evaluate_target_health: true }, failover_routing_policy: { type: 'PRIMARY' } });
    expect(record.ttl).toBeUndefined();
    expect(record.records).toBeUndefined();
    expect(synth({ cname: undefined, alias: { ...ALIAS, recordType: 'AAAA' } }).resources('aws_route53_record')[0]).toMatchObject({ type: 'AAAA' });
  });

  it('exposes the record and the health check id', () => {
    synthJson((scope) => {
      const failover = new HealthCheckedFailoverRecord(scope, 'api', { ...PROPS, healthCheck: HEALTH_CHECK_ID });
      expect(failover.healthCheckId).toBe(HEALTH_CHECK_ID);
      expect(failover.record.typeInput).toBe('CNAME');
      expect(failover.healthCheck).toBeUndefined();
    });
  });

  describe('refuses', () => {
    it.each<[string, Partial<HealthCheckedFailoverRecordProps>, RegExp]>([
      ['a CNAME at the zone apex', { name: 'example.com.' }, /api: cname: cannot be at the zone apex example\.com: DNS forbids a CNAME.*\. Fix: use an alias record at the apex/],
      ['a name outside the zone', { name: 'api.example.org' }, /name: 'api\.example\.org' is not in the zone example\.com\. Fix: write a name ending in \.example\.com/],
      ['a name that only ends like the zone', { name: 'api.badexample.com' }, /name: 'api\.badexample\.com' is not in the zone example\.com/],
      ['a zone name that is not one', { zoneName: 'example' }, /zoneName: 'example' is not a fully qualified domain name/],
      ['a negative TTL', { ttl: -1 }, /ttl: -1 is not a whole number from 0 to 2147483647/],
      ['a set identifier with spaces', { setIdentifier: 'eu central' }, /setIdentifier: 'eu central' is not 1 to 128 letters/],
      ['a set identifier of 129 characters', { setIdentifier: 'a'.repeat(129) }, /setIdentifier: 'a{129}' is not 1 to 128/],
      ['both a CNAME and an alias', { alias: ALIAS }, /cname: and alias are both set\. Fix: give exactly one of cname and alias/],
      ['neither a CNAME nor an alias', { cname: undefined }, /cname: and alias are both missing/],
      ['a TTL on an alias', { cname: undefined, alias: ALIAS, ttl: 60 }, /ttl: is set on an alias record/],
      ['a role that is not PRIMARY or SECONDARY', { role: 'ACTIVE' as 'PRIMARY' }, /role: 'ACTIVE' is not PRIMARY or SECONDARY/],
      ['a health check id that is not one', { healthCheck: 'api-check' }, /healthCheck: 'api-check' is not a Route 53 health check id/],
      ['a health check failure threshold above 10', { healthCheck: { ...CHECK, failureThreshold: 11 } }, /api: healthCheck\.failureThreshold: 11 is not a whole number from 1 to 10/],
      ['a health check interval of 60', { healthCheck: { ...CHECK, requestIntervalSeconds: 60 as 30 } }, /healthCheck\.requestIntervalSeconds: 60 is not 10 or 30/],
      ['a health check path without a leading slash', { healthCheck: { ...CHECK, resourcePath: 'healthz' } }, /healthCheck\.resourcePath: 'healthz' does not start with '\/'/],
      ['a CNAME target that is not a domain name', { cname: 'http://ingress' }, /cname: 'http:\/\/ingress' is not a fully qualified domain name/],
    ])('%s', (_, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
